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

// invalidLen returns the length of the maximal prefix of p that starts a
// UTF-8 sequence; Python replaces that prefix with a single U+FFFD.
func invalidLen(p []byte) int {
	lo, hi := byte(0x80), byte(0xBF)
	var need int
	switch b := p[0]; {
	case b >= 0xC2 && b <= 0xDF:
		need = 1
	case b == 0xE0:
		need, lo = 2, 0xA0
	case b == 0xED:
		need, hi = 2, 0x9F
	case b >= 0xE1 && b <= 0xEF:
		need = 2
	case b == 0xF0:
		need, lo = 3, 0x90
	case b == 0xF4:
		need, hi = 3, 0x8F
	case b >= 0xF1 && b <= 0xF3:
		need = 3
	default:
		return 1
	}
	n := 1
	for ; n <= need && n < len(p); n++ {
		if p[n] < lo || p[n] > hi {
			break
		}
		lo, hi = 0x80, 0xBF
	}
	return n
}
