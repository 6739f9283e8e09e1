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
	DefaultMaxTextBytes   = 10 << 20 // 10 MiB, net/http's bound on a form's non-file data
	DefaultMaxLines       = 32 << 20 // 33,554,432
	MaxDepth              = 32
)

// Options are FieldStorage's keyword arguments (KeepBlankValues is keep_blank_values,
// and so on) and the bounds under Limits; the zero value, like nil, means the defaults.
type Options struct {
	// KeepBlankValues keeps urlencoded fields whose value is empty.
	KeepBlankValues bool

	// StrictParsing makes a urlencoded field without '=' an error, ErrBadQuery.
	StrictParsing bool

	// Limit, if positive, replaces Content-Length as the bytes the parts of
	// a multipart form may span.
	Limit int64

	// Encoding decodes text: "utf-8" (the default), "latin-1" or "ascii".
	Encoding string

	// Errors handles bytes Encoding cannot decode: "replace" (the default)
	// puts U+FFFD in their place, "ignore" drops them, "strict" is ErrDecode,
	// and "surrogateescape" keeps them as they are, the bytes Python's lone
	// surrogates encode back to.
	Errors string

	// MaxNumFields bounds the number of fields: 0 means DefaultMaxNumFields
	// and a negative value no bound.
	MaxNumFields int

	// Separator splits urlencoded fields; "" means "&".
	Separator string

	// TempDir is where large values are spooled; "" means os.TempDir().
	TempDir string

	// MaxBytes bounds the body; 0 means DefaultMaxBytes.
	MaxBytes int64

	// MaxMemory bounds what the form holds in memory; 0 means DefaultMaxMemory.
	MaxMemory int64

	// MaxHeaderBytes bounds one part's header block; 0 means DefaultMaxHeaderBytes.
	MaxHeaderBytes int

	// MaxTextBytes bounds the text of the parts without a filename, and of a
	// body that is no form, all together: the values Value returns whole,
	// whether held in memory or spooled; 0 means DefaultMaxTextBytes.
	MaxTextBytes int64

	// MaxLines bounds the lines read from a multipart or plain body (a line
	// longer than 64 KiB counts once a 64 KiB piece), and so the time a body
	// of short lines takes; 0 means DefaultMaxLines.
	MaxLines int64
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
	// ErrTextTooLarge means the text of parts without a filename exceeds MaxTextBytes.
	ErrTextTooLarge = errors.New("cgiform: text fields too large")
	// ErrTooManyLines means the body has more lines than MaxLines.
	ErrTooManyLines = errors.New("cgiform: too many lines in body")
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
	r.MaxTextBytes = py.OrDefault(r.MaxTextBytes, DefaultMaxTextBytes)
	r.MaxLines = py.OrDefault(r.MaxLines, DefaultMaxLines)
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
	p.reset(opts.resolve())
	defer func() {
		p.r.Reset(nil)
		p.w.Reset(nil)
		parsers.Put(p)
	}()
	var err error
	p.codec, err = newCodec(p.opts.Encoding, p.opts.Errors)
	if err != nil {
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
		top.length = pyInt(v[0])
		if top.length < 0 {
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
	fs, err := p.top(header, top)
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
	opts      Options
	codec     codec
	method    string
	r         *bufio.Reader // readline(1<<16) is r.ReadSlice('\n')
	eof       bool          // r returned io.EOF
	truncated bool          // the form ended inside a part's data (ErrTruncated)
	mem       int64         // bytes held in memory
	text      int64         // bytes of text written (MaxTextBytes)
	lines     int64         // lines read (MaxLines)
	parts     int           // parts read by Readers
	maxParts  int           // a Reader's bound on parts; Parse counts fields itself
	keep      bool          // Parse keeps the parts: their header text goes to arena
	hdr       []byte        // scratch for a header block
	buf       []byte        // scratch for decoded data
	step      []byte        // scratch for a line and the line break before it
	joined    []byte        // scratch for a line cut after a CR, with the CR
	val       []byte        // the value being read, while it is held in memory
	tell      int64         // Python's tell() of that value: bytes, or characters of text
	spool     *extra        // where that value goes in the temporary file, once spooled
	arena     arena         // the text the form's fields keep
	w         *bufio.Writer // buffers the temporary file being written
	cleanup   *cleanup
}

// reset readies a parser from the pool for a form read with opts, keeping
// its buffers.
func (p *parser) reset(opts Options) {
	*p = parser{
		opts:     opts,
		method:   "GET",
		cleanup:  &cleanup{},
		maxParts: math.MaxInt,
		keep:     true,
		r:        p.r,
		w:        p.w,
		hdr:      p.hdr,
		buf:      p.buf,
		step:     p.step,
		joined:   p.joined,
		val:      p.val,
	}
}

// A node holds one FieldStorage's Python attributes that only reading uses.
type node struct {
	next      []byte // "--" + the enclosing boundary; nil at the top
	last      []byte // next + "--"
	scan      []byte // "\n" + next
	length    int64  // Content-Length, or -1
	limit     int64  // the bytes the data may span, or -1
	bytesRead int64
	maxFields int // fields still allowed
	qsOnPost  string
}

// parsers recycle 64 KiB buffers, which cost more to clear than a small form.
var parsers = sync.Pool{New: func() any {
	return &parser{r: bufio.NewReaderSize(nil, 1<<16), w: bufio.NewWriterSize(nil, 1<<16)}
}}

// top is the rest of Python's FieldStorage.__init__ for the form as a
// whole, given its headers.
func (p *parser) top(h textproto.MIMEHeader, n *node) (*FieldStorage, error) {
	fs := &FieldStorage{ext: &extra{header: h, cleanup: p.cleanup}}
	binary := false // a filename was given: keep bytes, do not decode
	if v := h["Content-Disposition"]; len(v) > 0 {
		_, params := ParseHeader(v[0])
		fs.Name = params["name"]
		fs.Filename, binary = params["filename"]
	}
	typ := "text/plain"
	var boundary string
	if v := h["Content-Type"]; len(v) > 0 {
		var params map[string]string
		typ, params = ParseHeader(v[0])
		boundary = params["boundary"]
	} else if p.method == "POST" {
		typ = urlencoded
	}
	fs.ext.typ = typ
	switch {
	case typ == urlencoded:
		var done int
		return fs, p.readURLEncoded(fs, n, &done)
	case isMultipart(typ):
		r, err := newReader(p, n, boundary, 1)
		if err != nil {
			return fs, err
		}
		return fs, p.readMulti(fs, n, r)
	}
	d := &dataReader{p: p, n: n}
	return fs, p.readData(fs, d, binary)
}

// part is Python's FieldStorage.__init__ for a part of a multipart form.
func (p *parser) part(pt *Part, maxFields int) (*FieldStorage, error) {
	fs := &FieldStorage{Name: pt.Name, Filename: pt.Filename, text: pt.text, split: len(pt.text)}
	if err := p.hold(fieldCost); err != nil {
		return nil, err
	}
	pt.n.maxFields = maxFields
	switch {
	case pt.Type == urlencoded:
		pt.use = readByURL
		return fs, p.readURLEncoded(fs, pt.n, &pt.done)
	case isMultipart(pt.Type):
		r, err := pt.Multipart()
		if err != nil {
			return fs, err
		}
		return fs, p.readMulti(fs, pt.n, r)
	}
	pt.use = readData
	return fs, p.readData(fs, &pt.data, pt.binary)
}

// hold counts n more bytes held in memory against MaxMemory.
func (p *parser) hold(n int64) error {
	p.mem += n
	if p.mem > p.opts.MaxMemory {
		return ErrTooLarge
	}
	return nil
}

// pyInt parses a Content-Length as Python's int() does (white space around,
// '+', single underscores between digits), or returns -1, as for "-1".
func pyInt(s string) int64 {
	s = strings.TrimPrefix(strings.TrimSpace(s), "+")
	if s == "" || strings.Trim(s, "0123456789_") != "" {
		return -1
	}
	if strings.Trim(s, "_") != s || strings.Contains(s, "__") {
		return -1
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64)
	if err != nil { // out of range: longer than any body, so no bound at all
		return math.MaxInt64
	}
	return n
}

// readSize is the most a read of the body asks for. The read buffer holds
// 64 KiB, the longest line Python reads at once, but filling it a quarter
// at a time keeps the bytes being scanned in the processor's fastest cache.
const readSize = 16 << 10

// capReader fails with ErrTooLarge past N bytes of a body that has more.
type capReader struct{ io.LimitedReader }

func (c *capReader) Read(b []byte) (int, error) {
	if len(b) > readSize {
		b = b[:readSize]
	}
	if c.N <= 0 {
		k, err := c.R.Read(b[:1])
		if k == 0 {
			return 0, err
		}
		return 0, ErrTooLarge
	}
	return c.LimitedReader.Read(b)
}
