package cgiform

import (
	"bytes"
	"fmt"
)

// readMulti is Python's read_multi: it skips the preamble, then reads
// parts, each a header block and data up to the next boundary line.
func (p *parser) readMulti(fs *FieldStorage, n *node) error {
	ib := []byte(fs.TypeOptions["boundary"])
	if !validBoundary(ib) {
		return fmt.Errorf("%w: %q", ErrInvalidBoundary, ib)
	}
	if p.depth++; p.depth > MaxDepth {
		return ErrTooDeep
	}
	defer func() { p.depth-- }()
	var err error
	if fs.List, err = p.parseQSL(n.qsOnPost, n.maxFields); err != nil {
		return err
	}
	next := append(append(make([]byte, 0, len(ib)+4), "--"...), ib...)
	last := append(next, "--"...)
	// Python's readline is unbounded here: only a whole line is a boundary.
	for atStart := true; ; {
		line, err := p.readChunk(n)
		if err != nil {
			return err
		}
		full := len(line) == 0 || line[len(line)-1] == '\n' || p.eof
		if len(line) == 0 || atStart && full && bytes.Equal(asciiStrip(line), next) {
			break
		}
		atStart = full
	}
	maxFields := n.maxFields - len(fs.List)
	for {
		hdr, err := p.readHeaderBlock(n)
		if err != nil {
			return err
		}
		if len(hdr) == 0 {
			break
		}
		text, err := p.codec.decode(hdr)
		if err != nil {
			return err
		}
		h := parsePartHeader(text)
		delete(h, "Content-Length")
		sub := &node{next: next, last: last, length: -1, limit: -1, maxFields: maxFields}
		if n.limit >= n.bytesRead {
			sub.limit = n.limit - n.bytesRead
		}
		part, err := p.field(h, sub)
		if err != nil {
			return err
		}
		if maxFields -= 1 + len(part.List); maxFields < 0 {
			return ErrTooManyFields
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
func (p *parser) readHeaderBlock(n *node) ([]byte, error) {
	hdr := p.hdr[:0]
	for start := 0; ; {
		line, err := p.readChunk(n)
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
	return hdr, p.hold(int64(len(hdr)))
}

// skipLines is Python's skip_lines: after a nested form, it skips to the
// enclosing boundary. Like Python 3.11, it only sees a boundary line that
// ends without a line break, so in practice it skips to the end.
func (p *parser) skipLines(fs *FieldStorage, n *node) error {
	if n.next == nil || fs.done != 0 {
		return nil
	}
	for lfEnd := true; ; {
		line, err := p.readChunk(n)
		if err != nil {
			return err
		}
		if len(line) == 0 {
			fs.done = -1
			return nil
		}
		if lfEnd && bytes.HasSuffix(line, n.next[:2]) {
			stripped := asciiStrip(line)
			if bytes.Equal(stripped, n.next) {
				return nil
			}
			if bytes.Equal(stripped, n.last) {
				fs.done = 1
				return nil
			}
		}
		lfEnd = bytes.HasSuffix(line, lf)
	}
}

// validBoundary is Python's valid_boundary: ^[ -~]{0,200}[!-~]$, where $
// also matches before a final newline.
func validBoundary(b []byte) bool {
	b = bytes.TrimSuffix(b, lf)
	return len(b) > 0 && len(b) <= 201 && b[len(b)-1] != ' ' &&
		bytes.IndexFunc(b, func(r rune) bool { return r < ' ' || r > '~' }) < 0
}
