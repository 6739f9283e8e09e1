package cgiform

import (
	"bytes"
	"fmt"
	"strings"
)

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
