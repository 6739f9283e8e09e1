// Header answers every GET with a Last-Modified header of the current time.
//
//	go run ./chapters/basehttp/header -addr localhost:8080
package main

import (
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp"
)

// ANCHOR: handler
// HeaderHandler adds a header of its own to the two SendResponse sends.
type HeaderHandler struct {
	basehttp.BaseHTTPRequestHandler
}

// DoGET sends Last-Modified, formatted as HTTP dates are, then a short body.
func (h *HeaderHandler) DoGET() error {
	h.SendResponse(200)
	h.SendHeader("Last-Modified", h.DateTimeString(time.Now()))
	if err := h.EndHeaders(); err != nil { // the first error of the three, if any
		return err
	}
	_, err := h.Wfile.WriteString("Response body\n")
	return err
}

// ANCHOR_END: handler

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Parse()

	srv, err := basehttp.NewHTTPServer(*addr, func() basehttp.Handler {
		return new(HeaderHandler)
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Starting server, use <Ctrl-C> to stop")
	if err := srv.ServeUntilInterrupt(500 * time.Millisecond); err != nil {
		log.Fatal(err)
	}
}
