package socketserver

import (
	"errors"
	"net"
	"syscall"
	"testing"
)

func TestBindActivateOrder(t *testing.T) {
	s := &Server{Network: "tcp", Address: "127.0.0.1:0", NewHandler: newUpper}
	if err := s.Activate(); err == nil {
		t.Error("Activate before Bind succeeded")
	}
	if s.Addr() != nil {
		t.Errorf("Addr() before Bind = %v, want nil", s.Addr())
	}
	if err := s.Bind(); err != nil {
		t.Fatal(err)
	}
	if err := s.Bind(); err == nil {
		t.Error("second Bind succeeded")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close = %v, want nil", err)
	}
	if err := s.Bind(); err == nil {
		t.Error("Bind after Close succeeded")
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

// failingMixin cannot take a request over.
type failingMixin struct{ ThreadingMixIn }

func (m *failingMixin) ProcessRequest(s *Server, req *Request) error {
	return errors.New("no worker available")
}

func TestMixinErrorReported(t *testing.T) {
	checkLeaks(t)
	s := &Server{Network: "tcp", Address: "127.0.0.1:0", NewHandler: newUpper, Mixin: new(failingMixin)}
	if err := s.Bind(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got error
	s.HandleError = func(req *Request, err error) { got = err }
	c := dial(t, s)
	defer c.Close()
	if err := s.HandleRequest(); err != nil {
		t.Fatal(err)
	}
	if got == nil || got.Error() != "no worker available" {
		t.Errorf("HandleError got %v", got)
	}
	// The request was shut down: the client reads EOF.
	if n, err := c.Read(make([]byte, 1)); n != 0 || err == nil {
		t.Errorf("client read %d, %v; want EOF", n, err)
	}
}

func TestDatagramReplyToSender(t *testing.T) {
	checkLeaks(t)
	s, err := NewThreadingUDPServer("127.0.0.1:0", newDatagramUpper)
	if err != nil {
		t.Fatal(err)
	}
	serve(t, s)
	for _, msg := range []string{"first client", "second client"} {
		client, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		if got := datagramTrip(t, client, s.Addr(), msg); got != map[string]string{"first client": "FIRST CLIENT", "second client": "SECOND CLIENT"}[msg] {
			t.Errorf("reply to %q = %q", msg, got)
		}
		client.Close()
	}
}
