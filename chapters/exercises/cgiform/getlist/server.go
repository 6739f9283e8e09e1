// Package getlist is an exercise of the cgiform chapter: a form field that
// repeats, such as a group of checkboxes, read with GetList (Python's
// form.getlist) rather than GetValue.
//
// Edit exercise.go; grade it with
//
//	go test -tags grade ./chapters/exercises/cgiform/getlist
package getlist

import (
	"strings"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/cgiform"
)

// OrderHandler answers a pizza order sent as a query string, such as
// /order?size=large&topping=ham&topping=olives.
type OrderHandler struct {
	basehttp.BaseHTTPRequestHandler
}

// DoGET parses the query string as a CGI script would and describes the order.
func (h *OrderHandler) DoGET() error {
	_, query, _ := strings.Cut(h.Path, "?")
	form, err := cgiform.Parse(nil, nil, map[string]string{
		"REQUEST_METHOD": "GET",
		"QUERY_STRING":   query,
	}, nil)
	if err != nil {
		return h.SendError(400, err.Error())
	}
	defer form.Close()

	h.SendResponse(200)
	h.SendHeader("Content-Type", "text/plain; charset=utf-8")
	if err := h.EndHeaders(); err != nil {
		return err
	}
	_, err = h.Wfile.WriteString(describe(form))
	return err
}

// NewServer returns an HTTP server bound to addr that serves each connection
// with an OrderHandler.
func NewServer(addr string) (*basehttp.HTTPServer, error) {
	return basehttp.NewHTTPServer(addr, func() basehttp.Handler {
		return new(OrderHandler)
	})
}
