package cgiform

import (
	"net/textproto"
	"strings"

	"github.com/basehttpserver/basehttpserver/internal/py"
)

// readPartHeader reads a part's header lines up to a blank one, and
// returns them decoded (in the form's arena when Parse keeps them), or
// false at the end of the body.
func (p *parser) readPartHeader(n *node) (string, bool, error) {
	hdr := p.hdr[:0]
	start := 0 // where the line being read starts in hdr
	for {
		line, err := p.readChunk(n)
		if err != nil {
			return "", false, err
		}
		if len(hdr)+len(line) > p.opts.MaxHeaderBytes {
			return "", false, ErrHeaderTooLarge
		}
		hdr = append(hdr, line...)
		if len(line) > 0 && line[len(line)-1] != '\n' && !p.eof {
			continue // the rest of a long line
		}
		if len(asciiStrip(hdr[start:])) == 0 {
			break
		}
		start = len(hdr)
	}
	p.hdr = hdr
	if len(hdr) == 0 {
		return "", false, nil
	}
	text, _, err := p.codec.appendDecode(p.buf[:0], hdr)
	p.buf = text
	if err != nil {
		return "", false, err
	}
	if !p.keep {
		return string(text), true, nil
	}
	if err := p.hold(int64(len(text))); err != nil {
		return "", false, err
	}
	return p.arena.add(text), true, nil
}

// ParseHeader parses a header such as Content-Type into its value and a
// map of its parameters, as Python's cgi.parse_header does: names are
// lowercased, quoted values unquoted, parameters without '=' dropped.
func ParseHeader(line string) (string, map[string]string) {
	key, rest := nextParam(line)
	pdict := make(map[string]string)
	for rest != "" {
		var param string
		param, rest = nextParam(rest[1:])
		name, value, ok := strings.Cut(param, "=")
		if !ok {
			continue
		}
		value = pyStrip(value)
		if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
			value = strings.ReplaceAll(value[1:len(value)-1], `\\`, `\`)
			value = strings.ReplaceAll(value, `\"`, `"`)
		}
		pdict[pyLower(pyStrip(name))] = value
	}
	return key, pdict
}

// nextParam is a step of Python's _parseparam: it returns s up to the
// first ';' outside double quotes, stripped, and the rest from that ';'.
func nextParam(s string) (param, rest string) {
	end := 0
	for {
		i := strings.IndexByte(s[end:], ';')
		if i < 0 {
			return pyStrip(s), ""
		}
		end += i
		quotes := strings.Count(s[:end], `"`) - strings.Count(s[:end], `\"`)
		if end == 0 || quotes%2 == 0 {
			return pyStrip(s[:end]), s[end:]
		}
		end++
	}
}

// pyStrip is Python's str.strip(), which also strips U+001C to U+001F.
func pyStrip(s string) string {
	return strings.TrimFunc(s, py.IsSpace)
}

// pyLower is Python's str.lower(), which maps U+0130 to two runes.
func pyLower(s string) string { return strings.ToLower(strings.ReplaceAll(s, "\u0130", "i\u0307")) }

// canonical returns h with canonical keys, copied if need be: Python's Message ignores case.
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

// partHeaderValue returns the first value of the field key, in canonical
// form, in a part's header block (as parsePartHeader(text)[key][0]),
// without a map.
func partHeaderValue(text, key string) (string, bool) {
	for _, f := range py.ParseHeaderBlock(text) {
		if textproto.CanonicalMIMEHeaderKey(f.Name) == key {
			return f.Value, true
		}
	}
	return "", false
}

// parsePartHeader is Python's email.feedparser (policy compat32) on a
// part's header block (see py.ParseHeaderBlock), with canonical keys and
// without Content-Length, which Python drops from parts.
func parsePartHeader(text string) textproto.MIMEHeader {
	h := make(textproto.MIMEHeader)
	for _, f := range py.ParseHeaderBlock(text) {
		key := textproto.CanonicalMIMEHeaderKey(f.Name)
		if key != "Content-Length" {
			h[key] = append(h[key], f.Value)
		}
	}
	return h
}
