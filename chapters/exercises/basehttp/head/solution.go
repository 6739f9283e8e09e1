//go:build solution

package head

import "strconv"

// sendHead sends the status line and headers of the answer to GET and HEAD,
// as Python's SimpleHTTPRequestHandler.send_head serves do_GET and do_HEAD.
// Content-Length is the length of the body GET sends, even for HEAD.
func (h *PageHandler) sendHead() error {
	h.SendResponse(200)
	h.SendHeader("Content-Type", "text/html; charset=utf-8")
	h.SendHeader("Content-Length", strconv.Itoa(len(Page)))
	return h.EndHeaders()
}

// DoGET sends Page with its type and length.
func (h *PageHandler) DoGET() error {
	if err := h.sendHead(); err != nil {
		return err
	}
	_, err := h.Wfile.WriteString(Page)
	return err
}

// DoHEAD answers HEAD: the response GET would get, without its body.
func (h *PageHandler) DoHEAD() error {
	return h.sendHead()
}
