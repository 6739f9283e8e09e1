//go:build solution

package keepalive

import (
	"strconv"

	"github.com/basehttpserver/basehttpserver/basehttp"
)

// newHandler returns the handler of a new connection.
func newHandler() basehttp.Handler {
	// Setup fills in only the settings left empty, so this one stays.
	h := new(HelloHandler)
	h.ProtocolVersion = "HTTP/1.1"
	return h
}

// DoGET answers "Hello, " and the path, as plain text.
func (h *HelloHandler) DoGET() error {
	body := "Hello, " + h.Path + "\n"
	h.SendResponse(200)
	h.SendHeader("Content-Type", "text/plain; charset=utf-8")
	// The connection stays open, so its end no longer ends the body:
	// Content-Length does. Count bytes, not characters.
	h.SendHeader("Content-Length", strconv.Itoa(len(body)))
	if err := h.EndHeaders(); err != nil {
		return err
	}
	_, err := h.Wfile.WriteString(body)
	return err
}
