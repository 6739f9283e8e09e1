package basehttp

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/internal/py"
	"github.com/basehttpserver/basehttpserver/socketserver"
)

// maxFrameworkAllocs is the most allocations the framework may make for one
// request on a kept-alive connection, the handler's own left out: the
// request line as read and as decoded, the header block decoded, the
// Header, the method call, and the log's arguments.
const maxFrameworkAllocs = 8

// TestKeepAliveAllocs counts the allocations of one request of the GET
// example on a kept-alive connection, answered by fixedHandler, whose own
// code allocates nothing: they are the framework's. The clock is pinned,
// so that no new second's texts are made during the count.
func TestKeepAliveAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	for _, log := range []struct {
		name string
		w    io.Writer
	}{
		{"log thrown away", io.Discard},
		{"log written", &resetWriter{}},
	} {
		h := &fixedHandler{}
		h.ProtocolVersion = "HTTP/1.1"
		hs := &HTTPServer{Server: &socketserver.Server{ErrorLog: log.w}, Clock: func() time.Time { return pinned }}
		newHandler, err := NewHandlerFunc(hs, func() Handler { return h })
		if err != nil {
			t.Fatal(err)
		}
		newHandler()
		conn := &sinkConn{memConn{in: &repeatReader{request: benchRequest + "\r\n", n: 1000}}}
		req := &socketserver.Request{Conn: conn, ClientAddress: conn.RemoteAddr(), Server: hs.Server}
		if err := h.Setup(req); err != nil {
			t.Fatal(err)
		}
		var failed error
		allocs := testing.AllocsPerRun(100, func() {
			if err := h.HandleOneRequest(); err != nil || h.CloseConnection {
				failed = err
			}
		})
		if failed != nil || h.CloseConnection {
			t.Fatalf("%s: the connection ended: %v", log.name, failed)
		}
		t.Logf("%s: %v allocations per request", log.name, allocs)
		if allocs > maxFrameworkAllocs {
			t.Errorf("%s: %v allocations per request, want at most %d", log.name, allocs, maxFrameworkAllocs)
		}
	}
}

// TestAppendWords checks appendWords against strings.FieldsFunc with
// py.IsSpace, which is str.split() too.
func TestAppendWords(t *testing.T) {
	lines := []string{
		"", " ", "GET / HTTP/1.1", "  GET\t/  HTTP/1.1  ", "GET\x1c/\x1fHTTP/1.1",
		"GET\u0085/\u00a0HTTP/1.1", "a b c d e f", "é è", "\v\f\r", "x",
	}
	for _, line := range lines {
		got := appendWords(make([]string, 0, 3), line)
		want := strings.FieldsFunc(line, py.IsSpace)
		if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
			t.Errorf("appendWords(%q) = %q, want %q", line, got, want)
		}
	}
}
