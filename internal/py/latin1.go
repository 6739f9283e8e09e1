package py

import (
	"errors"
	"strconv"
	"unicode/utf8"
)

// DecodeLatin1 decodes ISO-8859-1 bytes, as Python decodes an HTTP request,
// into a Go string of the same characters.
func DecodeLatin1(b []byte) string {
	for i, c := range b {
		if c >= utf8.RuneSelf {
			s := []byte(string(b[:i]))
			for _, c := range b[i:] {
				s = utf8.AppendRune(s, rune(c))
			}
			return string(s)
		}
	}
	return string(b)
}

// EncodeLatin1 appends the strings to dst encoded as ISO-8859-1. It fails,
// as Python's encode("latin-1") does, on a character beyond U+00FF; dst is
// then returned as it came.
func EncodeLatin1(dst []byte, strs ...string) ([]byte, error) {
	n := len(dst)
	for _, s := range strs {
		for _, r := range s {
			if r > 0xff {
				return dst[:n], errors.New(strconv.QuoteRune(r) + " cannot be encoded in Latin-1")
			}
			dst = append(dst, byte(r))
		}
	}
	return dst, nil
}
