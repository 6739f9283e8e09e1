// Package keepalive is an exercise of the basehttp chapter: a handler that
// speaks HTTP/1.1, so that a client sends several requests on one
// connection, as Python's handler does with protocol_version = "HTTP/1.1".
//
// Edit exercise.go; grade it with
//
//	go test -tags grade ./chapters/exercises/basehttp/keepalive
package keepalive

import "github.com/basehttpserver/basehttpserver/basehttp"

// HelloHandler greets the path of each GET (see exercise.go).
type HelloHandler struct {
	basehttp.BaseHTTPRequestHandler
}

// NewServer returns an HTTP server bound to addr that serves each connection
// with a handler from newHandler.
func NewServer(addr string) (*basehttp.HTTPServer, error) {
	return basehttp.NewHTTPServer(addr, newHandler)
}
