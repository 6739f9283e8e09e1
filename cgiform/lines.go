package cgiform

import (
	"bufio"
	"bytes"
	"io"
	"strings"
)

// A dataReader reads the data of a part as Python's
// read_lines_to_outerboundary does, up to the boundary line that ends it,
// or a body that is no form to its end, as read_lines_to_eof does (when
// n.next is nil). The line break before a boundary line belongs to it, so
// a line's break is held back until the next line proves to be data.
type dataReader struct {
	p          *parser
	n          *node
	delim      string // the line break held back
	lfEnd      bool   // the last line ended in "\n", so a boundary line may follow
	ended      bool
	atBoundary bool    // the data ended at a boundary line
	done       int     // Python's done: 1 after the closing boundary line, -1 at the end of the body
	ahead      int     // a run of lines that region found, not yet taken
	aheadLines int     // how many lines ahead holds
	held       [2]byte // the line break held back, when next returns it as data
}

// next returns the next piece of data, or io.EOF after the last; a piece
// is valid until the next call. Lines already in the read buffer are
// taken many at a time, at most max bytes (Parse passes what its bounds
// leave): the result is the same as Python's line by line, which is what
// step does, for the lines region cannot vouch for.
func (d *dataReader) next(max int) ([]byte, error) {
	if d.ended {
		return nil, io.EOF
	}
	if d.delim == "\r" {
		return d.step() // a CRLF that a 64 KiB read cut in two
	}
	k, lines := d.region(max - len(d.held))
	if k == 0 {
		return d.step()
	}
	if d.delim != "" {
		held := d.held[:copy(d.held[:], d.delim)]
		d.delim = ""
		return held, nil
	}
	p := d.p
	run, _ := p.r.Peek(k)
	p.r.Discard(k) // run stays valid: only the next read moves the buffer
	p.lines += int64(lines)
	d.n.bytesRead += int64(k)
	d.ahead = 0
	if d.n.next == nil {
		return run, nil
	}
	d.delim = "\n"
	if k >= 2 && run[k-2] == '\r' {
		d.delim = "\r\n"
	}
	d.lfEnd = true
	return run[:k-len(d.delim)], nil
}

// region returns the length of the whole lines at the start of the read
// buffer, at most max bytes, that step would take one by one as data: no
// boundary line among them, the part's limit and MaxLines not reached by
// them. It also returns how many lines they are. Each line is one that
// Python's readline(1<<16) returns, as a line of the buffer ends in "\n"
// within 64 KiB.
func (d *dataReader) region(max int) (int, int) {
	if d.ahead > 0 && d.ahead <= max {
		return d.ahead, d.aheadLines
	}
	p := d.p
	n := d.n
	buf, _ := p.r.Peek(p.r.Buffered())
	if max <= 0 {
		return 0, 0
	}
	if len(buf) > max {
		buf = buf[:max]
	}
	buf = buf[:bytes.LastIndexByte(buf, '\n')+1]
	if n.next != nil {
		if d.lfEnd && bytes.HasPrefix(buf, n.next) {
			return 0, 0 // step decides
		}
		if i := bytes.Index(buf, n.scan); i >= 0 {
			buf = buf[:i+1]
		}
		if n.limit >= 0 && n.bytesRead+int64(len(buf)) >= n.limit {
			return 0, 0
		}
	}
	lines := bytes.Count(buf, []byte("\n"))
	if p.lines+int64(lines) > p.opts.MaxLines {
		return 0, 0
	}
	d.ahead = len(buf)
	d.aheadLines = lines
	return len(buf), lines
}

// step reads one line, as one round of Python's loop.
func (d *dataReader) step() ([]byte, error) {
	p := d.p
	n := d.n
	d.ahead = 0
	if n.next != nil && n.limit >= 0 && n.bytesRead >= n.limit {
		return nil, d.end(false)
	}
	line, err := p.readChunk(n)
	if err != nil {
		return nil, err
	}
	if len(line) == 0 {
		d.done = -1
		return nil, d.end(false)
	}
	if d.delim == "\r" {
		p.joined = append(append(p.joined[:0], '\r'), line...)
		line = p.joined
		d.delim = ""
	}
	// ANCHOR: boundary
	if d.lfEnd && bytes.HasPrefix(line, n.next[:2]) && n.atBoundary(&d.done, asciiRStrip(line)) {
		return nil, d.end(true)
	}
	odelim := d.delim
	if n.next != nil { // read_lines_to_eof keeps lines as they are
		d.delim = lineBreak(line)
		line = line[:len(line)-len(d.delim)]
		d.lfEnd = strings.HasSuffix(d.delim, "\n")
	}
	// ANCHOR_END: boundary
	if odelim == "" {
		return line, nil
	}
	p.step = append(append(p.step[:0], odelim...), line...)
	return p.step, nil
}

// end marks the data ended, at a boundary line or not, and returns io.EOF.
func (d *dataReader) end(atBoundary bool) error {
	d.ended = true
	d.atBoundary = atBoundary
	return io.EOF
}

// lineBreak returns the line break that ends line: CRLF, LF, CR or none.
func lineBreak(line []byte) string {
	switch {
	case bytes.HasSuffix(line, []byte("\r\n")):
		return "\r\n"
	case bytes.HasSuffix(line, []byte("\n")):
		return "\n"
	case bytes.HasSuffix(line, []byte("\r")):
		return "\r"
	}
	return ""
}

// atBoundary reports whether a stripped line is the next part's boundary
// line, or the form's last, which sets done to 1.
func (n *node) atBoundary(done *int, stripped []byte) bool {
	if bytes.Equal(stripped, n.last) {
		*done = 1
		return true
	}
	return bytes.Equal(stripped, n.next)
}

// readChunk is Python's fp.readline(1<<16), counted in n.bytesRead: a
// line or its first 64 KiB, valid until the next read; empty at the end.
func (p *parser) readChunk(n *node) ([]byte, error) {
	p.lines++
	if p.lines > p.opts.MaxLines {
		return nil, ErrTooManyLines
	}
	line, err := p.r.ReadSlice('\n')
	n.bytesRead += int64(len(line))
	switch err {
	case io.EOF:
		p.eof = true
	case nil, bufio.ErrBufferFull:
	default:
		return nil, err
	}
	return line, nil
}

// skipPreamble reads up to the first boundary line, next, or to the end of
// the body. Python's readline is unbounded here: only a whole line is a
// boundary, so a line cut at 64 KiB does not end the preamble.
func (p *parser) skipPreamble(n *node, next []byte) error {
	atStart := true
	for {
		line, err := p.readChunk(n)
		if err != nil {
			return err
		}
		if len(line) == 0 {
			return nil
		}
		full := line[len(line)-1] == '\n' || p.eof
		if atStart && full && bytes.Equal(asciiStrip(line), next) {
			return nil
		}
		atStart = full
	}
}

// skipLines is Python's skip_lines, which sees only boundary lines ending
// in "--", not in a line break, so it skips to the end of the body.
func (p *parser) skipLines(done *int, n *node) error {
	if n.next == nil || *done != 0 {
		return nil
	}
	lfEnd := true
	for {
		line, err := p.readChunk(n)
		if err != nil {
			return err
		}
		if len(line) == 0 {
			*done = -1
			return nil
		}
		if lfEnd && bytes.HasSuffix(line, n.next[:2]) && n.atBoundary(done, asciiStrip(line)) {
			return nil
		}
		lfEnd = line[len(line)-1] == '\n'
	}
}

// asciiStrip is Python's bytes.strip.
func asciiStrip(b []byte) []byte { return bytes.TrimLeft(asciiRStrip(b), " \t\n\r\v\f") }

// asciiRStrip is Python's bytes.rstrip.
func asciiRStrip(b []byte) []byte { return bytes.TrimRight(b, " \t\n\r\v\f") }
