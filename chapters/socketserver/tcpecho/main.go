// Tcpecho is the book's first server: for each connection it reads one
// line, answers it upper-cased, and closes the connection.
//
//	go run ./chapters/socketserver/tcpecho -addr localhost:8080
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"time"

	"github.com/basehttpserver/basehttpserver/socketserver"
)

// ANCHOR: handler
// EchoHandler is Python's StreamRequestHandler subclass with its own handle.
type EchoHandler struct {
	socketserver.StreamRequestHandler
}

// Handle reads a line from Rfile and writes it upper-cased to Wfile, which
// the embedded Finish flushes. A client that sends nothing gets nothing.
func (h *EchoHandler) Handle() error {
	line, err := h.Rfile.ReadSlice('\n') // one line, at most 4096 bytes
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return err
	}
	if len(line) == 0 {
		return errors.New("no line received") // the server's HandleError reports it
	}
	_, err = h.Wfile.Write(bytes.ToUpper(line))
	return err
}

// ANCHOR_END: handler

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Parse()
	log.SetFlags(0)

	// ANCHOR: main
	// Python: a TCPServer subclass with allow_reuse_address = True, as
	// http.server's HTTPServer has, so that a restart binds at once.
	srv := &socketserver.Server{
		Network:           "tcp",
		Address:           *addr,
		NewHandler:        func() socketserver.Handler { return new(EchoHandler) },
		AllowReuseAddress: true,
	}
	if err := srv.Bind(); err != nil {
		log.Fatal(err)
	}
	if err := srv.Activate(); err != nil {
		log.Fatal(err)
	}
	fmt.Println("Starting server, use <Ctrl-C> to stop")
	if err := srv.ServeUntilInterrupt(500 * time.Millisecond); err != nil {
		log.Fatal(err)
	}
	// ANCHOR_END: main
}
