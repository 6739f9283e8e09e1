package cgiform

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// readURLEncoded is Python's read_urlencoded, for a query-string body.
func (p *parser) readURLEncoded(fs *FieldStorage, n *node) error {
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
	if fs.List, err = p.parseQSL(qs, n.maxFields); err != nil {
		return err
	}
	return p.skipLines(fs, n)
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

// A codec is Python's bytes.decode(encoding, errors); the zero one keeps bytes.
type codec struct {
	enc  string // "utf-8", "latin-1", "ascii", or "" for bytes
	errs string // "replace" (or ""), "ignore" or "strict"
}

func newCodec(encoding, errs string) (codec, error) {
	c := codec{errs: errs}
	switch strings.ReplaceAll(strings.ToLower(encoding), "_", "-") {
	case "", "utf-8", "utf8", "u8":
		c.enc = "utf-8"
	case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1":
		c.enc = "latin-1"
	case "ascii", "us-ascii":
		c.enc = "ascii"
	default:
		return c, fmt.Errorf("%w: %q", ErrEncoding, encoding)
	}
	switch errs {
	case "", "replace", "ignore", "strict":
		return c, nil
	}
	return c, fmt.Errorf("%w: %q", ErrEncoding, errs)
}

// appendDecode appends the UTF-8 form of src's text to dst and returns it
// with the number of characters decoded (what Python's StringIO.tell counts).
func (c codec) appendDecode(dst, src []byte) ([]byte, int, error) {
	switch {
	case c.enc == "":
		return append(dst, src...), len(src), nil
	case c.enc == "utf-8" && utf8.Valid(src):
		return append(dst, src...), utf8.RuneCount(src), nil
	}
	n := 0
	for i := 0; i < len(src); {
		r, size := rune(src[i]), 1 // r < 0: an invalid sequence of size bytes
		switch {
		case r < utf8.RuneSelf || c.enc == "latin-1":
		case c.enc == "ascii":
			r = -1
		default:
			if r, size = utf8.DecodeRune(src[i:]); r == utf8.RuneError && size == 1 {
				r, size = -1, invalidLen(src[i:])
			}
		}
		switch {
		case r >= 0:
			dst, n = utf8.AppendRune(dst, r), n+1
		case c.errs == "strict":
			return dst, n, fmt.Errorf("%w: %s byte 0x%02x in position %d", ErrDecode, c.enc, src[i], i)
		case c.errs != "ignore":
			dst, n = append(dst, "\uFFFD"...), n+1
		}
		i += size
	}
	return dst, n, nil
}

func (c codec) decode(src []byte) (string, error) {
	b, _, err := c.appendDecode(nil, src)
	return string(b), err
}

// invalidLen returns the length of the prefix of p, an invalid UTF-8 sequence, that
// could start a valid one: Python replaces it with one U+FFFD.
func invalidLen(p []byte) int {
	for k := 3; k > 1; k-- {
		if k <= len(p) && !utf8.FullRune(p[:k]) {
			return k
		}
	}
	return 1
}
