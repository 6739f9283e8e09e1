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
	"os/signal"
	"syscall"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp"
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
	// In a child process this serves the one request and exits.
	srv, err := basehttp.NewForkingHTTPServer(*addr, func() basehttp.Handler {
		return new(Handler)
	})
	// ANCHOR_END: main
	if err != nil {
		log.Fatal(err)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-stop
		srv.Shutdown()
	}()
	fmt.Println("Starting server, use <Ctrl-C> to stop")
	if err := srv.ServeForever(500 * time.Millisecond); err != nil {
		log.Fatal(err)
	}
	srv.Close()
}
