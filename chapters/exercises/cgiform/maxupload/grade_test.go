//go:build grade

package maxupload

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
)

func TestSmallUpload(t *testing.T) {
	body, ctype := form(t, 1000)
	code, text := post(t, start(t), ctype, len(body), body)
	if want := "Uploaded file as \"spam.txt\" (1000 bytes)\n"; code != 200 || text != want {
		t.Fatalf("posted a 1000-byte file: got %d %q, want 200 %q", code, text, want)
	}
}

func TestExactlyMaxUpload(t *testing.T) {
	body, ctype := formOfLength(t, MaxUpload)
	code, text := post(t, start(t), ctype, len(body), body)
	if code != 200 {
		t.Fatalf("posted a body of exactly MaxUpload (%d) bytes: got %d %q, want 200: MaxUpload bytes are allowed", MaxUpload, code, text)
	}
}

func TestContentLengthTooLarge(t *testing.T) {
	for _, length := range []int{MaxUpload + 1, 10 << 30} {
		_, ctype := form(t, 0)
		// Only the headers are sent: a server that checks the size answers
		// before reading the body; one that does not finds the body cut short.
		code, text := post(t, start(t), ctype, length, nil)
		if code != 413 {
			t.Errorf("announced a body of %d bytes (Content-Length), MaxUpload is %d:\n got %d %q\nwant 413: refuse it before reading it",
				length, MaxUpload, code, firstLine(text))
		}
	}
}

func TestBadFormIsStill400(t *testing.T) {
	// No body is sent: the handler refuses the form from its headers alone.
	code, text := post(t, start(t), "multipart/form-data", 0, nil)
	if code != 400 {
		t.Fatalf("posted a multipart form without a boundary: got %d %q, want 400: only a body too large gets 413", code, firstLine(text))
	}
}

// form returns a multipart form holding a text field and a file of size bytes,
// and its Content-Type.
func form(t *testing.T, size int) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.SetBoundary("spamspamspam")
	w.WriteField("note", "eggs")
	f, err := w.CreateFormFile("file", "spam.txt")
	if err != nil {
		t.Fatal(err)
	}
	f.Write(bytes.Repeat([]byte("s"), size))
	w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

// formOfLength returns a form whose body is exactly length bytes long.
func formOfLength(t *testing.T, length int) ([]byte, string) {
	empty, _ := form(t, 0)
	body, ctype := form(t, length-len(empty))
	if len(body) != length {
		t.Fatalf("formOfLength(%d) made %d bytes", length, len(body))
	}
	return body, ctype
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

// post sends a POST request announcing length bytes of type ctype, then body,
// then closes its side of the connection, and returns the response's status
// code and body.
func post(t *testing.T, addr, ctype string, length int, body []byte) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(guard))
	fmt.Fprintf(conn, "POST /upload HTTP/1.0\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", ctype, length)
	if _, err := conn.Write(body); err != nil {
		t.Fatal(err)
	}
	conn.(*net.TCPConn).CloseWrite()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("waited %v for an answer; none came", guard)
		}
		t.Fatalf("reading the response: %v", err)
	}
	text, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the response body: %v", err)
	}
	return resp.StatusCode, string(text)
}

// firstLine returns s up to its first line break, for short messages.
func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
