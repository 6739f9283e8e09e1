package cgiform

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"strings"
)

// readLines is Python's read_lines_to_outerboundary, or read_lines_to_eof
// for a body that is no form. The line break before a boundary belongs to
// it, so a line's break is written once the next line proves to be data.
func (p *parser) readLines(fs *FieldStorage, n *node) error {
	var delim string // the line break held back
	var joined []byte
	lfEnd := n.next != nil // a boundary line may follow
	atBoundary := false    // the data ended at a boundary line
	for n.next == nil || n.limit < 0 || n.bytesRead < n.limit {
		line, err := p.readChunk(n)
		if err != nil {
			return err
		}
		if len(line) == 0 {
			fs.done = -1
			break
		}
		if delim == "\r" { // a CRLF that a 64 KiB read cut in two
			joined = append(append(joined[:0], '\r'), line...)
			line = joined
			delim = ""
		}
		// ANCHOR: boundary
		if lfEnd && bytes.HasPrefix(line, n.next[:2]) && n.atBoundary(fs, asciiRStrip(line)) {
			atBoundary = true
			break
		}
		odelim := delim
		if n.next != nil { // read_lines_to_eof keeps lines as they are
			delim = lineBreak(line)
			line = line[:len(line)-len(delim)]
			lfEnd = strings.HasSuffix(delim, "\n")
		}
		if err := p.write(fs, n, odelim, line); err != nil {
			return err
		}
		// ANCHOR_END: boundary
	}
	// The form is cut if its last part ends inside its data: at the end of
	// the body or at the bytes Content-Length allows, not at a boundary line.
	p.truncated = !atBoundary
	if n.next == nil {
		p.truncated = n.bytesRead < n.length
	}
	return pathless(p.w.Flush()) // a no-op unless fs was spooled
}

// lineBreak returns the line break that ends line: CRLF, LF, CR or none.
func lineBreak(line []byte) string {
	switch {
	case bytes.HasSuffix(line, []byte("\r\n")):
		return "\r\n"
	case bytes.HasSuffix(line, []byte("\n")):
		return "\n"
	case bytes.HasSuffix(line, []byte("\r")):
		return "\r"
	}
	return ""
}

// atBoundary reports whether a stripped line is the next part's boundary
// line, or the form's last, which sets fs.done to 1.
func (n *node) atBoundary(fs *FieldStorage, stripped []byte) bool {
	if bytes.Equal(stripped, n.last) {
		fs.done = 1
		return true
	}
	return bytes.Equal(stripped, n.next)
}

// readChunk is Python's fp.readline(1<<16), counted in n.bytesRead: a
// line or its first 64 KiB, valid until the next read; empty at the end.
func (p *parser) readChunk(n *node) ([]byte, error) {
	p.lines++
	if p.lines > p.opts.MaxLines {
		return nil, ErrTooManyLines
	}
	line, err := p.r.ReadSlice('\n')
	n.bytesRead += int64(len(line))
	switch err {
	case io.EOF:
		p.eof = true
	case nil, bufio.ErrBufferFull:
	default:
		return nil, err
	}
	return line, nil
}

// asciiStrip is Python's bytes.strip.
func asciiStrip(b []byte) []byte { return bytes.TrimLeft(asciiRStrip(b), " \t\n\r\v\f") }

// asciiRStrip is Python's bytes.rstrip.
func asciiRStrip(b []byte) []byte { return bytes.TrimRight(b, " \t\n\r\v\f") }

// write is Python's __write: it adds odelim and line to the data of fs, in
// memory up to 1000 bytes (characters, for text), then in the temporary file.
func (p *parser) write(fs *FieldStorage, n *node, odelim string, line []byte) error {
	// ANCHOR: spool
	if fs.file == nil && n.tell+int64(len(odelim)+len(line)) > 1000 {
		f, err := p.tempFile()
		if err != nil {
			return err
		}
		fs.file = f
		fs.off = p.cleanup.size // fs's data is the file's next section
		if err := p.writeFile(fs.data); err != nil {
			return err
		}
		p.mem -= int64(len(fs.data))
		fs.size = int64(len(fs.data))
		fs.data = nil
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
	p.buf = data
	n.tell += int64(len(odelim) + k)
	if !n.binary {
		p.text += int64(len(data))
		if p.text > p.opts.MaxTextBytes {
			return ErrTextTooLarge
		}
	}
	if fs.file != nil {
		fs.size += int64(len(data))
		return p.writeFile(data)
	}
	fs.data = append(fs.data, data...)
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
