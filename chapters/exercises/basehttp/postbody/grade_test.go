//go:build grade

package postbody

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
)

func TestBody(t *testing.T) {
	addr := start(t)
	for _, body := range []string{"spam", "", "eggs\r\n\r\nham\x00", strings.Repeat("s", 100000)} {
		code, text := post(t, addr, fmt.Sprintf("Content-Length: %d\r\n", len(body)), body, false)
		if want := fmt.Sprintf("%d bytes: %s\n", len(body), body); code != 200 || text != want {
			t.Errorf("POST with a body of %d bytes %.40q\n got %d %.60q\nwant 200 %.60q", len(body), body, code, text, want)
		}
	}
}

func TestNoContentLength(t *testing.T) {
	if code, text := post(t, start(t), "", "", false); code != 411 {
		t.Fatalf("POST without Content-Length: got %d %.60q, want 411 Length Required", code, text)
	}
}

func TestBadContentLength(t *testing.T) {
	addr := start(t)
	for _, value := range []string{"spam", "-1", "", "4 4", "0x10"} {
		if code, text := post(t, addr, "Content-Length: "+value+"\r\n", "", false); code != 400 {
			t.Errorf("POST with \"Content-Length: %s\": got %d %.60q, want 400 Bad Request", value, code, text)
		}
	}
}

func TestTooLarge(t *testing.T) {
	addr := start(t)
	for _, n := range []int{MaxBody + 1, 1 << 40} {
		// Only the headers are sent: the handler answers before reading the body.
		if code, text := post(t, addr, fmt.Sprintf("Content-Length: %d\r\n", n), "", false); code != 413 {
			t.Errorf("POST announcing %d bytes, MaxBody is %d: got %d %.60q, want 413 before reading the body", n, MaxBody, code, text)
		}
	}
}

func TestShortBody(t *testing.T) {
	code, text := post(t, start(t), "Content-Length: 10\r\n", "spam", true)
	if code != 400 {
		t.Fatalf("POST announcing 10 bytes, sending 4 and closing: got %d %.60q, want 400 Bad Request", code, text)
	}
}

// guard bounds how long the client waits for an answer, so that a server
// that never answers fails the test instead of hanging it. It is no speed limit.
const guard = 10 * time.Second

// start serves NewServer until the test ends and returns its address.
func start(t *testing.T) string {
	t.Helper()
	srv, err := NewServer("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return basehttptest.Start(t, srv.Server)
}

// post sends a POST request with the header lines header and body, and
// returns the status code and body of the answer. If shut, it then closes its
// side of the connection; otherwise it keeps it open, as a client waiting for
// its answer does.
func post(t *testing.T, addr, header, body string, shut bool) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(guard))
	if _, err := io.WriteString(conn, "POST /echo HTTP/1.0\r\n"+header+"\r\n"+body); err != nil {
		t.Fatal(err)
	}
	if shut {
		conn.(*net.TCPConn).CloseWrite()
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		t.Fatalf("waited %v for an answer; none came.\n"+
			"Read exactly Content-Length bytes: the client sent no more, and keeps the connection open for the answer", guard)
	case errors.Is(err, syscall.ECONNRESET):
		t.Fatalf("the server reset the connection before its answer arrived: it closed it without reading the body")
	case err != nil:
		t.Fatalf("reading the response: %v", err)
	}
	text, err := io.ReadAll(resp.Body)
	if err != nil && !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("reading the response body: %v", err)
	}
	return resp.StatusCode, string(text)
}
