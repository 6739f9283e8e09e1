package cgiform

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
)

const urlencoded = "application/x-www-form-urlencoded"

// Parse reads a form, as Python's cgi.FieldStorage(fp=body, headers=header,
// environ=environ, ...) does, and returns its top-level FieldStorage.
//
// environ holds the CGI variables REQUEST_METHOD (default GET),
// QUERY_STRING, CONTENT_TYPE and CONTENT_LENGTH. For GET and HEAD, Parse
// reads QUERY_STRING and ignores body. If header is nil, Parse builds it
// from environ, as Python does when headers is None: then a urlencoded or
// multipart POST also gets QUERY_STRING's fields, after the body's in a
// urlencoded form and before the parts in a multipart one. A header that is
// not nil (an http.Header converts to it) is used as it is.
//
// On error Parse returns a nil form and leaves no temporary file behind;
// otherwise the caller must Close the form.
func Parse(body io.Reader, header textproto.MIMEHeader, environ map[string]string, opts *Options) (*FieldStorage, error) {
	p := parsers.Get().(*parser)
	*p = parser{opts: opts.resolve(), method: "GET", cleanup: &cleanup{}, r: p.r, w: p.w, hdr: p.hdr, buf: p.buf}
	defer func() {
		p.r.Reset(nil)
		p.w.Reset(nil)
		parsers.Put(p)
	}()
	var err error
	if p.codec, err = newCodec(p.opts.Encoding, p.opts.Errors); err != nil {
		return nil, err
	}
	if m, ok := environ["REQUEST_METHOD"]; ok {
		p.method = strings.ToUpper(m)
	}
	top := &node{length: -1, maxFields: p.opts.MaxNumFields}
	if p.method == "GET" || p.method == "HEAD" {
		body = strings.NewReader(environ["QUERY_STRING"])
		if header == nil {
			header = textproto.MIMEHeader{"Content-Type": {urlencoded}}
		}
	}
	if header == nil {
		header = make(textproto.MIMEHeader)
		if p.method == "POST" {
			header.Set("Content-Type", urlencoded)
		}
		if v, ok := environ["CONTENT_TYPE"]; ok {
			header.Set("Content-Type", v)
		}
		if v, ok := environ["CONTENT_LENGTH"]; ok {
			header.Set("Content-Length", v)
		}
		top.qsOnPost = environ["QUERY_STRING"]
	}
	header = canonical(header)
	if body == nil {
		body = strings.NewReader("")
	}
	if v := header["Content-Length"]; len(v) > 0 {
		var ok bool
		if top.length, ok = pyInt(v[0]); !ok {
			return nil, fmt.Errorf("%w: %q", ErrBadContentLength, v[0])
		}
		if top.length > p.opts.MaxBytes {
			return nil, ErrTooLarge
		}
		body = io.LimitReader(body, top.length)
	}
	top.limit = top.length
	if p.opts.Limit > 0 {
		top.limit = p.opts.Limit
	}
	p.r.Reset(&capReader{io.LimitedReader{R: body, N: p.opts.MaxBytes}})
	fs, err := p.field(header, top)
	if err == nil && p.truncated {
		err = ErrTruncated
	}
	if err != nil {
		(&FieldStorage{cleanup: p.cleanup}).Close()
		return nil, err
	}
	fs.cleanup = p.cleanup
	return fs, nil
}

// A parser holds what the whole form shares while it is read.
type parser struct {
	opts      Options
	codec     codec
	method    string
	r         *bufio.Reader // readline(1<<16) is r.ReadSlice('\n')
	eof       bool          // r returned io.EOF
	truncated bool          // the form ended early: ErrTruncated
	mem       int64         // bytes held in memory
	depth     int           // how deeply multipart parts nest here
	hdr, buf  []byte        // scratch for a header block and for data
	w         *bufio.Writer // buffers the temporary file being written
	cleanup   *cleanup
}

// A node is the state of one FieldStorage while it is read: Python's
// attributes that are not part of the result.
type node struct {
	next, last      []byte // "--" + the enclosing boundary, and + "--"; nil at the top
	length, limit   int64  // Content-Length and the bytes to span, or -1
	bytesRead, tell int64  // tell: bytes, or characters of text, written
	maxFields       int    // fields still allowed
	binary          bool   // a filename was given: keep bytes, do not decode
	qsOnPost        string
}

// parsers recycle the 64 KiB buffers of a parse, which cost more to clear
// than a small form costs to parse.
var parsers = sync.Pool{New: func() any {
	return &parser{r: bufio.NewReaderSize(nil, 1<<16), w: bufio.NewWriterSize(nil, 1<<16)}
}}

// field is the rest of Python's FieldStorage.__init__: it reads the
// disposition and type, and then the data.
func (p *parser) field(h textproto.MIMEHeader, n *node) (*FieldStorage, error) {
	fs := &FieldStorage{Header: h}
	if v := h["Content-Disposition"]; len(v) > 0 {
		fs.Disposition, fs.DispositionOptions = ParseHeader(v[0])
	}
	fs.Name = fs.DispositionOptions["name"]
	fs.Filename, n.binary = fs.DispositionOptions["filename"]
	if v := h["Content-Type"]; len(v) > 0 {
		fs.Type, fs.TypeOptions = ParseHeader(v[0])
	} else if n.next != nil || p.method != "POST" {
		fs.Type = "text/plain"
	} else {
		fs.Type = urlencoded
	}
	var err error
	switch {
	case fs.Type == urlencoded:
		err = p.readURLEncoded(fs, n)
	case strings.HasPrefix(fs.Type, "multipart/"):
		err = p.readMulti(fs, n)
	default:
		err = p.readLines(fs, n)
	}
	return fs, err
}

// hold counts n more bytes kept in memory against MaxMemory.
func (p *parser) hold(n int64) error {
	if p.mem += n; p.mem > p.opts.MaxMemory {
		return ErrTooLarge
	}
	return nil
}

// pyInt parses a Content-Length as Python's int() does, with white space
// around, an optional '+' and single underscores between digits. It
// reports false for anything else, negative numbers included.
func pyInt(s string) (int64, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "+")
	if s == "" || !isDigit(s[0]) || !isDigit(s[len(s)-1]) || strings.Contains(s, "__") {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		return math.MaxInt64, true // longer than any body: no bound at all
	}
	return n, err == nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// capReader reads from R, and fails with ErrTooLarge when asked for more
// than N bytes of a body that has more.
type capReader struct{ io.LimitedReader }

func (c *capReader) Read(b []byte) (int, error) {
	if c.N <= 0 {
		if k, err := c.R.Read(b[:1]); k == 0 {
			return 0, err
		}
		return 0, ErrTooLarge
	}
	return c.LimitedReader.Read(b)
}
