package cgiform

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
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
	} else {
		fs.DispositionOptions = map[string]string{}
	}
	fs.Name = fs.DispositionOptions["name"]
	fs.Filename, n.binary = fs.DispositionOptions["filename"]
	if v, ok := hget(h, "Content-Type"); ok {
		fs.Type, fs.TypeOptions = ParseHeader(v)
	} else if n.outer != nil || p.method != "POST" {
		fs.Type, fs.TypeOptions = "text/plain", map[string]string{}
	} else {
		fs.Type, fs.TypeOptions = urlencoded, map[string]string{}
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
	case n.length >= 0:
		err = p.readBinary(fs, n)
	default:
		err = p.readLines(fs, n)
	}
	return fs, err
}

// readURLEncoded reads a body in query-string format.
func (p *parser) readURLEncoded(fs *FieldStorage, n *node) error {
	var data []byte
	var err error
	if n.length > p.opts.MaxMemory-p.mem {
		return ErrTooLarge
	}
	if n.length >= 0 {
		data, err = io.ReadAll(io.LimitReader(p.r, n.length))
		if int64(len(data)) < n.length {
			p.short = p.method != "GET" && p.method != "HEAD"
		}
	} else {
		data, err = io.ReadAll(io.LimitReader(p.r, p.opts.MaxMemory-p.mem+1))
	}
	if err != nil {
		return err
	}
	if err := p.hold(int64(len(data))); err != nil {
		return err
	}
	n.bytesRead += int64(len(data))
	qs, err := p.codec.decode(data)
	if err != nil {
		return err
	}
	if n.qsOnPost != "" {
		qs += "&" + n.qsOnPost
	}
	if fs.List, err = p.parseQSL(qs, n.maxFields); err != nil {
		return err
	}
	if fs.List == nil {
		fs.List = []*FieldStorage{}
	}
	return p.skipLines(fs, n)
}

// readMulti reads a multipart body: a preamble, then parts, each a header
// block and data up to the next boundary line.
func (p *parser) readMulti(fs *FieldStorage, n *node) error {
	ib := n.inner
	if !validBoundary(ib) {
		return fmt.Errorf("%w: %q", ErrInvalidBoundary, ib)
	}
	if p.depth++; p.depth > MaxDepth {
		return ErrTooDeep
	}
	defer func() { p.depth-- }()
	fs.List = []*FieldStorage{}
	if n.qsOnPost != "" {
		list, err := p.parseQSL(n.qsOnPost, n.maxFields)
		if err != nil {
			return err
		}
		fs.List = append(fs.List, list...)
	}
	// Skip the preamble up to the first boundary line.
	delim := append(append(make([]byte, 0, len(ib)+4), "--"...), ib...)
	last := append(delim, "--"...)
	for atStart := true; ; {
		line, err := p.readChunk()
		if err != nil {
			return err
		}
		n.bytesRead += int64(len(line))
		if len(line) == 0 {
			break
		}
		full := line[len(line)-1] == '\n' || p.eof
		if atStart && full && bytes.Equal(asciiStrip(line), delim) {
			break
		}
		atStart = full
	}
	maxFields := n.maxFields
	if maxFields >= 0 {
		maxFields -= len(fs.List)
	}
	for {
		hdr, err := p.readHeaderBlock()
		if err != nil {
			return err
		}
		if len(hdr) == 0 {
			break
		}
		n.bytesRead += int64(len(hdr))
		text, err := p.codec.decode(hdr)
		if err != nil {
			return err
		}
		h := parsePartHeader(text)
		delete(h, "Content-Length")
		sub := &node{outer: ib, next: delim, last: last, length: -1, limit: -1, maxFields: maxFields}
		if n.limit >= 0 {
			sub.limit = n.limit - n.bytesRead
			if sub.limit < 0 {
				sub.limit = -1
			}
		}
		part, err := p.field(h, sub)
		if err != nil {
			return err
		}
		if maxFields >= 0 {
			maxFields -= 1 + len(part.List)
			if maxFields < 0 {
				return ErrTooManyFields
			}
		}
		n.bytesRead += sub.bytesRead
		fs.List = append(fs.List, part)
		if part.done != 0 || n.length > 0 && n.bytesRead >= n.length {
			break
		}
	}
	return p.skipLines(fs, n)
}

// readHeaderBlock reads a part's header lines up to and including the first
// blank one (Python's loop of readline() until not line.strip()).
func (p *parser) readHeaderBlock() ([]byte, error) {
	hdr := p.hdr[:0]
	start := 0
	for {
		line, err := p.readChunk()
		if err != nil {
			return nil, err
		}
		if len(hdr)+len(line) > p.opts.MaxHeaderBytes {
			return nil, ErrHeaderTooLarge
		}
		hdr = append(hdr, line...)
		if len(line) > 0 && line[len(line)-1] != '\n' && !p.eof {
			continue // the rest of a long line
		}
		if len(asciiStrip(hdr[start:])) == 0 {
			break
		}
		start = len(hdr)
	}
	p.hdr = hdr
	if err := p.hold(int64(len(hdr))); err != nil {
		return nil, err
	}
	return hdr, nil
}

// readBinary reads Content-Length bytes of a body that is not a form.
// Python always writes them to a temporary file.
func (p *parser) readBinary(fs *FieldStorage, n *node) error {
	f, err := p.cleanup.create(p.opts.TempDir)
	if err != nil {
		return err
	}
	fs.file = f
	k, err := io.Copy(f, io.LimitReader(p.r, n.length))
	fs.size = k
	n.bytesRead += k
	if err != nil {
		return err
	}
	if k < n.length {
		fs.done = -1
		p.short = true
	}
	return p.skipLines(fs, n)
}

// readLines reads a part's data up to the enclosing boundary, or a body to
// its end, through a sink that spools it past 1000 bytes.
func (p *parser) readLines(fs *FieldStorage, n *node) error {
	s := &sink{p: p, fs: fs, binary: n.binary}
	var err error
	if n.outer != nil {
		err = p.readToBoundary(fs, n, s)
	} else {
		err = p.readToEOF(fs, n, s)
	}
	if ferr := s.finish(); err == nil {
		err = ferr
	}
	return err
}

var (
	crlf = []byte("\r\n")
	lf   = []byte("\n")
	cr   = []byte("\r")
)

// readToBoundary is Python's read_lines_to_outerboundary. The line break
// before a boundary line belongs to the boundary, so each line's break is
// written only when the next line turns out to be data.
func (p *parser) readToBoundary(fs *FieldStorage, n *node, s *sink) error {
	next, last := n.next, n.last
	var delim, scratch []byte
	lfEnd := true
	var read int64
	for {
		if n.limit >= 0 && n.limit <= read {
			break
		}
		line, err := p.readChunk()
		if err != nil {
			return err
		}
		n.bytesRead += int64(len(line))
		read += int64(len(line))
		if len(line) == 0 {
			fs.done = -1
			break
		}
		if len(delim) == 1 && delim[0] == '\r' {
			scratch = append(append(scratch[:0], '\r'), line...)
			line, delim = scratch, nil
		}
		// ANCHOR: boundary
		if lfEnd && bytes.HasPrefix(line, next[:2]) {
			stripped := asciiRStrip(line)
			if bytes.Equal(stripped, next) {
				break
			}
			if bytes.Equal(stripped, last) {
				fs.done = 1
				break
			}
		}
		odelim := delim
		switch {
		case bytes.HasSuffix(line, crlf):
			delim, line, lfEnd = crlf, line[:len(line)-2], true
		case bytes.HasSuffix(line, lf):
			delim, line, lfEnd = lf, line[:len(line)-1], true
		case bytes.HasSuffix(line, cr):
			delim, line, lfEnd = cr, line[:len(line)-1], false
		default:
			delim, lfEnd = nil, false
		}
		if err := s.write(odelim, line); err != nil {
			return err
		}
		// ANCHOR_END: boundary
	}
	return nil
}

// readToEOF is Python's read_lines_to_eof.
func (p *parser) readToEOF(fs *FieldStorage, n *node, s *sink) error {
	for {
		line, err := p.readChunk()
		if err != nil {
			return err
		}
		n.bytesRead += int64(len(line))
		if len(line) == 0 {
			fs.done = -1
			return nil
		}
		if err := s.write(nil, line); err != nil {
			return err
		}
	}
}

// skipLines is Python's skip_lines: after a nested form, it skips lines up
// to the enclosing boundary. Like Python 3.11, it recognises only a
// boundary line that ends without a line break (it tests line.endswith),
// so in practice it skips to the end of the body.
func (p *parser) skipLines(fs *FieldStorage, n *node) error {
	if n.outer == nil || fs.done != 0 {
		return nil
	}
	next, last := n.next, n.last
	lfEnd := true
	for {
		line, err := p.readChunk()
		if err != nil {
			return err
		}
		n.bytesRead += int64(len(line))
		if len(line) == 0 {
			fs.done = -1
			return nil
		}
		if bytes.HasSuffix(line, next[:2]) && lfEnd {
			stripped := asciiStrip(line)
			if bytes.Equal(stripped, next) {
				return nil
			}
			if bytes.Equal(stripped, last) {
				fs.done = 1
				return nil
			}
		}
		lfEnd = bytes.HasSuffix(line, lf)
	}
}

// readChunk is Python's fp.readline(1<<16): a line, or its first 64 KiB,
// valid until the next read; empty at the end of the body.
func (p *parser) readChunk() ([]byte, error) {
	line, err := p.r.ReadSlice('\n')
	switch err {
	case nil, bufio.ErrBufferFull:
		return line, nil
	case io.EOF:
		p.eof = true
		return line, nil
	}
	return nil, err
}

// hold counts n more bytes kept in memory against MaxMemory.
func (p *parser) hold(n int64) error {
	if p.mem += n; p.mem > p.opts.MaxMemory {
		return ErrTooLarge
	}
	return nil
}

// truncated reports whether a multipart form ended before its last part's
// closing boundary: Python leaves that part's done attribute other than 1.
func truncated(fs *FieldStorage) bool {
	if !strings.HasPrefix(fs.Type, "multipart/") {
		return false
	}
	var last *FieldStorage
	var walk func(*FieldStorage)
	walk = func(f *FieldStorage) {
		for _, c := range f.List {
			switch {
			case c.mini:
			case c.List != nil:
				walk(c)
			default:
				last = c
			}
		}
	}
	walk(fs)
	return last != nil && last.done != 1
}

// validBoundary is Python's valid_boundary, the pattern ^[ -~]{0,200}[!-~]$
// (where $ also matches before a final newline).
func validBoundary(b []byte) bool {
	b = bytes.TrimSuffix(b, lf)
	if len(b) == 0 || len(b) > 201 || b[len(b)-1] == ' ' {
		return false
	}
	for _, c := range b {
		if c < ' ' || c > '~' {
			return false
		}
	}
	return true
}

// asciiStrip and asciiRStrip are Python's bytes.strip and bytes.rstrip.
func asciiStrip(b []byte) []byte { return bytes.TrimLeft(asciiRStrip(b), " \t\n\r\v\f") }

func asciiRStrip(b []byte) []byte { return bytes.TrimRight(b, " \t\n\r\v\f") }

// pyInt parses a Content-Length as Python's int() does for ASCII text:
// surrounding white space, an optional sign and single underscores between
// digits. Negative values and values Python would reject report false.
func pyInt(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	if s == "" || s[0] < '0' || s[0] > '9' || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange && n > 0 {
			return n, true // larger than any body: the same as unlimited
		}
		return 0, false
	}
	return n, n >= 0
}

// capReader fails with ErrTooLarge once more than n bytes are asked of it.
type capReader struct {
	r io.Reader
	n int64
}

func (c *capReader) Read(b []byte) (int, error) {
	if c.n <= 0 {
		if k, err := c.r.Read(b[:1]); k == 0 {
			return 0, err
		}
		return 0, ErrTooLarge
	}
	if int64(len(b)) > c.n {
		b = b[:c.n]
	}
	k, err := c.r.Read(b)
	c.n -= int64(k)
	return k, err
}
