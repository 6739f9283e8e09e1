package basehttp

import "strings"

// A Field is one header line of a request: its name as the client spelled it and
// its value with leading blanks removed (Python's HTTPMessage keeps the rest,
// including the CR LF of a folded continuation line).
type Field struct {
	Name, Value string
}

// Header holds a request's header fields in the order they arrived, repeated
// names included, as Python's http.client.HTTPMessage does. Lookups ignore
// case, as Python's do.
type Header []Field

// Get returns the value of the first field named name, or "" if there is none
// (Python's headers.get(name, "")).
func (h Header) Get(name string) string {
	v, _ := h.Lookup(name)
	return v
}

// Lookup returns the value of the first field named name and whether there was one
// (Python's headers[name], which is None when the field is absent).
func (h Header) Lookup(name string) (string, bool) {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value, true
		}
	}
	return "", false
}

// Values returns the values of every field named name, in order (Python's get_all).
func (h Header) Values(name string) []string {
	var vs []string
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			vs = append(vs, f.Value)
		}
	}
	return vs
}
