// Threading answers each request in a goroutine of its own and names it in
// the reply, as Python names the thread: Thread-1, Thread-2, ...
//
//	go run ./chapters/basehttp/threading -addr localhost:8080
package main

import (
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp"
)

// ANCHOR: handler
// Handler answers GET with the name of the worker that serves it.
type Handler struct {
	basehttp.BaseHTTPRequestHandler
}

// DoGET writes "Thread-N", N counting the server's workers from 1.
func (h *Handler) DoGET() error {
	h.SendResponse(200)
	if err := h.EndHeaders(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(h.Wfile, "Thread-%d\n", h.Request.Worker)
	return err
}

// ANCHOR_END: handler

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Parse()

	// ANCHOR: main
	srv, err := basehttp.NewThreadingHTTPServer(*addr, func() basehttp.Handler {
		h := new(Handler)
		h.HeaderTimeout = 5 * time.Second // a client gets 5 s to send its request's head
		return h
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Starting server, use <Ctrl-C> to stop")
	if err := srv.ServeUntilInterrupt(500 * time.Millisecond); err != nil {
		log.Fatal(err)
	}
	// ANCHOR_END: main
}
