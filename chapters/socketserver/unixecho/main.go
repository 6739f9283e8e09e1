// Unixecho is tcpecho on a Unix stream socket: it reads one line and
// answers it upper-cased. -addr is the socket's path.
//
//	go run ./chapters/socketserver/unixecho -addr echo.sock
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

// EchoHandler is the handler of tcpecho: the service does not care what
// kind of socket it is served on.
type EchoHandler struct {
	socketserver.StreamRequestHandler
}

func (h *EchoHandler) Handle() error {
	line, err := h.Rfile.ReadSlice('\n') // one line, at most 4096 bytes
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return err
	}
	_, err = h.Wfile.Write(bytes.ToUpper(line))
	return err
}

func main() {
	addr := flag.String("addr", "echo.sock", "path of the Unix socket to listen on")
	flag.Parse()
	log.SetFlags(0)

	// ANCHOR: main
	srv, err := socketserver.NewUnixStreamServer(*addr, func() socketserver.Handler {
		return new(EchoHandler)
	})
	// ANCHOR_END: main
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Starting server, use <Ctrl-C> to stop")
	if err := srv.ServeUntilInterrupt(500 * time.Millisecond); err != nil {
		log.Fatal(err)
	}
}
