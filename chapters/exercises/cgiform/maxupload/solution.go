//go:build solution

package maxupload

import (
	"errors"
	"io"
	"net/textproto"

	"github.com/basehttpserver/basehttpserver/cgiform"
)

// parse reads the form a request posted: its body and its headers. When it
// fails, it returns the status code to answer with.
func parse(body io.Reader, header textproto.MIMEHeader) (*cgiform.FieldStorage, int, error) {
	environ := map[string]string{"REQUEST_METHOD": "POST"}
	// MaxBytes refuses a larger Content-Length before reading the body, and
	// stops reading a body that grows past it.
	opts := &cgiform.Options{MaxBytes: MaxUpload}
	form, err := cgiform.Parse(body, header, environ, opts)
	switch {
	case errors.Is(err, cgiform.ErrTooLarge):
		return nil, 413, err
	case err != nil:
		return nil, 400, err
	}
	return form, 200, nil
}
