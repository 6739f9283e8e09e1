//go:build unix

package socketserver

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
)

// notifyChildExit relays SIGCHLD, which a process gets as a child of it
// exits, to c.
func notifyChildExit(c chan<- os.Signal) {
	signal.Notify(c, syscall.SIGCHLD)
}

// hasExited reports, without waiting, whether p has exited, and reaps it if
// so. A child that somebody else reaped has exited too.
func hasExited(p *os.Process) bool {
	for {
		var status syscall.WaitStatus
		pid, err := syscall.Wait4(p.Pid, &status, syscall.WNOHANG, nil)
		if err == syscall.EINTR {
			continue
		}
		return pid == p.Pid || err != nil
	}
}

// dupFile returns a copy of conn's descriptor, to pass to a child. A
// copy shares the socket's open file description, O_NONBLOCK included;
// conn.File would return one whose Fd (which os/exec and sendRequest
// call) turns that flag off, for the parent's socket too. For a datagram
// server the parent goes on reading that very socket: its serve loop would
// then block in recvfrom, where neither the poller nor Shutdown can reach
// it. os.NewFile of a non-blocking descriptor leaves it non-blocking.
func dupFile(conn syscall.Conn) (*os.File, error) {
	raw, err := conn.SyscallConn()
	if err != nil {
		return nil, err
	}
	var dup int
	var dupErr error
	syscall.ForkLock.RLock() // no process starts between Dup and CloseOnExec
	err = raw.Control(func(fd uintptr) {
		dup, dupErr = syscall.Dup(int(fd))
		if dupErr == nil {
			syscall.CloseOnExec(dup)
		}
	})
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, err
	}
	if dupErr != nil {
		return nil, os.NewSyscallError("dup", dupErr)
	}
	return os.NewFile(uintptr(dup), "request"), nil
}

// socketPair returns the two ends of a new Unix stream socket, neither
// inherited by the processes the program starts unless passed to them.
func socketPair() (*os.File, *os.File, error) {
	syscall.ForkLock.RLock() // no process starts between Socketpair and CloseOnExec
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err == nil {
		syscall.CloseOnExec(fds[0])
		syscall.CloseOnExec(fds[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, nil, os.NewSyscallError("socketpair", err)
	}
	return os.NewFile(uintptr(fds[0]), "child link"), os.NewFile(uintptr(fds[1]), "child link"), nil
}

// sendRequest writes b to link, with f's descriptor passed along
// (SCM_RIGHTS).
func sendRequest(link *os.File, b []byte, f *os.File) error {
	n, err := syscall.SendmsgN(int(link.Fd()), b, syscall.UnixRights(int(f.Fd())), nil, 0)
	if err != nil {
		return os.NewSyscallError("sendmsg", err)
	}
	_, err = link.Write(b[n:])
	return err
}

// receiveRequest reads link to its end, and returns what it read and the
// file whose descriptor came with it; no file, and no error, if the other
// end closed without sending one. It waits in Go's network poller, not in
// a blocking system call, which would keep the runtime's monitor thread
// waking up while the child waits.
func receiveRequest(link *os.File) ([]byte, *os.File, error) {
	c, err := net.FileConn(link)
	if err != nil {
		return nil, nil, err
	}
	defer c.Close()
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return nil, nil, fmt.Errorf("socketserver: a forked child's file 3 is a %T, not a Unix socket", c)
	}
	var data []byte
	var f *os.File
	buf := make([]byte, 64<<10)
	oob := make([]byte, syscall.CmsgSpace(4))
	for {
		n, oobn, _, _, err := uc.ReadMsgUnix(buf, oob)
		if oobn > 0 && f == nil {
			fd, err := parseRights(oob[:oobn])
			if err != nil {
				return nil, nil, err
			}
			syscall.CloseOnExec(fd)
			f = os.NewFile(uintptr(fd), "request")
		}
		data = append(data, buf[:n]...)
		if errors.Is(err, io.EOF) || err == nil && n == 0 {
			return data, f, nil
		} else if err != nil {
			return nil, nil, err
		}
	}
}

// parseRights returns the one descriptor a control message passes.
func parseRights(oob []byte) (int, error) {
	msgs, err := syscall.ParseSocketControlMessage(oob)
	if err != nil || len(msgs) != 1 {
		return -1, os.NewSyscallError("recvmsg", syscall.EINVAL)
	}
	fds, err := syscall.ParseUnixRights(&msgs[0])
	if err != nil || len(fds) != 1 {
		return -1, os.NewSyscallError("recvmsg", syscall.EINVAL)
	}
	return fds[0], nil
}
