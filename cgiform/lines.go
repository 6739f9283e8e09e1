package cgiform

import (
	"bufio"
	"bytes"
	"io"
)

var (
	crlf = []byte("\r\n")
	lf   = []byte("\n")
	cr   = []byte("\r")
)

// readLines reads a part's data up to the enclosing boundary line, as
// Python's read_lines_to_outerboundary, or else a body that is no form to
// its end, as read_lines_to_eof. (Python reads a body of known length with
// read_binary, which fails on text in 3.11.) The line break before a
// boundary line belongs to the boundary, so each line's break is written
// only when the next line turns out to be data.
func (p *parser) readLines(fs *FieldStorage, n *node) error {
	var delim, joined []byte
	lfEnd := true
	for n.next == nil || n.limit < 0 || n.bytesRead < n.limit {
		line, err := p.readChunk(n)
		if err != nil {
			return err
		}
		if len(line) == 0 {
			fs.done = -1
			break
		}
		if n.next == nil {
			if err := p.write(fs, n, nil, line); err != nil {
				return err
			}
			continue
		}
		if bytes.Equal(delim, cr) { // a CRLF that a 64 KiB read cut in two
			joined = append(append(joined[:0], '\r'), line...)
			line, delim = joined, nil
		}
		// ANCHOR: boundary
		if lfEnd && bytes.HasPrefix(line, n.next[:2]) {
			stripped := asciiRStrip(line)
			if bytes.Equal(stripped, n.next) {
				break
			}
			if bytes.Equal(stripped, n.last) {
				fs.done = 1
				break
			}
		}
		odelim := delim
		switch {
		case bytes.HasSuffix(line, crlf):
			delim, line, lfEnd = crlf, line[:len(line)-2], true
		case bytes.HasSuffix(line, lf):
			delim, line, lfEnd = lf, line[:len(line)-1], true
		case bytes.HasSuffix(line, cr):
			delim, line, lfEnd = cr, line[:len(line)-1], false
		default:
			delim, lfEnd = nil, false
		}
		if err := p.write(fs, n, odelim, line); err != nil {
			return err
		}
		// ANCHOR_END: boundary
	}
	if n.next == nil {
		p.truncated = n.bytesRead < n.length
	} else {
		p.truncated = fs.done != 1 // as long as no later part follows
	}
	if fs.file != nil {
		return p.w.Flush()
	}
	return nil
}

// readChunk is Python's fp.readline(1<<16), counted in n.bytesRead: a
// line, or its first 64 KiB, valid until the next read; empty at the end
// of the body.
func (p *parser) readChunk(n *node) ([]byte, error) {
	line, err := p.r.ReadSlice('\n')
	n.bytesRead += int64(len(line))
	switch err {
	case nil, bufio.ErrBufferFull:
		return line, nil
	case io.EOF:
		p.eof = true
		return line, nil
	}
	return nil, err
}

// asciiStrip and asciiRStrip are Python's bytes.strip and bytes.rstrip.
func asciiStrip(b []byte) []byte { return bytes.TrimLeft(asciiRStrip(b), " \t\n\r\v\f") }

func asciiRStrip(b []byte) []byte { return bytes.TrimRight(b, " \t\n\r\v\f") }
