package basehttp

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/internal/py"
	"github.com/basehttpserver/basehttpserver/socketserver"
)

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
// and returns what h wrote on the connection and in the log.
func run(t testing.TB, h Handler, in io.Reader) (out, log string, err error) {
	conn := &memConn{in: in}
	log, err = serveConn(h, conn)
	return conn.out.String(), log, err
}

// serveConn serves conn with h as a server with a pinned clock would and
// returns the log.
func serveConn(h Handler, conn net.Conn) (log string, err error) {
	var logBuf bytes.Buffer
	hs := &HTTPServer{Server: &socketserver.Server{ErrorLog: &logBuf}, Clock: func() time.Time { return pinned }}
	newHandler, err := NewHandlerFunc(hs, func() Handler { return h })
	if err != nil {
		return "", err
	}
	h = newHandler().(Handler)
	req := &socketserver.Request{Conn: conn, ClientAddress: conn.RemoteAddr(), Server: hs.Server}
	if err = h.Setup(req); err == nil {
		err = h.Handle()
		if ferr := h.Finish(); err == nil {
			err = ferr
		}
	}
	return logBuf.String(), err
}

func runString(t testing.TB, h Handler, in string) (out, log string) {
	t.Helper()
	out, log, err := run(t, h, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	return out, log
}

type plainHandler struct{ BaseHTTPRequestHandler }

func (h *plainHandler) DoGET() {
	h.SendResponse(200)
	h.SendHeader("Content-Length", "3")
	h.EndHeaders()
	h.Wfile.WriteString("hi\n")
}

func TestGETResponseAndLog(t *testing.T) {
	out, log := runString(t, &plainHandler{}, "GET /x HTTP/1.0\r\n\r\n")
	wantOut := "HTTP/1.0 200 OK\r\nServer: BaseHTTP/0.6 " + DefaultSysVersion() +
		"\r\nDate: Sun, 09 Dec 2007 16:00:34 GMT\r\nContent-Length: 3\r\n\r\nhi\n"
	if out != wantOut {
		t.Errorf("response\n got %q\nwant %q", out, wantOut)
	}
	wantLog := "127.0.0.1 - - [" + pinned.Local().Format("02/Jan/2006 15:04:05") + "] \"GET /x HTTP/1.0\" 200 -\n"
	if log != wantLog {
		t.Errorf("log\n got %q\nwant %q", log, wantLog)
	}
}

// funcHandler answers GET with a function, for tests.
type funcHandler struct {
	BaseHTTPRequestHandler
	get func(h *funcHandler)
}

func (h *funcHandler) DoGET() { h.get(h) }

func TestHeaders(t *testing.T) {
	var got Header
	h := &funcHandler{get: func(h *funcHandler) { got = h.Headers }}
	runString(t, h, "GET / HTTP/1.0\r\nHost: a\r\nX-Dup: 1\r\nx-dup: 2\r\nX-Fold: a\r\n b\r\n\r\n")
	want := Header{{"Host", "a"}, {"X-Dup", "1"}, {"x-dup", "2"}, {"X-Fold", "a\r\n b"}}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("field %d = %q, want %q", i, got[i], want[i])
		}
	}
	if v := got.Get("HOST"); v != "a" {
		t.Errorf("Get(HOST) = %q", v)
	}
	if vs := got.Values("X-DUP"); len(vs) != 2 || vs[0] != "1" || vs[1] != "2" {
		t.Errorf("Values(X-DUP) = %q", vs)
	}
	if _, ok := got.Lookup("Missing"); ok {
		t.Error("Lookup(Missing) found a field")
	}
}

func TestSendHeaderRefusesCRLF(t *testing.T) {
	for _, c := range []struct{ name, value string }{
		{"X-A", "v\r\nSet-Cookie: evil=1"},
		{"X-A", "v\nX: y"},
		{"X-A", "v\r"},
		{"X-A\r\nX-B", "v"},
	} {
		var sendErr error
		h := &funcHandler{get: func(h *funcHandler) {
			h.SendResponse(200)
			sendErr = h.SendHeader(c.name, c.value)
			h.EndHeaders()
		}}
		out, _, err := run(t, h, strings.NewReader("GET / HTTP/1.0\r\n\r\n"))
		if !errors.Is(sendErr, ErrHeaderInjection) || !errors.Is(err, ErrHeaderInjection) {
			t.Errorf("SendHeader(%q, %q) = %v, and the handler %v; want ErrHeaderInjection", c.name, c.value, sendErr, err)
		}
		if out != "" {
			t.Errorf("SendHeader(%q, %q) refused, yet the handler wrote %q", c.name, c.value, out)
		}
	}
	var sendErr error
	h := &funcHandler{get: func(h *funcHandler) { sendErr = h.SendResponse(200, "OK\r\nX-Evil: 1") }}
	if out, _, _ := run(t, h, strings.NewReader("GET / HTTP/1.0\r\n\r\n")); !errors.Is(sendErr, ErrHeaderInjection) || out != "" {
		t.Errorf("SendResponse with CR LF: %v, wrote %q", sendErr, out)
	}
}

func TestSendHeaderLatin1(t *testing.T) {
	h := &funcHandler{get: func(h *funcHandler) {
		h.SendResponse(200)
		h.SendHeader("X-Latin", "café")
		h.EndHeaders()
	}}
	if out, _ := runString(t, h, "GET / HTTP/1.0\r\n\r\n"); !strings.Contains(out, "X-Latin: caf\xe9\r\n") {
		t.Errorf("Latin-1 header: wrote %q", out)
	}
	var sendErr error
	h = &funcHandler{get: func(h *funcHandler) {
		h.SendResponse(200)
		sendErr = h.SendHeader("X-Greek", "λ")
		h.EndHeaders()
	}}
	out, _, err := run(t, h, strings.NewReader("GET / HTTP/1.0\r\n\r\n"))
	if sendErr == nil || err != sendErr || out != "" {
		t.Errorf("non-Latin-1 header: %v, the handler %v, wrote %q; want one error and nothing written", sendErr, err, out)
	}
}

func TestErrorPageEscapes(t *testing.T) {
	h := &funcHandler{get: func(h *funcHandler) { h.SendError(404, "<img src=x onerror=alert(1)>", "a & b <c>") }}
	out, _ := runString(t, h, "GET / HTTP/1.0\r\n\r\n")
	_, body, _ := strings.Cut(out, "\r\n\r\n")
	if strings.Contains(body, "<img") || strings.Contains(body, "<c>") {
		t.Errorf("client text not escaped in the page:\n%s", body)
	}
	for _, want := range []string{"&lt;img src=x onerror=alert(1)&gt;", "a &amp; b &lt;c&gt;"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
	// The request line a client sends comes back escaped in a 400's page too.
	out, _ = runString(t, &plainHandler{}, "GET /<script>alert(1)</script> x HTTP/1.0\r\n\r\n")
	if _, body, _ := strings.Cut(out, "\r\n\r\n"); strings.Contains(body, "<script>") || !strings.Contains(body, "&lt;script&gt;") {
		t.Errorf("400 page:\n%s", body)
	}
}

func TestLogEscapesControlCharacters(t *testing.T) {
	_, log := runString(t, &plainHandler{}, "GET /\x1b]0;pwned\x07\x1b[2J\\ HTTP/1.0\r\n\r\n")
	if strings.ContainsAny(log[:len(log)-1], "\x1b\x07\n") {
		t.Errorf("log holds raw control characters: %q", log)
	}
	if want := `"GET /\x1b]0;pwned\x07\x1b[2J\\ HTTP/1.0" 200 -`; !strings.Contains(log, want) {
		t.Errorf("log = %q, want it to hold %q", log, want)
	}
	if got := appendEscaped([]byte("x"), []byte("a\nb\u0085c\u00e9\\")); string(got) != `xa\x0ab\x85cé\\` {
		t.Errorf("appendEscaped = %q", got)
	}
}

func TestUnsupportedMethod(t *testing.T) {
	out, log := runString(t, &plainHandler{}, "BREW /pot HTTP/1.0\r\n\r\n")
	if !strings.HasPrefix(out, "HTTP/1.0 501 Unsupported method ('BREW')\r\n") {
		t.Errorf("response %q", out)
	}
	if !strings.Contains(log, "code 501, message Unsupported method ('BREW')") {
		t.Errorf("log %q", log)
	}
}

type failing struct{ BaseHTTPRequestHandler }

func (h *failing) DoGET() error { return errors.New("boom") }

func TestDoMethodError(t *testing.T) {
	_, _, err := run(t, &failing{}, strings.NewReader("GET / HTTP/1.0\r\n\r\n"))
	if err == nil || err.Error() != "boom" {
		t.Errorf("err = %v, want boom", err)
	}
}

// quiet overrides LogMessage and HandleExpect100.
type quiet struct {
	BaseHTTPRequestHandler
	logged []string
}

func (h *quiet) LogMessage(format string, args ...any) {
	h.logged = append(h.logged, format)
}

func (h *quiet) HandleExpect100() (bool, error) {
	return false, h.SendError(417)
}

func (h *quiet) DoPOST() { panic("the body was refused") }

func TestOverrides(t *testing.T) {
	h := &quiet{}
	h.ProtocolVersion = "HTTP/1.1"
	out, log := runString(t, h, "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
	if !strings.HasPrefix(out, "HTTP/1.1 417 Expectation Failed\r\n") {
		t.Errorf("response %q", out)
	}
	if log != "" || len(h.logged) != 2 {
		t.Errorf("server log %q, handler's log %q: want only the handler's, two lines", log, h.logged)
	}
}

// TestExpect100Flushed has a client that sends the body only once it has read
// "100 Continue": without the flush, both sides would wait for ever.
func TestExpect100Flushed(t *testing.T) {
	server, client := net.Pipe()
	defer client.Close()
	h := &funcHandler{get: nil}
	h.ProtocolVersion = "HTTP/1.1"
	done := make(chan error, 1)
	go func() {
		defer server.Close()
		_, err := serveConn(h, server)
		done <- err
	}()
	io.WriteString(client, "PUT / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n")
	r := bufio.NewReader(client)
	line, err := r.ReadString('\n')
	if line != "HTTP/1.1 100 Continue\r\n" || err != nil {
		t.Fatalf("first line %q, %v", line, err)
	}
	go io.WriteString(client, "x") // unread: it ends when the pipe closes
	rest, _ := io.ReadAll(r)       // 501: no DoPUT; Connection: close ends it
	if !strings.Contains(string(rest), "501 Unsupported method ('PUT')") {
		t.Errorf("then %q", rest)
	}
	if err := <-done; err != nil {
		t.Error(err)
	}
}

func TestRequestFields(t *testing.T) {
	var got BaseHTTPRequestHandler
	h := &funcHandler{get: func(h *funcHandler) { got = h.BaseHTTPRequestHandler }}
	runString(t, h, "GET //x/?foo=bar HTTP/1.1\r\nHost: h\r\n\r\n")
	if got.Command != "GET" || got.Path != "/x/?foo=bar" || got.RequestVersion != "HTTP/1.1" ||
		got.RequestLine != "GET //x/?foo=bar HTTP/1.1" || !got.CloseConnection ||
		got.ServerVersion != "BaseHTTP/0.6" || got.ProtocolVersion != "HTTP/1.0" ||
		got.AddressString() != "127.0.0.1" || py.Addr(got.ClientAddress) != "('127.0.0.1', 51275)" {
		t.Errorf("fields: %+v", got)
	}
}

func TestKeepAlive(t *testing.T) {
	h := &plainHandler{}
	h.ProtocolVersion = "HTTP/1.1"
	out, log := runString(t, h, "GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\nGET /3 HTTP/1.1\r\nConnection: close\r\n\r\nGET /4 HTTP/1.1\r\n\r\n")
	if n := strings.Count(out, "HTTP/1.1 200 OK"); n != 3 {
		t.Errorf("%d responses, want 3: %q", n, out)
	}
	if strings.Contains(log, "/4") {
		t.Errorf("request after Connection: close was served: %q", log)
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
