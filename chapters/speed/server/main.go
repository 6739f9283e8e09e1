// Server is the project's HTTP server as make bench measures it: the GET
// echo example's handler (or a trivial one) on a threading or a forking
// HTTP server, speaking HTTP/1.1 so that a client may keep the connection.
// It prints "listening on ADDR" once it listens.
//
//	go run ./chapters/speed/server -addr 127.0.0.1:0 -mixin threading -handler echo
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/internal/py"
	"github.com/basehttpserver/basehttpserver/socketserver"
)

// EchoHandler is the GET example's handler (chapters/basehttp/get) with a
// Content-Length, which tells an HTTP/1.1 client where the reply ends.
type EchoHandler struct {
	basehttp.BaseHTTPRequestHandler
}

// DoGET answers with what the handler knows about the request.
func (h *EchoHandler) DoGET() error {
	parsedPath, err := py.URLParse(h.Path)
	if err != nil {
		return err
	}
	// The article joins a list of lines with CR LF; the example writes
	// each line, CR LF after it, into one growing string.
	var reply strings.Builder
	reply.Grow(512) // room for the usual reply; it grows for a longer one
	line := func(parts ...string) {
		for _, part := range parts {
			reply.WriteString(part)
		}
		reply.WriteString("\r\n")
	}
	line("CLIENT VALUES:")
	line("client_address=", py.Addr(h.ClientAddress), " (", h.AddressString(), ")")
	line("command=", h.Command)
	line("path=", h.Path)
	line("real path=", parsedPath.Path)
	line("query=", parsedPath.Query)
	line("request_version=", h.RequestVersion)
	line()
	line("SERVER VALUES:")
	line("server_version=", h.ServerVersion)
	line("sys_version=", h.SysVersion)
	line("protocol_version=", h.ProtocolVersion)
	line()
	line("HEADERS RECEIVED:")
	for _, f := range h.Headers.Sorted() { // Python's sorted(self.headers.items())
		line(f.Name, "=", strings.TrimRightFunc(f.Value, unicode.IsSpace))
	}
	message := reply.String()

	h.SendResponse(200)
	h.SendHeader("Content-Length", strconv.Itoa(len(message)))
	if err := h.EndHeaders(); err != nil {
		return err
	}
	_, err = h.Wfile.WriteString(message)
	return err
}

// TrivialHandler answers every GET with "ok": what is left is the
// framework's own cost.
type TrivialHandler struct {
	basehttp.BaseHTTPRequestHandler
}

// DoGET answers "ok".
func (h *TrivialHandler) DoGET() error {
	h.SendResponse(200)
	h.SendHeader("Content-Length", "3")
	if err := h.EndHeaders(); err != nil {
		return err
	}
	_, err := h.Wfile.WriteString("ok\n")
	return err
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	mixin := flag.String("mixin", "threading", "threading or forking")
	handler := flag.String("handler", "echo", "echo (the GET example's) or trivial")
	flag.Parse()

	newHandler := func() basehttp.Handler {
		h := new(EchoHandler)
		h.ProtocolVersion = "HTTP/1.1"
		return h
	}
	if *handler == "trivial" {
		newHandler = func() basehttp.Handler {
			h := new(TrivialHandler)
			h.ProtocolVersion = "HTTP/1.1"
			return h
		}
	} else if *handler != "echo" {
		log.Fatalf("unknown handler %q", *handler)
	}
	newServer := basehttp.NewThreadingHTTPServer
	if *mixin == "forking" {
		// In a child this serves the one connection and exits: its log
		// lines go to standard error, which make bench sends to a file.
		newServer = basehttp.NewForkingHTTPServer
	} else if *mixin != "threading" {
		log.Fatalf("unknown mixin %q", *mixin)
	}
	srv, err := newServer(*addr, newHandler)
	if err != nil {
		log.Fatal(err)
	}
	srv.ErrorLog = io.Discard          // the log goes nowhere, as in the CPython servers
	if !socketserver.IsForkedChild() { // a child serves its one connection
		fmt.Println("listening on", srv.Addr())
		os.Stdout.Sync()
	}
	if err := srv.ServeUntilInterrupt(500 * time.Millisecond); err != nil {
		log.Fatal(err)
	}
}
