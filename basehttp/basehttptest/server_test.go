package basehttptest_test

import (
	"strings"
	"testing"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
)

// keptAlive answers GET with a Content-Length, on HTTP/1.1, so that the
// connection stays open after the answer.
func keptAlive() basehttp.Handler {
	h := new(HelloHandler)
	h.ProtocolVersion = "HTTP/1.1"
	return h
}

// TestExchangeEndsKeptAliveConnection checks that Exchange's end of input
// ends a connection the server would keep open, after both answers.
func TestExchangeEndsKeptAliveConnection(t *testing.T) {
	srv := basehttptest.NewServer(t, keptAlive)
	out := basehttptest.Exchange(t, srv.Addr().String(), "GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n")
	if n := strings.Count(out, "HTTP/1.1 200 OK\r\n"); n != 2 || !strings.HasSuffix(out, "\r\n\r\nHello\n") {
		t.Errorf("answered %q, want two greetings", out)
	}
}

// TestExchangeServerAnswersEarly sends a request line of 16 MB, more than
// the socket buffers hold: the server answers 414 after 64 kB and closes
// the connection while the client still writes, which ends the exchange
// with the answer, not the test.
func TestExchangeServerAnswersEarly(t *testing.T) {
	srv := basehttptest.NewServer(t, keptAlive)
	out := basehttptest.Exchange(t, srv.Addr().String(), "GET /"+strings.Repeat("a", 16<<20)+" HTTP/1.1\r\n\r\n")
	if !strings.HasPrefix(out, "HTTP/1.1 414 Request-URI Too Long\r\n") {
		t.Errorf("answered %.80q, want 414", out)
	}
}
