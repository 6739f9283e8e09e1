package cgiform

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"net/textproto"
	"strings"
)

// A Reader reads the parts of a multipart body one at a time, as
// mime/multipart's Reader does, with the grammar of Python's
// cgi.FieldStorage: which line breaks end a part, what a boundary line may
// carry after it, what a preamble and an epilogue are. Parse is built on
// it; use a Reader directly to handle each part as it arrives (to copy an
// upload where it belongs, or to refuse a form at its first bad part)
// without Parse's spooling to a temporary file.
//
// A Reader applies the bounds of Options that concern reading:
// MaxBytes (the body), MaxHeaderBytes (a part's header block),
// MaxNumFields (the parts returned, nested ones included), MaxLines (the
// lines read) and MaxDepth (how deeply Multipart nests). MaxMemory and
// MaxTextBytes do not apply: a Reader holds one header block at a time
// and hands over each part's data as it reads it, undecoded.
type Reader struct {
	p     *parser
	n     *node  // this level: the bytes it has read, its limit, its enclosing boundary
	next  []byte // "--" + the boundary: the line that starts a part
	last  []byte // next + "--": the line that ends the parts
	scan  []byte // "\n" + next: the start of any line that may be a boundary line
	depth int
	begun bool  // the preamble has been read
	part  *Part // the part returned last, whose rest NextPart skips
	done  int   // Python's done, set once the parts end (see Part)
	err   error // the error every later call returns, io.EOF at the end
}

// NewReader returns a Reader of the parts of body, a multipart body whose
// Content-Type has the given boundary parameter. Options work as for Parse,
// with the bounds the Reader doc names; a nil opts means the defaults. An
// invalid boundary, Encoding or Errors is the error of the first NextPart.
func NewReader(body io.Reader, boundary string, opts *Options) *Reader {
	p := &parser{opts: opts.resolve()}
	p.maxParts = p.opts.MaxNumFields
	p.r = bufio.NewReaderSize(&capReader{io.LimitedReader{R: body, N: p.opts.MaxBytes}}, 1<<16)
	top := &node{length: -1, limit: -1}
	if p.opts.Limit > 0 {
		top.limit = p.opts.Limit
	}
	var err error
	p.codec, err = newCodec(p.opts.Encoding, p.opts.Errors)
	if err != nil {
		return &Reader{err: err}
	}
	r, err := newReader(p, top, boundary, 1)
	if err != nil {
		return &Reader{err: err}
	}
	return r
}

// newReader returns the Reader of a multipart body read by p, counted in n
// (Python's FieldStorage of the body, whose read_multi this is), depth
// levels deep; an invalid boundary is ErrInvalidBoundary, as in Python.
func newReader(p *parser, n *node, boundary string, depth int) (*Reader, error) {
	ib := []byte(boundary)
	if !validBoundary(ib) {
		return nil, fmt.Errorf("%w: %q", ErrInvalidBoundary, ib)
	}
	if depth > MaxDepth {
		return nil, ErrTooDeep
	}
	scan := make([]byte, 0, len(ib)+3)
	scan = append(scan, "\n--"...)
	scan = append(scan, ib...)
	last := make([]byte, 0, len(ib)+4)
	last = append(last, scan[1:]...)
	last = append(last, "--"...)
	r := &Reader{p: p, n: n, scan: scan, next: scan[1:], last: last, depth: depth}
	return r, nil
}

// NextPart returns the next part, having skipped what was left of the one
// before, or io.EOF after the last. As in Python, the parts end at the
// closing boundary line, at the end of the body, or once Content-Length
// (or Options.Limit) bytes are read; what follows the closing line is
// skipped. Any other error stays: every later call returns it.
func (r *Reader) NextPart() (*Part, error) {
	if r.err != nil {
		return nil, r.err
	}
	part, err := r.nextPart()
	if err != nil {
		r.err = err
	}
	return part, err
}

// nextPart is NextPart, the steps of Python's read_multi loop, without
// keeping the error.
func (r *Reader) nextPart() (*Part, error) {
	n := r.n
	if !r.begun {
		r.begun = true
		if err := r.p.skipPreamble(n, r.next); err != nil {
			return nil, err
		}
	}
	if prev := r.part; prev != nil {
		r.part = nil
		if err := prev.finish(); err != nil {
			return nil, err
		}
		n.bytesRead += prev.n.bytesRead
		if prev.done != 0 || n.length > 0 && n.bytesRead >= n.length {
			return nil, r.end()
		}
	}
	text, ok, err := r.p.readPartHeader(n)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, r.end()
	}
	r.p.parts++
	if r.p.parts > r.p.maxParts {
		return nil, ErrTooManyFields
	}
	part := r.newPart(text)
	r.part = part
	return part, nil
}

// end is Python's skip_lines once the parts end: it reads on to the
// enclosing boundary line, if any, and returns io.EOF.
func (r *Reader) end() error {
	if err := r.p.skipLines(&r.done, r.n); err != nil {
		return err
	}
	return io.EOF
}

// A Part is one part of a multipart body: its headers, and a reader of
// its data, which ends before the line break that precedes the next
// boundary line, as in Python. The data is the bytes as sent, whatever
// Options.Encoding says.
type Part struct {
	// Header holds the part's header fields, decoded with Options.Encoding,
	// with canonical keys and without Content-Length, which Python drops.
	Header textproto.MIMEHeader
	// Name is the name parameter of Content-Disposition, or "".
	Name string
	// Filename is the filename parameter of Content-Disposition, or "":
	// whatever the client sent, not a path that is safe to use.
	Filename string
	// Type is the value of Content-Type, or "text/plain" without one.
	Type string

	r      *Reader
	n      *node      // the part's own count of bytes, limit and boundary lines
	text   string     // the header block, decoded
	binary bool       // Content-Disposition has a filename parameter
	data   dataReader // the part's data, up to its boundary line
	cur    []byte     // data read and not yet returned by Read
	use    partUse    // how the data is read, once chosen
	nested *Reader    // the Reader Multipart returned
	done   int        // Python's done: 1 after the closing boundary line, -1 at the end of the body
}

// partUse is how a Part's data is being read.
type partUse int

const (
	unread    partUse = iota
	readData          // by Read or WriteTo
	readForm          // by a nested Reader from Multipart
	readByURL         // by Parse, as a urlencoded body (to the end, as Python does)
)

// errPartUse means a Part was read both as data and as a nested form.
var errPartUse = errors.New("cgiform: a part is read either with Read or with Multipart, not both")

// newPart returns the part whose header block, decoded, is text.
func (r *Reader) newPart(text string) *Part {
	n := &node{next: r.next, last: r.last, scan: r.scan, length: -1, limit: -1}
	if r.n.limit >= r.n.bytesRead {
		n.limit = r.n.limit - r.n.bytesRead
	}
	part := &Part{r: r, n: n, text: text, Type: "text/plain"}
	if v, ok := partHeaderValue(text, "Content-Disposition"); ok {
		_, params := ParseHeader(v)
		part.Name = params["name"]
		part.Filename, part.binary = params["filename"]
	}
	if v, ok := partHeaderValue(text, "Content-Type"); ok {
		part.Type = headerKey(v)
	}
	if !r.p.keep {
		part.Header = parsePartHeader(text)
	}
	part.data = dataReader{p: r.p, n: n, lfEnd: true}
	return part
}

// Read reads the part's data. At its end it returns io.EOF, or
// ErrTruncated if the data ended without a boundary line, at the end of
// the body or at Options.Limit: where Parse fails, if that part is its last.
func (pt *Part) Read(b []byte) (int, error) {
	if err := pt.use1(readData); err != nil {
		return 0, err
	}
	for len(pt.cur) == 0 {
		chunk, err := pt.data.next(math.MaxInt)
		if err != nil {
			return 0, pt.fail(err)
		}
		pt.cur = chunk
	}
	k := copy(b, pt.cur)
	pt.cur = pt.cur[k:]
	return k, nil
}

// WriteTo writes the part's data to w, straight from the Reader's buffer;
// io.Copy uses it.
func (pt *Part) WriteTo(w io.Writer) (int64, error) {
	if err := pt.use1(readData); err != nil {
		return 0, err
	}
	var written int64
	chunk := pt.cur
	pt.cur = nil
	for {
		k, err := w.Write(chunk)
		written += int64(k)
		if err != nil {
			return written, err
		}
		chunk, err = pt.data.next(math.MaxInt)
		if err == io.EOF && pt.data.atBoundary {
			return written, nil
		}
		if err != nil {
			return written, pt.fail(err)
		}
	}
}

// Multipart returns a Reader of the parts inside a part whose Content-Type
// is multipart/* (multipart/mixed, for several files under one name), as
// Python 3.11 reads them: from the rest of the body, with the boundary of
// the part's Content-Type, not only up to the enclosing boundary line.
// Once the nested parts end, the enclosing Reader's NextPart skips to its
// next boundary line ending in "--" without a line break, which in
// practice is the end of the body: like Python, it returns io.EOF then.
// The nested Reader shares the enclosing one's bounds. A missing or
// invalid boundary is ErrInvalidBoundary, and nesting deeper than MaxDepth
// ErrTooDeep; either ends the enclosing Reader too, as it ends Python's
// parse.
//
// To read a nested form as RFC 2046 has it, ending at the enclosing
// boundary line, give the Part itself to NewReader instead: a Reader with
// bounds of its own.
func (pt *Part) Multipart() (*Reader, error) {
	if err := pt.use1(readForm); err != nil {
		return nil, err
	}
	v, _ := partHeaderValue(pt.text, "Content-Type")
	_, params := ParseHeader(v)
	r, err := newReader(pt.r.p, pt.n, params["boundary"], pt.r.depth+1)
	if err != nil {
		return nil, pt.fail(err)
	}
	pt.nested = r
	return r, nil
}

// use1 records how the part is read, which cannot change once chosen.
func (pt *Part) use1(u partUse) error {
	if pt.use != unread && pt.use != u {
		return errPartUse
	}
	pt.use = u
	return pt.r.err
}

// fail makes err the Reader's error too, unless it is the end of the
// data, which is ErrTruncated if no boundary line ended it.
func (pt *Part) fail(err error) error {
	switch {
	case err == io.EOF && !pt.data.atBoundary:
		return ErrTruncated
	case err == io.EOF:
		return err
	}
	if pt.r.err == nil {
		pt.r.err = err
	}
	return err
}

// finish reads what the part's reader left, and sets done.
func (pt *Part) finish() error {
	switch pt.use {
	case readForm:
		for {
			_, err := pt.nested.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
		}
		pt.done = pt.nested.done
	case readByURL: // Parse set done
	default:
		pt.cur = nil
		for {
			_, err := pt.data.next(math.MaxInt)
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
		}
		pt.done = pt.data.done
	}
	return nil
}

// headerKey returns a header's value without its parameters, as the first
// result of ParseHeader.
func headerKey(v string) string {
	key, _ := nextParam(v)
	return key
}

// isMultipart reports whether a Content-Type value is multipart/*.
func isMultipart(typ string) bool { return strings.HasPrefix(typ, "multipart/") }
