package cgiform

import (
	"net/textproto"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseHeader parses a Content-Type like header, as Python's
// cgi.parse_header does: it returns the main value and a map of the
// parameters, with names lowercased and quoted values unquoted.
//
//	ParseHeader(`form-data; name="a;b"; filename="c\"d"`)
//	// "form-data", map[filename:c"d name:a;b]
//
// Parameters without '=' are dropped; a later parameter replaces an earlier
// one of the same name.
func ParseHeader(line string) (string, map[string]string) {
	key, rest := nextParam(line)
	pdict := make(map[string]string)
	for rest != "" {
		var p string
		p, rest = nextParam(rest[1:])
		i := strings.IndexByte(p, '=')
		if i < 0 {
			continue
		}
		name := pyLower(pyStrip(p[:i]))
		value := pyStrip(p[i+1:])
		if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
			value = value[1 : len(value)-1]
			value = strings.ReplaceAll(value, `\\`, `\`)
			value = strings.ReplaceAll(value, `\"`, `"`)
		}
		pdict[name] = value
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

// pyStrip is Python's str.strip(): Unicode white space, which includes the
// separators U+001C to U+001F that unicode.IsSpace leaves out.
func pyStrip(s string) string {
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if !pySpace(r) {
			break
		}
		s = s[n:]
	}
	for len(s) > 0 {
		r, n := utf8.DecodeLastRuneInString(s)
		if !pySpace(r) {
			break
		}
		s = s[:len(s)-n]
	}
	return s
}

func pySpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r >= '\t' && r <= '\r' || r >= 0x1c && r <= 0x1f
	}
	return unicode.IsSpace(r)
}

// pyLower is Python's str.lower(), whose one multi-character mapping Go's
// simple case folding lacks.
func pyLower(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "\u0130", "i\u0307"))
}

// hget looks up a header by its canonical key and reports whether it is
// present (Python's "key in headers" and headers[key]).
func hget(h textproto.MIMEHeader, key string) (string, bool) {
	if v := h[key]; len(v) > 0 {
		return v[0], true
	}
	return "", false
}

// canonical returns h with canonical keys, so that lookups are
// case-insensitive as in Python's Message: h itself if its keys already
// are (as an http.Header's are), or else a copy.
func canonical(h textproto.MIMEHeader) textproto.MIMEHeader {
	for k := range h {
		if textproto.CanonicalMIMEHeaderKey(k) != k {
			c := make(textproto.MIMEHeader, len(h))
			for k, v := range h {
				ck := textproto.CanonicalMIMEHeaderKey(k)
				c[ck] = append(c[ck], v...)
			}
			return c
		}
	}
	return h
}

// parsePartHeader reads a part's header block the way Python's
// email.feedparser does under the compat32 policy: lines end at CR, LF or
// CRLF; headers stop at the first line that is neither "Name:", a
// continuation (leading space or tab) nor a leading "From " line; folded
// values keep their line breaks.
func parsePartHeader(text string) textproto.MIMEHeader {
	var buf [16]string
	lines := buf[:0]
	for len(text) > 0 {
		i := strings.IndexAny(text, "\r\n")
		if i < 0 {
			lines = append(lines, text)
			break
		}
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			i++
		}
		lines, text = append(lines, text[:i+1]), text[i+1:]
	}
	n := 0
	for n < len(lines) && isHeaderLine(lines[n]) {
		n++
	}
	lines = lines[:n]

	h := make(textproto.MIMEHeader, n)
	strs := make([]string, n) // one backing array for the values, as textproto's
	add := func(cur []string) {
		name, value, _ := strings.Cut(cur[0], ":")
		value = strings.TrimLeft(value, " \t") + strings.Join(cur[1:], "")
		key := textproto.CanonicalMIMEHeaderKey(name)
		if vv := h[key]; vv == nil {
			vv, strs = strs[:1:1], strs[1:]
			vv[0] = strings.TrimRight(value, "\r\n")
			h[key] = vv
		} else {
			h[key] = append(vv, strings.TrimRight(value, "\r\n"))
		}
	}
	start := -1 // the first line of the header being read, if any
	for i, line := range lines {
		if line[0] == ' ' || line[0] == '\t' {
			continue // a continuation line, or one to drop if start < 0
		}
		if start >= 0 {
			add(lines[start:i])
			start = -1
		}
		switch {
		case strings.HasPrefix(line, "From ") && i > 0 && i == len(lines)-1:
			return h
		case strings.HasPrefix(line, "From "), line[0] == ':':
			continue
		}
		start = i
	}
	if start >= 0 {
		add(lines[start:])
	}
	return h
}

// isHeaderLine is the email package's headerRE:
// ^(From |[\041-\071\073-\176]*:|[\t ]).
func isHeaderLine(line string) bool {
	if strings.HasPrefix(line, "From ") || line[0] == ' ' || line[0] == '\t' {
		return true
	}
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == ':':
			return true
		case c < 0x21 || c > 0x7e:
			return false
		}
	}
	return false
}
