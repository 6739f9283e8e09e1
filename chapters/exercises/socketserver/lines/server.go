// Package lines is an exercise of the socketserver chapter: a handler that
// converses, answering each line a client sends until it says quit, as
// Python's `for line in self.rfile:` does.
//
// Edit exercise.go; grade it with
//
//	go test -tags grade ./chapters/exercises/socketserver/lines
package lines

import "github.com/basehttpserver/basehttpserver/socketserver"

// LineHandler answers every line of a connection (see Handle in exercise.go).
type LineHandler struct {
	socketserver.StreamRequestHandler
}

// NewServer returns a TCP server bound to addr that serves each connection
// with a LineHandler.
func NewServer(addr string) (*socketserver.Server, error) {
	return socketserver.NewTCPServer(addr, func() socketserver.Handler {
		return new(LineHandler)
	})
}
