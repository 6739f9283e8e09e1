package cgiform

import (
	"bytes"
	"errors"
	"io"
	"net/textproto"
	"os"
)

// FieldStorage is a parsed form, or one field of it, as Python's
// cgi.FieldStorage. A form, or a part that is itself multipart, has a List
// of fields; a field is either a plain name=value pair (see
// MiniFieldStorage) or a part of a multipart form, which has data.
type FieldStorage struct {
	// Name and Filename are the Content-Disposition's name and filename,
	// or "". Filename is whatever the client sent, not a path on this
	// machine: it may contain separators, "..", or anything else.
	Name, Filename string
	// Type and TypeOptions are the Content-Type's value ("text/plain" for
	// a part without one) and parameters, such as "boundary".
	Type        string
	TypeOptions map[string]string
	// Disposition and DispositionOptions are the Content-Disposition's
	// value, such as "form-data", and parameters. Either map is nil
	// without its header.
	Disposition        string
	DispositionOptions map[string]string
	// Header holds the part's headers (the request's, at the top), except
	// Content-Length, which Python drops from parts.
	Header textproto.MIMEHeader
	// List holds the fields of a form or of a multipart part, in order,
	// and is nil for a field that has data.
	List []*FieldStorage

	mini    bool     // a plain field; its value is in data
	done    int      // Python's done: 1 after the closing boundary, -1 at EOF
	data    []byte   // the value, when in memory
	file    *os.File // the value, when spooled
	size    int64    // the length of the value in file
	cleanup *cleanup // the top level's temporary files
}

// MiniFieldStorage returns a plain field with just a name and a value, as
// Python's MiniFieldStorage class: the fields of a urlencoded form and of a
// query string are these.
func MiniFieldStorage(name, value string) *FieldStorage {
	return &FieldStorage{Name: name, mini: true, data: []byte(value)}
}

// Value returns the field's value: text, or the bytes sent for a part with
// a filename; "" for a form. A spooled value is read from its file at each
// call, as in Python, and is "" after Close or if that read fails.
func (fs *FieldStorage) Value() string {
	if fs.file == nil {
		return string(fs.data)
	}
	b := make([]byte, fs.size)
	if _, err := fs.file.ReadAt(b, 0); err != nil {
		return ""
	}
	return string(b)
}

// File returns a new reader at the start of a part's data (Python's file
// attribute), or nil for a plain field or a form. Reading a spooled part's
// data fails after Close.
func (fs *FieldStorage) File() *io.SectionReader {
	switch {
	case fs.file != nil:
		return io.NewSectionReader(fs.file, 0, fs.size)
	case fs.List != nil || fs.mini:
		return nil
	}
	return io.NewSectionReader(bytes.NewReader(fs.data), 0, int64(len(fs.data)))
}

// Close closes the form's temporary files. Close on a field, rather than
// on the form Parse returned, does nothing.
func (fs *FieldStorage) Close() error {
	if fs.cleanup == nil {
		return nil
	}
	return fs.cleanup.close()
}

// write is Python's __write: it adds odelim and line to the data of fs,
// in memory until it would grow past 1000 bytes (characters, for text),
// then in a temporary file.
func (p *parser) write(fs *FieldStorage, n *node, odelim, line []byte) error {
	// ANCHOR: spool
	if fs.file == nil && n.tell+int64(len(odelim)+len(line)) > 1000 {
		f, err := p.cleanup.create(p.opts.TempDir)
		if err != nil {
			return err
		}
		p.w.Reset(f)
		if _, err := p.w.Write(fs.data); err != nil {
			return err
		}
		p.mem -= int64(len(fs.data))
		fs.file, fs.size, fs.data = f, int64(len(fs.data)), nil
	}
	// ANCHOR_END: spool
	c := p.codec
	if n.binary {
		c = codec{} // a file's bytes are kept as sent
	}
	data, k, err := c.appendDecode(append(p.buf[:0], odelim...), line)
	if err != nil {
		return err
	}
	p.buf, n.tell = data, n.tell+int64(len(odelim)+k)
	if fs.file != nil {
		fs.size += int64(len(data))
		_, err = p.w.Write(data)
		return err
	}
	fs.data = append(fs.data, data...)
	return p.hold(int64(len(data)))
}

// cleanup owns a form's temporary files. Each file is unlinked as soon as
// it is created, where the system allows, so that nothing is left on disk
// even if the program dies; close closes them and removes the rest.
type cleanup struct {
	files []*os.File
	paths []string // files that could not be unlinked while open
}

// ANCHOR: create
func (c *cleanup) create(dir string) (*os.File, error) {
	f, err := os.CreateTemp(dir, "cgiform-")
	if err != nil {
		return nil, err
	}
	c.files = append(c.files, f)
	if os.Remove(f.Name()) != nil {
		c.paths = append(c.paths, f.Name())
	}
	return f, nil
}

// ANCHOR_END: create

func (c *cleanup) close() error {
	var errs []error
	for _, f := range c.files {
		errs = append(errs, f.Close())
	}
	for _, name := range c.paths {
		if err := os.Remove(name); !os.IsNotExist(err) {
			errs = append(errs, err)
		}
	}
	c.files, c.paths = nil, nil
	return errors.Join(errs...)
}
