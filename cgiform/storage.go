package cgiform

import (
	"bufio"
	"bytes"
	"io"
	"net/textproto"
	"os"
)

// FieldStorage is a parsed form, or one field of it, as Python's
// cgi.FieldStorage. The top-level FieldStorage of a urlencoded or multipart
// form has a List of fields and answers the lookup methods (GetValue,
// GetFirst, GetList, Keys, Contains, Len). A field is either a plain
// name=value pair (see MiniFieldStorage) or a part of a multipart form,
// whose data is in memory if it is at most 1000 bytes and in a temporary
// file otherwise. A part that is itself multipart has a List.
type FieldStorage struct {
	// Name is the field name from Content-Disposition, or "" if none.
	Name string
	// Filename is the client's file name from Content-Disposition, or ""
	// if none. It is the name the client gave, not a path on this machine:
	// it may contain separators, "..", or anything else.
	Filename string
	// Type is the Content-Type without options: "text/plain" for a part
	// without one.
	Type string
	// TypeOptions are the Content-Type's parameters, such as "boundary";
	// nil without a Content-Type.
	TypeOptions map[string]string
	// Disposition is the Content-Disposition without options, such as
	// "form-data".
	Disposition string
	// DispositionOptions are the Content-Disposition's parameters, such as
	// "name" and "filename"; nil without a Content-Disposition.
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

// Value returns the field's value: the text of a plain field or of a part
// (decoded with Options.Encoding), or the bytes of an uploaded file. A
// value spooled to disk is read from its file each time, as in Python;
// after Close, or if that read fails, Value returns "". Value returns ""
// for a form or a multipart part; see List.
func (fs *FieldStorage) Value() string {
	if fs.mini {
		return string(fs.data)
	}
	r := fs.File()
	if r == nil {
		return ""
	}
	var b bytes.Buffer
	b.Grow(int(r.Size()))
	if _, err := io.Copy(&b, r); err != nil {
		return ""
	}
	return b.String()
}

// File returns a reader for a part's data, or nil for a plain field or a
// form (Python's file attribute). Each call returns a new reader at the
// start of the data; it reads from disk if the data was spooled, and fails
// after Close.
func (fs *FieldStorage) File() *io.SectionReader {
	if fs.file != nil {
		return io.NewSectionReader(fs.file, 0, fs.size)
	}
	if fs.List != nil || fs.mini {
		return nil
	}
	return io.NewSectionReader(bytes.NewReader(fs.data), 0, int64(len(fs.data)))
}

// Close removes the form's temporary files. Close on a field, rather than
// on the form Parse returned, does nothing.
func (fs *FieldStorage) Close() error {
	if fs.cleanup == nil {
		return nil
	}
	return fs.cleanup.close()
}

// A sink receives a part's data as Python's __write does: in memory until
// it would grow past 1000 bytes (characters, for text), then in a
// temporary file. Text is decoded as it arrives, line by line.
type sink struct {
	p      *parser
	fs     *FieldStorage
	binary bool
	chars  int64 // characters written, for text (StringIO.tell)
	buf    []byte
}

func (s *sink) write(odelim, line []byte) error {
	p, fs := s.p, s.fs
	// ANCHOR: spool
	if fs.file == nil {
		tell := int64(len(fs.data))
		if !s.binary {
			tell = s.chars
		}
		if tell+int64(len(odelim)+len(line)) > spoolThreshold {
			f, err := p.cleanup.create(p.opts.TempDir)
			if err != nil {
				return err
			}
			fs.file = f
			if p.w == nil {
				p.w = writers.Get().(*bufio.Writer)
			}
			p.w.Reset(f)
			p.mem -= int64(len(fs.data))
			if _, err := p.w.Write(fs.data); err != nil {
				return err
			}
			fs.size, fs.data = int64(len(fs.data)), nil
		}
	}
	// ANCHOR_END: spool
	data := line
	if s.binary {
		if len(odelim) > 0 {
			s.buf = append(append(s.buf[:0], odelim...), line...)
			data = s.buf
		}
	} else {
		var n int
		var err error
		s.buf, n, err = s.p.codec.appendDecode(append(s.buf[:0], odelim...), line)
		if err != nil {
			return err
		}
		s.chars += int64(len(odelim) + n)
		data = s.buf
	}
	if fs.file != nil {
		fs.size += int64(len(data))
		_, err := p.w.Write(data)
		return err
	}
	fs.data = append(fs.data, data...)
	return p.hold(int64(len(data)))
}

// finish flushes a spooled part to its file; a part in memory keeps a
// non-nil value even when it is empty.
func (s *sink) finish() error {
	if s.fs.file != nil {
		return s.p.w.Flush()
	}
	if s.fs.data == nil {
		s.fs.data = []byte{}
	}
	return nil
}

// cleanup owns a form's temporary files. Each file is unlinked as soon as
// it is created, where the system allows, so that nothing is left on disk
// even if the program dies; Close closes them and removes the rest.
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
	var first error
	for _, f := range c.files {
		if err := f.Close(); err != nil && first == nil {
			first = err
		}
	}
	for _, name := range c.paths {
		if err := os.Remove(name); err != nil && !os.IsNotExist(err) && first == nil {
			first = err
		}
	}
	c.files, c.paths = nil, nil
	return first
}
