package cgiform

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// A codec decodes bytes to text as Python's bytes.decode(encoding, errors)
// does, for the three encodings forms use in practice.
type codec struct {
	enc  string // "utf-8", "latin-1" or "ascii"
	errs string // "replace", "ignore" or "strict"
}

func newCodec(encoding, errs string) (codec, error) {
	var c codec
	switch strings.ReplaceAll(strings.ToLower(encoding), "_", "-") {
	case "utf-8", "utf8", "u8":
		c.enc = "utf-8"
	case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1":
		c.enc = "latin-1"
	case "ascii", "us-ascii":
		c.enc = "ascii"
	default:
		return c, fmt.Errorf("%w: %q", ErrEncoding, encoding)
	}
	switch errs {
	case "replace", "ignore", "strict":
		c.errs = errs
	default:
		return c, fmt.Errorf("%w: %q", ErrEncoding, errs)
	}
	return c, nil
}

// appendDecode appends the UTF-8 form of src's text to dst and returns it
// with the number of characters decoded (what Python's StringIO.tell counts).
func (c codec) appendDecode(dst, src []byte) ([]byte, int, error) {
	if c.enc == "utf-8" && utf8.Valid(src) {
		return append(dst, src...), utf8.RuneCount(src), nil
	}
	n := 0
	for i := 0; i < len(src); {
		b := src[i]
		switch {
		case b < utf8.RuneSelf:
			dst = append(dst, b)
			i++
		case c.enc == "latin-1":
			dst = utf8.AppendRune(dst, rune(b))
			i++
		case c.enc == "utf-8":
			if r, size := utf8.DecodeRune(src[i:]); r != utf8.RuneError || size > 1 {
				dst = append(dst, src[i:i+size]...)
				i += size
				break
			}
			fallthrough
		default:
			k := 1
			if c.enc == "utf-8" {
				k = invalidLen(src[i:])
			}
			switch c.errs {
			case "strict":
				return dst, n, fmt.Errorf("%w: %s byte 0x%02x in position %d", ErrDecode, c.enc, b, i)
			case "ignore":
				n--
			default:
				dst = append(dst, "\uFFFD"...)
			}
			i += k
		}
		n++
	}
	return dst, n, nil
}

func (c codec) decode(src []byte) (string, error) {
	b, _, err := c.appendDecode(nil, src)
	return string(b), err
}

// invalidLen returns the length of the longest prefix of p, an invalid
// UTF-8 sequence, that could start a valid one: Python replaces that
// prefix with a single U+FFFD.
func invalidLen(p []byte) int {
	for k := 3; k > 1; k-- {
		if k <= len(p) && !utf8.FullRune(p[:k]) {
			return k
		}
	}
	return 1
}
