//go:build grade

package keepalive

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
)

func TestAnswersHTTP11(t *testing.T) {
	c := dial(t, start(t))
	c.send("GET /spam HTTP/1.1\r\nHost: localhost\r\n\r\n")
	resp := c.response("/spam")
	if resp.Proto != "HTTP/1.1" {
		t.Fatalf("GET /spam HTTP/1.1 was answered with %s, want HTTP/1.1: set the handler's ProtocolVersion", resp.Proto)
	}
}

func TestContentLength(t *testing.T) {
	c := dial(t, start(t))
	c.send("GET /eggs HTTP/1.1\r\nHost: localhost\r\n\r\n")
	resp := c.response("/eggs")
	want := len("Hello, /eggs\n")
	if resp.ContentLength != int64(want) {
		t.Fatalf("GET /eggs: Content-Length is %q, want %d, the length of \"Hello, /eggs\\n\" in bytes:\n"+
			"on a connection that stays open, only Content-Length tells the client where the body ends", resp.Header.Get("Content-Length"), want)
	}
}

func TestTwoRequestsOneConnection(t *testing.T) {
	c := dial(t, start(t))
	for _, path := range []string{"/one", "/two", "/three"} {
		c.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
		c.expectBody(path, true)
	}
}

func TestPipelinedRequests(t *testing.T) {
	c := dial(t, start(t))
	c.send("GET /a HTTP/1.1\r\nHost: localhost\r\n\r\nGET /bb HTTP/1.1\r\nHost: localhost\r\n\r\n")
	c.expectBody("/a", true)
	c.expectBody("/bb", true)
}

func TestConnectionClose(t *testing.T) {
	c := dial(t, start(t))
	c.send("GET /last HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
	c.expectBody("/last", false)
	c.expectClosed("after answering a request with \"Connection: close\"")
}

func TestHTTP10Client(t *testing.T) {
	c := dial(t, start(t))
	c.send("GET /old HTTP/1.0\r\n\r\n")
	c.expectBody("/old", false)
	c.expectClosed("after answering an HTTP/1.0 request")
}

// guard bounds how long the client waits for an answer, so that a server
// that never answers fails the test instead of hanging it. It is no speed limit.
const guard = 10 * time.Second

// start serves NewServer until the test ends and returns its address.
func start(t *testing.T) string {
	t.Helper()
	srv, err := NewServer("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return basehttptest.Start(t, srv.Server)
}

// A client is one connection to the server.
type client struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

func dial(t *testing.T, addr string) *client {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(guard))
	return &client{t, conn, bufio.NewReader(conn)}
}

func (c *client) send(s string) {
	c.t.Helper()
	if _, err := io.WriteString(c.conn, s); err != nil {
		c.t.Fatalf("sending %q: %v", s, err)
	}
}

// response reads the status line and headers of the answer to GET path.
func (c *client) response(path string) *http.Response {
	c.t.Helper()
	resp, err := http.ReadResponse(c.r, nil)
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		c.t.Fatalf("GET %s: the server closed the connection instead of answering it:\n"+
			"with HTTP/1.0 (the default ProtocolVersion) a connection carries one request", path)
	case err != nil:
		c.t.Fatalf("GET %s: reading the response: %v", path, err)
	}
	return resp
}

// expectBody reads the answer to GET path and checks its body. If keepAlive,
// the connection is to stay open, so the body must have a Content-Length.
func (c *client) expectBody(path string, keepAlive bool) {
	c.t.Helper()
	resp := c.response(path)
	if keepAlive && resp.Proto == "HTTP/1.1" && resp.ContentLength < 0 {
		c.t.Fatalf("GET %s: the response has no Content-Length and the connection stays open,\n"+
			"so the client cannot tell where the body ends: send Content-Length", path)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("GET %s: reading the body: %v", path, err)
	}
	if want := "Hello, " + path + "\n"; string(body) != want {
		c.t.Fatalf("GET %s: body %q, want %q", path, body, want)
	}
}

// expectClosed checks that the server closes the connection without sending more.
func (c *client) expectClosed(when string) {
	c.t.Helper()
	rest, err := io.ReadAll(c.r)
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		c.t.Fatalf("waited %v for the server to close the connection %s", guard, when)
	case len(rest) > 0:
		c.t.Fatalf("%s the server sent %q more; want it to close the connection", when, rest)
	}
}
