package basehttp

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/basehttpserver/basehttpserver/internal/py"
	"github.com/basehttpserver/basehttpserver/socketserver"
)

// parseHandler is the handler whose ParseRequest FuzzParseRequest calls.
type parseHandler struct{ BaseHTTPRequestHandler }

// FuzzParseRequest feeds a request line and header block to ParseRequest and
// checks what it makes of them.
func FuzzParseRequest(f *testing.F) {
	for _, c := range Corpus {
		if len(c.Raw) < 4096 {
			f.Add([]byte(c.Raw))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		newHandler, err := NewHandlerFunc(nil, func() Handler { return &parseHandler{} })
		if err != nil {
			t.Fatal(err)
		}
		h := newHandler().(*parseHandler)
		if err := h.Setup(&socketserver.Request{Conn: &memConn{}, Server: &socketserver.Server{ErrorLog: io.Discard}}); err != nil {
			t.Fatal(err)
		}
		h.Wfile = bufio.NewWriter(&out)
		r := bufio.NewReader(bytes.NewReader(data))
		line, err := readLine(r, maxLine+1)
		if err != nil || len(line) == 0 || len(line) > maxLine {
			return
		}
		h.Rfile, h.RawRequestLine = r, line
		ok, err := h.ParseRequest()
		if err != nil {
			t.Fatalf("ParseRequest: %v", err)
		}
		h.Wfile.Flush()
		if !utf8.ValidString(h.RequestLine) || strings.HasSuffix(h.RequestLine, "\r") || strings.HasSuffix(h.RequestLine, "\n") {
			t.Errorf("RequestLine %q from %q", h.RequestLine, line)
		}
		if !ok {
			if h.Headers != nil && out.Len() == 0 {
				t.Errorf("refused a request with headers %q and sent nothing", h.Headers)
			}
			return
		}
		if out.Len() > 0 && !strings.HasPrefix(out.String(), "HTTP/1.1 100 ") {
			t.Errorf("accepted the request but wrote %q", out.String())
		}
		if h.Command == "" || h.Path == "" || strings.IndexFunc(h.Command+h.Path, py.IsSpace) >= 0 {
			t.Errorf("Command %q, Path %q", h.Command, h.Path)
		}
		if strings.HasPrefix(h.Path, "//") {
			t.Errorf("Path %q starts with //", h.Path)
		}
		// http.client counts header lines at LF, at most 99; Python's email
		// parser then splits lines at a bare CR too, so each CR or LF may end
		// a field, and only a block without bare CRs has fewer than 100.
		lineEnds := bytes.Count(data, []byte("\r")) + bytes.Count(data, []byte("\n"))
		bareCR := bytes.Count(data, []byte("\r")) > bytes.Count(data, []byte("\r\n"))
		if len(h.Headers) > lineEnds || !bareCR && len(h.Headers) >= maxHeaders {
			t.Errorf("%d header fields from %d line ends (bare CR: %v)", len(h.Headers), lineEnds, bareCR)
		}
		for _, fl := range h.Headers {
			if fl.Name == "" || strings.ContainsAny(fl.Name, ": \t\r\n") || strings.HasSuffix(fl.Value, "\n") || strings.HasSuffix(fl.Value, "\r") {
				t.Errorf("field %q", fl)
			}
		}
	})
}
