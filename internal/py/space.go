package py

import "unicode"

// IsSpace is Python's str.isspace for one character: Go's unicode.IsSpace
// and the separators U+001C to U+001F, which Python counts as blanks.
func IsSpace(r rune) bool {
	if r < 0x80 { // nearly every character of a request line, looked up
		return asciiSpace[r]
	}
	return unicode.IsSpace(r)
}

// asciiSpace marks the ASCII characters str.isspace accepts: tab, line
// feed, vertical tab, form feed, carriage return, the four separators
// U+001C to U+001F, and space.
var asciiSpace = [0x80]bool{
	'\t': true, '\n': true, '\v': true, '\f': true, '\r': true,
	0x1c: true, 0x1d: true, 0x1e: true, 0x1f: true, ' ': true,
}
