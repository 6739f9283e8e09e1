//go:build !solution

package maxupload

import (
	"io"
	"net/textproto"

	"github.com/basehttpserver/basehttpserver/cgiform"
)

// ANCHOR: todo
// parse reads the form a request posted: its body and its headers. When it
// fails, it returns the status code to answer with.
func parse(body io.Reader, header textproto.MIMEHeader) (*cgiform.FieldStorage, int, error) {
	environ := map[string]string{"REQUEST_METHOD": "POST"}
	// TODO: refuse a body larger than MaxUpload bytes with 413
	// (Request Entity Too Large), and answer other errors with 400.
	form, err := cgiform.Parse(body, header, environ, nil)
	if err != nil {
		return nil, 400, err
	}
	return form, 200, nil
}

// ANCHOR_END: todo
