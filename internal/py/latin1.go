package py

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// DecodeLatin1 decodes ISO-8859-1 bytes, as Python decodes an HTTP request,
// into a Go string of the same characters. It allocates the result once, at
// its size: a header block can be megabytes.
func DecodeLatin1(b []byte) string {
	high := 0 // the bytes that take two in UTF-8
	for _, c := range b {
		if c >= utf8.RuneSelf {
			high++
		}
	}
	if high == 0 {
		return string(b)
	}
	var s strings.Builder
	s.Grow(len(b) + high)
	for _, c := range b {
		s.WriteRune(rune(c))
	}
	return s.String()
}

// EncodeLatin1 appends the strings to dst encoded as ISO-8859-1. It fails,
// as Python's encode("latin-1") does, on a character beyond U+00FF; dst is
// then returned as it came.
func EncodeLatin1(dst []byte, strs ...string) ([]byte, error) {
	n := len(dst)
	for _, s := range strs {
		if isASCII(s) {
			dst = append(dst, s...) // ASCII is Latin-1 already
			continue
		}
		for _, r := range s {
			if r > 0xff {
				return dst[:n], errors.New(strconv.QuoteRune(r) + " cannot be encoded in Latin-1")
			}
			dst = append(dst, byte(r))
		}
	}
	return dst, nil
}

// isASCII reports whether s holds only ASCII characters.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
