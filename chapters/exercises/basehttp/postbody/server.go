// Package postbody is an exercise of the basehttp chapter: read a request's
// body by its Content-Length, as Python's
// self.rfile.read(int(self.headers['Content-Length'])) does, and refuse
// a request without one.
//
// Edit exercise.go; grade it with
//
//	go test -tags grade ./chapters/exercises/basehttp/postbody
package postbody

import (
	"fmt"

	"github.com/basehttpserver/basehttpserver/basehttp"
)

// MaxBody is the largest body, in bytes, the handler reads.
const MaxBody = 1 << 20

// EchoHandler answers a POST with the size and the text of its body.
type EchoHandler struct {
	basehttp.BaseHTTPRequestHandler
}

// DoPOST reads the body (see readBody in exercise.go) and echoes it.
func (h *EchoHandler) DoPOST() error {
	body, code, err := h.readBody()
	if err != nil {
		return h.SendError(code, err.Error())
	}
	h.SendResponse(200)
	h.SendHeader("Content-Type", "text/plain; charset=utf-8")
	if err := h.EndHeaders(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(h.Wfile, "%d bytes: %s\n", len(body), body)
	return err
}

// NewServer returns an HTTP server bound to addr that serves each connection
// with an EchoHandler.
func NewServer(addr string) (*basehttp.HTTPServer, error) {
	return basehttp.NewHTTPServer(addr, func() basehttp.Handler {
		return new(EchoHandler)
	})
}
