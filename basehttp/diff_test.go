package basehttp_test

import (
	"bufio"
	"bytes"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
	"github.com/basehttpserver/basehttpserver/internal/cpython"
	"github.com/basehttpserver/basehttpserver/internal/py"
)

// diffBase and diffHandler are the handlers of testdata/diffserver.py (Base
// and Handler), line for line.
type diffBase struct {
	basehttp.BaseHTTPRequestHandler
}

type diffHandler struct {
	diffBase
}

func (h *diffBase) echo(extra string) string {
	lines := []string{
		"client_address=" + py.Addr(h.ClientAddress),
		"address_string=" + h.AddressString(),
		"command=" + py.Repr(h.Command),
		"path=" + py.Repr(h.Path),
		"request_version=" + py.Repr(h.RequestVersion),
		"requestline=" + py.Repr(h.RequestLine),
		"close_connection=" + strings.Title(strconv.FormatBool(h.CloseConnection)),
		"server_version=" + h.ServerVersion,
		"protocol_version=" + h.ProtocolVersion,
		"headers:",
	}
	for _, f := range h.Headers {
		lines = append(lines, py.Repr(f.Name)+": "+py.Repr(f.Value))
	}
	return strings.Join(append(lines, extra), "\r\n")
}

func (h *diffBase) answer(body string, sendBody bool) error {
	if rest, ok := strings.CutPrefix(h.Path, "/error/"); ok {
		args := strings.Split(rest, "/")
		for i := range args {
			args[i], _ = url.PathUnescape(args[i])
		}
		code, _ := strconv.Atoi(args[0])
		return h.SendError(code, args[1:]...)
	}
	h.SendResponse(200)
	switch h.Path {
	case "/connection-close":
		h.SendHeader("Connection", "close")
	case "/connection-keep-alive":
		h.SendHeader("Connection", "keep-alive")
	}
	h.SendHeader("Content-Type", "text/plain; charset=utf-8")
	h.SendHeader("Content-Length", strconv.Itoa(len(body)))
	if err := h.EndHeaders(); err != nil || !sendBody {
		return err
	}
	_, err := h.Wfile.WriteString(body)
	return err
}

func (h *diffBase) DoGET() error     { return h.answer(h.echo(""), true) }
func (h *diffBase) DoSPAM() error    { return h.DoGET() }
func (h *diffHandler) DoHEAD() error { return h.answer(h.echo(""), false) }

func (h *diffBase) DoPOST() error {
	n, _ := strconv.Atoi(h.Headers.Get("Content-Length"))
	data := make([]byte, n)
	n, err := io.ReadFull(h.Rfile, data)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return err // Python's read(n) raises, but returns less at the end
	}
	return h.answer(h.echo("body="+py.Repr(py.DecodeLatin1(data[:n]))), true)
}

// servers are the variants of the handler, by the name the corpus uses.
var servers = map[string]func() basehttp.Handler{
	"1.0": func() basehttp.Handler { return &diffHandler{} },
	"1.1": func() basehttp.Handler {
		h := &diffHandler{}
		h.ProtocolVersion = "HTTP/1.1"
		return h
	},
	"custom": func() basehttp.Handler { // other settings, and no DoHEAD
		h := &diffBase{}
		h.ProtocolVersion = "HTTP/1.1"
		h.ErrorMessageFormat = "%(code)d|%(code)s|%(message)s|%(explain)s|100%%\n"
		h.ErrorContentType = "text/plain"
		h.ServerVersion = "Custom/1.0"
		h.DefaultRequestVersion = "HTTP/1.0"
		return h
	},
	"timeout": func() basehttp.Handler {
		h := &diffHandler{}
		h.Timeout = 200 * time.Millisecond
		return h
	},
}

// withSysVersion returns newHandler's handlers, one of servers, with
// SysVersion v: CPython's, which diffserver.py says.
func withSysVersion(newHandler func() basehttp.Handler, v string) func() basehttp.Handler {
	return func() basehttp.Handler {
		h := newHandler()
		h.(interface {
			settings() *basehttp.BaseHTTPRequestHandler
		}).settings().SysVersion = v
		return h
	}
}

// settings returns h's BaseHTTPRequestHandler, whatever the variant.
func (h *diffBase) settings() *basehttp.BaseHTTPRequestHandler { return &h.BaseHTTPRequestHandler }

// send sends c's bytes to addr as c says: half-closed after them, or held
// open until the server closes the connection.
func send(t testing.TB, addr string, c basehttp.RawCase) string {
	t.Helper()
	if c.Hold {
		return basehttptest.RoundTrip(t, addr, c.Raw)
	}
	return basehttptest.Exchange(t, addr, c.Raw)
}

// serverNames are the variants in the order diffserver.py prints their ports.
var serverNames = []string{"1.0", "1.1", "custom", "timeout"}

// syncBuffer is an io.Writer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// take returns what was written since the last take.
func (b *syncBuffer) take() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.b.String()
	b.b.Reset()
	return s
}

var (
	reDate    = regexp.MustCompile(`(?m)^Date: [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT\r$`)
	reLogDate = regexp.MustCompile(`(?m)^(127\.0\.0\.1 - - )\[\d\d/[A-Z][a-z]{2}/\d{4} \d\d:\d\d:\d\d\]`)
	rePort    = regexp.MustCompile(`\('127\.0\.0\.1', \d+\)`)
)

func normalize(s string) string {
	s = reDate.ReplaceAllString(s, "Date: DATE\r")
	s = reLogDate.ReplaceAllString(s, "${1}[DATE]")
	return rePort.ReplaceAllString(s, "('127.0.0.1', CLIENT_PORT)")
}

// startPython starts testdata/diffserver.py, CPython's http.server serving
// the handlers of diffBase and diffHandler, until the test ends, its log
// going to stderr. It returns the address of each variant, by its name in
// servers, and CPython's SysVersion.
func startPython(t *testing.T, stderr io.Writer) (addrs map[string]string, sysVersion string) {
	t.Helper()
	python := cpython.Require(t, "http.server")
	cmd := exec.Command(python, "-u", "testdata/diffserver.py")
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // diffserver.py ends at the end of its input
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("diffserver.py: %v", err)
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	words := strings.Fields(line)
	if err != nil || len(words) != len(serverNames)+1 {
		t.Fatalf("diffserver.py said %q: %v", line, err)
	}
	addrs = map[string]string{}
	for i, name := range serverNames {
		addrs[name] = "127.0.0.1:" + words[i]
	}
	return addrs, words[len(serverNames)]
}

// TestDifferential sends every request of the corpus to CPython's http.server
// and to this package, both running the same handler, and wants the same
// bytes back and the same log lines, dates and client ports aside.
func TestDifferential(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "python.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	pyAddr, sysVersion := startPython(t, logFile)
	goAddr := map[string]string{}
	var goLog syncBuffer
	for _, name := range serverNames {
		srv := startSerial(t, &goLog, withSysVersion(servers[name], sysVersion))
		goAddr[name] = srv.Addr().String()
	}

	var pyLogOffset int64
	equal := 0
	for _, c := range basehttp.Corpus {
		want := normalize(send(t, pyAddr[c.Proto], c))
		got := normalize(send(t, goAddr[c.Proto], c))
		logBytes, err := os.ReadFile(logPath)
		if err != nil {
			t.Fatal(err)
		}
		wantLog := normalize(string(logBytes[pyLogOffset:]))
		pyLogOffset = int64(len(logBytes))
		gotLog := normalize(goLog.take())
		if got != want {
			t.Errorf("%s: response\n got: %q\nwant: %q", c.Name, trim(got), trim(want))
		} else if gotLog != wantLog {
			t.Errorf("%s: log\n got: %q\nwant: %q", c.Name, trim(gotLog), trim(wantLog))
		} else {
			equal++
		}
	}
	t.Logf("%d of %d cases equal", equal, len(basehttp.Corpus))
}

func trim(s string) string {
	if len(s) > 3000 {
		return s[:1500] + " ... " + s[len(s)-1500:]
	}
	return s
}
