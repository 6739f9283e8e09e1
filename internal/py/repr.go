package py

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Repr is Python's repr of a str: quoted with ' unless only " avoids
// escaping, with \t, \n, \r, the quote and \\ escaped, and characters Python
// does not print as \xNN, \uNNNN or \UNNNNNNNN.
func Repr(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	b := []byte{q}
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\t':
			b = append(b, `\t`...)
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r == ' ' || r != utf8.RuneError && unicode.IsPrint(r):
			b = utf8.AppendRune(b, r)
		case r < 0x100:
			b = append(b, fmt.Sprintf(`\x%02x`, r)...)
		case r < 0x10000:
			b = append(b, fmt.Sprintf(`\u%04x`, r)...)
		default:
			b = append(b, fmt.Sprintf(`\U%08x`, r)...)
		}
	}
	return string(append(b, q))
}
