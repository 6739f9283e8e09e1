package socketserver

import (
	"bufio"
	"fmt"
	"net"
	"path/filepath"
	"testing"
)

// gateHandler greets with its worker number, then waits for a line before
// it finishes; a done channel hears when it has.
type gateHandler struct {
	StreamRequestHandler
	done chan<- int
}

func (h *gateHandler) Handle() error {
	fmt.Fprintf(h.Wfile, "Thread-%d\n", h.Request.Worker)
	if err := h.Wfile.Flush(); err != nil {
		return err
	}
	_, err := h.Rfile.ReadString('\n')
	return err
}

func (h *gateHandler) Finish() error {
	err := h.StreamRequestHandler.Finish()
	h.done <- h.Request.Worker
	return err
}

func TestThreadingConcurrentAndBlockOnClose(t *testing.T) {
	checkLeaks(t)
	done := make(chan int, 3)
	s, err := NewThreadingTCPServer("127.0.0.1:0", func() Handler { return &gateHandler{done: done} })
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- s.ServeForever(0) }()
	// Three clients are served at once: each gets its greeting while the
	// others still hold their connections open. Workers are numbered in
	// the order they started, like Python's Thread-N.
	var conns []net.Conn
	for i := 1; i <= 3; i++ {
		c := dial(t, s)
		defer c.Close()
		greeting, err := bufio.NewReader(c).ReadString('\n')
		if want := fmt.Sprintf("Thread-%d\n", i); err != nil || greeting != want {
			t.Fatalf("client %d greeted %q, %v; want %q", i, greeting, err, want)
		}
		conns = append(conns, c)
	}
	s.Shutdown()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	// Close waits for the three handlers (BlockOnClose): let them finish
	// only once Close has started; Close must not return before they do.
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	for _, c := range conns {
		fmt.Fprintln(c, "bye")
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if n := len(done); n != 3 {
		t.Errorf("Close returned with %d of 3 handlers finished", n)
	}
}

func TestThreadingDaemonNotAwaited(t *testing.T) {
	checkLeaks(t)
	done := make(chan int, 1)
	s, err := NewThreadingTCPServer("127.0.0.1:0", func() Handler { return &gateHandler{done: done} })
	if err != nil {
		t.Fatal(err)
	}
	s.MixIn.(*ThreadingMixIn).DaemonThreads = true
	c := dial(t, s)
	if err := s.HandleRequest(); err != nil {
		t.Fatal(err)
	}
	bufio.NewReader(c).ReadString('\n') // the handler runs and waits for a line
	if err := s.Close(); err != nil {   // returns although the handler runs
		t.Fatal(err)
	}
	if len(done) != 0 {
		t.Fatal("the daemon handler finished before its client let it")
	}
	fmt.Fprintln(c, "bye")
	<-done
	c.Close()
}

func TestThreadingUnixDatagram(t *testing.T) {
	checkLeaks(t)
	dir := t.TempDir()
	s, err := NewThreadingUnixDatagramServer(filepath.Join(dir, "srv.sock"), newDatagramUpper)
	if err != nil {
		t.Fatal(err)
	}
	serve(t, s)
	client, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: filepath.Join(dir, "cli.sock"), Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if got := datagramTrip(t, client, s.Addr(), "thread"); got != "THREAD" {
		t.Errorf("reply = %q", got)
	}
}
