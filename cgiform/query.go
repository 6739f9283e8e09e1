package cgiform

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// readURLEncoded is Python's read_urlencoded, for a query-string body.
// Inside a multipart form, it reads to the end of the body, as Python
// does, and sets done.
func (p *parser) readURLEncoded(fs *FieldStorage, n *node, done *int) error {
	size := p.opts.MaxMemory - p.mem + 1 // a byte more than memory allows
	if n.length >= size {
		return ErrTooLarge
	}
	if n.length >= 0 {
		size = n.length
	}
	data, err := io.ReadAll(io.LimitReader(p.r, size))
	if err != nil {
		return err
	}
	// Like the data of a part, a body is cut if it ends before its length;
	// whatever an earlier part left in p.truncated does not count.
	p.truncated = int64(len(data)) < n.length && p.method != "GET" && p.method != "HEAD"
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
	fs.List, err = p.parseQSL(qs, n.maxFields)
	if err != nil {
		return err
	}
	return p.skipLines(done, n)
}

// parseQSL is Python's urllib.parse.parse_qsl: it splits a query string
// into at most maxFields plain fields.
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
		// Each field costs a FieldStorage, and the bytes of an unquoted
		// name or value; the others share qs, which is counted already.
		cost := int64(fieldCost)
		if name != nv[:len(name)] {
			cost += int64(len(name))
		}
		if value != nv[len(nv)-len(value):] {
			cost += int64(len(value))
		}
		if err := p.hold(cost); err != nil {
			return nil, err
		}
		list = append(list, MiniFieldStorage(name, value))
	}
	return list, nil
}

// unquote is Python's urllib.parse.unquote(s.replace('+', ' ')), which
// decodes runs of ASCII; decoding the runs of %XX escapes gives the same.
func (p *parser) unquote(s string) (string, error) {
	s = strings.ReplaceAll(s, "+", " ")
	if !strings.Contains(s, "%") {
		return s, nil
	}
	var out, run []byte
	i := 0
	for i < len(s) {
		run = run[:0]
		for ; i+3 <= len(s) && s[i] == '%'; i += 3 {
			b, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				break
			}
			run = append(run, byte(b))
		}
		if len(run) == 0 {
			out = append(out, s[i])
			i++
			continue
		}
		var err error
		out, _, err = p.codec.appendDecode(out, run)
		if err != nil {
			return "", err
		}
	}
	return string(out), nil
}
