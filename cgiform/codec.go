package cgiform

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// A codec is Python's bytes.decode(encoding, errors); the zero one keeps bytes.
type codec struct {
	enc  string // "utf-8", "latin-1", "ascii", or "" for bytes
	errs string // "replace" (or ""), "ignore", "strict" or "surrogateescape"
}

// newCodec returns the codec of Python's encoding and errors arguments, or ErrEncoding.
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
	case "", "replace", "ignore", "strict", "surrogateescape":
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
	i := 0
	for i < len(src) {
		r := rune(src[i]) // < 0: an invalid sequence of size bytes
		size := 1
		switch {
		case r < utf8.RuneSelf || c.enc == "latin-1":
		case c.enc == "ascii":
			r = -1
		default:
			r, size = utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size == 1 {
				r = -1
				size = invalidLen(src[i:])
			}
		}
		switch {
		case r >= 0:
			dst = utf8.AppendRune(dst, r)
			n++
		case c.errs == "strict":
			return dst, n, fmt.Errorf("%w: %s byte 0x%02x in position %d", ErrDecode, c.enc, src[i], i)
		case c.errs == "surrogateescape":
			// Python makes each byte a lone surrogate, which encodes back
			// to the byte; a Go string holds the byte itself.
			dst = append(dst, src[i:i+size]...)
			n += size
		case c.errs != "ignore":
			dst = append(dst, "\uFFFD"...)
			n++
		}
		i += size
	}
	return dst, n, nil
}

// decode returns src's text as a string.
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
