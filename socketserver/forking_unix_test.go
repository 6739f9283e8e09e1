//go:build unix

package socketserver

import (
	"net"
	"syscall"
	"testing"
)

// TestDupFileKeepsSocketNonBlocking checks that the copy of a socket a
// child is given leaves the parent's socket non-blocking once its Fd is
// taken, as os/exec and sendRequest take it. With conn.File instead, a
// forking UDP server's loop could block in recvfrom, and Shutdown wait for
// it forever.
func TestDupFileKeepsSocketNonBlocking(t *testing.T) {
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	f, err := dupFile(conn.(syscall.Conn))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Fd()
	raw, err := conn.(syscall.Conn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var flags uintptr
	var errno syscall.Errno
	if err := raw.Control(func(fd uintptr) {
		flags, _, errno = syscall.Syscall(syscall.SYS_FCNTL, fd, syscall.F_GETFL, 0)
	}); err != nil {
		t.Fatal(err)
	}
	if errno != 0 {
		t.Fatal(errno)
	}
	if flags&syscall.O_NONBLOCK == 0 {
		t.Error("the parent's socket is blocking after the child's copy was taken")
	}
}
