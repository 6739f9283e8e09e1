package cgiform

import (
	"bytes"
	"io"
)

// readMulti is the rest of Python's read_multi, given the Reader of the
// parts (whose first NextPart skips the preamble, and whose last skips
// what follows the parts): the query string's fields, then the parts.
// Like Python, it counts the fields of a part's own list against
// MaxNumFields, after reading the part.
func (p *parser) readMulti(fs *FieldStorage, n *node, r *Reader) error {
	var err error
	fs.List, err = p.parseQSL(n.qsOnPost, n.maxFields)
	if err != nil {
		return err
	}
	maxFields := n.maxFields - len(fs.List)
	for {
		pt, err := r.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		part, err := p.part(pt, maxFields)
		if err != nil {
			return err
		}
		maxFields -= 1 + len(part.List)
		if maxFields < 0 {
			return ErrTooManyFields
		}
		fs.List = append(fs.List, part)
	}
}

// validBoundary is Python's valid_boundary: ^[ -~]{0,200}[!-~]$, where $
// also matches before a final newline.
func validBoundary(b []byte) bool {
	b = bytes.TrimSuffix(b, []byte("\n"))
	if len(b) == 0 || len(b) > 201 || b[len(b)-1] == ' ' {
		return false
	}
	return bytes.IndexFunc(b, func(r rune) bool { return r < ' ' || r > '~' }) < 0
}
