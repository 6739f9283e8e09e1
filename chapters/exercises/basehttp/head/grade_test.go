//go:build grade

package head

import (
	"strconv"
	"strings"
	"testing"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
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

// start serves NewServer until the test ends and returns its address.
func start(t *testing.T) string {
	t.Helper()
	srv, err := NewServer("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return basehttptest.Start(t, srv.Server)
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

// roundTrip sends request on a new connection and splits the response,
// read up to the end of the connection (an HTTP/1.0 server closes it after
// answering).
func roundTrip(t *testing.T, addr, request string) response {
	t.Helper()
	raw := basehttptest.RoundTrip(t, addr, request)
	head, body, ok := strings.Cut(raw, "\r\n\r\n")
	if !ok {
		t.Fatalf("sent %q; the answer has no blank line ending its headers:\n%q", request, raw)
	}
	lines := strings.Split(head, "\r\n")
	return response{status: lines[0], header: lines[1:], body: body}
}

var _ basehttp.Handler = new(PageHandler)
