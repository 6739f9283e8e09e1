//go:build unix

package socketserver

import (
	"syscall"
	"testing"
)

func TestReuseAddressAndQueueSize(t *testing.T) {
	for _, reuse := range []bool{false, true} {
		s := &Server{Network: "tcp", Address: "127.0.0.1:0", NewHandler: newUpper, AllowReuseAddress: reuse, RequestQueueSize: 1}
		if err := s.Bind(); err != nil {
			t.Fatal(err)
		}
		if err := s.Activate(); err != nil {
			t.Fatal(err)
		}
		rc, err := s.listener.(syscall.Conn).SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		var v int
		rc.Control(func(fd uintptr) { v, err = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_REUSEADDR) })
		if err != nil {
			t.Fatal(err)
		}
		if (v != 0) != reuse {
			t.Errorf("AllowReuseAddress=%v: SO_REUSEADDR is %d", reuse, v)
		}
		s.Close()
	}
}

func TestAllowReusePort(t *testing.T) {
	s := &Server{Network: "tcp", Address: "127.0.0.1:0", NewHandler: newUpper, AllowReusePort: true}
	if err := s.Bind(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if reusePort() == 0 {
		t.Skip("no SO_REUSEPORT here")
	}
	if v := sockopt(t, s.listener.(syscall.Conn), syscall.SOL_SOCKET, reusePort()); v == 0 {
		t.Error("AllowReusePort: SO_REUSEPORT is off")
	}
	// A second server may now bind the same port, as Python's allow_reuse_port allows.
	s2 := &Server{Network: "tcp", Address: s.Addr().String(), NewHandler: newUpper, AllowReusePort: true}
	if err := s2.Bind(); err != nil {
		t.Errorf("second Bind on the same port: %v", err)
	}
	s2.Close()
}

func sockopt(t *testing.T, c syscall.Conn, level, opt int) int {
	t.Helper()
	rc, err := c.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var v int
	rc.Control(func(fd uintptr) { v, err = syscall.GetsockoptInt(int(fd), level, opt) })
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// nagleHandler records whether TCP_NODELAY is set on its connection.
type nagleHandler struct {
	StreamRequestHandler
	noDelay chan<- int
	t       *testing.T
}

func (h *nagleHandler) Handle() error {
	h.noDelay <- sockopt(h.t, h.Conn.(syscall.Conn), syscall.IPPROTO_TCP, syscall.TCP_NODELAY)
	return nil
}

func TestDisableNagleAlgorithm(t *testing.T) {
	checkLeaks(t)
	for _, disable := range []bool{false, true} {
		noDelay := make(chan int, 1)
		s, err := NewTCPServer("127.0.0.1:0", func() Handler {
			return &nagleHandler{StreamRequestHandler{DisableNagleAlgorithm: disable}, noDelay, t}
		})
		if err != nil {
			t.Fatal(err)
		}
		c := dial(t, s)
		if err := s.HandleRequest(); err != nil {
			t.Fatal(err)
		}
		if got := <-noDelay != 0; got != disable {
			t.Errorf("DisableNagleAlgorithm=%v: TCP_NODELAY is %v", disable, got)
		}
		c.Close()
		s.Close()
	}
}
