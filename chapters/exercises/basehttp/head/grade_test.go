//go:build grade

package head

import (
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp"
)

func TestGET(t *testing.T) {
	resp := roundTrip(t, start(t), "GET / HTTP/1.0\r\n\r\n")
	if resp.status != "HTTP/1.0 200 OK" || resp.body != Page {
		t.Fatalf("GET / answered\n%s\nwant status HTTP/1.0 200 OK and Page as the body", resp)
	}
	if got := resp.get("Content-Length"); got != strconv.Itoa(len(Page)) {
		t.Errorf("GET /: Content-Length: %q, want %d, the length of Page", got, len(Page))
	}
}

func TestHEADStatus(t *testing.T) {
	resp := roundTrip(t, start(t), "HEAD / HTTP/1.0\r\n\r\n")
	if resp.status != "HTTP/1.0 200 OK" {
		t.Fatalf("HEAD / answered %q, want \"HTTP/1.0 200 OK\", as GET does:\n%s", resp.status, resp)
	}
}

func TestHEADHasNoBody(t *testing.T) {
	resp := roundTrip(t, start(t), "HEAD / HTTP/1.0\r\n\r\n")
	if resp.body != "" {
		t.Fatalf("HEAD / answered a body of %d bytes after the headers:\n%s\nwant none: a HEAD response ends with its blank line", len(resp.body), resp)
	}
}

func TestHEADHeadersMatchGET(t *testing.T) {
	addr := start(t)
	get := roundTrip(t, addr, "GET / HTTP/1.0\r\n\r\n")
	head := roundTrip(t, addr, "HEAD / HTTP/1.0\r\n\r\n")
	if got, want := head.get("Content-Length"), strconv.Itoa(len(Page)); got != want {
		t.Errorf("HEAD /: Content-Length: %q, want %q: the length of the body GET would send, not of the (empty) HEAD body", got, want)
	}
	if got, want := names(head.header), names(get.header); got != want {
		t.Errorf("HEAD / sent the headers\n  %s\nGET / sent\n  %s\nwant the same ones, in the same order", got, want)
	}
	for _, name := range []string{"Server", "Content-Type", "Content-Length"} {
		if got, want := head.get(name), get.get(name); got != want {
			t.Errorf("%s: HEAD / sent %q, GET / sent %q; want the same", name, got, want)
		}
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
	srv.ErrorLog = testLog{t}
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

// A response is an HTTP response as it came over the wire.
type response struct {
	status string   // the status line
	header []string // the header lines
	body   string   // everything after the blank line
}

func (r response) String() string {
	return "  " + strings.Join(append([]string{r.status}, r.header...), "\n  ") + "\n  (blank line)\n  " + strconv.Quote(r.body)
}

// get returns the value of the first header line named name.
func (r response) get(name string) string {
	for _, line := range r.header {
		if n, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(n, name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// names lists the names of header lines.
func names(header []string) string {
	var ns []string
	for _, line := range header {
		n, _, _ := strings.Cut(line, ":")
		ns = append(ns, n)
	}
	return strings.Join(ns, ", ")
}

// roundTrip sends request on a new connection and reads the response up to
// the end of the connection (an HTTP/1.0 server closes it after answering).
func roundTrip(t *testing.T, addr, request string) response {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(guard))
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(conn)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("sent %q and waited %v: the server did not close the connection; it sent %q", request, guard, raw)
	} else if err != nil {
		t.Fatalf("sent %q: %v", request, err)
	}
	head, body, ok := strings.Cut(string(raw), "\r\n\r\n")
	if !ok {
		t.Fatalf("sent %q; the answer has no blank line ending its headers:\n%q", request, raw)
	}
	lines := strings.Split(head, "\r\n")
	return response{status: lines[0], header: lines[1:], body: body}
}

// testLog sends what the server logs to the test's log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Logf("server: %s", p)
	return len(p), nil
}

var _ basehttp.Handler = new(PageHandler)
