//go:build solution

package lines

import (
	"bytes"
	"io"
)

// Handle answers each line the client sends with the same line upper-cased,
// until the client sends "quit" (answered "BYE") or closes its side.
func (h *LineHandler) Handle() error {
	for {
		line, err := h.Rfile.ReadBytes('\n')
		if len(line) > 0 {
			if string(bytes.TrimRight(line, "\r\n")) == "quit" {
				_, err := h.Wfile.WriteString("BYE\n")
				return err // Finish flushes it
			}
			h.Wfile.Write(bytes.ToUpper(line))
			// Wfile is buffered (Python's wfile is not): flush each answer,
			// or the client waits for it while the handler waits for the
			// client's next line.
			if err := h.Wfile.Flush(); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil // the client closed its side: the conversation is over
		}
		if err != nil {
			return err
		}
	}
}
