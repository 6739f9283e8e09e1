package cgiform

import (
	"bytes"
	"fmt"
)

// readMulti is Python's read_multi: a preamble, then parts.
func (p *parser) readMulti(fs *FieldStorage, n *node) error {
	ib := []byte(fs.TypeOptions["boundary"])
	if !validBoundary(ib) {
		return fmt.Errorf("%w: %q", ErrInvalidBoundary, ib)
	}
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > MaxDepth {
		return ErrTooDeep
	}
	var err error
	fs.List, err = p.parseQSL(n.qsOnPost, n.maxFields)
	if err != nil {
		return err
	}
	next := append(append(make([]byte, 0, len(ib)+4), "--"...), ib...)
	last := append(next, "--"...)
	if err := p.skipPreamble(n, next); err != nil {
		return err
	}
	maxFields := n.maxFields - len(fs.List)
	for {
		h, err := p.readPartHeader(n)
		if err != nil {
			return err
		}
		if h == nil {
			break
		}
		sub := &node{next: next, last: last, length: -1, limit: -1, maxFields: maxFields}
		if n.limit >= n.bytesRead {
			sub.limit = n.limit - n.bytesRead
		}
		part, err := p.field(h, sub)
		if err != nil {
			return err
		}
		maxFields -= 1 + len(part.List)
		if maxFields < 0 {
			return ErrTooManyFields
		}
		n.bytesRead += sub.bytesRead
		fs.List = append(fs.List, part)
		if part.done != 0 {
			break
		}
		if n.length > 0 && n.bytesRead >= n.length {
			break
		}
	}
	return p.skipLines(fs, n)
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

// skipLines is Python's skip_lines, which sees only boundary lines ending in "--", not
// in a line break, so it skips to the end of the body.
func (p *parser) skipLines(fs *FieldStorage, n *node) error {
	if n.next == nil || fs.done != 0 {
		return nil
	}
	lfEnd := true
	for {
		line, err := p.readChunk(n)
		if err != nil {
			return err
		}
		if len(line) == 0 {
			fs.done = -1
			return nil
		}
		if lfEnd && bytes.HasSuffix(line, n.next[:2]) && n.atBoundary(fs, asciiStrip(line)) {
			return nil
		}
		lfEnd = line[len(line)-1] == '\n'
	}
}

// validBoundary is Python's valid_boundary: ^[ -~]{0,200}[!-~]$, where $
// also matches before a final newline.
func validBoundary(b []byte) bool {
	b = bytes.TrimSuffix(b, []byte("\n"))
	if len(b) == 0 || len(b) > 201 || b[len(b)-1] == ' ' {
		return false
	}
	return bytes.IndexFunc(b, func(r rune) bool { return r < ' ' || r > '~' }) < 0
}
