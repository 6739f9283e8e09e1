package cgiform

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// readURLEncoded is Python's read_urlencoded: it reads a body in query
// string format.
func (p *parser) readURLEncoded(fs *FieldStorage, n *node) error {
	max := p.opts.MaxMemory - p.mem + 1 // a byte more than memory allows
	if n.length >= max {
		return ErrTooLarge
	}
	if n.length >= 0 {
		max = n.length
	}
	data, err := io.ReadAll(io.LimitReader(p.r, max))
	if err != nil {
		return err
	}
	if int64(len(data)) < n.length && p.method != "GET" && p.method != "HEAD" {
		p.truncated = true
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
	return p.skipLines(fs, n)
}

// parseQSL is Python's urllib.parse.parse_qsl: it splits a query string
// into at most maxFields plain fields, dropping blank values unless
// KeepBlankValues is set.
func (p *parser) parseQSL(qs string, maxFields int) ([]*FieldStorage, error) {
	o := &p.opts
	list := []*FieldStorage{}
	if qs == "" {
		return list, nil
	}
	if maxFields < 1+strings.Count(qs, o.Separator) {
		return nil, ErrTooManyFields
	}
	for _, nv := range strings.Split(qs, o.Separator) {
		name, value, ok := strings.Cut(nv, "=")
		switch {
		case nv == "" && !o.StrictParsing:
			continue
		case !ok && o.StrictParsing:
			return nil, fmt.Errorf("%w: %q", ErrBadQuery, nv)
		case value == "" && !o.KeepBlankValues:
			continue
		}
		name, err := p.unquote(name)
		if err == nil {
			value, err = p.unquote(value)
		}
		if err != nil {
			return nil, err
		}
		list = append(list, MiniFieldStorage(name, value))
	}
	return list, nil
}

// unquote is Python's urllib.parse.unquote(s.replace('+', ' ')): it
// replaces each run of %XX escapes by the text their bytes decode to.
// (Python decodes each run of ASCII, which gives the same text: other
// ASCII characters decode to themselves and end any multibyte sequence.)
func (p *parser) unquote(s string) (string, error) {
	s = strings.ReplaceAll(s, "+", " ")
	if !strings.Contains(s, "%") {
		return s, nil
	}
	var out, run []byte
	for i := 0; i < len(s); {
		for run = run[:0]; i+3 <= len(s) && s[i] == '%'; i += 3 {
			b, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				break
			}
			run = append(run, byte(b))
		}
		if len(run) == 0 {
			out, i = append(out, s[i]), i+1
			continue
		}
		var err error
		if out, _, err = p.codec.appendDecode(out, run); err != nil {
			return "", err
		}
	}
	return string(out), nil
}
