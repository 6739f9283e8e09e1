package main

import (
	"bufio"
	"io"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
	"github.com/basehttpserver/basehttpserver/internal/cpython"
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

// echoRequest is the request wrk sends.
const echoRequest = "GET /?foo=bar HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"

// serveEcho returns EchoHandler's reply to echoRequest, as make bench runs it.
func serveEcho(t *testing.T) string {
	t.Helper()
	got, _, err := basehttptest.Serve(func() basehttp.Handler {
		h := new(EchoHandler)
		h.ProtocolVersion = "HTTP/1.1"
		return h
	}, echoRequest)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// echoBody returns a reply's body without the lines that differ between
// the GET example and the bench's copy of its handler: the client's port,
// the protocol version, and the Go version.
func echoBody(reply string) string {
	_, body, _ := strings.Cut(reply, "\r\n\r\n")
	var lines []string
	for _, line := range strings.Split(body, "\n") {
		switch {
		case strings.HasPrefix(line, "client_address="):
			line = "client_address=(differs)"
		case strings.HasPrefix(line, "protocol_version="):
			line = "protocol_version=(differs)"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// TestEchoAsGETExample checks that EchoHandler, a copy of the GET
// example's handler with a Content-Length, writes the example's body:
// the GET example is a main package, which cannot be imported, so this
// test keeps the copy from drifting.
func TestEchoAsGETExample(t *testing.T) {
	example := filepath.Join(t.TempDir(), "get")
	build := exec.Command("go", "build", "-o", example, "./chapters/basehttp/get")
	build.Dir = filepath.Join("..", "..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	server := exec.Command(example, "-addr", addr)
	stderr, err := server.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := server.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	defer server.Wait()
	defer server.Process.Kill()
	go io.Copy(io.Discard, stderr) // the request log
	// The example prints its first line once it listens.
	if _, err := bufio.NewReader(stdout).ReadString('\n'); err != nil {
		t.Fatalf("the GET example printed no line: %v", err)
	}
	want := basehttptest.Exchange(t, addr, echoRequest)
	if got := serveEcho(t); echoBody(got) != echoBody(want) {
		t.Errorf("the bench's echo:\n%s\nthe GET example's:\n%s", got, want)
	}
}

// freeAddr returns a loopback address with a port no one listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestEchoAsPython checks that make bench's Go and CPython servers do the
// same work: for the request wrk sends, the same reply but for the
// versions and the date.
func TestEchoAsPython(t *testing.T) {
	python := cpython.Require(t, "http.server")
	got := serveEcho(t)
	want, err := exec.Command(python, "-c", pythonEcho, echoRequest).Output()
	if err != nil {
		t.Fatal(err)
	}
	if comparable(got) != comparable(string(want)) {
		t.Errorf("Go's echo:\n%s\nCPython's:\n%s", got, want)
	}
}
