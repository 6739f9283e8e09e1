package basehttp

import (
	"errors"
	"io"
	"net"
	"runtime"
	"strings"
	"time"

	"github.com/basehttpserver/basehttpserver/internal/py"
	"github.com/basehttpserver/basehttpserver/socketserver"
)

// Defaults of the handler's settings, Python's class attributes.
const (
	DefaultServerVersion      = "BaseHTTP/0.6"
	DefaultProtocolVersion    = "HTTP/1.0"
	DefaultRequestVersion     = "HTTP/0.9"
	DefaultErrorContentType   = "text/html;charset=utf-8"
	DefaultErrorMessageFormat = `<!DOCTYPE HTML>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <title>Error response</title>
    </head>
    <body>
        <h1>Error response</h1>
        <p>Error code: %(code)d</p>
        <p>Message: %(message)s.</p>
        <p>Error code explanation: %(code)s - %(explain)s.</p>
    </body>
</html>
`
)

// DefaultSysVersion returns the Go counterpart of Python's sys_version: "Go/"
// and the toolchain's version without its "go" prefix, e.g. "Go/1.26.0".
func DefaultSysVersion() string {
	return "Go/" + strings.TrimPrefix(runtime.Version(), "go")
}

// defaultSysVersion is DefaultSysVersion's string, made once.
var defaultSysVersion = DefaultSysVersion()

// Handler is what an HTTP server's NewHandler returns: a pointer to the
// user's type, which embeds BaseHTTPRequestHandler.
type Handler interface {
	socketserver.Handler
	base() *BaseHTTPRequestHandler
}

// BaseHTTPRequestHandler is Python's BaseHTTPRequestHandler: embed it in a type
// whose methods named "Do" and a request method (DoGET, DoPOST, DoSPAM) answer
// that method. Each such method takes no arguments and returns nothing or an
// error; an error goes to the server's HandleError and ends the connection.
//
// As a Python subclass overrides methods, the embedding type may define
// HandleExpect100, LogRequest, LogError and LogMessage, with the signatures
// here: the handler then calls those in place of its own, each on its own.
// The server's constructor (or NewHandlerFunc) checks the type once: a
// method whose name starts with "Do", or an override, of another signature
// is an error from it, and a handler it did not make fails in Setup.
//
// The settings are Python's class attributes; Setup fills those left empty
// with the Default values. The request fields are Python's instance
// attributes, set anew for each request on the connection.
type BaseHTTPRequestHandler struct {
	socketserver.StreamRequestHandler

	// HTTPServer is the server that made this handler, or nil when it runs
	// under a plain socketserver.Server.
	HTTPServer *HTTPServer

	ServerVersion         string // the Server header's product, "BaseHTTP/0.6"
	SysVersion            string // the Server header's second word, DefaultSysVersion()
	ProtocolVersion       string // the version answered with; "HTTP/1.1" enables keep-alive
	DefaultRequestVersion string // the version assumed until the request line says otherwise
	ErrorContentType      string // SendError's Content-Type

	// ErrorMessageFormat is SendError's page, in which Python's %(code)d,
	// %(code)s, %(message)s, %(explain)s and %% are replaced.
	ErrorMessageFormat string

	// HeaderTimeout, if not zero, bounds the time from the start of each
	// request until its header block has been read: Go's addition, as Timeout
	// bounds each read alone and lets a client trickle a byte at a time.
	HeaderTimeout time.Duration

	// ReadsChunked tells the handler that its methods decode a body sent
	// with "Transfer-Encoding: chunked" themselves, as Python leaves them to.
	// Without it, such a request on a connection that stays open is answered
	// with 400 (see the package doc's Limits).
	ReadsChunked bool

	RawRequestLine  []byte // the request line as read, line end included
	RequestLine     string // the request line without its line end, decoded as Latin-1
	Command         string // the method, e.g. "GET"
	Path            string // the request target, a leading "//" reduced to "/"
	RequestVersion  string // e.g. "HTTP/1.1"
	Headers         Header // the header fields, in order
	CloseConnection bool   // whether the connection ends after this request

	outer          Handler      // the user's value, for Do methods and overrides
	methods        *methodTable // outer's Do methods, found by NewHandlerFunc
	bound          boundMethod  // the Do method last called
	introErr       error        // why NewHandlerFunc could not introduce outer
	headersBuffer  []byte
	err            error // the first error of the response being written
	headerDeadline time.Time

	// What readHeaders, LogMessage and AddressString keep from one call to
	// the next.
	headerBlock []byte       // the last header block read
	logMessage  []byte       // the message of the last line logged
	logLine     []byte       // the last line logged
	addressOf   *net.TCPAddr // the address whose host is address
	address     string
}

func (h *BaseHTTPRequestHandler) base() *BaseHTTPRequestHandler { return h }

// overridable is the four overrides together: the user's value has them
// all, its own or promoted, once resolve has accepted its type.
type overridable interface {
	expect100Handler
	requestLogger
	errorLogger
	messageLogger
}

// virtual returns the user's value, whose overrides resolve checked, or h
// for a handler NewHandlerFunc did not make.
func (h *BaseHTTPRequestHandler) virtual() overridable {
	if o, ok := h.outer.(overridable); ok && h.methods != nil {
		return o
	}
	return h
}

// ErrNotIntroduced is returned by Setup for a handler that no server
// constructor or NewHandlerFunc made, so that its Do methods are unknown.
var ErrNotIntroduced = errors.New("basehttp: handler not made by NewHandlerFunc or an HTTP server constructor: its Do methods are unknown")

// Setup prepares the connection's streams and fills in the default settings.
// It fails for a handler that NewHandlerFunc did not make.
func (h *BaseHTTPRequestHandler) Setup(req *socketserver.Request) error {
	if h.introErr != nil {
		return h.introErr
	}
	if h.methods == nil {
		return ErrNotIntroduced
	}
	if err := h.StreamRequestHandler.Setup(req); err != nil {
		return err
	}
	h.ServerVersion = py.OrDefault(h.ServerVersion, DefaultServerVersion)
	h.SysVersion = py.OrDefault(h.SysVersion, defaultSysVersion)
	h.ProtocolVersion = py.OrDefault(h.ProtocolVersion, DefaultProtocolVersion)
	h.DefaultRequestVersion = py.OrDefault(h.DefaultRequestVersion, DefaultRequestVersion)
	h.ErrorMessageFormat = py.OrDefault(h.ErrorMessageFormat, DefaultErrorMessageFormat)
	h.ErrorContentType = py.OrDefault(h.ErrorContentType, DefaultErrorContentType)
	// Room for the header lines of a usual response and the header block
	// of a usual request, made once for the connection, not grown line by
	// line.
	h.headersBuffer = make([]byte, 0, 256)
	h.headerBlock = make([]byte, 0, 512)
	if h.HeaderTimeout > 0 && h.Conn != nil {
		h.Rfile.Reset(deadlineReader{h}) // the same buffer, reading through the deadlines
	}
	return nil
}

// deadlineReader reads the connection with the earlier of the header deadline
// and the per-read Timeout.
type deadlineReader struct{ h *BaseHTTPRequestHandler }

func (r deadlineReader) Read(p []byte) (int, error) {
	d := r.h.headerDeadline
	if t := r.h.Timeout; t > 0 && (d.IsZero() || time.Until(d) > t) {
		d = time.Now().Add(t)
	}
	if err := r.h.Conn.SetReadDeadline(d); err != nil {
		return 0, err
	}
	return r.h.Conn.Read(p)
}

// Handle answers requests until one leaves CloseConnection set.
func (h *BaseHTTPRequestHandler) Handle() error {
	h.CloseConnection = true
	for {
		if err := h.HandleOneRequest(); err != nil || h.CloseConnection {
			return err
		}
	}
}

// HandleOneRequest reads, parses and answers one request, then flushes Wfile.
// When a read or write times out (Timeout, HeaderTimeout), the request is
// logged as timed out and the connection ends. Otherwise it returns the Do
// method's error or, if that is nil, the error that kept the response from
// being sent (see "Responses" in the package doc).
func (h *BaseHTTPRequestHandler) HandleOneRequest() error {
	if h.HeaderTimeout > 0 {
		h.headerDeadline = time.Now().Add(h.HeaderTimeout)
	}
	err := h.handleOneRequest()
	if err == nil {
		err = h.err // a response not sent, which the Do method did not return
	}
	if ferr := h.Wfile.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		// What is left is for a connection that failed: Finish, like
		// Python's, must not fail again trying to flush it.
		h.Wfile.Reset(io.Discard)
	}
	if err != nil && isTimeout(err) {
		h.virtual().LogError("Request timed out: %s", "TimeoutError('timed out')")
		h.CloseConnection = true
		return nil
	}
	return err
}

// isTimeout reports whether err is a timeout of the network.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func (h *BaseHTTPRequestHandler) handleOneRequest() error {
	raw, err := readLine(h.Rfile, maxLine+1)
	if err != nil {
		return err
	}
	if len(raw) > maxLine {
		h.RequestLine, h.RequestVersion, h.Command = "", "", ""
		return h.SendError(414)
	}
	if len(raw) == 0 {
		h.CloseConnection = true
		return nil
	}
	h.RawRequestLine = raw
	if ok, err := h.ParseRequest(); !ok || err != nil {
		return err
	}
	if found, err := h.call(); found {
		return err
	}
	return h.SendError(501, "Unsupported method ("+py.Repr(h.Command)+")")
}

// ParseRequest parses RawRequestLine and reads the header fields. It reports
// false when the request ends here; any error response has then been sent.
// The error is an I/O error.
func (h *BaseHTTPRequestHandler) ParseRequest() (bool, error) {
	h.Command, h.RequestVersion, h.CloseConnection = "", h.DefaultRequestVersion, true
	h.RequestLine = strings.TrimRight(py.DecodeLatin1(h.RawRequestLine), "\r\n")
	words := appendWords(make([]string, 0, 3), h.RequestLine)
	if len(words) == 0 {
		return false, nil
	}
	if len(words) >= 3 {
		version := words[len(words)-1]
		major, minor, number, ok := parseVersion(version)
		if !ok {
			return false, h.SendError(400, "Bad request version ("+py.Repr(version)+")")
		}
		if (major > 1 || major == 1 && minor >= 1) && h.ProtocolVersion >= "HTTP/1.1" {
			h.CloseConnection = false
		}
		if major >= 2 {
			return false, h.SendError(505, "Invalid HTTP version ("+number+")")
		}
		h.RequestVersion = version
	}
	if len(words) < 2 || len(words) > 3 {
		return false, h.SendError(400, "Bad request syntax ("+py.Repr(h.RequestLine)+")")
	}
	if len(words) == 2 {
		h.CloseConnection = true
		if words[0] != "GET" {
			return false, h.SendError(400, "Bad HTTP/0.9 request type ("+py.Repr(words[0])+")")
		}
	}
	h.Command, h.Path = words[0], words[1]
	if strings.HasPrefix(h.Path, "//") {
		h.Path = "/" + strings.TrimLeft(h.Path, "/")
	}

	var err error
	h.Headers, err = h.readHeaders()
	h.headerDeadline = time.Time{}
	if e, ok := err.(headerError); ok {
		return false, h.SendError(431, e.message, e.explain)
	}
	if err != nil {
		return false, err
	}

	switch conn := h.Headers.Get("Connection"); {
	case strings.EqualFold(conn, "close"):
		h.CloseConnection = true
	case strings.EqualFold(conn, "keep-alive") && h.ProtocolVersion >= "HTTP/1.1":
		h.CloseConnection = false
	}
	if refused, err := h.refuseAmbiguousFraming(); refused {
		return false, err
	}
	if strings.EqualFold(h.Headers.Get("Expect"), "100-continue") &&
		h.ProtocolVersion >= "HTTP/1.1" && h.RequestVersion >= "HTTP/1.1" {
		return h.virtual().HandleExpect100()
	}
	return true, nil
}

// HandleExpect100 answers "Expect: 100-continue" before the body is read.
// The default sends "100 Continue" and reports true; a handler type may define
// its own, which sends an error response and reports false to refuse the body.
func (h *BaseHTTPRequestHandler) HandleExpect100() (bool, error) {
	if err := h.SendResponseOnly(100); err != nil {
		return false, err
	}
	if err := h.EndHeaders(); err != nil {
		return false, err
	}
	return true, h.Wfile.Flush()
}
