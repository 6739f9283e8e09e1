package socketserver

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// Faults: a server shut down under load, a forked child killed from
// outside, a handler that panics. Each test checks what every client saw,
// what the server counted, and that nothing is left behind.

// gatedUpper reads a line, tells started, waits until release is closed,
// and answers the line upper-cased; answered counts the replies flushed.
type gatedUpper struct {
	StreamRequestHandler
	started  chan<- struct{}
	release  <-chan struct{}
	answered *counter
}

func (h *gatedUpper) Handle() error {
	line, err := h.Rfile.ReadString('\n')
	h.started <- struct{}{}
	<-h.release
	if err != nil {
		return err
	}
	_, err = h.Wfile.WriteString(strings.ToUpper(line))
	return err
}

func (h *gatedUpper) Finish() error {
	err := h.StreamRequestHandler.Finish()
	if err == nil {
		h.answered.add()
	}
	return err
}

type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) add() { c.mu.Lock(); c.n++; c.mu.Unlock() }
func (c *counter) get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// TestFaultShutdownUnderLoad shuts a threading server down while 50 clients
// are mid-request: 25 held inside their handlers, and 25 that connect and
// send their requests as Shutdown runs, so that the loop takes some of them
// (into handlers) and leaves the others in the listen queue. Only when all
// 50 have sent their requests do the handlers go on and Close close the
// socket. Every client must end with its whole reply or with nothing (the
// queued ones are reset); none hangs, none gets part of a reply, and the
// server's counts of requests accepted and of replies flushed equal the
// number of replies the clients got.
func TestFaultShutdownUnderLoad(t *testing.T) {
	checkLeaks(t)
	const clients = 50
	started := make(chan struct{}, clients)
	release := make(chan struct{})
	var accepted, answered, failed counter
	s := &Server{Network: "tcp", Address: "127.0.0.1:0", RequestQueueSize: clients,
		MixIn: &ThreadingMixIn{BlockOnClose: true},
		NewHandler: func() Handler {
			return &gatedUpper{started: started, release: release, answered: &answered}
		},
		VerifyRequest: func(*Request) bool { accepted.add(); return true },
		HandleError:   func(*Request, error) { failed.add() },
	}
	if err := s.Bind(); err != nil {
		t.Fatal(err)
	}
	if err := s.Activate(); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- s.ServeForever(0) }()

	type result struct {
		reply string
		err   error
	}
	results := make([]result, clients)
	sent := make(chan struct{}, clients)
	var wg sync.WaitGroup
	client := func(i int) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.Dial("tcp", s.Addr().String())
			if err == nil {
				defer c.Close()
				_, err = fmt.Fprintf(c, "request %d\n", i)
			}
			sent <- struct{}{}
			if err != nil {
				results[i].err = err
				return
			}
			b, err := io.ReadAll(c)
			results[i] = result{string(b), err}
		}()
	}
	for i := 0; i < clients/2; i++ {
		client(i)
	}
	for i := 0; i < clients/2; i++ {
		<-started // the first 25 are inside their handlers
	}
	stopped := make(chan struct{})
	go func() { s.Shutdown(); close(stopped) }()
	for i := clients / 2; i < clients; i++ {
		client(i)
	}
	<-stopped
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	for i := 0; i < clients; i++ {
		<-sent // every client is connected and has sent its request
	}
	close(release) // the handlers answer; Close waits for them (BlockOnClose)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()

	replies := 0
	for i, r := range results {
		if want := fmt.Sprintf("REQUEST %d\n", i); r.err == nil && r.reply == want {
			replies++
		} else if r.reply != "" {
			t.Errorf("client %d: got %q, %v; want %q or nothing", i, r.reply, r.err, want)
		}
	}
	if a, n := accepted.get(), answered.get(); a != n || n != replies || failed.get() != 0 {
		t.Errorf("server accepted %d requests, answered %d, reported %d errors; clients got %d replies",
			a, n, failed.get(), replies)
	}
	if replies < clients/2 {
		t.Errorf("%d replies, want at least the %d requests in handlers at Shutdown", replies, clients/2)
	}
	t.Logf("%d of %d clients answered, %d refused", replies, clients, clients-replies)
}

// blockOrUpper, run in a forked child, reads a line: to "block" it answers
// with its process id and waits for its client to hang up; to any other
// line, with the line upper-cased.
type blockOrUpper struct{ StreamRequestHandler }

func (h *blockOrUpper) Handle() error {
	line, err := h.Rfile.ReadString('\n')
	if line != "block\n" {
		h.Wfile.WriteString(strings.ToUpper(line))
		return err
	}
	fmt.Fprintf(h.Wfile, "%d\n", os.Getpid())
	if err := h.Wfile.Flush(); err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, h.Rfile)
	return err
}

func init() {
	forkServers["block"] = func() *Server {
		return &Server{Network: "tcp", NewHandler: func() Handler { return new(blockOrUpper) }, MixIn: &ForkingMixIn{}}
	}
}

// TestFaultForkedChildKilled kills, with SIGKILL, a forked child that
// blocks in its request. MaxChildren is 1, so the server can take the next
// request only once it has reaped the killed child: that it answers the
// next requests proves the reaping, and /proc shows no zombie of it.
func TestFaultForkedChildKilled(t *testing.T) {
	checkLeaks(t)
	s := newForking(t, "block", 1)
	serve(t, s)
	fm := s.MixIn.(*ForkingMixIn)

	c := dial(t, s)
	defer c.Close()
	if _, err := io.WriteString(c, "block\n"); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(c)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || pid == os.Getpid() {
		t.Fatalf("child announced pid %q", line)
	}
	if n := fm.ActiveChildren(); n != 1 {
		t.Errorf("ActiveChildren() = %d while the child serves, want 1", n)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// The killed child held the only copy of the connection.
	if rest, err := io.ReadAll(r); len(rest) != 0 || err != nil && !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("after the kill the client read %q, %v; want the connection closed", rest, err)
	}

	for i := 0; i < 2; i++ {
		if got := roundTrip(t, s, "after the kill\n"); got != "AFTER THE KILL\n" {
			t.Fatalf("reply %d after the kill = %q", i+1, got)
		}
	}
	if st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil &&
		strings.Contains(string(st), ") Z "+strconv.Itoa(os.Getpid())+" ") {
		t.Errorf("killed child %d is a zombie: %s", pid, st)
	}
	if n := fm.ActiveChildren(); n > 1 {
		t.Errorf("ActiveChildren() = %d after the kill and two more requests, want at most 1", n)
	}
	s.Shutdown()
	s.Close() // BlockOnClose: the last child has exited
	if n := fm.ActiveChildren(); n != 0 {
		t.Errorf("ActiveChildren() after Close = %d, want 0", n)
	}
}

// TestFaultPanicThroughHandleError checks that a handler's panic reaches
// the HandleError hook as a *PanicError holding the panic's value, that its
// client sees the connection closed with nothing written, and that the
// server then serves the next request, with every MixIn a test can run in
// process.
func TestFaultPanicThroughHandleError(t *testing.T) {
	for name, mixin := range map[string]func() MixIn{
		"sequential": func() MixIn { return nil },
		"threading":  func() MixIn { return &ThreadingMixIn{BlockOnClose: true} },
	} {
		checkLeaks(t)
		var mu sync.Mutex
		var reported []error
		s := &Server{Network: "tcp", Address: "127.0.0.1:0", MixIn: mixin(),
			NewHandler:  func() Handler { return new(panicOnBoom) },
			HandleError: func(_ *Request, err error) { mu.Lock(); reported = append(reported, err); mu.Unlock() },
		}
		if err := s.Bind(); err != nil {
			t.Fatal(err)
		}
		serve(t, s)
		if got := roundTrip(t, s, "boom\n"); got != "" {
			t.Errorf("%s: reply to boom = %q, want the connection closed with nothing", name, got)
		}
		if got := roundTrip(t, s, "fine\n"); got != "FINE\n" {
			t.Errorf("%s: reply after the panic = %q", name, got)
		}
		mu.Lock()
		var pe *PanicError
		if len(reported) != 1 || !errors.As(reported[0], &pe) || pe.Value != "boom" || len(pe.Stack) == 0 {
			t.Errorf("%s: HandleError got %v, want one *PanicError of boom with a stack", name, reported)
		}
		mu.Unlock()
	}
}
