// Nethttp is the reference make bench measures the project against:
// net/http doing the GET echo example's work (the same lines, from the same
// parse of the path and the same sorted headers), or a trivial handler.
// It prints "listening on ADDR" once it listens.
//
//	go run ./chapters/speed/nethttp -addr 127.0.0.1:0 -handler echo
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/basehttpserver/basehttpserver/internal/py"
)

// serverVersion is what the Server header and the body name.
const serverVersion = "BaseHTTP/0.6"

// field is one header as the client sent it.
type field struct {
	name, value string
}

// byNameValue sorts fields by name, then by value.
type byNameValue []field

func (h byNameValue) Len() int      { return len(h) }
func (h byNameValue) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h byNameValue) Less(i, j int) bool {
	if h[i].name != h[j].name {
		return h[i].name < h[j].name
	}
	return h[i].value < h[j].value
}

// echo writes the GET example's body for r.
func echo(w http.ResponseWriter, r *http.Request) {
	parsedPath, err := py.URLParse(r.RequestURI)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	host, port, _ := net.SplitHostPort(r.RemoteAddr)
	lines := []string{
		"CLIENT VALUES:",
		"client_address=('" + host + "', " + port + ") (" + host + ")",
		"command=" + r.Method,
		"path=" + r.RequestURI,
		"real path=" + parsedPath.Path,
		"query=" + parsedPath.Query,
		"request_version=" + r.Proto,
		"",
		"SERVER VALUES:",
		"server_version=" + serverVersion,
		"sys_version=Go",
		"protocol_version=HTTP/1.1",
		"",
		"HEADERS RECEIVED:",
	}
	headers := []field{{"Host", r.Host}}
	for name, values := range r.Header {
		for _, v := range values {
			headers = append(headers, field{name, v})
		}
	}
	sort.Sort(byNameValue(headers)) // as basehttp.Header.Sorted does
	for _, f := range headers {
		lines = append(lines, f.name+"="+strings.TrimRightFunc(f.value, unicode.IsSpace))
	}
	lines = append(lines, "")
	message := strings.Join(lines, "\r\n")

	w.Header().Set("Server", serverVersion+" Go")
	w.Header().Set("Content-Length", strconv.Itoa(len(message)))
	io.WriteString(w, message)
}

// trivial answers "ok".
func trivial(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Server", serverVersion+" Go")
	w.Header().Set("Content-Length", "3")
	io.WriteString(w, "ok\n")
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	handler := flag.String("handler", "echo", "echo (the GET example's work) or trivial")
	flag.Parse()

	h := echo
	if *handler == "trivial" {
		h = trivial
	} else if *handler != "echo" {
		log.Fatalf("unknown handler %q", *handler)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("listening on", ln.Addr())
	os.Stdout.Sync()
	log.Fatal(http.Serve(ln, http.HandlerFunc(h)))
}
