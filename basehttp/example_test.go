package basehttp_test

import (
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp"
)

// HelloHandler answers GET with a greeting.
type HelloHandler struct {
	basehttp.BaseHTTPRequestHandler
}

func (h *HelloHandler) DoGET() error {
	body := "Hello, " + strings.TrimPrefix(h.Path, "/") + "\n"
	h.SendResponse(200)
	h.SendHeader("Content-Type", "text/plain")
	h.SendHeader("Content-Length", fmt.Sprint(len(body)))
	if err := h.EndHeaders(); err != nil {
		return err
	}
	_, err := io.WriteString(h.Wfile, body)
	return err
}

// get sends a raw request to addr and prints the answer, CR LF shown as LF.
func get(addr, request string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	io.WriteString(c, request)
	answer, _ := io.ReadAll(c)
	fmt.Print(strings.ReplaceAll(string(answer), "\r\n", "\n"))
}

// A handler type embeds BaseHTTPRequestHandler and has a method per HTTP
// method it answers. This server's clock is pinned, and its handlers' SysVersion
// set, to make the output the same on every run.
func Example() {
	srv, err := basehttp.NewHTTPServer("127.0.0.1:0", func() basehttp.Handler {
		h := new(HelloHandler)
		h.SysVersion = "Go"
		return h
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv.Clock = func() time.Time { return time.Date(2007, 12, 9, 16, 0, 34, 0, time.UTC) }
	srv.ErrorLog = io.Discard // the log lines have the local time
	go srv.ServeForever(0)
	defer srv.Close()
	defer srv.Shutdown()

	get(srv.Addr().String(), "GET /gopher HTTP/1.1\r\nHost: localhost\r\n\r\n")
	get(srv.Addr().String(), "BREW /coffee HTTP/1.0\r\n\r\n")
	// Output:
	// HTTP/1.0 200 OK
	// Server: BaseHTTP/0.6 Go
	// Date: Sun, 09 Dec 2007 16:00:34 GMT
	// Content-Type: text/plain
	// Content-Length: 14
	//
	// Hello, gopher
	// HTTP/1.0 501 Unsupported method ('BREW')
	// Server: BaseHTTP/0.6 Go
	// Date: Sun, 09 Dec 2007 16:00:34 GMT
	// Connection: close
	// Content-Type: text/html;charset=utf-8
	// Content-Length: 357
	//
	// <!DOCTYPE HTML>
	// <html lang="en">
	//     <head>
	//         <meta charset="utf-8">
	//         <title>Error response</title>
	//     </head>
	//     <body>
	//         <h1>Error response</h1>
	//         <p>Error code: 501</p>
	//         <p>Message: Unsupported method ('BREW').</p>
	//         <p>Error code explanation: 501 - Server does not support this operation.</p>
	//     </body>
	// </html>
}

func ExampleHeader_Get() {
	h := basehttp.Header{{"Host", "localhost:8080"}, {"Accept", "*/*"}, {"accept", "text/plain"}}
	fmt.Println(h.Get("host"))
	fmt.Println(h.Get("Accept"), h.Values("ACCEPT"))
	_, ok := h.Lookup("Cookie")
	fmt.Println(ok)
	// Output:
	// localhost:8080
	// */* [*/* text/plain]
	// false
}

func ExampleHeader_Sorted() {
	h := basehttp.Header{{"User-Agent", "curl/7.88.1"}, {"host", "b"}, {"Host", "a"}, {"Accept", "*/*"}}
	for _, f := range h.Sorted() { // Python's sorted(self.headers.items())
		fmt.Printf("%s=%s\n", f.Name, f.Value)
	}
	fmt.Println(h[0].Name) // h itself keeps the order of arrival
	// Output:
	// Accept=*/*
	// Host=a
	// User-Agent=curl/7.88.1
	// host=b
	// User-Agent
}

func ExampleHeader_MIMEHeader() {
	h := basehttp.Header{{"content-type", "text/plain"}, {"X-Dup", "1"}, {"x-dup", "2"}}
	m := h.MIMEHeader()
	fmt.Println(m.Get("Content-Type"), m.Values("X-Dup"))
	// Output:
	// text/plain [1 2]
}

func ExampleStatusText() {
	phrase, description := basehttp.StatusText(404)
	fmt.Printf("%s: %s\n", phrase, description)
	// Output:
	// Not Found: Nothing matches the given URI
}
