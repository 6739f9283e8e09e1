package socketserver_test

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"strings"

	"github.com/basehttpserver/basehttpserver/socketserver"
)

// EchoHandler answers one line upper-cased: a StreamRequestHandler with its
// own Handle, as in Python's documentation.
type EchoHandler struct {
	socketserver.StreamRequestHandler
}

func (h *EchoHandler) Handle() error {
	line, err := h.Rfile.ReadString('\n')
	if err != nil && err != io.EOF {
		return err
	}
	_, err = h.Wfile.WriteString(strings.ToUpper(line))
	return err
}

func ExampleNewTCPServer() {
	srv, err := socketserver.NewTCPServer("127.0.0.1:0", func() socketserver.Handler {
		return new(EchoHandler)
	})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	go srv.ServeForever(0)
	defer srv.Shutdown()

	c, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintln(c, "hello")
	reply, _ := io.ReadAll(c) // the server closes the connection after its reply
	fmt.Printf("%s", reply)
	// Output: HELLO
}

// UpperDatagram answers a datagram with the same bytes upper-cased.
type UpperDatagram struct {
	socketserver.DatagramRequestHandler
}

func (h *UpperDatagram) Handle() error {
	_, err := h.Wfile.Write(bytes.ToUpper(h.Packet))
	return err
}

func ExampleNewUDPServer() {
	srv, err := socketserver.NewUDPServer("127.0.0.1:0", func() socketserver.Handler {
		return new(UpperDatagram)
	})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	c, err := net.Dial("udp", srv.Addr().String())
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("datagram"))
	if err := srv.HandleRequest(); err != nil { // one request, in this goroutine
		log.Fatal(err)
	}
	buf := make([]byte, 100)
	n, _ := c.Read(buf)
	fmt.Printf("%s\n", buf[:n])
	// Output: DATAGRAM
}

// Refuse fails every request, so the server reports it with HandleError.
type Refuse struct {
	socketserver.BaseRequestHandler
}

func (h *Refuse) Handle() error { return fmt.Errorf("no service for %v", h.ClientAddress.Network()) }

func ExampleServer_HandleError() {
	srv, err := socketserver.NewTCPServer("127.0.0.1:0", func() socketserver.Handler {
		return new(Refuse)
	})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	// The default prints Python's block to ErrorLog, with the client's
	// port, which changes from run to run; PrintError with a fixed address
	// shows its shape.
	srv.HandleError = func(req *socketserver.Request, err error) {
		req.ClientAddress = &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 51275}
		socketserver.PrintError(os.Stdout, req, err)
	}
	c, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	srv.HandleRequest()
	// Output:
	// ----------------------------------------
	// Exception occurred during processing of request from ('127.0.0.1', 51275)
	// error: no service for tcp
	// ----------------------------------------
}
