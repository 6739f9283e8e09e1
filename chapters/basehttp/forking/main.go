// Forking answers each request in a process of its own and names it in the
// reply: the article's ForkingMixIn variant of the threading example.
//
//	go run ./chapters/basehttp/forking -addr localhost:8080
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/socketserver"
)

// ANCHOR: handler
// Handler answers GET with the process that serves it.
type Handler struct {
	basehttp.BaseHTTPRequestHandler
}

// DoGET writes "Process-N (pid P)", N counting the server's children from 1.
func (h *Handler) DoGET() error {
	h.SendResponse(200)
	if err := h.EndHeaders(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(h.Wfile, "Process-%d (pid %d)\n", h.Request.Worker, os.Getpid())
	return err
}

// ANCHOR_END: handler

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Parse()

	// ANCHOR: main
	// A child process runs main again: Start takes over the connection it
	// was started for, and ServeUntilInterrupt serves it and exits.
	srv, err := basehttp.NewUnstartedHTTPServer(*addr, func() basehttp.Handler {
		h := new(Handler)
		h.HeaderTimeout = 5 * time.Second // a client gets 5 s to send its request's head
		return h
	}, &socketserver.ForkingMixIn{BlockOnClose: true})
	if err != nil {
		log.Fatal(err)
	}
	// Before it listens: a queue for the clients that come while all the
	// children the server may run are busy, longer than Python's 5.
	srv.RequestQueueSize = socketserver.SystemQueueSize
	if err := srv.Start(); err != nil {
		log.Fatal(err)
	}
	if !socketserver.IsForkedChild() {
		fmt.Println("Starting server, use <Ctrl-C> to stop")
	}
	if err := srv.ServeUntilInterrupt(500 * time.Millisecond); err != nil {
		log.Fatal(err)
	}
	// ANCHOR_END: main
}
