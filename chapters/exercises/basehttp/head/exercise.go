//go:build !solution

package head

import "strconv"

// ANCHOR: todo
// DoGET sends Page with its type and length.
func (h *PageHandler) DoGET() error {
	h.SendResponse(200)
	h.SendHeader("Content-Type", "text/html; charset=utf-8")
	h.SendHeader("Content-Length", strconv.Itoa(len(Page)))
	if err := h.EndHeaders(); err != nil {
		return err
	}
	_, err := h.Wfile.WriteString(Page)
	return err
}

// DoHEAD answers HEAD: the response GET would get, without its body.
func (h *PageHandler) DoHEAD() error {
	// TODO: send what DoGET sends, all but the body. This stub answers
	// as a handler without DoHEAD does.
	return h.SendError(501, "Unsupported method ('HEAD')")
}

// ANCHOR_END: todo
