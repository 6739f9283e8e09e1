// Get answers every GET with what the request handler knows about the
// request, the client and itself: the article's first example.
//
//	go run ./chapters/basehttp/get -addr localhost:8080
package main

import (
	"flag"
	"fmt"
	"log"
	"strings"
	"time"
	"unicode"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/internal/py"
)

// ANCHOR: handler
// GetHandler is a request handler whose only method is GET.
type GetHandler struct {
	basehttp.BaseHTTPRequestHandler
}

// DoGET answers GET: the handler finds it by its name.
func (h *GetHandler) DoGET() error {
	// Python's urlparse, which differs from net/url's url.Parse.
	parsedPath, err := py.URLParse(h.Path)
	if err != nil {
		return err // Python's ValueError, for an unmatched '[' in a netloc
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
	if err := h.EndHeaders(); err != nil {
		return err
	}
	_, err = h.Wfile.WriteString(message)
	return err
}

// ANCHOR_END: handler

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Parse()

	// ANCHOR: main
	srv, err := basehttp.NewHTTPServer(*addr, func() basehttp.Handler {
		return new(GetHandler)
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Starting server, use <Ctrl-C> to stop")
	if err := srv.ServeUntilInterrupt(500 * time.Millisecond); err != nil {
		log.Fatal(err)
	}
	// ANCHOR_END: main
}
