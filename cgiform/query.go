package cgiform

import (
	"fmt"
	"io"
	"strings"
)

// parseQSL is Python's urllib.parse.parse_qsl: it splits a query string
// into plain fields, dropping blank values unless KeepBlankValues is set.
// maxFields < 0 means no bound.
func (p *parser) parseQSL(qs string, maxFields int) ([]*FieldStorage, error) {
	o := &p.opts
	if maxFields >= 0 {
		n := 0
		if qs != "" {
			n = 1 + strings.Count(qs, o.Separator)
		}
		if maxFields < n {
			return nil, ErrTooManyFields
		}
	}
	var list []*FieldStorage
	if qs == "" {
		return list, nil
	}
	for _, nv := range strings.Split(qs, o.Separator) {
		if nv == "" && !o.StrictParsing {
			continue
		}
		name, value, ok := strings.Cut(nv, "=")
		if !ok {
			if o.StrictParsing {
				return nil, fmt.Errorf("%w: %q", ErrBadQuery, nv)
			}
			if !o.KeepBlankValues {
				continue
			}
		}
		if value == "" && !o.KeepBlankValues {
			continue
		}
		name, err := p.unquote(strings.ReplaceAll(name, "+", " "))
		if err != nil {
			return nil, err
		}
		value, err = p.unquote(strings.ReplaceAll(value, "+", " "))
		if err != nil {
			return nil, err
		}
		list = append(list, MiniFieldStorage(name, value))
	}
	return list, nil
}

// unquote is Python's urllib.parse.unquote: in each run of ASCII it
// replaces %XX escapes by the bytes they stand for, and decodes the run.
// Text outside the runs is already decoded and stays as it is.
func (p *parser) unquote(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	var out, run []byte
	for i := 0; i < len(s); {
		j := i
		if s[i] >= 0x80 {
			for j < len(s) && s[j] >= 0x80 {
				j++
			}
			out = append(out, s[i:j]...)
			i = j
			continue
		}
		run = run[:0]
		for ; j < len(s) && s[j] < 0x80; j++ {
			if s[j] == '%' && j+2 < len(s) && isHex(s[j+1]) && isHex(s[j+2]) {
				run = append(run, unhex(s[j+1])<<4|unhex(s[j+2]))
				j += 2
				continue
			}
			run = append(run, s[j])
		}
		var err error
		if out, _, err = p.codec.appendDecode(out, run); err != nil {
			return "", err
		}
		i = j
	}
	return string(out), nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
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
