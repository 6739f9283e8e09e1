package cgiform

import (
	"bytes"
	"fmt"
	"net/textproto"
	"strings"
	"unicode"
)

// readMulti is Python's read_multi: a preamble, then parts.
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

// readPartHeader reads and parses a part's header lines up to a blank one; nil at the end.
func (p *parser) readPartHeader(n *node) (textproto.MIMEHeader, error) {
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
	if err := p.hold(int64(len(hdr))); err != nil || len(hdr) == 0 {
		return nil, err
	}
	text, err := p.codec.decode(hdr)
	return parsePartHeader(text), err
}

// skipLines is Python's skip_lines, which sees only boundary lines ending in "--", not
// in a line break, so it skips to the end of the body.
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
	return len(b) > 0 && len(b) <= 201 && b[len(b)-1] != ' ' &&
		bytes.IndexFunc(b, func(r rune) bool { return r < ' ' || r > '~' }) < 0
}

// ParseHeader parses a header such as Content-Type into its value and a
// map of its parameters, as Python's cgi.parse_header does: names are
// lowercased, quoted values unquoted, parameters without '=' dropped.
func ParseHeader(line string) (string, map[string]string) {
	key, rest := nextParam(line)
	pdict := make(map[string]string)
	for p := ""; rest != ""; {
		p, rest = nextParam(rest[1:])
		if name, value, ok := strings.Cut(p, "="); ok {
			value = pyStrip(value)
			if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
				value = strings.ReplaceAll(value[1:len(value)-1], `\\`, `\`)
				value = strings.ReplaceAll(value, `\"`, `"`)
			}
			pdict[pyLower(pyStrip(name))] = value
		}
	}
	return key, pdict
}

// nextParam is a step of Python's _parseparam: it returns s up to the
// first ';' outside double quotes, stripped, and the rest from that ';'.
func nextParam(s string) (param, rest string) {
	for end := 0; ; end++ {
		i := strings.IndexByte(s[end:], ';')
		if i < 0 {
			return pyStrip(s), ""
		}
		if end += i; end == 0 || (strings.Count(s[:end], `"`)-strings.Count(s[:end], `\"`))%2 == 0 {
			return pyStrip(s[:end]), s[end:]
		}
	}
}

// pyStrip is Python's str.strip(), which also strips U+001C to U+001F.
func pyStrip(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f })
}

// pyLower is Python's str.lower(), which maps U+0130 to two runes.
func pyLower(s string) string { return strings.ToLower(strings.ReplaceAll(s, "\u0130", "i\u0307")) }

// canonical returns h with canonical keys, copied if need be: Python's Message ignores case.
func canonical(h textproto.MIMEHeader) textproto.MIMEHeader {
	for k := range h {
		if textproto.CanonicalMIMEHeaderKey(k) != k {
			c := make(textproto.MIMEHeader, len(h))
			for k, v := range h {
				k = textproto.CanonicalMIMEHeaderKey(k)
				c[k] = append(c[k], v...)
			}
			return c
		}
	}
	return h
}
