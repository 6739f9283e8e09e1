package basehttptest_test

import (
	"fmt"
	"strings"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
)

// HelloHandler answers GET with a greeting.
type HelloHandler struct {
	basehttp.BaseHTTPRequestHandler
}

// DoGET sends the greeting.
func (h *HelloHandler) DoGET() error {
	h.SendResponse(200)
	h.SendHeader("Content-Type", "text/plain")
	if err := h.EndHeaders(); err != nil {
		return err
	}
	_, err := h.Wfile.WriteString("Hello\n")
	return err
}

func ExampleServe() {
	newHandler := func() basehttp.Handler {
		h := new(HelloHandler)
		h.SysVersion = "Go" // not the toolchain's version, which changes
		return h
	}
	response, log, err := basehttptest.Serve(newHandler, "GET /hello HTTP/1.0\r\n\r\n")
	if err != nil {
		fmt.Println(err)
	}
	fmt.Print(strings.ReplaceAll(response, "\r\n", "\n"))
	fmt.Print(log[strings.Index(log, `"`):])
	// Output:
	// HTTP/1.0 200 OK
	// Server: BaseHTTP/0.6 Go
	// Date: Sun, 09 Dec 2007 16:00:34 GMT
	// Content-Type: text/plain
	//
	// Hello
	// "GET /hello HTTP/1.0" 200 -
}
