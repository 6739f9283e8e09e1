package basehttp

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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
	var line []byte
	for len(line) < limit {
		if _, err := r.Peek(1); err != nil {
			if err == io.EOF {
				err = nil
			}
			return line, err
		}
		buf, _ := r.Peek(r.Buffered())
		if n := limit - len(line); len(buf) > n {
			buf = buf[:n]
		}
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			buf = buf[:i+1]
		}
		line = append(line, buf...)
		r.Discard(len(buf))
		if line[len(line)-1] == '\n' {
			break
		}
	}
	return line, nil
}

// readHeaders reads header lines up to the blank line (or end of input) as
// http.client.parse_headers does, then parses them.
func readHeaders(r *bufio.Reader) (Header, error) {
	// The lines are joined once at the end: growing one slice would copy it
	// again and again.
	var block [][]byte
	lines := 0 // the header lines as the email parser splits them (lineEnds)
	for n := 1; ; n++ {
		line, err := readLine(r, maxLine+1)
		if err != nil {
			return nil, err
		}
		if len(line) > maxLine {
			return nil, headerError{"Line too long",
				"got more than 65536 bytes when reading header line"}
		}
		if n > maxHeaders {
			return nil, headerError{"Too many headers", "got more than 100 headers"}
		}
		if len(line) == 0 || string(line) == "\r\n" || string(line) == "\n" {
			return parseHeaderBlock(bytes.Join(block, nil)), nil
		}
		if lines += lineEnds(line); lines >= maxHeaders {
			return nil, headerError{"Too many headers", "got more than 100 headers"}
		}
		block = append(block, line)
	}
}

// parseHeaderBlock does what Python's email parser (policy compat32) does with
// the block: lines end at CR LF, CR or LF; the fields end at the first line that
// is neither "name:", a continuation nor "From "; "From " lines and lines
// starting with ':' are dropped; a continuation line is appended, line end and
// all, to the field it continues.
func parseHeaderBlock(b []byte) Header {
	var h Header
	var name string
	var value []byte
	flush := func() {
		if name != "" {
			h = append(h, Field{name, latin1(bytes.TrimRight(value, "\r\n"))})
			name, value = "", nil
		}
	}
	for len(b) > 0 {
		end := len(b)
		if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
			end = i + 1
			if b[i] == '\r' && end < len(b) && b[end] == '\n' {
				end++
			}
		}
		line := b[:end]
		b = b[end:]
		switch {
		case line[0] == ' ' || line[0] == '\t':
			if name != "" {
				value = append(value, line...)
			}
		case bytes.HasPrefix(line, []byte("From ")):
			flush()
		default:
			flush()
			i := nameEnd(line)
			if i < 0 {
				return h
			}
			if i > 0 {
				name = string(line[:i])
				value = append([]byte(nil), bytes.TrimLeft(line[i+1:], " \t")...)
			}
		}
	}
	flush()
	return h
}

// nameEnd returns the index of the ':' ending a field name of printable ASCII,
// or -1 if line does not start with one.
func nameEnd(line []byte) int {
	for i, c := range line {
		if c == ':' {
			return i
		}
		if c < 0x21 || c > 0x7e {
			return -1
		}
	}
	return -1
}

// latin1 decodes ISO-8859-1 bytes, as Python decodes the request, into a Go string.
// It allocates the result once, at its size: a header value can be megabytes.
func latin1(b []byte) string {
	high := 0 // the bytes that take two in UTF-8
	for _, c := range b {
		if c >= utf8.RuneSelf {
			high++
		}
	}
	if high == 0 {
		return string(b)
	}
	var s strings.Builder
	s.Grow(len(b) + high)
	for _, c := range b {
		s.WriteRune(rune(c))
	}
	return s.String()
}

// encodeLatin1 appends the strings encoded as ISO-8859-1, failing like Python's
// encode('latin-1', 'strict') on characters beyond U+00FF.
func encodeLatin1(dst []byte, strs ...string) ([]byte, error) {
	for _, s := range strs {
		for _, r := range s {
			if r > 0xff {
				return dst, errors.New("basehttp: " + strconv.QuoteRune(r) +
					" cannot be encoded in Latin-1")
			}
			dst = append(dst, byte(r))
		}
	}
	return dst, nil
}

// isSpace is Python's str.isspace for the characters a Latin-1 request can hold.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || 0x1c <= r && r <= 0x1f
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
	return s != "" && len(s) <= 10 && strings.Trim(s, "0123456789") == ""
}
