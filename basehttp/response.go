package basehttp

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/basehttpserver/basehttpserver/internal/py"
)

// ErrHeaderInjection is returned by SendHeader and SendResponseOnly when a name,
// value or reason phrase holds a CR or LF, which would let it end the line and
// add headers or a body of its own. (Python writes such text as it is.)
var ErrHeaderInjection = errors.New("basehttp: CR or LF in a response header")

// fail records err as the response's error, unless one is recorded already,
// and returns the recorded one (see "Responses" in the package doc).
func (h *BaseHTTPRequestHandler) fail(err error) error {
	if h.err == nil {
		h.err = err
		h.headersBuffer = h.headersBuffer[:0]
		h.CloseConnection = true
		if h.Wfile != nil {
			h.Wfile.Reset(io.Discard) // what this request buffered is no response
		}
	}
	return h.err
}

// SendResponse logs the request with its status code, then buffers the status
// line and the Server and Date headers. message replaces the reason phrase
// StatusText gives.
func (h *BaseHTTPRequestHandler) SendResponse(code int, message ...string) error {
	h.virtual().LogRequest(code)
	if err := h.SendResponseOnly(code, message...); err != nil {
		return err
	}
	if err := h.SendHeader("Server", h.VersionString()); err != nil {
		return err
	}
	return h.SendHeader("Date", h.DateTimeString())
}

// SendResponseOnly buffers the status line alone; an HTTP/0.9 request gets none.
func (h *BaseHTTPRequestHandler) SendResponseOnly(code int, message ...string) error {
	if h.err != nil {
		return h.err
	}
	if h.RequestVersion == "HTTP/0.9" {
		return nil
	}
	msg, _ := StatusText(code)
	if len(message) > 0 {
		msg = message[0]
	}
	if hasLineEnd(msg) {
		return h.fail(ErrHeaderInjection)
	}
	b := append(h.headersBuffer, h.ProtocolVersion...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(code), 10)
	b, err := py.EncodeLatin1(b, " ", msg, "\r\n")
	if err != nil {
		return h.fail(fmt.Errorf("basehttp: status line %d %s not sent: %w", code, py.Repr(msg), err))
	}
	h.headersBuffer = b
	return nil
}

// hasLineEnd reports whether s holds a CR or an LF.
func hasLineEnd(s string) bool {
	return strings.IndexByte(s, '\r') >= 0 || strings.IndexByte(s, '\n') >= 0
}

// SendHeader buffers one header line. A Connection header of "close" or
// "keep-alive" sets CloseConnection accordingly.
func (h *BaseHTTPRequestHandler) SendHeader(name, value string) error {
	if h.err != nil {
		return h.err
	}
	if hasLineEnd(name) || hasLineEnd(value) {
		return h.fail(ErrHeaderInjection)
	}
	if h.RequestVersion != "HTTP/0.9" {
		b, err := py.EncodeLatin1(h.headersBuffer, name, ": ", value, "\r\n")
		if err != nil {
			return h.fail(fmt.Errorf("basehttp: header %s not sent: %w", py.Repr(name), err))
		}
		h.headersBuffer = b
	}
	if strings.EqualFold(name, "connection") {
		if strings.EqualFold(value, "close") {
			h.CloseConnection = true
		} else if strings.EqualFold(value, "keep-alive") {
			h.CloseConnection = false
		}
	}
	return nil
}

// EndHeaders buffers the blank line that ends the headers and flushes them.
// It returns the first error of the response, if any, having sent nothing.
func (h *BaseHTTPRequestHandler) EndHeaders() error {
	if h.err != nil {
		return h.err
	}
	if h.RequestVersion == "HTTP/0.9" {
		return nil
	}
	h.headersBuffer = append(h.headersBuffer, "\r\n"...)
	return h.FlushHeaders()
}

// FlushHeaders writes the buffered status and header lines to Wfile.
// Wfile is itself buffered: HandleOneRequest flushes it after each request.
// It returns the first error of the response, if any, having sent nothing.
func (h *BaseHTTPRequestHandler) FlushHeaders() error {
	if h.err != nil {
		return h.err
	}
	_, err := h.Wfile.Write(h.headersBuffer)
	h.headersBuffer = h.headersBuffer[:0]
	if err != nil {
		return h.fail(err)
	}
	return nil
}

// SendError sends and logs a complete error response: the status line with
// message (default: the reason phrase StatusText gives), "Connection: close",
// and unless the code is 1xx, 204, 205 or 304, an HTML page made from
// ErrorMessageFormat with message and explain (default: the description
// StatusText gives) HTML-escaped, with its Content-Type and Content-Length. A
// HEAD request gets the headers without the page. Codes StatusText does not
// know have "???" for both texts.
func (h *BaseHTTPRequestHandler) SendError(code int, messageExplain ...string) error {
	message, explain := StatusText(code)
	if message == "" {
		message, explain = "???", "???"
	}
	if len(messageExplain) > 0 {
		message = messageExplain[0]
	}
	if len(messageExplain) > 1 {
		explain = messageExplain[1]
	}
	h.virtual().LogError("code %d, message %s", code, message)
	h.SendResponse(code, message)
	h.SendHeader("Connection", "close")
	var body string
	if code >= 200 && code != 204 && code != 205 && code != 304 {
		c := strconv.Itoa(code)
		body = strings.NewReplacer("%(code)d", c, "%(code)s", c, "%%", "%",
			"%(message)s", htmlEscape.Replace(message),
			"%(explain)s", htmlEscape.Replace(explain)).Replace(h.ErrorMessageFormat)
		h.SendHeader("Content-Type", h.ErrorContentType)
		h.SendHeader("Content-Length", strconv.Itoa(len(body)))
	}
	if err := h.EndHeaders(); err != nil {
		return err
	}
	if h.Command != "HEAD" && body != "" {
		_, err := h.Wfile.WriteString(body)
		return err
	}
	return nil
}

// htmlEscape is Python's html.escape(s, quote=False).
var htmlEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
