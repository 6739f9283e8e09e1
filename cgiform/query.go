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
	if n.length > p.opts.MaxMemory-p.mem {
		return ErrTooLarge
	}
	max := n.length
	if max < 0 {
		max = p.opts.MaxMemory - p.mem + 1
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
		if err != nil {
			return nil, err
		}
		if value, err = p.unquote(value); err != nil {
			return nil, err
		}
		list = append(list, MiniFieldStorage(name, value))
	}
	return list, nil
}

// unquote is Python's urllib.parse.unquote(s.replace('+', ' ')): in each
// run of ASCII it replaces %XX escapes by the bytes they stand for, and
// decodes the run. Text outside the runs is already decoded.
func (p *parser) unquote(s string) (string, error) {
	s = strings.ReplaceAll(s, "+", " ")
	if !strings.Contains(s, "%") {
		return s, nil
	}
	var out, run []byte
	var err error
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] < 0x80 {
			if s[i] == '%' && i+3 <= len(s) {
				if b, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
					run, i = append(run, byte(b)), i+2
					continue
				}
			}
			run = append(run, s[i])
			continue
		}
		if out, _, err = p.codec.appendDecode(out, run); err != nil {
			return "", err
		}
		run = run[:0]
		if i < len(s) {
			out = append(out, s[i])
		}
	}
	return string(out), nil
}
