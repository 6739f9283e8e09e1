package cgiform

import (
	"errors"
	"io"
	"net/textproto"
	"os"
	"strings"
)

// FieldStorage is a parsed form, or one of its fields, as Python's
// cgi.FieldStorage: a List of fields, a name=value pair, or a part's data.
//
// A form may have many thousands of fields, so a field keeps little: its
// names, its list, and the text of its header block, from which Header,
// Type, TypeOptions, Disposition and DispositionOptions parse what they
// return anew on each call (Python parses them once and keeps a dict of
// each). The header and the value sit in a few large strings that the
// form's fields share.
type FieldStorage struct {
	// Name is the Content-Disposition's name parameter, or "".
	Name string
	// Filename is the Content-Disposition's filename parameter, or "". It
	// is whatever the client sent, not a path on this machine: it may
	// contain separators, "..", or anything else.
	Filename string
	// List holds the fields of a form or a multipart part, in order.
	List []*FieldStorage

	text  string // a part's header block, then its value if held in memory
	split int    // where the value starts in text
	mini  bool   // a plain field of a query string
	ext   *extra // a spooled value's place, or the form's own header and file
}

// An extra holds what few fields have: the place of a value spooled to
// the form's temporary file, and for the form as a whole, its header and
// the file itself.
type extra struct {
	file    *os.File // the form's temporary file, for a spooled value
	off     int64    // where the value starts in file
	size    int64    // the length of the value in file
	header  textproto.MIMEHeader
	typ     string   // the form's Content-Type, or the type Python assumes
	cleanup *cleanup // the form's temporary file, at the top
}

// fieldCost is what a field costs beyond its text, counted against
// MaxMemory: the FieldStorage (96 bytes) and its place
// in a List (TestFieldCost checks it against the size of the type).
const fieldCost = 96 + 8

// MiniFieldStorage returns a plain field of a query string (Python's class).
func MiniFieldStorage(name, value string) *FieldStorage {
	return &FieldStorage{Name: name, text: value, mini: true}
}

// Value returns the field's text, or the bytes sent for a part with a
// filename; "" for a form, or after Close, as spooled data is read anew.
func (fs *FieldStorage) Value() string {
	if !fs.spooled() {
		return fs.text[fs.split:]
	}
	b := make([]byte, fs.ext.size)
	if _, err := fs.ext.file.ReadAt(b, fs.ext.off); err != nil {
		return ""
	}
	return string(b)
}

// File returns a new reader of a part's data (Python's file attribute), or
// nil for a plain field or a form. Reading spooled data fails after Close.
func (fs *FieldStorage) File() *io.SectionReader {
	switch {
	case fs.spooled():
		return io.NewSectionReader(fs.ext.file, fs.ext.off, fs.ext.size)
	case fs.List != nil || fs.mini:
		return nil
	}
	value := fs.text[fs.split:]
	return io.NewSectionReader(strings.NewReader(value), 0, int64(len(value)))
}

// spooled reports whether the value is in the form's temporary file.
func (fs *FieldStorage) spooled() bool { return fs.ext != nil && fs.ext.file != nil }

// Header returns the part's headers (the request's, for the form as a
// whole), except Content-Length, which Python drops from parts; nil for a
// plain field. A part's are parsed from its header block on each call.
func (fs *FieldStorage) Header() textproto.MIMEHeader {
	switch {
	case fs.mini:
		return nil
	case fs.ext != nil && fs.ext.cleanup != nil:
		return fs.ext.header
	}
	return parsePartHeader(fs.text[:fs.split])
}

// headerValue returns the first value of the header key, if there is one.
func (fs *FieldStorage) headerValue(key string) (string, bool) {
	if fs.ext != nil && fs.ext.cleanup != nil {
		v := fs.ext.header[key]
		if len(v) == 0 {
			return "", false
		}
		return v[0], true
	}
	return partHeaderValue(fs.text[:fs.split], key)
}

// Type returns the value of Content-Type, such as "image/png", or
// "text/plain" for a part without one; "" for a plain field.
func (fs *FieldStorage) Type() string {
	switch {
	case fs.mini:
		return ""
	case fs.ext != nil && fs.ext.cleanup != nil:
		return fs.ext.typ
	}
	v, ok := fs.headerValue("Content-Type")
	if !ok {
		return "text/plain"
	}
	return headerKey(v)
}

// TypeOptions returns Content-Type's parameters, nil without the header.
func (fs *FieldStorage) TypeOptions() map[string]string {
	return fs.options("Content-Type")
}

// Disposition returns the value of Content-Disposition, such as
// "form-data", or "" without one.
func (fs *FieldStorage) Disposition() string {
	v, _ := fs.headerValue("Content-Disposition")
	return headerKey(v)
}

// DispositionOptions returns Content-Disposition's parameters, nil without
// the header.
func (fs *FieldStorage) DispositionOptions() map[string]string {
	return fs.options("Content-Disposition")
}

// options returns the parameters of the header key, nil without it.
func (fs *FieldStorage) options(key string) map[string]string {
	v, ok := fs.headerValue(key)
	if !ok {
		return nil
	}
	_, params := ParseHeader(v)
	return params
}

// An arena holds the text of a form's fields: their header blocks and the
// values held in memory, in a few large strings rather than one small
// allocation each. A strings.Builder never changes the bytes it has
// written, so the strings it returns stay valid as it grows; when one is
// full, the arena starts another, twice as large, up to 64 KiB.
type arena struct {
	b    strings.Builder
	size int // the capacity of b when it was started
}

// add returns text as a string kept in the arena.
func (a *arena) add(text []byte) string { return a.extend("", text) }

// extend returns prefix followed by more, kept in the arena: in place if
// prefix is the arena's last text and there is room, else copied.
func (a *arena) extend(prefix string, more []byte) string {
	if len(more) == 0 {
		return prefix
	}
	cur := a.b.String()
	room := a.b.Cap() - a.b.Len()
	if len(prefix) > 0 && strings.HasSuffix(cur, prefix) && room >= len(more) {
		start := len(cur) - len(prefix)
		a.b.Write(more)
		return a.b.String()[start:]
	}
	need := len(prefix) + len(more)
	if room < need {
		a.size *= 2
		if a.size < 512 {
			a.size = 512
		}
		if a.size > 64<<10 {
			a.size = 64 << 10
		}
		a.b = strings.Builder{}
		if need > a.size {
			a.b.Grow(need)
		} else {
			a.b.Grow(a.size)
		}
	}
	start := a.b.Len()
	a.b.WriteString(prefix)
	a.b.Write(more)
	return a.b.String()[start:]
}

// Close closes the form's temporary file; on a field it does nothing.
func (fs *FieldStorage) Close() error {
	if fs.ext == nil || fs.ext.cleanup == nil {
		return nil
	}
	c := fs.ext.cleanup
	if c.file == nil {
		return nil
	}
	err := c.file.Close()
	if c.path != "" {
		rmErr := os.Remove(c.path)
		if !os.IsNotExist(rmErr) {
			err = errors.Join(err, rmErr)
		}
	}
	c.file = nil
	c.path = ""
	return err
}

// cleanup holds a form's temporary file, which the spooled values share:
// each is a section of it, so that a form holds one descriptor however
// many parts it spools. Close closes the file and removes it if it could
// not be unlinked while open.
type cleanup struct {
	file *os.File // nil until a value is spooled
	path string   // the file's name, if it could not be unlinked
	size int64    // the bytes written to file
}

// ANCHOR: create
// create makes the temporary file in dir, and unlinks it at once where
// the system allows.
func (c *cleanup) create(dir string) (*os.File, error) {
	f, err := os.CreateTemp(dir, "cgiform-")
	if err != nil {
		return nil, pathless(err)
	}
	c.file = f
	if os.Remove(f.Name()) != nil {
		c.path = f.Name()
	}
	return f, nil
}

// ANCHOR_END: create

// A fileError is an *os.PathError of the temporary file with the path left
// out of its message, which a server may send to a client; errors.As
// still finds the PathError, path and all, for the server's log.
type fileError struct {
	err *os.PathError
}

func (e *fileError) Error() string {
	return "cgiform: temporary file: " + e.err.Op + ": " + e.err.Err.Error()
}

func (e *fileError) Unwrap() error { return e.err }

// pathless returns err, as a fileError if it is an *os.PathError.
func pathless(err error) error {
	if err == nil {
		return nil // the usual case, on every line written: no allocation
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return &fileError{err: pe}
	}
	return err
}

// Fields returns the fields named key, in order (Python's form[key]).
func (fs *FieldStorage) Fields(key string) (found []*FieldStorage) {
	for _, f := range fs.List {
		if f.Name == key {
			found = append(found, f)
		}
	}
	return found
}

// GetValue returns the first value named key, or def (Python's getvalue).
func (fs *FieldStorage) GetValue(key, def string) string { return fs.GetFirst(key, def) }

// GetFirst returns the first value named key, or def (Python's getfirst).
func (fs *FieldStorage) GetFirst(key, def string) string {
	if found := fs.Fields(key); len(found) > 0 {
		return found[0].Value()
	}
	return def
}

// GetList returns the values of the fields named key (Python's getlist).
func (fs *FieldStorage) GetList(key string) (values []string) {
	for _, f := range fs.Fields(key) {
		values = append(values, f.Value())
	}
	return values
}

// Keys returns the distinct field names as they first appear (Python's keys).
func (fs *FieldStorage) Keys() (keys []string) {
	seen := make(map[string]bool)
	for _, f := range fs.List {
		if !seen[f.Name] {
			seen[f.Name] = true
			keys = append(keys, f.Name)
		}
	}
	return keys
}

// Contains reports whether a field is named key (Python's "key in form").
func (fs *FieldStorage) Contains(key string) bool { return len(fs.Fields(key)) > 0 }

// Len returns the number of distinct field names (Python's len(form)).
func (fs *FieldStorage) Len() int { return len(fs.Keys()) }
