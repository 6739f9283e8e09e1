package basehttptest

import (
	"errors"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/socketserver"
)

// Guard bounds how long RoundTrip waits for the server, so that a server
// that never answers fails the test instead of hanging it. It is no speed
// limit.
const Guard = 10 * time.Second

// Start serves srv, a server bound and activated (HTTP or any other
// socketserver.Server), until the test ends, then shuts it down and closes
// it; it returns the server's address. Unless srv has an ErrorLog, what it
// logs goes to the test's log.
func Start(t testing.TB, srv *socketserver.Server) string {
	t.Helper()
	if srv.ErrorLog == nil {
		srv.ErrorLog = testLog{t}
	}
	done := make(chan error, 1)
	go func() { done <- srv.ServeForever(0) }()
	t.Cleanup(func() {
		srv.Shutdown()
		if err := <-done; err != nil {
			t.Errorf("ServeForever: %v", err)
		}
		srv.Close()
	})
	return srv.Addr().String()
}

// NewServer starts a threading HTTP server on a loopback port that answers
// with handlers from newHandler until the test ends (see Start).
func NewServer(t testing.TB, newHandler func() basehttp.Handler) *basehttp.HTTPServer {
	t.Helper()
	srv, err := basehttp.NewThreadingHTTPServer("127.0.0.1:0", newHandler)
	if err != nil {
		t.Fatal(err)
	}
	Start(t, srv.Server)
	return srv
}

// RoundTrip sends request on a new connection to addr and returns all the
// server sends until it closes the connection, as an HTTP/1.0 server does
// after its answer. It fails the test if that takes longer than Guard.
func RoundTrip(t testing.TB, addr, request string) string {
	t.Helper()
	conn := dial(t, addr)
	defer conn.Close()
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatalf("sending %q: %v", request, err)
	}
	return readAnswer(t, conn, request, false)
}

// Exchange sends request on a new connection to addr and then closes the
// connection for writing, as a client with nothing more to send does, and
// returns all the server sends until it closes the connection: a server
// that keeps the connection alive ends it when it reads the end of input.
// It writes while it reads, so that a server may answer before it has read
// the whole request and close the connection, as a server refusing a
// request too long does: a write that fails then, or a reset of the
// connection after the answer, ends the exchange and not the test. It
// talks to any server, CPython's too, the same way, for differential tests.
// It fails the test if the server takes longer than Guard.
func Exchange(t testing.TB, addr, request string) string {
	t.Helper()
	conn := dial(t, addr)
	defer conn.Close()
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		if _, err := io.WriteString(conn, request); err == nil {
			conn.CloseWrite()
		}
	}()
	defer func() { <-sent }()
	return readAnswer(t, conn, request, true)
}

// dial connects to addr, with Guard for deadline.
func dial(t testing.TB, addr string) *net.TCPConn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetDeadline(time.Now().Add(Guard))
	return conn.(*net.TCPConn)
}

// readAnswer reads conn, on which request was sent, until the server closes
// it, and a reset too if resetEnds; any other error fails the test.
func readAnswer(t testing.TB, conn net.Conn, request string, resetEnds bool) string {
	t.Helper()
	raw, err := io.ReadAll(conn)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("sent %q and waited %v: the server did not close the connection; it sent %q", request, Guard, raw)
	} else if err != nil && !(resetEnds && errors.Is(err, syscall.ECONNRESET)) {
		t.Fatalf("sent %q: %v", request, err)
	}
	return string(raw)
}

// testLog sends what a server logs to the test's log.
type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Logf("server: %s", p)
	return len(p), nil
}
