package socketserver

import (
	"bufio"
	"io"
	"net"
	"testing"
)

// TestFinishGivesBuffersBack checks that Finish flushes Wfile, sets Rfile
// and Wfile to nil, and leaves alone a Wfile the handler put in place of
// its own; and that, once buffers have come back, a connection's Setup and
// Finish allocate no new ones (a fresh pair is four allocations).
func TestFinishGivesBuffersBack(t *testing.T) {
	server, client := net.Pipe()
	defer client.Close()
	h := &StreamRequestHandler{}
	if err := h.Setup(&Request{Conn: server}); err != nil {
		t.Fatal(err)
	}
	got := make(chan string)
	go func() {
		b, _ := io.ReadAll(client)
		got <- string(b)
	}()
	h.Wfile.WriteString("flushed")
	if err := h.Finish(); err != nil {
		t.Fatal(err)
	}
	server.Close()
	if s := <-got; s != "flushed" {
		t.Errorf("the client read %q, want flushed", s)
	}
	if h.Rfile != nil || h.Wfile != nil {
		t.Errorf("after Finish, Rfile %p and Wfile %p, want nil", h.Rfile, h.Wfile)
	}
	if err := h.Finish(); err != nil {
		t.Errorf("Finish again: %v", err)
	}

	own := bufio.NewWriter(io.Discard)
	h.Setup(&Request{Conn: server})
	h.Wfile = own
	h.Finish()
	if w, _ := writers.Get().(*bufio.Writer); w == own {
		t.Errorf("the handler's own Wfile went to the pool")
	}

	if poolRaceEnabled {
		t.Skip("the race detector drops pooled values at random")
	}
	req := &Request{Conn: server}
	allocs := testing.AllocsPerRun(100, func() {
		h.Setup(req)
		h.Finish()
	})
	if allocs >= 1 {
		t.Errorf("%v allocations per connection, want the buffers reused", allocs)
	}
}
