//go:build grade

package lines

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
)

func TestOneLine(t *testing.T) {
	c := dial(t, start(t))
	c.send("hello\n")
	c.closeWrite()
	if got := c.rest(); got != "HELLO\n" {
		t.Fatalf("sent \"hello\\n\" and closed\n got %q\nwant \"HELLO\\n\"", got)
	}
}

func TestConversation(t *testing.T) {
	c := dial(t, start(t))
	for _, line := range []string{"one\n", "two\n", "three\n"} {
		c.send(line)
		c.expect(line, strings.ToUpper(line))
	}
}

func TestQuit(t *testing.T) {
	c := dial(t, start(t))
	c.send("spam\n")
	c.expect("spam\n", "SPAM\n")
	c.send("quit\n")
	c.expect("quit\n", "BYE\n")
	if got := c.rest(); got != "" {
		t.Fatalf("after BYE the server sent %q; want it to close the connection", got)
	}
}

func TestClientClosesFirst(t *testing.T) {
	c := dial(t, start(t))
	c.send("eggs\nham") // the last line has no newline
	c.closeWrite()
	if got, want := c.rest(), "EGGS\nHAM"; got != want {
		t.Fatalf("sent \"eggs\\nham\" and closed\n got %q\nwant %q: answer every line, the last one even without its newline, then end", got, want)
	}
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
	return basehttptest.Start(t, srv)
}

// A client is one connection to the server.
type client struct {
	t    *testing.T
	conn *net.TCPConn
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
	return &client{t, conn.(*net.TCPConn), bufio.NewReader(conn)}
}

func (c *client) send(s string) {
	c.t.Helper()
	if _, err := io.WriteString(c.conn, s); err != nil {
		c.t.Fatalf("sending %q: %v", s, err)
	}
}

func (c *client) closeWrite() {
	c.t.Helper()
	if err := c.conn.CloseWrite(); err != nil {
		c.t.Fatal(err)
	}
}

// expect reads one line and checks that it is want, the answer to sent.
func (c *client) expect(sent, want string) {
	c.t.Helper()
	got, err := c.r.ReadString('\n')
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		c.t.Fatalf("sent %q and waited %v for %q: no answer came.\n"+
			"Wfile is buffered: Flush it after each answer, or the answer stays in the buffer while the handler waits for the next line", sent, guard, want)
	case err != nil && got == "":
		c.t.Fatalf("sent %q, want the answer %q; the server closed the connection instead (%v).\n"+
			"Loop: answer every line until the client says quit or closes its side", sent, want, err)
	case got != want:
		c.t.Fatalf("sent %q\n got %q\nwant %q", sent, got, want)
	}
}

// rest reads until the server closes the connection.
func (c *client) rest() string {
	c.t.Helper()
	got, err := io.ReadAll(c.r)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.t.Fatalf("waited %v for the server to close the connection; it got %q so far", guard, got)
	}
	return string(got)
}
