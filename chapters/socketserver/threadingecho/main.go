// Threadingecho is tcpecho on a threading server: each connection is served
// by a goroutine of its own, and the reply names it, Thread-1, Thread-2,
// ... in the order they started, as Python names its threads.
//
//	go run ./chapters/socketserver/threadingecho -addr localhost:8080
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"time"

	"github.com/basehttpserver/basehttpserver/socketserver"
)

// ANCHOR: handler
// EchoHandler answers a line upper-cased, saying which goroutine served it.
type EchoHandler struct {
	socketserver.StreamRequestHandler
}

func (h *EchoHandler) Handle() error {
	line, err := h.Rfile.ReadSlice('\n') // one line, at most 4096 bytes
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return err
	}
	_, err = fmt.Fprintf(h.Wfile, "%s from Thread-%d\n", bytes.ToUpper(bytes.TrimSpace(line)), h.Request.Worker)
	return err
}

// ANCHOR_END: handler

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Parse()
	log.SetFlags(0)

	// ANCHOR: main
	// Python: class ThreadingTCPServer(ThreadingMixIn, TCPServer) with
	// allow_reuse_address = True; in Go, fields of one Server.
	srv := &socketserver.Server{
		Network:           "tcp",
		Address:           *addr,
		NewHandler:        func() socketserver.Handler { return new(EchoHandler) },
		MixIn:             &socketserver.ThreadingMixIn{BlockOnClose: true},
		AllowReuseAddress: true, // restart at once on the same port
	}
	if err := srv.Bind(); err != nil {
		log.Fatal(err)
	}
	if err := srv.Activate(); err != nil {
		log.Fatal(err)
	}
	fmt.Println("Starting server, use <Ctrl-C> to stop")
	// Until Ctrl-C; then Close waits for the goroutines still serving.
	if err := srv.ServeUntilInterrupt(500 * time.Millisecond); err != nil {
		log.Fatal(err)
	}
	// ANCHOR_END: main
}
