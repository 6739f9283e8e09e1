package py

import "unicode"

// IsSpace is Python's str.isspace for one character: Go's unicode.IsSpace
// and the separators U+001C to U+001F, which Python counts as blanks.
func IsSpace(r rune) bool {
	return unicode.IsSpace(r) || 0x1c <= r && r <= 0x1f
}
