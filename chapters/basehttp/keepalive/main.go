// Keepalive answers in HTTP/1.1, so that a client may send one request after
// another over the same connection; each reply names the client's address and
// counts the requests that connection has carried.
//
//	go run ./chapters/basehttp/keepalive -addr localhost:8080
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"strconv"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/internal/py"
)

// ANCHOR: handler
// maxBody bounds the body of a POST, which the handler holds in memory.
const maxBody = 1 << 20

// KeepAliveHandler answers GET, HEAD and POST on a connection that stays
// open. The server makes one handler per connection, so its fields last
// as long as the connection does.
type KeepAliveHandler struct {
	basehttp.BaseHTTPRequestHandler
	requests int // the requests answered on this connection so far
}

// DoGET describes the request and its connection.
func (h *KeepAliveHandler) DoGET() error { return h.reply("") }

// DoHEAD sends the headers DoGET would send, without the body.
func (h *KeepAliveHandler) DoHEAD() error { return h.reply("") }

// DoPOST reads the body, whose length the client must give, and echoes it.
// The next request starts where the body ends: reading all of it, and no
// more, keeps the connection usable.
func (h *KeepAliveHandler) DoPOST() error {
	n, err := strconv.Atoi(h.Headers.Get("Content-Length"))
	if err != nil || n < 0 {
		return h.SendError(411)
	}
	if n > maxBody {
		return h.SendError(413)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(h.Rfile, body); err != nil {
		return err
	}
	return h.reply(fmt.Sprintf("body %q\n", body))
}

// reply answers with a Content-Length, which tells the client where this
// response ends without the server closing the connection.
func (h *KeepAliveHandler) reply(extra string) error {
	h.requests++
	text := fmt.Sprintf("%s %s from %s: request %d on this connection\n%s",
		h.Command, h.Path, py.Addr(h.ClientAddress), h.requests, extra)
	h.SendResponse(200)
	h.SendHeader("Content-Type", "text/plain; charset=utf-8")
	h.SendHeader("Content-Length", strconv.Itoa(len(text)))
	if err := h.EndHeaders(); err != nil || h.Command == "HEAD" {
		return err
	}
	_, err := h.Wfile.WriteString(text)
	return err
}

// ANCHOR_END: handler

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Parse()

	// ANCHOR: main
	// A connection kept open holds its handler: a goroutine for each
	// connection keeps one client from holding up the others.
	srv, err := basehttp.NewThreadingHTTPServer(*addr, func() basehttp.Handler {
		h := new(KeepAliveHandler)
		h.ProtocolVersion = "HTTP/1.1"    // Python: protocol_version = "HTTP/1.1"
		h.HeaderTimeout = 5 * time.Second // for each request's head, and so for an idle connection
		return h
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
