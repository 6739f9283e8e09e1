// Post answers every POST with what it found in the form: the article's
// second example, with package cgiform in the role of Python's cgi.FieldStorage.
//
//	go run ./chapters/basehttp/post -addr localhost:8080
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/cgiform"
	"github.com/basehttpserver/basehttpserver/internal/py"
)

// ANCHOR: handler
// PostHandler echoes the fields of a posted form.
type PostHandler struct {
	basehttp.BaseHTTPRequestHandler
}

// DoPOST parses the form from the request body, then describes each field.
func (h *PostHandler) DoPOST() error {
	form, err := cgiform.Parse(h.Rfile, h.Headers.MIMEHeader(), map[string]string{
		"REQUEST_METHOD": "POST",
		"CONTENT_TYPE":   h.Headers.Get("Content-Type"),
	}, nil)
	if err != nil {
		return h.SendError(400, err.Error())
	}
	defer form.Close()

	h.SendResponse(200)
	if err := h.EndHeaders(); err != nil {
		return err
	}
	w := h.Wfile
	fmt.Fprintf(w, "Client: %s\n", py.Addr(h.ClientAddress))
	fmt.Fprintf(w, "User-agent: %s\n", h.Headers.Get("User-Agent"))
	fmt.Fprintf(w, "Path: %s\n", h.Path)
	fmt.Fprintf(w, "Form data:\n")
	for _, name := range form.Keys() {
		field := form.Fields(name)[0]
		if field.Filename != "" {
			// An uploaded file: count its bytes without holding them.
			n, err := io.Copy(io.Discard, field.File())
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "\tUploaded %s as \"%s\" (%d bytes)\n", name, field.Filename, n)
		} else {
			fmt.Fprintf(w, "\t%s=%s\n", name, form.GetValue(name, ""))
		}
	}
	return nil
}

// ANCHOR_END: handler

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Parse()

	srv, err := basehttp.NewHTTPServer(*addr, func() basehttp.Handler {
		return new(PostHandler)
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Starting server, use <Ctrl-C> to stop")
	if err := srv.ServeUntilInterrupt(500 * time.Millisecond); err != nil {
		log.Fatal(err)
	}
}
