package basehttp

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/socketserver"
)

// This file holds the tests of the package's unexported helpers, which
// are in package basehttp for that, what its benchmarks need (they cannot
// import basehttptest), and TestDateTimeStrings, which serves nothing.
// Every test that serves a request is in package basehttp_test and serves
// it with basehttptest, as a program's tests would.

// memConn is a connection whose client side is in memory: reads come from in,
// writes collect in out.
type memConn struct {
	in  io.Reader
	out bytes.Buffer
}

func (c *memConn) Read(p []byte) (int, error)       { return c.in.Read(p) }
func (c *memConn) Write(p []byte) (int, error)      { return c.out.Write(p) }
func (c *memConn) Close() error                     { return nil }
func (c *memConn) LocalAddr() net.Addr              { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080} }
func (c *memConn) RemoteAddr() net.Addr             { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 51275} }
func (c *memConn) SetDeadline(time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(time.Time) error { return nil }

var pinned = time.Date(2007, 12, 9, 16, 0, 34, 0, time.UTC)

// run serves the bytes of in with h as a server with a pinned clock would,
// and returns what h wrote on the connection and in the log. It is
// basehttptest.ServeConn for this package's benchmarks (bench_test.go),
// which cannot import basehttptest; the tests that serve a request are in
// package basehttp_test and use basehttptest.
func run(t testing.TB, h Handler, in io.Reader) (out, log string, err error) {
	conn := &memConn{in: in}
	var logBuf bytes.Buffer
	hs := &HTTPServer{Server: &socketserver.Server{ErrorLog: &logBuf}, Clock: func() time.Time { return pinned }}
	newHandler, err := NewHandlerFunc(hs, func() Handler { return h })
	if err != nil {
		return "", "", err
	}
	h = newHandler().(Handler)
	req := &socketserver.Request{Conn: conn, ClientAddress: conn.RemoteAddr(), Server: hs.Server}
	if err = h.Setup(req); err == nil {
		err = h.Handle()
		if ferr := h.Finish(); err == nil {
			err = ferr
		}
	}
	return conn.out.String(), logBuf.String(), err
}

// TestEscapeControl checks the escaping of what the log writes of a
// request (TestLogEscapesControlCharacters sends one).
func TestEscapeControl(t *testing.T) {
	if got := appendEscaped([]byte("x"), []byte("a\nb\u0085c\u00e9\\")); string(got) != `xa\x0ab\x85cé\\` {
		t.Errorf("appendEscaped = %q", got)
	}
}

// TestLineEnds checks where a header line ends: at LF, and at a bare CR.
func TestLineEnds(t *testing.T) {
	for _, c := range []struct {
		line string
		want int
	}{
		{"A: 1\r\n", 1},
		{"A: 1\n", 1},
		{"A: 1", 1}, // cut short by the end of input
		{"A: 1\r", 1},
		{"A: 1\rB: 2\r\n", 2},
		{"A: 1\r\r\n", 2},
		{"A:\rA:\rA:\n", 3},
		{"", 0},
	} {
		if got := lineEnds([]byte(c.line)); got != c.want {
			t.Errorf("lineEnds(%q) = %d, want %d", c.line, got, c.want)
		}
	}
}

func TestDateTimeStrings(t *testing.T) {
	h := &BaseHTTPRequestHandler{HTTPServer: &HTTPServer{Clock: func() time.Time { return pinned }}}
	if got := h.DateTimeString(); got != "Sun, 09 Dec 2007 16:00:34 GMT" {
		t.Errorf("DateTimeString() = %q", got)
	}
	ts := time.Date(2010, 10, 10, 13, 58, 32, 0, time.FixedZone("X", 3600))
	if got := h.DateTimeString(ts); got != "Sun, 10 Oct 2010 12:58:32 GMT" {
		t.Errorf("DateTimeString(ts) = %q", got)
	}
	if got, want := h.LogDateTimeString(), pinned.Local().Format("02/Jan/2006 15:04:05"); got != want {
		t.Errorf("LogDateTimeString() = %q, want %q", got, want)
	}
}

// TestAddressStringFollowsClientAddress checks that the host AddressString
// keeps is given up when ClientAddress changes.
func TestAddressStringFollowsClientAddress(t *testing.T) {
	h := &BaseHTTPRequestHandler{}
	h.ClientAddress = &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 51275}
	if got := h.AddressString(); got != "127.0.0.1" {
		t.Errorf("AddressString() = %q, want 127.0.0.1", got)
	}
	h.ClientAddress = &net.TCPAddr{IP: net.ParseIP("::1"), Port: 51275}
	if got := h.AddressString(); got != "::1" {
		t.Errorf("after a change, AddressString() = %q, want ::1", got)
	}
	h.ClientAddress = &net.UnixAddr{Name: "/tmp/s", Net: "unix"}
	if got := h.AddressString(); got != "/tmp/s" {
		t.Errorf("for a Unix address, AddressString() = %q, want /tmp/s", got)
	}
}
