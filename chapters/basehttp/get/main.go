// Get answers every GET with what the request handler knows about the
// request, the client and itself: the article's first example.
//
//	go run ./chapters/basehttp/get -addr localhost:8080
package main

import (
	"flag"
	"fmt"
	"log"
	"sort"
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
	lines := []string{
		"CLIENT VALUES:",
		fmt.Sprintf("client_address=%s (%s)",
			py.Addr(h.ClientAddress), h.AddressString()),
		"command=" + h.Command,
		"path=" + h.Path,
		"real path=" + parsedPath.Path,
		"query=" + parsedPath.Query,
		"request_version=" + h.RequestVersion,
		"",
		"SERVER VALUES:",
		"server_version=" + h.ServerVersion,
		"sys_version=" + h.SysVersion,
		"protocol_version=" + h.ProtocolVersion,
		"",
		"HEADERS RECEIVED:",
	}
	headers := append(basehttp.Header(nil), h.Headers...)
	sort.Slice(headers, func(i, j int) bool { // Python's sorted(items())
		if headers[i].Name != headers[j].Name {
			return headers[i].Name < headers[j].Name
		}
		return headers[i].Value < headers[j].Value
	})
	for _, f := range headers {
		lines = append(lines, f.Name+"="+strings.TrimRightFunc(f.Value, unicode.IsSpace))
	}
	lines = append(lines, "")
	message := strings.Join(lines, "\r\n")

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
