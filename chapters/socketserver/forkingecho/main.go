// Forkingecho is tcpecho on a forking server: each connection is served
// by a child process, and the reply gives the child's process id and its
// parent's, the server's.
//
//	go run ./chapters/socketserver/forkingecho -addr localhost:8080
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/basehttpserver/basehttpserver/socketserver"
)

// ANCHOR: handler
// EchoHandler answers a line upper-cased, saying which process served it.
type EchoHandler struct {
	socketserver.StreamRequestHandler
}

func (h *EchoHandler) Handle() error {
	line, err := h.Rfile.ReadSlice('\n') // one line, at most 4096 bytes
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return err
	}
	_, err = fmt.Fprintf(h.Wfile, "%s from process %d, a child of %d\n",
		bytes.ToUpper(bytes.TrimSpace(line)), os.Getpid(), os.Getppid())
	return err
}

// ANCHOR_END: handler

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Parse()
	log.SetFlags(0)

	// ANCHOR: main
	srv := &socketserver.Server{
		Network:           "tcp",
		Address:           *addr,
		NewHandler:        func() socketserver.Handler { return new(EchoHandler) },
		MixIn:             &socketserver.ForkingMixIn{BlockOnClose: true},
		AllowReuseAddress: true,
	}
	// A child process runs main again: its Bind takes over the connection
	// it was started for, and its ServeUntilInterrupt serves it and exits.
	if err := srv.Bind(); err != nil {
		log.Fatal(err)
	}
	if err := srv.Activate(); err != nil {
		log.Fatal(err)
	}
	if !socketserver.IsForkedChild() {
		fmt.Println("Starting server, use <Ctrl-C> to stop")
	}
	// Until Ctrl-C; then Close waits a while for the children still serving.
	if err := srv.ServeUntilInterrupt(500 * time.Millisecond); err != nil {
		log.Fatal(err)
	}
	// ANCHOR_END: main
}
