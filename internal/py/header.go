package py

import "strings"

// A Field is one field of a header block: its name as written and its value,
// leading blanks removed and the line end of its last line too. A folded
// value keeps the line ends and leading blanks of its continuation lines.
type Field struct {
	Name, Value string
}

// ParseHeaderBlock parses a header block as Python's email parser (policy
// compat32) does, for http.client's headers and cgi's part headers alike:
//
//   - a line ends at CR LF, at a bare CR or at LF (so a CR splits a line);
//   - a line starting with a blank continues the field before it;
//   - "From " lines and lines starting with ':' end the field before them
//     and are dropped;
//   - the fields end at the first other line that is not "name:", name
//     being printable ASCII.
//
// The fields come in the order of the block; their strings share its memory.
func ParseHeaderBlock(block string) []Field {
	var fields []Field
	EachHeaderField(block, func(name, value string) {
		fields = append(fields, Field{name, value})
	})
	return fields
}

// EachHeaderField parses block as ParseHeaderBlock does, but calls field
// with each field's name and value in turn instead of collecting them, so
// that a caller keeping them in a slice of its own type need not copy them.
// The strings share block's memory.
func EachHeaderField(block string, field func(name, value string)) {
	name, from := "", 0 // the field being read, and where its value starts
	add := func(to int) {
		if name != "" {
			field(name, trimLineEnds(block[from:to]))
		}
		name = ""
	}
	i := 0
	for i < len(block) {
		j := len(block)
		if k := lineEnd(block[i:]); k >= 0 {
			j = i + k + 1
			if block[j-1] == '\r' && strings.HasPrefix(block[j:], "\n") {
				j++
			}
		}
		line := block[i:j]
		if line[0] == ' ' || line[0] == '\t' {
			i = j
			continue // a continuation: part of the value being read, if any
		}
		add(i)
		if !strings.HasPrefix(line, "From ") {
			k := strings.IndexFunc(line, func(r rune) bool { return r < 0x21 || r > 0x7e || r == ':' })
			if k < 0 || line[k] != ':' {
				return
			}
			if k > 0 {
				name = line[:k]
				from = j - len(trimBlanks(line[k+1:]))
			}
		}
		i = j
	}
	add(i)
}

// lineEnd returns the index of the first CR or LF in s, or -1 if there is
// neither: two searches for one byte, which are faster than one for either.
func lineEnd(s string) int {
	lf := strings.IndexByte(s, '\n')
	beforeLF := s
	if lf >= 0 {
		beforeLF = s[:lf]
	}
	if cr := strings.IndexByte(beforeLF, '\r'); cr >= 0 {
		return cr
	}
	return lf
}

// trimLineEnds is strings.TrimRight(s, "\r\n"), and trimBlanks
// strings.TrimLeft(s, " \t"), without the set of characters those make on
// each call.
func trimLineEnds(s string) string {
	for s != "" && (s[len(s)-1] == '\r' || s[len(s)-1] == '\n') {
		s = s[:len(s)-1]
	}
	return s
}

func trimBlanks(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	return s
}
