package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
)

// pythonEcho serves request with pyserver.py's EchoHandler on a socket
// pair, the client at 127.0.0.1 port 51275 as basehttptest's Conn is, and
// returns what the handler wrote.
const pythonEcho = `
import socket, sys
sys.path.insert(0, "..")
import pyserver
client, server_side = socket.socketpair()
client.sendall(sys.argv[1].encode("latin-1"))
client.shutdown(socket.SHUT_WR)
pyserver.EchoHandler(server_side, ("127.0.0.1", 51275), None)
server_side.close()
reply = b""
while chunk := client.recv(65536):
    reply += chunk
sys.stdout.buffer.write(reply)
`

// comparable returns a reply without what must differ between the Go and
// the Python server: the Server and Date headers' values, the sys_version
// line, and so the Content-Length.
func comparable(reply string) string {
	var lines []string
	for _, line := range strings.Split(reply, "\r\n") {
		switch {
		case strings.HasPrefix(line, "Server: "):
			line = "Server: (differs)"
		case strings.HasPrefix(line, "Date: "):
			line = "Date: (differs)"
		case strings.HasPrefix(line, "sys_version="):
			line = "sys_version=(differs)"
		case strings.HasPrefix(line, "Content-Length: "):
			line = "Content-Length: (differs by the versions' lengths)"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\r\n")
}

// TestEchoAsPython checks that make bench's Go and CPython servers do the
// same work: for the request wrk sends, the same reply but for the
// versions and the date.
func TestEchoAsPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	request := "GET /?foo=bar HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"
	got, _, err := basehttptest.Serve(func() basehttp.Handler {
		h := new(EchoHandler)
		h.ProtocolVersion = "HTTP/1.1"
		return h
	}, request)
	if err != nil {
		t.Fatal(err)
	}
	want, err := exec.Command(python, "-c", pythonEcho, request).Output()
	if err != nil {
		t.Fatal(err)
	}
	if comparable(got) != comparable(string(want)) {
		t.Errorf("Go's echo:\n%s\nCPython's:\n%s", got, want)
	}
}
