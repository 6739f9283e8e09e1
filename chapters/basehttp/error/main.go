// Error answers every GET with 404 Not Found, the whole response made by
// SendError: for / with the default message and explanation, for any other
// path with a message and an explanation of its own.
//
//	go run ./chapters/basehttp/error -addr localhost:8080
package main

import (
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp"
)

// ANCHOR: handler
// ErrorHandler finds nothing.
type ErrorHandler struct {
	basehttp.BaseHTTPRequestHandler
}

// DoGET sends the status line, the headers and an HTML page for 404.
func (h *ErrorHandler) DoGET() error {
	if h.Path == "/" {
		return h.SendError(404)
	}
	// The message goes into the status line, the log and the page;
	// the explanation into the page alone, which adds a full stop.
	return h.SendError(404, "Nothing here", "No page is called "+h.Path)
}

// ANCHOR_END: handler

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Parse()

	srv, err := basehttp.NewHTTPServer(*addr, func() basehttp.Handler {
		return new(ErrorHandler)
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Starting server, use <Ctrl-C> to stop")
	if err := srv.ServeUntilInterrupt(500 * time.Millisecond); err != nil {
		log.Fatal(err)
	}
}
