package socketserver

import (
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// upperHandler answers one line upper-cased, like the book's tcpecho.
type upperHandler struct {
	StreamRequestHandler
}

func (h *upperHandler) Handle() error {
	line, err := h.Rfile.ReadString('\n')
	if err != nil && err != io.EOF {
		return err
	}
	_, err = h.Wfile.WriteString(strings.ToUpper(line))
	return err
}

func newUpper() Handler { return new(upperHandler) }

// checkLeaks records the goroutines and open files of the test process and
// fails the test if, at its end, more remain.
func checkLeaks(t *testing.T) {
	t.Helper()
	g, fds := runtime.NumGoroutine(), openFDs()
	t.Cleanup(func() {
		// Goroutines that have finished their work may still be on their
		// way out, closing files: yield to them (no sleeping) before
		// counting, long enough for a loaded machine under -race.
		for i := 0; i < 100000 && (runtime.NumGoroutine() > g || openFDs() > fds); i++ {
			runtime.Gosched()
		}
		if n := runtime.NumGoroutine(); n > g {
			buf := make([]byte, 1<<16)
			t.Errorf("%d goroutines leaked:\n%s", n-g, buf[:runtime.Stack(buf, true)])
		}
		if n := openFDs(); n > fds {
			t.Errorf("%d file descriptors leaked", n-fds)
		}
	})
}

// openFDs counts the open file descriptors of the process, or returns 0
// where /proc does not list them.
func openFDs() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0
	}
	return len(ents)
}

// serve starts s.ServeForever in a goroutine; the cleanup shuts it down,
// checks its result and closes s.
func serve(t *testing.T, s *Server) {
	t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- s.ServeForever(time.Hour) }()
	t.Cleanup(func() {
		s.Shutdown()
		if err := <-errc; err != nil {
			t.Errorf("ServeForever: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
}

// roundTrip sends msg over a new connection to s and returns all it reads
// back until the server closes the connection.
func roundTrip(t *testing.T, s *Server, msg string) string {
	t.Helper()
	c, err := net.Dial(s.Addr().Network(), s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, msg); err != nil {
		t.Fatal(err)
	}
	c.(interface{ CloseWrite() error }).CloseWrite() // the end of msg
	b, err := io.ReadAll(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestTCPEcho(t *testing.T) {
	checkLeaks(t)
	s, err := NewTCPServer("127.0.0.1:0", newUpper)
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := s.Addr().(*net.TCPAddr); !ok || a.Port == 0 {
		t.Fatalf("Addr() = %v, want a TCP address with its port resolved", s.Addr())
	}
	serve(t, s)
	for _, msg := range []string{"hello\n", "second one\n", "no newline"} {
		if got, want := roundTrip(t, s, msg), strings.ToUpper(msg); got != want {
			t.Errorf("reply to %q = %q, want %q", msg, got, want)
		}
	}
}

func TestUnixStreamEcho(t *testing.T) {
	checkLeaks(t)
	path := filepath.Join(t.TempDir(), "echo.sock")
	s, err := NewUnixStreamServer(path, newUpper)
	if err != nil {
		t.Fatal(err)
	}
	if s.Addr().String() != path {
		t.Errorf("Addr() = %v, want %s", s.Addr(), path)
	}
	serve(t, s)
	if got := roundTrip(t, s, "unix\n"); got != "UNIX\n" {
		t.Errorf("reply = %q", got)
	}
}

func TestCloseRemovesUnixSocket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.sock")
	for _, network := range []string{"unix", "unixgram"} {
		s := &Server{Network: network, Address: path, NewHandler: newUpper}
		if err := s.Bind(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("%s: socket file missing after Bind: %v", network, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: socket file still there after Close: %v", network, err)
		}
	}
}

func TestShutdownWhileServing(t *testing.T) {
	checkLeaks(t)
	s, err := NewTCPServer("127.0.0.1:0", newUpper)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	errc := make(chan error, 1)
	go func() { errc <- s.ServeForever(time.Hour) }()
	roundTrip(t, s, "x\n") // the loop is running
	s.Shutdown()           // must wake the loop although the poll interval is an hour
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	// Serving again after Shutdown works, as in Python.
	go func() { errc <- s.ServeForever(0) }()
	if got := roundTrip(t, s, "again\n"); got != "AGAIN\n" {
		t.Errorf("reply after restart = %q", got)
	}
	s.Shutdown()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}

func TestShutdownWhileIdle(t *testing.T) {
	checkLeaks(t)
	s, err := NewTCPServer("127.0.0.1:0", newUpper)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Shutdown() // no loop: returns at once
	// The request is remembered: the next loop returns immediately, as
	// Python's serve_forever does after an early shutdown().
	if err := s.ServeForever(time.Hour); err != nil {
		t.Fatal(err)
	}
}
