package basehttp_test

import (
	"errors"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
	"github.com/basehttpserver/basehttpserver/socketserver"
)

type (
	argDo struct {
		basehttp.BaseHTTPRequestHandler
	}
	resultDo struct {
		basehttp.BaseHTTPRequestHandler
	}
	pyLogRequest struct {
		basehttp.BaseHTTPRequestHandler
	}
	noSizeLog struct {
		basehttp.BaseHTTPRequestHandler
	}
	shortLogErr struct {
		basehttp.BaseHTTPRequestHandler
	}
	badExpect struct {
		basehttp.BaseHTTPRequestHandler
	}
	okHandler struct {
		basehttp.BaseHTTPRequestHandler
	}
)

func (h *argDo) DoGET(int)                          {}
func (h *resultDo) DoSPAM() (int, error)            { return 0, nil }
func (h *pyLogRequest) LogRequest(code, size int)   {}
func (h *pyLogRequest) LogMessage(string, ...any)   {}
func (h *noSizeLog) LogRequest(code int)            {}
func (h *shortLogErr) LogError(format string)       {}
func (h *badExpect) HandleExpect100() bool          { return true }
func (h *okHandler) DoGET() error                   { return h.SendError(404) }
func (h *okHandler) LogMessage(string, ...any)      {}
func (h *okHandler) HandleExpect100() (bool, error) { return false, nil }

// TestWrongSignatures checks that each method of a wrong signature is an
// error of the constructor, naming the method, its type and the type wanted.
func TestWrongSignatures(t *testing.T) {
	for _, c := range []struct {
		newHandler func() basehttp.Handler
		want       string
	}{
		{func() basehttp.Handler { return new(argDo) }, "*basehttp_test.argDo has method DoGET of type func(int), want func() or func() error"},
		{func() basehttp.Handler { return new(resultDo) }, "*basehttp_test.resultDo has method DoSPAM of type func() (int, error), want func() or func() error"},
		{func() basehttp.Handler { return new(pyLogRequest) }, "*basehttp_test.pyLogRequest has method LogRequest of type func(int, int), want func(int, ...int)"},
		{func() basehttp.Handler { return new(noSizeLog) }, "*basehttp_test.noSizeLog has method LogRequest of type func(int), want func(int, ...int)"},
		{func() basehttp.Handler { return new(shortLogErr) }, "*basehttp_test.shortLogErr has method LogError of type func(string), want func(string, ...interface {})"},
		{func() basehttp.Handler { return new(badExpect) }, "*basehttp_test.badExpect has method HandleExpect100 of type func() bool, want func() (bool, error)"},
	} {
		_, err := basehttp.NewHandlerFunc(nil, c.newHandler)
		if err == nil || err.Error() != "basehttp: "+c.want {
			t.Errorf("NewHandlerFunc: %v\nwant basehttp: %s", err, c.want)
		}
		if srv, err := basehttp.NewHTTPServer("127.0.0.1:0", c.newHandler); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewHTTPServer: %v, want the error %q", err, c.want)
			if srv != nil {
				srv.Close()
			}
		}
	}
}

// TestOverridesEachOnTheirOwn checks that overriding LogMessage and
// HandleExpect100 alone is honoured: the log stays empty and the body is
// refused without 100 Continue.
func TestOverridesEachOnTheirOwn(t *testing.T) {
	out, log, err := basehttptest.Serve(func() basehttp.Handler {
		h := new(okHandler)
		h.ProtocolVersion = "HTTP/1.1"
		return h
	}, "GET / HTTP/1.1\r\nExpect: 100-continue\r\n\r\nGET / HTTP/1.0\r\n\r\n")
	if err != nil || log != "" {
		t.Errorf("err %v, log %q; want the override's silence", err, log)
	}
	if !strings.HasPrefix(out, "HTTP/1.1 404 Not Found\r\n") {
		t.Errorf("answer %q, want the second request's 404 alone", out)
	}
}

// TestUnknownMethodIs501 checks Python's answer to a method without a Do method.
func TestUnknownMethodIs501(t *testing.T) {
	out, _, err := basehttptest.Serve(func() basehttp.Handler { return new(okHandler) }, "BREW /pot HTTP/1.0\r\n\r\n")
	if err != nil || !strings.HasPrefix(out, "HTTP/1.0 501 Unsupported method ('BREW')\r\n") {
		t.Errorf("err %v, answer %q", err, out)
	}
}

// TestNotIntroducedFailsLoudly checks that a handler with DoGET handed to a
// plain socketserver server fails in Setup, reported to HandleError, and
// answers nothing rather than 501.
func TestNotIntroducedFailsLoudly(t *testing.T) {
	reported := make(chan error, 1)
	srv, err := socketserver.NewTCPServer("127.0.0.1:0", func() socketserver.Handler { return new(okHandler) })
	if err != nil {
		t.Fatal(err)
	}
	srv.HandleError = func(_ *socketserver.Request, err error) { reported <- err }
	addr := basehttptest.Start(t, srv)
	if out := basehttptest.RoundTrip(t, addr, "GET / HTTP/1.0\r\n\r\n"); out != "" {
		t.Errorf("answer %q, want none", out)
	}
	if err := <-reported; !errors.Is(err, basehttp.ErrNotIntroduced) {
		t.Errorf("HandleError got %v, want ErrNotIntroduced", err)
	}
}

// notLatin1 sends a reason phrase Latin-1 cannot encode, errors ignored
// until EndHeaders, and a body it writes regardless.
type notLatin1 struct {
	basehttp.BaseHTTPRequestHandler
}

func (h *notLatin1) DoGET() {
	h.SendResponse(200, "OK ✓")
	h.SendHeader("Content-Length", "0")
	h.EndHeaders()
	io.WriteString(h.Wfile, "body")
	h.Wfile.Flush()
}

// TestMalformedResponseNotSent checks on the wire that a response whose
// status line cannot be encoded sends nothing, and that the error reaches
// HandleError with the log line of the request before it.
func TestMalformedResponseNotSent(t *testing.T) {
	reported := make(chan error, 1)
	srv, err := basehttp.NewHTTPServer("127.0.0.1:0", func() basehttp.Handler { return new(notLatin1) })
	if err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	srv.ErrorLog = &log
	srv.HandleError = func(_ *socketserver.Request, err error) { reported <- err }
	addr := basehttptest.Start(t, srv.Server)
	if out := basehttptest.RoundTrip(t, addr, "GET / HTTP/1.1\r\n\r\n"); out != "" {
		t.Errorf("sent %q, want nothing", out)
	}
	err = <-reported
	if want := `basehttp: status line 200 'OK ✓' not sent: '✓' cannot be encoded in Latin-1`; err == nil || err.Error() != want {
		t.Errorf("HandleError got %v, want %s", err, want)
	}
	if !strings.Contains(log.String(), `"GET / HTTP/1.1" 200 -`) {
		t.Errorf("log %q, want the request's line", log.String())
	}
}

// TestHandlerTypeChecked checks that a handler of another type than the
// first, if its type is wrong, fails in Setup with the constructor's error.
func TestHandlerTypeChecked(t *testing.T) {
	n := 0
	var conn net.Conn = &basehttptest.Conn{In: strings.NewReader("GET / HTTP/1.0\r\n\r\n")}
	_, err := basehttptest.ServeConn(func() basehttp.Handler {
		n++
		if n == 1 {
			return new(okHandler)
		}
		return new(argDo)
	}, conn)
	if err == nil || !strings.Contains(err.Error(), "method DoGET of type func(int)") {
		t.Errorf("err %v, want the wrong DoGET named", err)
	}
}

// everyDo answers each command with a code of its own, through both
// signatures, so that the commands bound directly (GET, HEAD, POST) and
// those bound through reflect (SPAM) are all seen to arrive.
type everyDo struct {
	basehttp.BaseHTTPRequestHandler
}

func (h *everyDo) answer(code int) error {
	h.SendResponse(code)
	h.SendHeader("Content-Length", "0")
	return h.EndHeaders()
}

func (h *everyDo) DoGET()          { h.answer(200) }
func (h *everyDo) DoHEAD() error   { return h.answer(203) }
func (h *everyDo) DoPOST()         { h.answer(202) }
func (h *everyDo) DoSPAM() error   { return h.answer(226) }
func (h *everyDo) DoEGGS()         { h.answer(208) }
func (h *everyDo) DoDELETE() error { return errors.New("not here") }

// TestEveryCommandOnOneConnection sends one command after another on a
// kept-alive connection, each after a different one, so that the Do method
// kept from the request before is never the one to call.
func TestEveryCommandOnOneConnection(t *testing.T) {
	var request string
	for _, c := range []string{"GET", "HEAD", "POST", "SPAM", "GET", "EGGS", "GET", "DELETE"} {
		request += c + " / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"
	}
	out, _, err := basehttptest.Serve(func() basehttp.Handler {
		h := &everyDo{}
		h.ProtocolVersion = "HTTP/1.1"
		return h
	}, request)
	var codes []string
	for _, line := range strings.Split(out, "\r\n") {
		if code, ok := strings.CutPrefix(line, "HTTP/1.1 "); ok {
			codes = append(codes, code[:3])
		}
	}
	if got, want := strings.Join(codes, " "), "200 203 202 226 200 208 200"; got != want {
		t.Errorf("codes %s, want %s", got, want)
	}
	if err == nil || err.Error() != "not here" {
		t.Errorf("DELETE's error: %v, want not here", err)
	}
}
