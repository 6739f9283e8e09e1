//go:build unix

package socketserver

import (
	"runtime"
	"strings"
	"syscall"
)

// control sets the socket options Python's server_bind sets, before bind.
// Go's net package turns SO_REUSEADDR on by default; Python leaves it off
// unless allow_reuse_address is true, and so does control.
func (s *Server) control(network, address string, c syscall.RawConn) error {
	var err error
	reuse := 0
	if s.AllowReuseAddress {
		reuse = 1
	}
	cerr := c.Control(func(fd uintptr) {
		if !strings.HasPrefix(network, "unix") {
			err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_REUSEADDR, reuse)
		}
		if err == nil && s.AllowReusePort && reusePort() != 0 {
			err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, reusePort(), 1)
		}
	})
	if cerr != nil {
		return cerr
	}
	return err
}

// reusePort is SO_REUSEPORT, which package syscall does not name on every
// system; 0 where the system lacks it (Python then skips it too).
func reusePort() int {
	switch runtime.GOOS {
	case "linux":
		if strings.HasPrefix(runtime.GOARCH, "mips") {
			return 0x200
		}
		return 0xf
	case "solaris", "illumos":
		return 0
	}
	return 0x200 // the BSDs, Darwin, AIX
}

// listenBacklog calls listen(2) again on a listening socket, which changes
// its backlog.
func listenBacklog(sc syscall.Conn, n int) error {
	rc, err := sc.SyscallConn()
	if err != nil {
		return err
	}
	cerr := rc.Control(func(fd uintptr) { err = syscall.Listen(int(fd), n) })
	if cerr != nil {
		return cerr
	}
	return err
}
