//go:build unix

package socketserver

import (
	"runtime"
	"strings"
	"syscall"
)

// control sets the options Python's server_bind sets: SO_REUSEADDR only if
// AllowReuseAddress (Go's net package would set it), and SO_REUSEPORT if
// AllowReusePort and the system has it.
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
// system, or 0 where the system lacks it.
func reusePort() int {
	switch {
	case runtime.GOOS == "solaris" || runtime.GOOS == "illumos":
		return 0
	case runtime.GOOS == "linux" && !strings.HasPrefix(runtime.GOARCH, "mips"):
		return 0xf
	}
	return 0x200 // Linux on MIPS, the BSDs, Darwin, AIX
}

// listenBacklog calls listen(2) again, which changes the backlog.
func listenBacklog(sc syscall.Conn, n int) error {
	rc, err := sc.SyscallConn()
	if err == nil {
		cerr := rc.Control(func(fd uintptr) { err = syscall.Listen(int(fd), n) })
		if cerr != nil {
			return cerr
		}
	}
	return err
}
