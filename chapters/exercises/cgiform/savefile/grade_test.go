//go:build grade

package savefile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
)

func TestPlainName(t *testing.T) {
	root, addr := start(t)
	code, text := upload(t, addr, `filename="report.txt"`, "spam and eggs")
	if want := "Saved \"report.txt\" as report.txt (13 bytes)\n"; code != 200 || text != want {
		t.Fatalf("uploaded report.txt: got %d %q, want 200 %q", code, text, want)
	}
	expectFiles(t, root, "upload of report.txt", map[string]string{"a/b/uploads/report.txt": "spam and eggs"})
}

func TestClimbingName(t *testing.T) {
	root, addr := start(t)
	code, text := upload(t, addr, `filename="../../evil.txt"`, "gotcha")
	expectFiles(t, root, `upload of "../../evil.txt"`, map[string]string{"a/b/uploads/evil.txt": "gotcha"})
	if code != 200 {
		t.Fatalf("uploaded ../../evil.txt: got %d %q, want 200: save it as evil.txt", code, text)
	}
}

func TestAbsoluteName(t *testing.T) {
	root, addr := start(t)
	code, text := upload(t, addr, `filename="/etc/evil.conf"`, "gotcha")
	if code != 200 {
		t.Errorf("uploaded /etc/evil.conf: got %d %q, want 200: save it as evil.conf", code, firstLine(text))
	}
	expectFiles(t, root, `upload of "/etc/evil.conf"`, map[string]string{"a/b/uploads/evil.conf": "gotcha"})
}

func TestWindowsName(t *testing.T) {
	root, addr := start(t)
	// A browser escapes a backslash in a quoted parameter as \\ (and cgiform
	// unquotes it): the name the handler sees is C:\Users\me\photo.jpg.
	code, text := upload(t, addr, `filename="C:\\Users\\me\\photo.jpg"`, "JFIF")
	if want := "Saved \"C:\\\\Users\\\\me\\\\photo.jpg\" as photo.jpg (4 bytes)\n"; code != 200 || text != want {
		t.Errorf("uploaded C:\\Users\\me\\photo.jpg: got %d %q, want 200 %q: '\\' separates folders too", code, firstLine(text), want)
	}
	expectFiles(t, root, `upload of "C:\Users\me\photo.jpg"`, map[string]string{"a/b/uploads/photo.jpg": "JFIF"})
}

func TestNoUsableName(t *testing.T) {
	root, addr := start(t)
	for _, name := range []string{`..`, `.`, `a/..`, `uploads/`, `..\\..\\`} {
		code, text := upload(t, addr, `filename="`+name+`"`, "x")
		if code != 400 {
			t.Errorf("uploaded a file called %s: got %d %q, want 400: no name is left to save it under", name, code, firstLine(text))
		}
	}
	expectFiles(t, root, "uploads without a usable name", map[string]string{})
}

// guard bounds how long the client waits for an answer, so that a server
// that never answers fails the test instead of hanging it. It is no speed limit.
const guard = 10 * time.Second

// start makes the folders root/a/b/uploads, serves NewServer saving there until
// the test ends, and returns root and the server's address.
func start(t *testing.T) (string, string) {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "a", "b", "uploads")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	srv, err := NewServer("127.0.0.1:0", dir)
	if err != nil {
		t.Fatal(err)
	}
	addr := basehttptest.Start(t, srv.Server)
	return root, addr
}

// upload posts a form with one file part, whose Content-Disposition has the
// parameter filenameParam as written, and returns the answer's code and body.
func upload(t *testing.T, addr, filenameParam, data string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreatePart(textproto.MIMEHeader{
		"Content-Disposition": {`form-data; name="file"; ` + filenameParam},
		"Content-Type":        {"application/octet-stream"},
	})
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(part, data)
	w.Close()

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(guard))
	fmt.Fprintf(conn, "POST /upload HTTP/1.0\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", w.FormDataContentType(), body.Len(), body.Bytes())
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("waited %v for an answer; none came", guard)
	} else if err != nil {
		t.Fatalf("reading the response: %v", err)
	}
	text, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the response body: %v", err)
	}
	return resp.StatusCode, string(text)
}

// expectFiles checks that the files under root are exactly want (path: content).
func expectFiles(t *testing.T, root, after string, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(root, path)
			data, _ := os.ReadFile(path)
			got[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after the %s, the files under the test's folder are\n%s\nwant\n%s\n(the upload folder is a/b/uploads)", after, list(got), list(want))
	}
}

func list(files map[string]string) string {
	var lines []string
	for path, data := range files {
		lines = append(lines, fmt.Sprintf("  %s: %q", path, data))
	}
	sort.Strings(lines)
	if len(lines) == 0 {
		return "  (none)"
	}
	return strings.Join(lines, "\n")
}

// firstLine returns s up to its first line break, for short messages.
func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
