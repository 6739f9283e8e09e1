package cgiform

import (
	"bufio"
	"bytes"
	"io"
)

// readLines reads a part's data up to the enclosing boundary, or a body to
// its end, through a sink that spools it past 1000 bytes. (Python reads a
// body of known length with read_binary, which fails on text in 3.11.)
func (p *parser) readLines(fs *FieldStorage, n *node) error {
	s := &sink{p: p, fs: fs, binary: n.binary}
	var err error
	if n.outer != nil {
		err = p.readToBoundary(fs, n, s)
	} else {
		err = p.readToEOF(fs, n, s)
		p.short = n.bytesRead < n.length
	}
	if ferr := s.finish(); err == nil {
		err = ferr
	}
	return err
}

var (
	crlf = []byte("\r\n")
	lf   = []byte("\n")
	cr   = []byte("\r")
)

// readToBoundary is Python's read_lines_to_outerboundary. The line break
// before a boundary line belongs to the boundary, so each line's break is
// written only when the next line turns out to be data.
func (p *parser) readToBoundary(fs *FieldStorage, n *node, s *sink) error {
	next, last := n.next, n.last
	var delim, scratch []byte
	lfEnd := true
	var read int64
	for {
		if n.limit >= 0 && n.limit <= read {
			break
		}
		line, err := p.readChunk()
		if err != nil {
			return err
		}
		n.bytesRead += int64(len(line))
		read += int64(len(line))
		if len(line) == 0 {
			fs.done = -1
			break
		}
		if len(delim) == 1 && delim[0] == '\r' {
			scratch = append(append(scratch[:0], '\r'), line...)
			line, delim = scratch, nil
		}
		// ANCHOR: boundary
		if lfEnd && bytes.HasPrefix(line, next[:2]) {
			stripped := asciiRStrip(line)
			if bytes.Equal(stripped, next) {
				break
			}
			if bytes.Equal(stripped, last) {
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
		if err := s.write(odelim, line); err != nil {
			return err
		}
		// ANCHOR_END: boundary
	}
	return nil
}

// readToEOF is Python's read_lines_to_eof.
func (p *parser) readToEOF(fs *FieldStorage, n *node, s *sink) error {
	for {
		line, err := p.readChunk()
		if err != nil {
			return err
		}
		n.bytesRead += int64(len(line))
		if len(line) == 0 {
			fs.done = -1
			return nil
		}
		if err := s.write(nil, line); err != nil {
			return err
		}
	}
}

// readChunk is Python's fp.readline(1<<16): a line, or its first 64 KiB,
// valid until the next read; empty at the end of the body.
func (p *parser) readChunk() ([]byte, error) {
	line, err := p.r.ReadSlice('\n')
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
