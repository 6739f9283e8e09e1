// Package allowlist is an exercise of the socketserver chapter: a TCP echo
// server that serves only the clients on an allow-list, through the
// VerifyRequest hook (Python's verify_request).
//
// Edit exercise.go; grade it with
//
//	go test -tags grade ./chapters/exercises/socketserver/allowlist
package allowlist

import (
	"bytes"

	"github.com/basehttpserver/basehttpserver/socketserver"
)

// EchoHandler answers one line, upper-cased.
type EchoHandler struct {
	socketserver.StreamRequestHandler
}

// Handle reads one line (at most 4096 bytes) and writes it back upper-cased.
func (h *EchoHandler) Handle() error {
	line, _ := h.Rfile.ReadSlice('\n')
	_, err := h.Wfile.Write(bytes.ToUpper(line))
	return err
}

// NewServer returns a TCP echo server bound to addr that serves only the
// clients whose IP address is one of allowed ("127.0.0.1", "::1", ...).
// Any other client's connection is closed before a handler sees it.
func NewServer(addr string, allowed []string) (*socketserver.Server, error) {
	srv := &socketserver.Server{
		Network:       "tcp",
		Address:       addr,
		NewHandler:    func() socketserver.Handler { return new(EchoHandler) },
		VerifyRequest: verifier(allowed),
	}
	if err := srv.Bind(); err != nil {
		return nil, err
	}
	if err := srv.Activate(); err != nil {
		srv.Close()
		return nil, err
	}
	return srv, nil
}
