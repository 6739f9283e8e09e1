package socketserver

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// lifeHandler records the steps of its life cycle in a shared log and
// fails or panics at the step it is told to.
type lifeHandler struct {
	BaseRequestHandler
	log  *stepLog
	fail string // "Setup", "Handle", "Finish", or "panic"
}

type stepLog struct {
	mu    sync.Mutex
	steps []string
}

func (l *stepLog) add(s string) {
	l.mu.Lock()
	l.steps = append(l.steps, s)
	l.mu.Unlock()
}

func (l *stepLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.steps, " ")
}

func (h *lifeHandler) Setup(req *Request) error {
	h.BaseRequestHandler.Setup(req)
	h.log.add("Setup")
	if h.fail == "Setup" {
		return errors.New("setup failed")
	}
	return nil
}

func (h *lifeHandler) Handle() error {
	h.log.add("Handle")
	switch h.fail {
	case "Handle":
		return errors.New("handle failed")
	case "panic":
		panic("boom")
	}
	return nil
}

func (h *lifeHandler) Finish() error {
	h.log.add("Finish")
	if h.fail == "Finish" {
		return errors.New("finish failed")
	}
	return nil
}

func TestLifeCycle(t *testing.T) {
	tests := []struct {
		fail, steps, errText string
	}{
		{"", "Setup Handle Finish", ""},
		{"Setup", "Setup", "setup failed"}, // Python: setup raises before the try, finish is not called
		{"Handle", "Setup Handle Finish", "handle failed"},
		{"Finish", "Setup Handle Finish", "finish failed"},
		{"panic", "Setup Handle Finish", "panic: boom"},
	}
	for _, tt := range tests {
		checkLeaks(t)
		log := new(stepLog)
		var reported []error
		s, err := NewTCPServer("127.0.0.1:0", func() Handler { return &lifeHandler{log: log, fail: tt.fail} })
		if err != nil {
			t.Fatal(err)
		}
		s.HandleError = func(req *Request, err error) {
			if req.ClientAddress.String() != req.Conn.RemoteAddr().String() {
				t.Errorf("HandleError got client %v", req.ClientAddress)
			}
			reported = append(reported, err)
		}
		c := dial(t, s)
		if err := s.HandleRequest(); err != nil {
			t.Fatal(err)
		}
		// The server shut the connection down: the client reads EOF.
		if b, err := io.ReadAll(c); err != nil || len(b) != 0 {
			t.Errorf("fail=%q: client read %q, %v; want EOF", tt.fail, b, err)
		}
		c.Close()
		s.Close()
		if got := log.String(); got != tt.steps {
			t.Errorf("fail=%q: steps %q, want %q", tt.fail, got, tt.steps)
		}
		switch {
		case tt.errText == "" && len(reported) != 0:
			t.Errorf("fail=%q: HandleError called with %v", tt.fail, reported)
		case tt.errText != "" && (len(reported) != 1 || reported[0].Error() != tt.errText):
			t.Errorf("fail=%q: HandleError got %v, want one error %q", tt.fail, reported, tt.errText)
		}
	}
}

func dial(t *testing.T, s *Server) net.Conn {
	t.Helper()
	c, err := net.Dial(s.Addr().Network(), s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPanicKeepsServing(t *testing.T) {
	for name, newServer := range map[string]func(string, func() Handler) (*Server, error){
		"sequential": NewTCPServer,
		"threading":  NewThreadingTCPServer,
	} {
		checkLeaks(t)
		var errLog bytes.Buffer
		var mu sync.Mutex
		s, err := newServer("127.0.0.1:0", func() Handler { return new(panicOnBoom) })
		if err != nil {
			t.Fatal(err)
		}
		s.ErrorLog = lockedWriter{&mu, &errLog}
		errc := make(chan error, 1)
		go func() { errc <- s.ServeForever(0) }()
		if got := roundTrip(t, s, "boom\n"); got != "" {
			t.Errorf("%s: reply to boom = %q, want nothing (connection closed)", name, got)
		}
		if got := roundTrip(t, s, "fine\n"); got != "FINE\n" {
			t.Errorf("%s: reply after the panic = %q, want FINE", name, got)
		}
		s.Shutdown()
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
		s.Close()
		out := errLog.String()
		if !strings.Contains(out, "panic: boom\n\ngoroutine ") || !strings.Contains(out, "(*panicOnBoom).Handle(") {
			t.Errorf("%s: error log lacks the panic and its stack:\n%s", name, out)
		}
	}
}

type panicOnBoom struct{ upperHandler }

func (h *panicOnBoom) Handle() error {
	line, _ := h.Rfile.ReadString('\n')
	if line == "boom\n" {
		panic("boom")
	}
	_, err := h.Wfile.WriteString(strings.ToUpper(line))
	return err
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

func TestVerifyRequest(t *testing.T) {
	checkLeaks(t)
	log := new(stepLog)
	s, err := NewTCPServer("127.0.0.1:0", func() Handler { return &lifeHandler{log: log} })
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var verified net.Addr
	s.VerifyRequest = func(req *Request) bool { verified = req.ClientAddress; return false }
	c := dial(t, s)
	defer c.Close()
	if err := s.HandleRequest(); err != nil {
		t.Fatal(err)
	}
	if verified == nil || verified.String() != c.LocalAddr().String() {
		t.Errorf("VerifyRequest saw %v, want %v", verified, c.LocalAddr())
	}
	if b, err := io.ReadAll(c); err != nil || len(b) != 0 {
		t.Errorf("rejected client read %q, %v; want EOF", b, err)
	}
	if log.String() != "" {
		t.Errorf("a rejected request reached the handler: %s", log)
	}
}

func TestHandleRequestTimeout(t *testing.T) {
	checkLeaks(t)
	s, err := NewTCPServer("127.0.0.1:0", newUpper)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Timeout = time.Millisecond
	timeouts := 0
	s.HandleTimeout = func() { timeouts++ }
	if err := s.HandleRequest(); err != nil {
		t.Fatal(err)
	}
	if timeouts != 1 {
		t.Fatalf("HandleTimeout called %d times, want 1", timeouts)
	}
	// A request waiting in the backlog is handled, not timed out.
	s.Timeout = time.Hour
	c := dial(t, s)
	io.WriteString(c, "queued\n")
	if err := s.HandleRequest(); err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(c); string(b) != "QUEUED\n" || timeouts != 1 {
		t.Errorf("reply %q, %d timeouts; want QUEUED and 1", b, timeouts)
	}
	c.Close()
}

func TestServiceActionsEachTurn(t *testing.T) {
	checkLeaks(t)
	s, err := NewTCPServer("127.0.0.1:0", newUpper)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	turns := make(chan bool, 10)
	s.ServiceActions = func() {
		select {
		case turns <- true:
		default:
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- s.ServeForever(time.Hour) }()
	roundTrip(t, s, "one\n")
	<-turns // after the request, whatever the poll interval
	s.Shutdown()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	// With a short interval the loop also turns with no request at all.
	for len(turns) > 0 {
		<-turns
	}
	go func() { errc <- s.ServeForever(time.Millisecond) }()
	<-turns
	s.Shutdown()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}

func TestServeContext(t *testing.T) {
	checkLeaks(t)
	s, err := NewTCPServer("127.0.0.1:0", newUpper)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- s.Serve(ctx) }()
	if got := roundTrip(t, s, "ctx\n"); got != "CTX\n" {
		t.Errorf("reply = %q", got)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if err := s.Serve(ctx); err != nil { // already done: returns at once
		t.Fatal(err)
	}
}

func TestServeTwice(t *testing.T) {
	checkLeaks(t)
	s, err := NewTCPServer("127.0.0.1:0", newUpper)
	if err != nil {
		t.Fatal(err)
	}
	serve(t, s)
	roundTrip(t, s, "x\n") // the first loop runs
	if err := s.ServeForever(0); err != ErrServing {
		t.Errorf("second ServeForever = %v, want ErrServing", err)
	}
}

func TestCloseEndsServing(t *testing.T) {
	checkLeaks(t)
	s, err := NewTCPServer("127.0.0.1:0", newUpper)
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- s.ServeForever(0) }()
	roundTrip(t, s, "x\n")
	s.Close()
	if err := <-errc; !errors.Is(err, net.ErrClosed) {
		t.Errorf("ServeForever after Close = %v, want net.ErrClosed", err)
	}
}

func TestStreamTimeoutAndNagle(t *testing.T) {
	checkLeaks(t)
	errs := make(chan error, 1)
	s, err := NewTCPServer("127.0.0.1:0", func() Handler {
		return &upperHandler{StreamRequestHandler{Timeout: time.Millisecond, DisableNagleAlgorithm: true}}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.HandleError = func(req *Request, err error) { errs <- err }
	c := dial(t, s) // sends nothing: the handler's read times out
	defer c.Close()
	if err := s.HandleRequest(); err != nil {
		t.Fatal(err)
	}
	if err := <-errs; !os.IsTimeout(err) {
		t.Errorf("handler error %v, want a timeout", err)
	}
}
