//go:build !solution

package keepalive

import "github.com/basehttpserver/basehttpserver/basehttp"

// ANCHOR: todo
// newHandler returns the handler of a new connection.
func newHandler() basehttp.Handler {
	// TODO: answer with HTTP/1.1, which keeps the connection open after
	// each response (Python's protocol_version class attribute).
	return new(HelloHandler)
}

// DoGET answers "Hello, " and the path, as plain text.
func (h *HelloHandler) DoGET() error {
	body := "Hello, " + h.Path + "\n"
	h.SendResponse(200)
	h.SendHeader("Content-Type", "text/plain; charset=utf-8")
	// TODO: an HTTP/1.1 client needs to know where the body ends.
	if err := h.EndHeaders(); err != nil {
		return err
	}
	_, err := h.Wfile.WriteString(body)
	return err
}

// ANCHOR_END: todo
