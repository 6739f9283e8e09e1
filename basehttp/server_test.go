package basehttp

import (
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/basehttpserver/basehttpserver/socketserver"
)

func TestMain(m *testing.M) {
	runHelperProcess() // forkchild_test.go: in a forked child or a signal test's server, exits
	code := m.Run()
	if leaked := leakedGoroutines(); code == 0 && leaked != "" {
		fmt.Fprintf(os.Stderr, "goroutines left running:\n%s\n", leaked)
		code = 1
	}
	os.Exit(code)
}

// leakedGoroutines returns the stacks of goroutines running this package's
// code, after letting those that are ending end.
func leakedGoroutines() string {
	var leaked []string
	for i := 0; i < 10000; i++ {
		buf := make([]byte, 1<<20)
		leaked = leaked[:0]
		for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
			if strings.Contains(g, "/basehttp.") && !strings.Contains(g, "leakedGoroutines") {
				leaked = append(leaked, g)
			}
		}
		if len(leaked) == 0 {
			break
		}
		runtime.Gosched()
	}
	return strings.Join(leaked, "\n\n")
}

// pidHandler answers GET with its process id and worker number, and logs nothing.
type pidHandler struct{ BaseHTTPRequestHandler }

func (h *pidHandler) DoGET() error {
	h.SendResponse(200)
	h.EndHeaders()
	_, err := fmt.Fprintf(h.Wfile, "%d %d", os.Getpid(), h.Request.Worker)
	return err
}

func (h *pidHandler) LogMessage(string, ...any) {}

func newForkingServer() (*HTTPServer, error) {
	return NewForkingHTTPServer("127.0.0.1:0", func() Handler { return new(pidHandler) })
}

func TestForkingHTTPServer(t *testing.T) {
	srv, err := newForkingServer()
	if err != nil {
		t.Fatal(err)
	}
	srv.ErrorLog = io.Discard
	done := make(chan error, 1)
	go func() { done <- srv.ServeForever(0) }()
	pids := map[string]bool{strconv.Itoa(os.Getpid()): true}
	for i := 1; i <= 2; i++ {
		out := exchange(t, srv.Addr().String(), "GET / HTTP/1.0\r\n\r\n")
		_, body, _ := strings.Cut(out, "\r\n\r\n")
		pid, worker, _ := strings.Cut(body, " ")
		if pids[pid] || worker != strconv.Itoa(i) {
			t.Errorf("request %d answered by pid %s, worker %s (pids before: %v)", i, pid, worker, pids)
		}
		pids[pid] = true
	}
	srv.Shutdown()
	if err := <-done; err != nil {
		t.Error(err)
	}
	srv.Close() // waits for the children
}

func TestServerNameAndPort(t *testing.T) {
	srv := startGo(t, io.Discard, func() Handler { return new(plainHandler) })
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
	srv, err := NewThreadingHTTPServer("127.0.0.1:0", func() Handler { return new(pidHandler) })
	if err != nil {
		t.Fatal(err)
	}
	m, ok := srv.MixIn.(*socketserver.ThreadingMixIn)
	if !ok || !m.DaemonThreads {
		t.Fatalf("MixIn %#v, want a ThreadingMixIn with DaemonThreads", srv.MixIn)
	}
	done := make(chan error, 1)
	go func() { done <- srv.ServeForever(0) }()
	for i := 1; i <= 3; i++ {
		out := exchange(t, srv.Addr().String(), "GET / HTTP/1.0\r\n\r\n")
		if want := fmt.Sprintf("%d %d", os.Getpid(), i); !strings.HasSuffix(out, "\r\n\r\n"+want) {
			t.Errorf("request %d answered %q, want the body %q", i, out, want)
		}
	}
	srv.Shutdown()
	if err := <-done; err != nil {
		t.Error(err)
	}
	srv.Close()
}

func TestNewHandlerFuncOnUnixSocket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "http.sock")
	newHandler, err := NewHandlerFunc(nil, func() Handler { return new(plainHandler) })
	if err != nil {
		t.Fatal(err)
	}
	srv, err := socketserver.NewUnixStreamServer(path, newHandler)
	if err != nil {
		t.Fatal(err)
	}
	srv.ErrorLog = io.Discard
	done := make(chan error, 1)
	go func() { done <- srv.ServeForever(0) }()
	c, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(c, "GET / HTTP/1.0\r\n\r\n")
	out, _ := io.ReadAll(c)
	c.Close()
	srv.Shutdown()
	if err := <-done; err != nil {
		t.Error(err)
	}
	srv.Close()
	if !strings.HasPrefix(string(out), "HTTP/1.0 200 OK\r\n") || !strings.HasSuffix(string(out), "\r\n\r\nhi\n") {
		t.Errorf("answer %q", out)
	}
}
