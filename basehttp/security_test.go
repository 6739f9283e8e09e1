package basehttp_test

import (
	"strings"
	"testing"
)

// TestErrorPagesEscapeRequestLine sends request lines whose method, path or
// version carry markup into each error page the handler builds from them
// (the messages of Python's send_error calls in parse_request and
// handle_one_request): the page holds the text escaped, never the markup.
// Before the version is known, Python answers as HTTP/0.9 does, with the
// page alone.
func TestErrorPagesEscapeRequestLine(t *testing.T) {
	for _, c := range []struct{ request, message string }{
		{"<script>alert(1)</script> / HTTP/1.0", "Unsupported method"},
		{"GET / HTTP/1.0<script>alert(1)</script>", "Bad request version"},
		{"<script>alert(1)</script> /", "Bad HTTP/0.9 request type"},
		{"GET /<script>alert(1)</script> a HTTP/1.0", "Bad request syntax"},
	} {
		out, _ := serve(t, &plainHandler{}, c.request+"\r\n\r\n")
		page := out
		if strings.HasPrefix(out, "HTTP/") {
			_, page, _ = strings.Cut(out, "\r\n\r\n")
		}
		if !strings.Contains(page, "<p>Message: "+c.message+" (") || strings.Contains(page, "<script>") ||
			!strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%q: want the message %q with the markup escaped, got:\n%s", c.request, c.message, page)
		}
	}
}
