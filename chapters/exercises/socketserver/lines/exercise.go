//go:build !solution

package lines

import (
	"bytes"
	"io"
)

// ANCHOR: todo
// Handle answers each line the client sends with the same line upper-cased,
// until the client sends "quit" (answered "BYE") or closes its side.
func (h *LineHandler) Handle() error {
	// TODO: answer every line, not only the first, and say BYE to "quit".
	// Each answer must reach the client before the next line is read.
	line, err := h.Rfile.ReadBytes('\n')
	if err != nil && err != io.EOF {
		return err
	}
	_, err = h.Wfile.Write(bytes.ToUpper(line))
	return err
}

// ANCHOR_END: todo
