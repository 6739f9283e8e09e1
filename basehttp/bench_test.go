package basehttp

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/basehttpserver/basehttpserver/internal/py"
	"github.com/basehttpserver/basehttpserver/socketserver"
)

// echoMessage is the body of the article's GET example, made from what either
// server knows about the request.
func echoMessage(client, addr, command, path, version, server, sys, proto string, headers Header) string {
	before, _, _ := strings.Cut(path, "#")
	realPath, query, _ := strings.Cut(before, "?")
	lines := []string{
		"CLIENT VALUES:",
		fmt.Sprintf("client_address=%s (%s)", client, addr),
		"command=" + command, "path=" + path, "real path=" + realPath, "query=" + query,
		"request_version=" + version, "",
		"SERVER VALUES:",
		"server_version=" + server, "sys_version=" + sys, "protocol_version=" + proto, "",
		"HEADERS RECEIVED:",
	}
	sort.Slice(headers, func(i, j int) bool { return headers[i].Name < headers[j].Name })
	for _, f := range headers {
		lines = append(lines, f.Name+"="+strings.TrimSpace(f.Value))
	}
	return strings.Join(append(lines, ""), "\r\n")
}

// benchHandler is the GET example with a Content-Length, so that HTTP/1.1
// clients can keep the connection.
type benchHandler struct{ BaseHTTPRequestHandler }

func (h *benchHandler) DoGET() error {
	body := echoMessage(py.Addr(h.ClientAddress), h.AddressString(), h.Command, h.Path,
		h.RequestVersion, h.ServerVersion, h.SysVersion, h.ProtocolVersion, append(Header(nil), h.Headers...))
	h.SendResponse(200)
	h.SendHeader("Content-Length", strconv.Itoa(len(body)))
	if err := h.EndHeaders(); err != nil {
		return err
	}
	_, err := h.Wfile.WriteString(body)
	return err
}

// netHTTPHandler writes the same body with net/http.
func netHTTPHandler(w http.ResponseWriter, r *http.Request) {
	var headers Header
	for name, vs := range r.Header {
		for _, v := range vs {
			headers = append(headers, Field{name, v})
		}
	}
	headers = append(headers, Field{"Host", r.Host})
	host, port, _ := net.SplitHostPort(r.RemoteAddr)
	body := echoMessage("('"+host+"', "+port+")", host, r.Method, r.RequestURI, r.Proto,
		DefaultServerVersion, DefaultSysVersion(), "HTTP/1.1", headers)
	w.Header().Set("Server", DefaultServerVersion+" "+DefaultSysVersion())
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	io.WriteString(w, body)
}

const benchRequest = "GET /?foo=bar HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n"

// readResponse reads one response with a Content-Length from r.
func readResponse(r *bufio.Reader) error {
	n := -1
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return err
		}
		if len(line) <= 2 {
			break
		}
		if v, ok := strings.CutPrefix(string(line), "Content-Length: "); ok {
			n, _ = strconv.Atoi(strings.TrimSpace(v))
		}
	}
	if n < 0 {
		return fmt.Errorf("no Content-Length")
	}
	_, err := r.Discard(n)
	return err
}

func benchKeepAlive(b *testing.B, addr string) {
	b.RunParallel(func(pb *testing.PB) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			b.Error(err)
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		for pb.Next() {
			if _, err := io.WriteString(c, benchRequest+"\r\n"); err != nil {
				b.Error(err)
				return
			}
			if err := readResponse(r); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func benchConnPerRequest(b *testing.B, addr string) {
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				b.Error(err)
				return
			}
			_, err = io.WriteString(c, benchRequest+"Connection: close\r\n\r\n")
			if err == nil {
				err = readResponse(bufio.NewReader(c))
			}
			c.Close()
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// startBenchServer starts a threading server of newHandler on a loopback
// port, its log discarded, and stops it when the benchmark ends.
func startBenchServer(b *testing.B, newHandler func() Handler) *HTTPServer {
	srv, err := NewThreadingHTTPServer("127.0.0.1:0", newHandler)
	if err != nil {
		b.Fatal(err)
	}
	srv.ErrorLog = io.Discard
	go srv.ServeForever(0)
	b.Cleanup(func() {
		srv.Shutdown()
		srv.Close()
	})
	return srv
}

// BenchmarkGET compares the GET example on a threading server with a net/http
// handler writing the same body, on kept-alive connections and on a new
// connection per request.
func BenchmarkGET(b *testing.B) {
	srv := startBenchServer(b, func() Handler {
		h := &benchHandler{}
		h.ProtocolVersion = "HTTP/1.1"
		return h
	})

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	hs := &http.Server{Handler: http.HandlerFunc(netHTTPHandler)}
	go hs.Serve(ln)
	defer hs.Close()

	b.Run("basehttp/keepalive", func(b *testing.B) { benchKeepAlive(b, srv.Addr().String()) })
	b.Run("nethttp/keepalive", func(b *testing.B) { benchKeepAlive(b, ln.Addr().String()) })
	b.Run("basehttp/conn-per-request", func(b *testing.B) { benchConnPerRequest(b, srv.Addr().String()) })
	b.Run("nethttp/conn-per-request", func(b *testing.B) { benchConnPerRequest(b, ln.Addr().String()) })
}

// BenchmarkHandler is the handler alone, without a network: one connection
// carrying the GET example's request, served in memory.
func BenchmarkHandler(b *testing.B) {
	request := benchRequest + "\r\n"
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, _, err := run(b, &benchHandler{}, strings.NewReader(request)); err != nil {
			b.Fatal(err)
		}
	}
}

// repeatReader gives the same request n times, then end of input.
type repeatReader struct {
	request string
	n       int
	rest    string
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.rest == "" {
		if r.n == 0 {
			return 0, io.EOF
		}
		r.n--
		r.rest = r.request
	}
	n := copy(p, r.rest)
	r.rest = r.rest[n:]
	return n, nil
}

// BenchmarkKeepAliveGET is b.N GET requests of the GET example on one
// kept-alive connection, served in memory: allocs/op is per request.
func BenchmarkKeepAliveGET(b *testing.B) {
	h := &benchHandler{}
	h.ProtocolVersion = "HTTP/1.1"
	b.ReportAllocs()
	if _, _, err := run(b, h, &repeatReader{request: benchRequest + "\r\n", n: b.N}); err != nil {
		b.Fatal(err)
	}
}

// fixedHandler answers GET with a fixed reply, so that what a request costs
// is the framework's alone: it formats nothing and keeps nothing.
type fixedHandler struct{ BaseHTTPRequestHandler }

func (h *fixedHandler) DoGET() error {
	h.SendResponse(200)
	h.SendHeader("Content-Length", "3")
	if err := h.EndHeaders(); err != nil {
		return err
	}
	_, err := h.Wfile.WriteString("hi\n")
	return err
}

// sinkConn is a connection that reads from in and throws away what is
// written, so that a long benchmark does not grow a buffer.
type sinkConn struct {
	memConn
}

func (c *sinkConn) Write(p []byte) (int, error) { return len(p), nil }

// serveKeepAlive serves n copies of the GET example's request on one
// in-memory connection with h, logging to log, on a server with the real
// clock, and returns h's error.
func serveKeepAlive(h Handler, n int, log io.Writer) error {
	hs := &HTTPServer{Server: &socketserver.Server{ErrorLog: log}}
	newHandler, err := NewHandlerFunc(hs, func() Handler { return h })
	if err != nil {
		return err
	}
	h = newHandler().(Handler)
	conn := &sinkConn{memConn{in: &repeatReader{request: benchRequest + "\r\n", n: n}}}
	req := &socketserver.Request{Conn: conn, ClientAddress: conn.RemoteAddr(), Server: hs.Server}
	if err := h.Setup(req); err != nil {
		return err
	}
	err = h.Handle()
	if ferr := h.Finish(); err == nil {
		err = ferr
	}
	return err
}

// BenchmarkKeepAliveFixed is b.N requests on one kept-alive connection,
// served in memory by fixedHandler: ns/op and allocs/op are the framework's
// own cost per request, with the log thrown away (io.Discard) and written
// (to a buffer emptied as it goes).
func BenchmarkKeepAliveFixed(b *testing.B) {
	for _, log := range []struct {
		name string
		w    io.Writer
	}{
		{"log=discard", io.Discard},
		{"log=written", &resetWriter{}},
	} {
		b.Run(log.name, func(b *testing.B) {
			h := &fixedHandler{}
			h.ProtocolVersion = "HTTP/1.1"
			b.ReportAllocs()
			if err := serveKeepAlive(h, b.N, log.w); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// resetWriter takes each write and forgets it, as a log file would, but
// looks at every byte.
type resetWriter struct{ n int }

func (w *resetWriter) Write(p []byte) (int, error) {
	for _, c := range p {
		w.n += int(c)
	}
	return len(p), nil
}

// cannedReply is what a canned server sends for every request: a reply
// like fixedHandler's, made once.
const cannedReply = "HTTP/1.1 200 OK\r\nServer: BaseHTTP/0.6 Go\r\nDate: Sun, 09 Dec 2007 16:00:34 GMT\r\n" +
	"Content-Length: 3\r\n\r\nhi\n"

// serveCanned is the ceiling the framework is measured against: each
// request on a connection is read up to its blank line and answered with
// cannedReply, without parsing, dispatch or logging.
func serveCanned(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			r := bufio.NewReader(c)
			w := bufio.NewWriter(c)
			for {
				line, err := r.ReadSlice('\n')
				if err != nil {
					return
				}
				if len(line) > 2 {
					continue
				}
				w.WriteString(cannedReply)
				if err := w.Flush(); err != nil {
					return
				}
			}
		}()
	}
}

// netHTTPFixed is fixedHandler written for net/http.
func netHTTPFixed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Server", DefaultServerVersion+" "+DefaultSysVersion())
	w.Header().Set("Content-Length", "3")
	io.WriteString(w, "hi\n")
}

// BenchmarkFixed serves fixedHandler on a threading server over loopback
// and compares it, in the same run, with the canned server and net/http
// answering the same: the ratio of canned to basehttp ns/op is the share
// of the time that is the network's and the client's. allocs/op counts
// the client's too, alike for all three.
func BenchmarkFixed(b *testing.B) {
	srv := startBenchServer(b, func() Handler {
		h := &fixedHandler{}
		h.ProtocolVersion = "HTTP/1.1"
		return h
	})

	canned, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go serveCanned(canned)
	defer canned.Close()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	hs := &http.Server{Handler: http.HandlerFunc(netHTTPFixed)}
	go hs.Serve(ln)
	defer hs.Close()

	b.Run("basehttp/keepalive", func(b *testing.B) { b.ReportAllocs(); benchKeepAlive(b, srv.Addr().String()) })
	b.Run("canned/keepalive", func(b *testing.B) { b.ReportAllocs(); benchKeepAlive(b, canned.Addr().String()) })
	b.Run("nethttp/keepalive", func(b *testing.B) { b.ReportAllocs(); benchKeepAlive(b, ln.Addr().String()) })
	b.Run("basehttp/conn-per-request", func(b *testing.B) { b.ReportAllocs(); benchConnPerRequest(b, srv.Addr().String()) })
	b.Run("nethttp/conn-per-request", func(b *testing.B) { b.ReportAllocs(); benchConnPerRequest(b, ln.Addr().String()) })
}

// BenchmarkConnFixed is b.N connections served in memory by fixedHandler,
// each carrying one request with "Connection: close": allocs/op is what
// the framework spends on a connection, its request included, with the
// log thrown away. The accepting and the goroutine, the socketserver's,
// are left out.
func BenchmarkConnFixed(b *testing.B) {
	hs := &HTTPServer{Server: &socketserver.Server{ErrorLog: io.Discard}}
	newHandler, err := NewHandlerFunc(hs, func() Handler {
		h := &fixedHandler{}
		h.ProtocolVersion = "HTTP/1.1"
		return h
	})
	if err != nil {
		b.Fatal(err)
	}
	request := benchRequest + "Connection: close\r\n\r\n"
	in := strings.NewReader(request)
	conn := &sinkConn{memConn{in: in}}
	req := &socketserver.Request{Conn: conn, ClientAddress: conn.RemoteAddr(), Server: hs.Server}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		in.Reset(request)
		h := newHandler()
		if err := h.Setup(req); err != nil {
			b.Fatal(err)
		}
		err := h.Handle()
		if ferr := h.Finish(); err == nil {
			err = ferr
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}
