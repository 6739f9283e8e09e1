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

	"github.com/basehttpserver/basehttpserver/internal/py"
)

// Bounds (see Limits): the Options defaults Python lacks, and MaxDepth, how deeply parts nest.
const (
	DefaultMaxBytes       = 4 << 30  // 4 GiB
	DefaultMaxMemory      = 32 << 20 // 32 MiB
	DefaultMaxHeaderBytes = 64 << 10 // 64 KiB
	DefaultMaxNumFields   = 10000
	MaxDepth              = 32
)

// Options are FieldStorage's keyword arguments (KeepBlankValues is keep_blank_values,
// and so on) and the bounds under Limits; the zero value, like nil, means the defaults.
type Options struct {
	// KeepBlankValues keeps urlencoded fields whose value is empty, and
	// StrictParsing makes a field without '=' an error.
	KeepBlankValues, StrictParsing bool
	// Limit, if positive, replaces Content-Length as the bytes the parts of
	// a multipart form may span.
	Limit int64
	// Encoding decodes text: "utf-8" (the default), "latin-1" or "ascii".
	// Errors handles bytes it cannot decode: "replace" (the default) puts
	// U+FFFD in their place, "ignore" drops them, "strict" is ErrDecode.
	Encoding, Errors string
	// MaxNumFields bounds the number of fields: 0 means DefaultMaxNumFields
	// and a negative value no bound.
	MaxNumFields int
	// Separator splits urlencoded fields ("&" by default), and TempDir is
	// where large values are spooled (os.TempDir() by default).
	Separator, TempDir string

	// MaxBytes, MaxMemory and MaxHeaderBytes bound the body, what the form
	// holds in memory, and one part's header block; 0 means the default.
	MaxBytes, MaxMemory int64
	MaxHeaderBytes      int
}

// Errors returned by Parse. Python raises ValueError for the first four.
var (
	// ErrInvalidBoundary means a multipart form's boundary is missing or not valid.
	ErrInvalidBoundary = errors.New("cgiform: invalid boundary in multipart form")
	// ErrTooManyFields means the form has more fields than MaxNumFields.
	ErrTooManyFields = errors.New("cgiform: max number of fields exceeded")
	// ErrBadQuery means StrictParsing met a urlencoded field without '='.
	ErrBadQuery = errors.New("cgiform: bad query field")
	// ErrTooLarge means the form exceeds MaxBytes or MaxMemory (or Python's maxlen).
	ErrTooLarge = errors.New("cgiform: maximum content length exceeded")
	// ErrDecode means Errors is "strict" and some bytes do not decode.
	ErrDecode = errors.New("cgiform: cannot decode")
	// ErrHeaderTooLarge means a part's header block exceeds MaxHeaderBytes.
	ErrHeaderTooLarge = errors.New("cgiform: part header too large")
	// ErrTooDeep means multipart parts nest more than MaxDepth deep.
	ErrTooDeep = errors.New("cgiform: multipart nested too deeply")
	// ErrBadContentLength means Content-Length is not a non-negative integer.
	ErrBadContentLength = errors.New("cgiform: bad Content-Length")
	// ErrTruncated means the body ended before the form did.
	ErrTruncated = errors.New("cgiform: body ended before the end of the form")
	// ErrEncoding means Encoding or Errors is not one this package knows.
	ErrEncoding = errors.New("cgiform: unknown encoding or error handler")
)

// resolve returns o with every zero bound replaced by its default.
func (o *Options) resolve() Options {
	var r Options
	if o != nil {
		r = *o
	}
	if r.MaxNumFields < 0 {
		r.MaxNumFields = math.MaxInt
	}
	r.Separator = py.OrDefault(r.Separator, "&")
	r.MaxNumFields = py.OrDefault(r.MaxNumFields, DefaultMaxNumFields)
	r.MaxBytes = py.OrDefault(r.MaxBytes, DefaultMaxBytes)
	r.MaxMemory = py.OrDefault(r.MaxMemory, DefaultMaxMemory)
	r.MaxHeaderBytes = py.OrDefault(r.MaxHeaderBytes, DefaultMaxHeaderBytes)
	return r
}

const urlencoded = "application/x-www-form-urlencoded"

// Parse reads a form as Python's cgi.FieldStorage(fp=body, headers=header,
// environ=environ, ...) does, and returns its top-level FieldStorage.
//
// environ holds the CGI variables REQUEST_METHOD (default GET),
// QUERY_STRING, CONTENT_TYPE and CONTENT_LENGTH; for GET and HEAD, Parse
// reads QUERY_STRING instead of body. A nil header is built from environ,
// as in Python, and then a POST also gets QUERY_STRING's fields: after a
// urlencoded body's, before a multipart body's parts. Any other header (an
// http.Header converts) is used as it is. On error Parse returns a nil
// form and leaves no temporary file; otherwise the caller must Close it.
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
		for k, name := range map[string]string{"CONTENT_TYPE": "Content-Type", "CONTENT_LENGTH": "Content-Length"} {
			if v, ok := environ[k]; ok {
				header.Set(name, v)
			}
		}
		top.qsOnPost = environ["QUERY_STRING"]
	}
	header = canonical(header)
	if body == nil {
		body = strings.NewReader("")
	}
	if v := header["Content-Length"]; len(v) > 0 {
		if top.length = pyInt(v[0]); top.length < 0 {
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
	fs.cleanup = p.cleanup
	if err == nil && p.truncated {
		err = ErrTruncated
	}
	if err != nil {
		fs.Close()
		return nil, err
	}
	return fs, nil
}

// A parser holds what the whole form shares while it is read.
type parser struct {
	opts           Options
	codec          codec
	method         string
	r              *bufio.Reader // readline(1<<16) is r.ReadSlice('\n')
	eof, truncated bool          // r returned io.EOF; the form ended early (ErrTruncated)
	mem            int64         // bytes held in memory
	depth          int           // how deeply multipart parts nest here
	hdr, buf       []byte        // scratch for a header block and for data
	w              *bufio.Writer // buffers the temporary file being written
	cleanup        *cleanup
}

// A node holds one FieldStorage's Python attributes that only reading uses.
type node struct {
	next, last      []byte // "--" + the enclosing boundary, and + "--"; nil at the top
	length, limit   int64  // Content-Length and the bytes to span, or -1
	bytesRead, tell int64  // tell: bytes, or characters of text, written
	maxFields       int    // fields still allowed
	binary          bool   // a filename was given: keep bytes, do not decode
	qsOnPost        string
}

// parsers recycle 64 KiB buffers, which cost more to clear than a small form.
var parsers = sync.Pool{New: func() any {
	return &parser{r: bufio.NewReaderSize(nil, 1<<16), w: bufio.NewWriterSize(nil, 1<<16)}
}}

// field is the rest of Python's FieldStorage.__init__, given the headers.
func (p *parser) field(h textproto.MIMEHeader, n *node) (*FieldStorage, error) {
	fs := &FieldStorage{Header: h}
	if v := h["Content-Disposition"]; len(v) > 0 {
		fs.Disposition, fs.DispositionOptions = ParseHeader(v[0])
	}
	fs.Name = fs.DispositionOptions["name"]
	fs.Filename, n.binary = fs.DispositionOptions["filename"]
	fs.Type = "text/plain"
	if v := h["Content-Type"]; len(v) > 0 {
		fs.Type, fs.TypeOptions = ParseHeader(v[0])
	} else if n.next == nil && p.method == "POST" {
		fs.Type = urlencoded
	}
	switch {
	case fs.Type == urlencoded:
		return fs, p.readURLEncoded(fs, n)
	case strings.HasPrefix(fs.Type, "multipart/"):
		return fs, p.readMulti(fs, n)
	}
	return fs, p.readLines(fs, n)
}

// hold counts n more bytes held in memory against MaxMemory.
func (p *parser) hold(n int64) error {
	if p.mem += n; p.mem > p.opts.MaxMemory {
		return ErrTooLarge
	}
	return nil
}

// pyInt parses a Content-Length as Python's int() does (white space around,
// '+', single underscores between digits), or returns -1, as for "-1".
func pyInt(s string) int64 {
	s = strings.TrimPrefix(strings.TrimSpace(s), "+")
	if strings.Trim(s, "0123456789_") != "" || strings.Trim(s, "_") != s || s == "" || strings.Contains(s, "__") {
		return -1
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64)
	if err != nil { // out of range: longer than any body, so no bound at all
		return math.MaxInt64
	}
	return n
}

// capReader fails with ErrTooLarge past N bytes of a body that has more.
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
