package socketserver

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/basehttpserver/basehttpserver/internal/cpython"
)

// pythonHandleError is what CPython's socketserver prints when a handler
// raises: the script serves one request whose handler raises ValueError.
const pythonHandleError = `
import socket, socketserver
class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        raise ValueError("boom")
with socketserver.TCPServer(("127.0.0.1", 0), Handler) as server:
    client = socket.create_connection(server.server_address)
    server.handle_request()
    client.close()
`

type raiseHandler struct{ BaseRequestHandler }

func (h *raiseHandler) Handle() error { panic("boom") }

// TestHandleErrorLikePython compares the default HandleError output with
// CPython's handle_error for the same fault, a handler that fails with
// "boom": both are a block between lines of 40 dashes whose first line
// names the client as ('127.0.0.1', N), followed by a stack that names the
// handler's handle method and the message.
func TestHandleErrorLikePython(t *testing.T) {
	python := cpython.Require(t, "socketserver")
	cmd := exec.Command(python, "-c", pythonHandleError)
	var pyOut bytes.Buffer
	cmd.Stderr = &pyOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("python3: %v\n%s", err, pyOut.Bytes())
	}

	checkLeaks(t)
	var goOut bytes.Buffer
	s, err := NewTCPServer("127.0.0.1:0", func() Handler { return new(raiseHandler) })
	if err != nil {
		t.Fatal(err)
	}
	s.ErrorLog = &goOut
	c := dial(t, s)
	if err := s.HandleRequest(); err != nil {
		t.Fatal(err)
	}
	c.Close()
	s.Close()

	type shape struct {
		first, stackStart, handleFrame, message string
	}
	want := map[string]shape{
		"python": {"Traceback (most recent call last):", `Traceback`, `, in handle$`, `ValueError: boom`},
		"go":     {"panic: boom", `^goroutine \d+ \[running\]:$`, `\.\(\*raiseHandler\)\.Handle\(`, `panic: boom`},
	}
	for name, out := range map[string]string{"python": pyOut.String(), "go": goOut.String()} {
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		w := want[name]
		dashes := strings.Repeat("-", 40)
		if len(lines) < 5 || lines[0] != dashes || lines[len(lines)-1] != dashes {
			t.Errorf("%s: not a block between two lines of 40 dashes:\n%s", name, out)
			continue
		}
		if !regexp.MustCompile(`^Exception occurred during processing of request from \('127\.0\.0\.1', \d+\)$`).MatchString(lines[1]) {
			t.Errorf("%s: second line %q", name, lines[1])
		}
		if lines[2] != w.first {
			t.Errorf("%s: third line %q, want %q", name, lines[2], w.first)
		}
		body := strings.Join(lines[2:len(lines)-1], "\n")
		for _, re := range []string{w.stackStart, w.handleFrame, w.message} {
			if !regexp.MustCompile("(?m)" + re).MatchString(body) {
				t.Errorf("%s: the stack section lacks %s:\n%s", name, re, body)
			}
		}
	}
	if t.Failed() {
		t.Logf("python3 printed:\n%s\nGo printed:\n%s", pyOut.String(), goOut.String())
	}
}

func TestHandleErrorReturnedError(t *testing.T) {
	var b bytes.Buffer
	req := &Request{ClientAddress: resolve("tcp", "127.0.0.1:51275")}
	PrintError(&b, req, os.ErrPermission)
	want := strings.Repeat("-", 40) + "\n" +
		"Exception occurred during processing of request from ('127.0.0.1', 51275)\n" +
		"error: permission denied\n" +
		strings.Repeat("-", 40) + "\n"
	if b.String() != want {
		t.Errorf("PrintError wrote\n%s\nwant\n%s", b.String(), want)
	}
}
