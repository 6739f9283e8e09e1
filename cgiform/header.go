package cgiform

import (
	"net/textproto"
	"strings"
)

// parsePartHeader is Python's email.feedparser (policy compat32): lines end
// at CR, LF or CRLF; headers stop at a line that is neither "Name:", a
// continuation nor a dropped "From " line; folded values keep line breaks.
func parsePartHeader(text string) textproto.MIMEHeader {
	h := make(textproto.MIMEHeader)
	key, from := "", 0 // the header being read, and where its value starts
	add := func(to int) {
		if key != "" && key != "Content-Length" { // which Python drops from parts
			h[key] = append(h[key], strings.TrimRight(text[from:to], "\r\n"))
		}
	}
	i := 0
	for i < len(text) {
		j := len(text)
		if k := strings.IndexAny(text[i:], "\r\n"); k >= 0 {
			if j = i + k + 1; text[j-1] == '\r' && strings.HasPrefix(text[j:], "\n") {
				j++
			}
		}
		if line := text[i:j]; line[0] != ' ' && line[0] != '\t' { // else a continuation, or one to drop
			add(i)
			key = ""
			if !strings.HasPrefix(line, "From ") { // email's headerRE: ^(From |[\041-\071\073-\176]*:|[\t ])
				k := strings.IndexFunc(line, func(r rune) bool { return r < 0x21 || r > 0x7e || r == ':' })
				if k < 0 || line[k] != ':' {
					break
				}
				if k > 0 {
					key, from = textproto.CanonicalMIMEHeaderKey(line[:k]), j-len(strings.TrimLeft(line[k+1:], " \t"))
				}
			}
		}
		i = j
	}
	add(i)
	return h
}
