package socketserver

import (
	"errors"
	"net"
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

// failingMixIn cannot take a request over.
type failingMixIn struct{ ThreadingMixIn }

func (m *failingMixIn) ProcessRequest(s *Server, req *Request) error {
	return errors.New("no worker available")
}

func TestMixInErrorReported(t *testing.T) {
	checkLeaks(t)
	s := &Server{Network: "tcp", Address: "127.0.0.1:0", NewHandler: newUpper, MixIn: new(failingMixIn)}
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
