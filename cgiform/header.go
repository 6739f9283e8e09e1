package cgiform

import (
	"net/textproto"
	"strings"
	"unicode"
)

// ParseHeader parses a Content-Type like header as Python's
// cgi.parse_header does. It returns the main value and a map of the
// parameters, with names lowercased and quoted values unquoted. Parameters
// without '=' are dropped; a later parameter replaces an earlier one of
// the same name.
func ParseHeader(line string) (string, map[string]string) {
	key, rest := nextParam(line)
	pdict := make(map[string]string)
	for rest != "" {
		var p string
		p, rest = nextParam(rest[1:])
		if name, value, ok := strings.Cut(p, "="); ok {
			value = pyStrip(value)
			if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
				value = strings.ReplaceAll(value[1:len(value)-1], `\\`, `\`)
				value = strings.ReplaceAll(value, `\"`, `"`)
			}
			pdict[pyLower(pyStrip(name))] = value
		}
	}
	return key, pdict
}

// nextParam is a step of Python's _parseparam: it returns s up to the
// first ';' outside double quotes, stripped, and the rest from that ';'.
func nextParam(s string) (param, rest string) {
	end := strings.IndexByte(s, ';')
	for end > 0 && (strings.Count(s[:end], `"`)-strings.Count(s[:end], `\"`))%2 != 0 {
		next := strings.IndexByte(s[end+1:], ';')
		if next < 0 {
			return pyStrip(s), ""
		}
		end += 1 + next
	}
	if end < 0 {
		return pyStrip(s), ""
	}
	return pyStrip(s[:end]), s[end:]
}

// pyStrip is Python's str.strip(), whose white space includes U+001C to
// U+001F, which unicode.IsSpace leaves out.
func pyStrip(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f })
}

// pyLower is Python's str.lower(), whose one multi-character mapping Go's
// simple case folding lacks.
func pyLower(s string) string { return strings.ToLower(strings.ReplaceAll(s, "\u0130", "i\u0307")) }

// canonical returns h with canonical keys, so that lookups are
// case-insensitive as in Python's Message: h itself if its keys already
// are (as an http.Header's are), or else a copy.
func canonical(h textproto.MIMEHeader) textproto.MIMEHeader {
	for k := range h {
		if textproto.CanonicalMIMEHeaderKey(k) != k {
			c := make(textproto.MIMEHeader, len(h))
			for k, v := range h {
				k = textproto.CanonicalMIMEHeaderKey(k)
				c[k] = append(c[k], v...)
			}
			return c
		}
	}
	return h
}

// parsePartHeader parses a part's header block as Python's email.feedparser
// does under the compat32 policy: lines end at CR, LF or CRLF; headers stop
// at the first line that is neither "Name:", a continuation (leading space
// or tab) nor a "From " line, which is dropped; folded values keep their
// line breaks.
func parsePartHeader(text string) textproto.MIMEHeader {
	h := make(textproto.MIMEHeader)
	key, from := "", 0 // the header being read, and where its value starts
	add := func(to int) {
		if key != "" {
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
		line := text[i:j]
		if !isHeaderLine(line) {
			break
		}
		if line[0] != ' ' && line[0] != '\t' { // else a continuation, or one to drop
			add(i)
			key = ""
			if name, value, _ := strings.Cut(line, ":"); line[0] != ':' && !strings.HasPrefix(line, "From ") {
				key, from = textproto.CanonicalMIMEHeaderKey(name), j-len(strings.TrimLeft(value, " \t"))
			}
		}
		i = j
	}
	add(i)
	return h
}

// isHeaderLine is the email package's headerRE:
// ^(From |[\041-\071\073-\176]*:|[\t ]).
func isHeaderLine(line string) bool {
	if strings.HasPrefix(line, "From ") || line[0] == ' ' || line[0] == '\t' {
		return true
	}
	i := strings.IndexFunc(line, func(r rune) bool { return r < 0x21 || r > 0x7e || r == ':' })
	return i >= 0 && line[i] == ':'
}
