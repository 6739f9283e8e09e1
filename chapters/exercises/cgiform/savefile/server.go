// Package savefile is an exercise of the cgiform chapter: save uploaded files
// in a folder under a name of the server's choosing, never the path a client
// sends, which Python scripts famously pass to open() as it is.
//
// Edit exercise.go; grade it with
//
//	go test -tags grade ./chapters/exercises/cgiform/savefile
package savefile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/cgiform"
)

// SaveHandler saves each file of a posted form in its server's folder.
type SaveHandler struct {
	basehttp.BaseHTTPRequestHandler
	dir string
}

// DoPOST saves the form's files, each under the name safeName chooses (see
// exercise.go), and lists them; a file without a safe name is refused with 400.
func (h *SaveHandler) DoPOST() error {
	form, err := cgiform.Parse(h.Rfile, h.Headers.MIMEHeader(), map[string]string{"REQUEST_METHOD": "POST"}, nil)
	if err != nil {
		return h.SendError(400, err.Error())
	}
	defer form.Close()

	var report []string
	for _, name := range form.Keys() {
		for _, field := range form.Fields(name) {
			if field.Filename == "" {
				continue
			}
			base, ok := safeName(field.Filename)
			if !ok {
				return h.SendError(400, fmt.Sprintf("unsafe file name %q", field.Filename))
			}
			n, err := save(filepath.Join(h.dir, base), field.File())
			if err != nil {
				return h.SendError(500, err.Error())
			}
			report = append(report, fmt.Sprintf("Saved %q as %s (%d bytes)\n", field.Filename, base, n))
		}
	}
	h.SendResponse(200)
	h.SendHeader("Content-Type", "text/plain; charset=utf-8")
	if err := h.EndHeaders(); err != nil {
		return err
	}
	for _, line := range report {
		h.Wfile.WriteString(line)
	}
	return nil
}

// save copies r to a new file at path, replacing any file there.
func save(path string, r io.Reader) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// NewServer returns an HTTP server bound to addr whose handlers save uploaded
// files in the folder dir.
func NewServer(addr, dir string) (*basehttp.HTTPServer, error) {
	return basehttp.NewHTTPServer(addr, func() basehttp.Handler {
		return &SaveHandler{dir: dir}
	})
}
