// Package maxupload is an exercise of the cgiform chapter: an upload handler
// that refuses a body larger than MaxUpload with 413, where Python's
// cgi.FieldStorage would read any size it is sent.
//
// Edit exercise.go; grade it with
//
//	go test -tags grade ./chapters/exercises/cgiform/maxupload
package maxupload

import (
	"fmt"
	"io"

	"github.com/basehttpserver/basehttpserver/basehttp"
)

// MaxUpload is the largest request body, in bytes, the server accepts.
const MaxUpload = 64 << 10

// UploadHandler answers a posted form with the size of each uploaded file.
type UploadHandler struct {
	basehttp.BaseHTTPRequestHandler
}

// DoPOST parses the form (see parse in exercise.go) and lists its files.
func (h *UploadHandler) DoPOST() error {
	form, code, err := parse(h.Rfile, h.Headers.MIMEHeader())
	if err != nil {
		return h.SendError(code, err.Error())
	}
	defer form.Close()

	h.SendResponse(200)
	h.SendHeader("Content-Type", "text/plain; charset=utf-8")
	if err := h.EndHeaders(); err != nil {
		return err
	}
	for _, name := range form.Keys() {
		for _, field := range form.Fields(name) {
			if field.Filename == "" {
				continue
			}
			n, err := io.Copy(io.Discard, field.File())
			if err != nil {
				return err
			}
			fmt.Fprintf(h.Wfile, "Uploaded %s as %q (%d bytes)\n", name, field.Filename, n)
		}
	}
	return nil
}

// NewServer returns an HTTP server bound to addr that serves each connection
// with an UploadHandler.
func NewServer(addr string) (*basehttp.HTTPServer, error) {
	return basehttp.NewHTTPServer(addr, func() basehttp.Handler {
		return new(UploadHandler)
	})
}
