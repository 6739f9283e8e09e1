package cgiform

import (
	"bytes"
	"errors"
	"io"
	"net/textproto"
	"os"
)

// FieldStorage is a parsed form, or one of its fields, as Python's
// cgi.FieldStorage: a List of fields, a name=value pair, or a part's data.
type FieldStorage struct {
	// Name is the Content-Disposition's name parameter, or "".
	Name string
	// Filename is the Content-Disposition's filename parameter, or "". It
	// is whatever the client sent, not a path on this machine: it may
	// contain separators, "..", or anything else.
	Filename string
	// Type is the value of Content-Type, such as "image/png", or
	// "text/plain" for a part without one.
	Type string
	// TypeOptions holds Content-Type's parameters, nil without the header.
	TypeOptions map[string]string
	// Disposition is the value of Content-Disposition, such as "form-data".
	Disposition string
	// DispositionOptions holds Content-Disposition's parameters, nil without the header.
	DispositionOptions map[string]string
	// Header holds the part's headers (the request's, at the top), except
	// Content-Length, which Python drops from parts.
	Header textproto.MIMEHeader
	// List holds the fields of a form or a multipart part, in order.
	List []*FieldStorage

	mini    bool     // a plain field; its value is in data
	done    int      // Python's done: 1 after the closing boundary, -1 at EOF
	data    []byte   // the value, when in memory
	file    *os.File // the form's temporary file, when the value is spooled
	off     int64    // where the value starts in file
	size    int64    // the length of the value in file
	cleanup *cleanup // the top level's temporary file
}

// MiniFieldStorage returns a plain field of a query string (Python's class).
func MiniFieldStorage(name, value string) *FieldStorage {
	return &FieldStorage{Name: name, mini: true, data: []byte(value)}
}

// Value returns the field's text, or the bytes sent for a part with a
// filename; "" for a form, or after Close, as spooled data is read anew.
func (fs *FieldStorage) Value() string {
	if fs.file == nil {
		return string(fs.data)
	}
	b := make([]byte, fs.size)
	if _, err := fs.file.ReadAt(b, fs.off); err != nil {
		return ""
	}
	return string(b)
}

// File returns a new reader of a part's data (Python's file attribute), or
// nil for a plain field or a form. Reading spooled data fails after Close.
func (fs *FieldStorage) File() *io.SectionReader {
	switch {
	case fs.file != nil:
		return io.NewSectionReader(fs.file, fs.off, fs.size)
	case fs.List != nil || fs.mini:
		return nil
	}
	return io.NewSectionReader(bytes.NewReader(fs.data), 0, int64(len(fs.data)))
}

// Close closes the form's temporary file; on a field it does nothing.
func (fs *FieldStorage) Close() error {
	c := fs.cleanup
	if c == nil || c.file == nil {
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
