package basehttp_test

import (
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
	"github.com/basehttpserver/basehttpserver/socketserver"
)

// pidHandler answers GET with its process id and worker number, and logs nothing.
type pidHandler struct {
	basehttp.BaseHTTPRequestHandler
}

func (h *pidHandler) DoGET() error {
	h.SendResponse(200)
	h.EndHeaders()
	_, err := fmt.Fprintf(h.Wfile, "%d %d", os.Getpid(), h.Request.Worker)
	return err
}

func (h *pidHandler) LogMessage(string, ...any) {}

func newForkingServer() (*basehttp.HTTPServer, error) {
	return basehttp.NewForkingHTTPServer("127.0.0.1:0", func() basehttp.Handler { return new(pidHandler) })
}

func TestForkingHTTPServer(t *testing.T) {
	srv, err := newForkingServer()
	if err != nil {
		t.Fatal(err)
	}
	srv.ErrorLog = io.Discard
	addr := basehttptest.Start(t, srv.Server) // Close, at the end, waits for the children
	pids := map[string]bool{strconv.Itoa(os.Getpid()): true}
	for i := 1; i <= 2; i++ {
		out := basehttptest.RoundTrip(t, addr, "GET / HTTP/1.0\r\n\r\n")
		_, body, _ := strings.Cut(out, "\r\n\r\n")
		pid, worker, _ := strings.Cut(body, " ")
		if pids[pid] || worker != strconv.Itoa(i) {
			t.Errorf("request %d answered by pid %s, worker %s (pids before: %v)", i, pid, worker, pids)
		}
		pids[pid] = true
	}
}

func TestServerNameAndPort(t *testing.T) {
	srv := startSerial(t, io.Discard, func() basehttp.Handler { return new(plainHandler) })
	if _, port, _ := net.SplitHostPort(srv.Addr().String()); srv.ServerPort == 0 || strconv.Itoa(srv.ServerPort) != port {
		t.Errorf("ServerPort %d, bound to %s", srv.ServerPort, srv.Addr())
	}
	if srv.ServerName == "" {
		t.Error("no ServerName")
	}
	if !srv.AllowReuseAddress {
		t.Error("AllowReuseAddress is off; Python's HTTPServer sets it")
	}
}

func TestThreadingHTTPServer(t *testing.T) {
	srv := basehttptest.NewServer(t, func() basehttp.Handler { return new(pidHandler) })
	m, ok := srv.MixIn.(*socketserver.ThreadingMixIn)
	if !ok || !m.DaemonThreads {
		t.Fatalf("MixIn %#v, want a ThreadingMixIn with DaemonThreads", srv.MixIn)
	}
	for i := 1; i <= 3; i++ {
		out := basehttptest.RoundTrip(t, srv.Addr().String(), "GET / HTTP/1.0\r\n\r\n")
		if want := fmt.Sprintf("%d %d", os.Getpid(), i); !strings.HasSuffix(out, "\r\n\r\n"+want) {
			t.Errorf("request %d answered %q, want the body %q", i, out, want)
		}
	}
}

func TestNewHandlerFuncOnUnixSocket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "http.sock")
	newHandler, err := basehttp.NewHandlerFunc(nil, func() basehttp.Handler { return new(plainHandler) })
	if err != nil {
		t.Fatal(err)
	}
	srv, err := socketserver.NewUnixStreamServer(path, newHandler)
	if err != nil {
		t.Fatal(err)
	}
	srv.ErrorLog = io.Discard
	basehttptest.Start(t, srv)
	c, err := net.Dial("unix", path) // RoundTrip dials TCP
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(basehttptest.Guard))
	io.WriteString(c, "GET / HTTP/1.0\r\n\r\n")
	out, err := io.ReadAll(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(out), "HTTP/1.0 200 OK\r\n") || !strings.HasSuffix(string(out), "\r\n\r\nhi\n") {
		t.Errorf("answer %q", out)
	}
}

// startSerial starts a serial HTTP server, as NewHTTPServer builds it, with
// newHandler and logging into log, until the test ends.
func startSerial(t testing.TB, log io.Writer, newHandler func() basehttp.Handler) *basehttp.HTTPServer {
	t.Helper()
	srv, err := basehttp.NewHTTPServer("127.0.0.1:0", newHandler)
	if err != nil {
		t.Fatal(err)
	}
	srv.ErrorLog = log
	basehttptest.Start(t, srv.Server)
	return srv
}
