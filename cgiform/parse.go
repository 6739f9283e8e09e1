package cgiform

import (
	"bufio"
	"fmt"
	"io"
	"net/textproto"
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
// Parse never reads past Content-Length. On error it returns a nil form and
// leaves no temporary file behind; otherwise the caller must Close the form.
func Parse(body io.Reader, header textproto.MIMEHeader, environ map[string]string, opts *Options) (*FieldStorage, error) {
	p := &parser{opts: opts.resolve(), cleanup: &cleanup{}}
	var err error
	if p.codec, err = newCodec(p.opts.Encoding, p.opts.Errors); err != nil {
		return nil, err
	}
	p.method = "GET"
	if m, ok := environ["REQUEST_METHOD"]; ok {
		p.method = strings.ToUpper(m)
	}
	var qsOnPost string
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
		qsOnPost = environ["QUERY_STRING"]
		if v, ok := environ["CONTENT_LENGTH"]; ok {
			header.Set("Content-Length", v)
		}
	}
	header = canonical(header)
	clen := int64(-1)
	if v, ok := hget(header, "Content-Length"); ok {
		if clen, ok = pyInt(v); !ok {
			return nil, fmt.Errorf("%w: %q", ErrBadContentLength, v)
		}
		if clen > p.opts.MaxBytes {
			return nil, ErrTooLarge
		}
	}
	if body == nil {
		body = strings.NewReader("")
	}
	if clen >= 0 {
		body = io.LimitReader(body, clen)
	}
	p.r = readers.Get().(*bufio.Reader)
	p.r.Reset(&capReader{r: body, n: p.opts.MaxBytes})
	defer p.release()

	top := &node{length: clen, limit: -1, maxFields: p.opts.MaxNumFields, qsOnPost: qsOnPost}
	if p.opts.Limit > 0 {
		top.limit = p.opts.Limit
	}
	fs, err := p.field(header, top)
	if err == nil && (p.short || truncated(fs)) {
		err = ErrTruncated
	}
	if err != nil {
		p.cleanup.close()
		return nil, err
	}
	fs.cleanup = p.cleanup
	return fs, nil
}

// readers and writers recycle the 64 KiB buffers of a parse, which cost more
// to clear than a small form costs to parse.
var (
	readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 1<<16) }}
	writers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 1<<16) }}
)

// release returns the parser's buffers to their pools.
func (p *parser) release() {
	p.r.Reset(nil)
	readers.Put(p.r)
	if p.w != nil {
		p.w.Reset(nil)
		writers.Put(p.w)
	}
}

// A parser holds what the whole form shares while it is read.
type parser struct {
	opts    Options
	codec   codec
	method  string
	r       *bufio.Reader // readline(1<<16) is r.ReadSlice('\n')
	eof     bool          // r returned io.EOF
	short   bool          // the body ended before Content-Length
	mem     int64         // bytes held in memory
	hdr     []byte        // scratch for a part's header block
	w       *bufio.Writer // buffers the temporary file being written
	cleanup *cleanup
	depth   int
}

// A node is one FieldStorage's state while it is read: Python's
// instance attributes that are not part of the result.
type node struct {
	outer     []byte // the enclosing boundary; nil at the top
	next      []byte // "--" + outer, the line that starts the next part
	last      []byte // "--" + outer + "--", the line that ends the form
	inner     []byte // this part's own boundary
	length    int64  // Content-Length, or -1
	limit     int64  // bytes this node may span, or -1 for none
	bytesRead int64
	binary    bool // a filename was given: keep bytes, do not decode
	maxFields int  // fields still allowed, or -1 for no bound
	qsOnPost  string
}

// field is Python's FieldStorage.__init__ after its arguments are settled:
// it reads the disposition and type and then the data.
func (p *parser) field(h textproto.MIMEHeader, n *node) (*FieldStorage, error) {
	fs := &FieldStorage{Header: h}
	if v, ok := hget(h, "Content-Disposition"); ok {
		fs.Disposition, fs.DispositionOptions = ParseHeader(v)
	}
	fs.Name = fs.DispositionOptions["name"]
	fs.Filename, n.binary = fs.DispositionOptions["filename"]
	if v, ok := hget(h, "Content-Type"); ok {
		fs.Type, fs.TypeOptions = ParseHeader(v)
	} else if n.outer != nil || p.method != "POST" {
		fs.Type = "text/plain"
	} else {
		fs.Type = urlencoded
	}
	if b, ok := fs.TypeOptions["boundary"]; ok {
		n.inner = []byte(b)
	}
	if n.limit < 0 && n.length >= 0 {
		n.limit = n.length
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
