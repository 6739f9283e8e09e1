// Udpecho answers each UDP datagram with the same bytes upper-cased.
//
//	go run ./chapters/socketserver/udpecho -addr localhost:8080
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/basehttpserver/basehttpserver/socketserver"
)

// ANCHOR: handler
// EchoHandler is a DatagramRequestHandler: what Handle writes to Wfile,
// Finish sends back to the client in one datagram.
type EchoHandler struct {
	socketserver.DatagramRequestHandler
}

func (h *EchoHandler) Handle() error {
	_, err := h.Wfile.Write(bytes.ToUpper(h.Packet))
	return err
}

// ANCHOR_END: handler

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Parse()
	log.SetFlags(0)

	// ANCHOR: main
	srv, err := socketserver.NewUDPServer(*addr, func() socketserver.Handler {
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
