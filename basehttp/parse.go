package basehttp

import (
	"bufio"
	"bytes"
	"io"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/basehttpserver/basehttpserver/internal/py"
)

// A Field is one header line of a request: its name as the client spelled it and
// its value with leading blanks removed (Python's HTTPMessage keeps the rest,
// including the CR LF of a folded continuation line).
type Field struct {
	Name, Value string
}

// Header holds a request's header fields in the order they arrived, repeated
// names included, as Python's http.client.HTTPMessage does. Lookups ignore
// case, as Python's do.
type Header []Field

// Get returns the value of the first field named name, or "" if there is none
// (Python's headers.get(name, "")).
func (h Header) Get(name string) string {
	v, _ := h.Lookup(name)
	return v
}

// Lookup returns the value of the first field named name and whether there was one
// (Python's headers[name], which is None when the field is absent).
func (h Header) Lookup(name string) (string, bool) {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value, true
		}
	}
	return "", false
}

// Values returns the values of every field named name, in order (Python's get_all).
func (h Header) Values(name string) []string {
	var vs []string
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			vs = append(vs, f.Value)
		}
	}
	return vs
}

// MIMEHeader returns the fields as a textproto.MIMEHeader, the form Go's
// packages (cgiform.Parse among them) take: keys in canonical form, each
// name's values in order.
func (h Header) MIMEHeader() textproto.MIMEHeader {
	m := make(textproto.MIMEHeader, len(h))
	for _, f := range h {
		m.Add(f.Name, f.Value)
	}
	return m
}

// Sorted returns a copy of h sorted by name, then by value, as Python's
// sorted(headers.items()) orders the pairs: by code point, so that
// "Accept" comes before "Host" and "host".
func (h Header) Sorted() Header {
	c := make(Header, len(h))
	copy(c, h)
	// An insertion sort: a request has a few fields, at most 100, and
	// sort.Sort would take an allocation to see c as a sort.Interface.
	for i := 1; i < len(c); i++ {
		for j := i; j > 0 && fieldLess(c[j], c[j-1]); j-- {
			c[j], c[j-1] = c[j-1], c[j]
		}
	}
	return c
}

// fieldLess reports whether a sorts before b, as Python compares (name,
// value) pairs.
func fieldLess(a, b Field) bool {
	if a.Name != b.Name {
		return a.Name < b.Name
	}
	return a.Value < b.Value
}

// Python's limits: http.server reads the request line with readline(65537),
// http.client reads each header line the same way and at most 100 lines.
const (
	maxLine    = 65536
	maxHeaders = 100
)

// A headerError is a header block too large, answered with 431 and
// http.client's message and explanation.
type headerError struct{ message, explain string }

func (e headerError) Error() string { return e.explain }

// readLine reads through the next '\n', but never more than limit bytes, like
// Python's readline(limit). At end of input it returns what it has (maybe nothing)
// and no error.
func readLine(r *bufio.Reader, limit int) ([]byte, error) {
	return appendLine(nil, r, limit)
}

// appendLine is readLine appending the line to dst: limit bounds the line,
// not what dst held before.
func appendLine(dst []byte, r *bufio.Reader, limit int) ([]byte, error) {
	start := len(dst)
	for len(dst)-start < limit {
		if _, err := r.Peek(1); err != nil {
			if err == io.EOF {
				err = nil
			}
			return dst, err
		}
		buf, _ := r.Peek(r.Buffered())
		if n := limit - (len(dst) - start); len(buf) > n {
			buf = buf[:n]
		}
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			buf = buf[:i+1]
		}
		dst = append(dst, buf...)
		r.Discard(len(buf))
		if dst[len(dst)-1] == '\n' {
			break
		}
	}
	return dst, nil
}

// readHeaders reads header lines from Rfile up to the blank line (or end of
// input) as http.client.parse_headers does, then parses them. The lines
// are read one after the other into headerBlock, which the handler keeps
// for the next request unless it grew beyond maxKeptBuffer.
func (h *BaseHTTPRequestHandler) readHeaders() (Header, error) {
	block := h.headerBlock[:0]
	defer func() {
		h.headerBlock = block
		if cap(block) > maxKeptBuffer {
			h.headerBlock = nil
		}
	}()
	lines := 0 // the header lines as the email parser splits them (lineEnds)
	for n := 1; ; n++ {
		start := len(block)
		var err error
		block, err = appendLine(block, h.Rfile, maxLine+1)
		if err != nil {
			return nil, err
		}
		line := block[start:]
		if len(line) > maxLine {
			return nil, headerError{"Line too long",
				"got more than 65536 bytes when reading header line"}
		}
		if n > maxHeaders {
			return nil, headerError{"Too many headers", "got more than 100 headers"}
		}
		if len(line) == 0 || string(line) == "\r\n" || string(line) == "\n" {
			return parseHeaderBlock(block[:start], lines), nil
		}
		lines += lineEnds(line)
		if lines >= maxHeaders {
			return nil, headerError{"Too many headers", "got more than 100 headers"}
		}
	}
}

// parseHeaderBlock does what Python's email parser does with the block
// (see py.ParseHeaderBlock), on the block decoded as Latin-1: lines is the
// number of its lines, which no number of fields exceeds. The values are
// parts of that one decoded string, which the Header is the only
// allocation besides.
func parseHeaderBlock(b []byte, lines int) Header {
	if len(b) == 0 {
		return nil
	}
	h := make(Header, 0, lines)
	py.EachHeaderField(py.DecodeLatin1(b), func(name, value string) {
		h = append(h, Field{name, value})
	})
	if len(h) == 0 {
		return nil
	}
	return h
}

// appendWords appends the words of s to words as Python's str.split(),
// with no arguments, finds them: the runs of characters that are not
// whitespace (py.IsSpace). Given room for the three words of a request
// line, it allocates nothing for one.
func appendWords(words []string, s string) []string {
	start := -1 // where the word being read starts, or -1 between words
	for i, r := range s {
		space := py.IsSpace(r)
		switch {
		case space && start >= 0:
			words = append(words, s[start:i])
			start = -1
		case !space && start < 0:
			start = i
		}
	}
	if start >= 0 {
		words = append(words, s[start:])
	}
	return words
}

// parseVersion checks "HTTP/major.minor" the way parse_request does, returning
// the numbers and the part after the slash.
func parseVersion(v string) (major, minor uint64, number string, ok bool) {
	number, ok = strings.CutPrefix(v, "HTTP/")
	if !ok {
		return 0, 0, "", false
	}
	maj, min, ok := strings.Cut(number, ".")
	if !ok || strings.Contains(min, ".") || !digits(maj) || !digits(min) {
		return 0, 0, "", false
	}
	major, _ = strconv.ParseUint(maj, 10, 64)
	minor, _ = strconv.ParseUint(min, 10, 64)
	return major, minor, number, true
}

// digits reports whether s is 1 to 10 ASCII digits.
func digits(s string) bool {
	if s == "" || len(s) > 10 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
