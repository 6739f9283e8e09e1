// Package head is an exercise of the basehttp chapter: answer HEAD as GET is
// answered, headers without the body, as Python's SimpleHTTPRequestHandler
// does with do_HEAD.
//
// Edit exercise.go; grade it with
//
//	go test -tags grade ./chapters/exercises/basehttp/head
package head

import "github.com/basehttpserver/basehttpserver/basehttp"

// Page is the document the server sends for GET.
const Page = "<!DOCTYPE html>\n<title>Spam</title>\n<p>Spam, spam, eggs and spam.</p>\n"

// PageHandler serves Page (see DoGET in exercise.go).
type PageHandler struct {
	basehttp.BaseHTTPRequestHandler
}

// NewServer returns an HTTP server bound to addr that serves each connection
// with a PageHandler.
func NewServer(addr string) (*basehttp.HTTPServer, error) {
	return basehttp.NewHTTPServer(addr, func() basehttp.Handler {
		return new(PageHandler)
	})
}
