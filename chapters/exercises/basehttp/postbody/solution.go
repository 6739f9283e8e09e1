//go:build solution

package postbody

import (
	"errors"
	"io"
	"strconv"
)

// readBody reads the request's body: exactly as many bytes as its
// Content-Length says. When it cannot, it returns the status code to answer
// with: 411 (Length Required) without a Content-Length, 400 (Bad Request)
// when it is not a number from 0 to MaxBody or the body ends early, and
// 413 (Request Entity Too Large) when it is larger than MaxBody.
func (h *EchoHandler) readBody() ([]byte, int, error) {
	value, ok := h.Headers.Lookup("Content-Length")
	if !ok {
		return nil, 411, errors.New("no Content-Length")
	}
	n, err := strconv.ParseInt(value, 10, 64)
	switch {
	case err != nil || n < 0:
		return nil, 400, errors.New("bad Content-Length")
	case n > MaxBody:
		return nil, 413, errors.New("body too large")
	}
	// ReadFull, not a single Read: the body may arrive in several pieces.
	body := make([]byte, n)
	if _, err := io.ReadFull(h.Rfile, body); err != nil {
		return nil, 400, errors.New("body shorter than Content-Length")
	}
	return body, 200, nil
}
