package cgiform

import (
	"io"
	"math"
	"os"
)

// readData reads a part's data, or a body that is no form, into fs: in
// memory up to 1000 bytes (characters, for text), as Python's __write
// does, then in the form's temporary file. Text is decoded; the data of a
// part with a filename (binary) is kept as sent.
func (p *parser) readData(fs *FieldStorage, d *dataReader, binary bool) error {
	p.val = p.val[:0]
	p.tell = 0
	p.spool = nil
	for {
		chunk, err := d.next(p.room(binary))
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := p.write(chunk, binary); err != nil {
			return err
		}
	}
	// The form is cut if its last part ends inside its data: at the end of
	// the body or at the bytes Content-Length allows, not at a boundary line.
	p.truncated = !d.atBoundary
	if d.n.next == nil {
		p.truncated = d.n.bytesRead < d.n.length
	}
	if p.spool != nil {
		if fs.ext == nil {
			fs.ext = p.spool
		} else { // the form as a whole: its extra is already there
			fs.ext.file = p.spool.file
			fs.ext.off = p.spool.off
			fs.ext.size = p.spool.size
		}
		return pathless(p.w.Flush())
	}
	fs.text = p.arena.extend(fs.text, p.val)
	return nil
}

// room returns how many bytes of data write may take at once, so that
// taking many lines at once gives what taking them one by one gives:
// the same bound reached at the same line, the same choice to spool.
// Decoded text may be three times as long as its bytes (U+FFFD for one).
func (p *parser) room(binary bool) int {
	room := int64(math.MaxInt)
	if !binary {
		room = (p.opts.MaxTextBytes - p.text) / 3
	}
	if p.spool == nil {
		if held := (p.opts.MaxMemory - p.mem) / 3; held < room {
			room = held
		}
		if small := 1000 - p.tell; small < room {
			room = small
		}
	}
	return int(room)
}

// write is Python's __write: it adds a piece of data to the value, in
// memory up to 1000 bytes (characters, for text), then in the temporary file.
func (p *parser) write(chunk []byte, binary bool) error {
	// ANCHOR: spool
	if p.spool == nil && p.tell+int64(len(chunk)) > 1000 {
		f, err := p.tempFile()
		if err != nil {
			return err
		}
		// The value's data is the file's next section.
		p.spool = &extra{file: f, off: p.cleanup.size}
		if err := p.writeFile(p.val); err != nil {
			return err
		}
		p.mem -= int64(len(p.val))
		p.spool.size = int64(len(p.val))
		p.val = p.val[:0]
	}
	// ANCHOR_END: spool
	data := chunk
	told := int64(len(chunk)) // what Python's tell() adds: bytes of a file
	if !binary {              // text is decoded; a file keeps the bytes sent
		decoded, k, err := p.codec.appendDecode(p.buf[:0], chunk)
		if err != nil {
			return err
		}
		p.buf = decoded
		data = decoded
		told = int64(k) // characters of text
		p.text += int64(len(data))
		if p.text > p.opts.MaxTextBytes {
			return ErrTextTooLarge
		}
	}
	p.tell += told
	if p.spool != nil {
		p.spool.size += int64(len(data))
		return p.writeFile(data)
	}
	p.val = append(p.val, data...)
	return p.hold(int64(len(data)))
}

// tempFile returns the form's temporary file, created on first use, with
// p.w writing at its end.
func (p *parser) tempFile() (*os.File, error) {
	if p.cleanup.file == nil {
		f, err := p.cleanup.create(p.opts.TempDir)
		if err != nil {
			return nil, err
		}
		p.w.Reset(f)
	}
	return p.cleanup.file, nil
}

// writeFile appends data to the temporary file.
func (p *parser) writeFile(data []byte) error {
	k, err := p.w.Write(data)
	p.cleanup.size += int64(k)
	return pathless(err)
}
