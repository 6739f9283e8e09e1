package basehttp_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
	"github.com/basehttpserver/basehttpserver/socketserver"
)

// childEnv names, in the environment of a forking test's children, the
// server they build; without it they build newForkingServer's.
const childEnv = "BASEHTTP_TEST_CHILD"

// runHelperProcess runs, in a process that the tests started, what that
// process is for, and exits: a signal test's server, or a forked child
// that builds the server its parent built and serves its one request. In
// the process running the tests it returns.
func runHelperProcess() {
	if kind := os.Getenv(signalServerEnv); kind != "" {
		runSignalServer(kind)
	}
	if !socketserver.IsForkedChild() {
		return
	}
	newServer := newForkingServer
	if os.Getenv(childEnv) == "settings" {
		newServer = newSettingsServer
	}
	srv, err := newServer()
	if err == nil {
		err = srv.ServeForever(0) // serves the request and exits
	}
	fmt.Fprintln(os.Stderr, "forked child:", err)
	os.Exit(3)
}

// settingsClock is the time of the server of TestForkedChildSettings.
var settingsClock = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

// newSettingsServer builds the forking server of TestForkedChildSettings
// as a program would: the constructor, then every exported setting of the
// HTTP server and of its socketserver.Server changed.
func newSettingsServer() (*basehttp.HTTPServer, error) {
	srv, err := basehttp.NewForkingHTTPServer("127.0.0.1:0", func() basehttp.Handler { return new(pidHandler) })
	if err != nil {
		return nil, err
	}
	srv.ServerName = "name-set-after-construction"
	srv.ServerPort++
	srv.Clock = func() time.Time { return settingsClock }
	srv.ErrorLog = io.Discard
	newHandler, err := basehttp.NewHandlerFunc(srv, func() basehttp.Handler { return new(settingsHandler) })
	if err != nil {
		return nil, err
	}
	srv.NewHandler = newHandler
	srv.AllowReusePort = true
	srv.RequestQueueSize = 7
	srv.MaxPacketSize = 1234
	srv.Timeout = 42 * time.Second
	srv.InterruptTimeout = 43 * time.Second
	srv.MixIn.(*socketserver.ForkingMixIn).MaxChildren = 3
	srv.VerifyRequest = func(*socketserver.Request) bool { return true }
	srv.HandleError = func(*socketserver.Request, error) {}
	srv.HandleTimeout = func() {}
	srv.ServiceActions = func() {}
	return srv, nil
}

// describeSettings lists srv's settings as the handlers see them.
func describeSettings(srv *basehttp.HTTPServer) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ServerName=%s ServerPort=%d Addr=%s\n", srv.ServerName, srv.ServerPort, srv.Addr())
	fmt.Fprintf(&b, "ErrorLog is io.Discard: %t\n", srv.ErrorLog == io.Discard)
	fmt.Fprintf(&b, "AllowReuseAddress=%t AllowReusePort=%t\n", srv.AllowReuseAddress, srv.AllowReusePort)
	fmt.Fprintf(&b, "RequestQueueSize=%d MaxPacketSize=%d\n", srv.RequestQueueSize, srv.MaxPacketSize)
	fmt.Fprintf(&b, "Timeout=%v InterruptTimeout=%v\n", srv.Timeout, srv.InterruptTimeout)
	fmt.Fprintf(&b, "MaxChildren=%d\n", srv.MixIn.(*socketserver.ForkingMixIn).MaxChildren)
	fmt.Fprintf(&b, "hooks set: %t %t %t %t\n", srv.VerifyRequest != nil, srv.HandleError != nil,
		srv.HandleTimeout != nil, srv.ServiceActions != nil)
	return b.String()
}

// settingsHandler answers GET with its process id and its server's
// settings.
type settingsHandler struct {
	basehttp.BaseHTTPRequestHandler
}

func (h *settingsHandler) DoGET() error {
	h.SendResponse(200)
	h.EndHeaders()
	_, err := fmt.Fprintf(h.Wfile, "%d\n%s", os.Getpid(), describeSettings(h.HTTPServer))
	return err
}

func (h *settingsHandler) LogMessage(string, ...any) {}

// TestForkedChildSettings changes every exported setting of a forking HTTP
// server after its constructor, and checks that the forked child answers
// with the new handler, sees each setting, and dates its reply by the
// Clock.
func TestForkedChildSettings(t *testing.T) {
	t.Setenv(childEnv, "settings")
	srv, err := newSettingsServer()
	if errors.Is(err, socketserver.ErrForkUnsupported) {
		t.Skip(err)
	} else if err != nil {
		t.Fatal(err)
	}
	addr := basehttptest.Start(t, srv.Server) // Close, at the end, waits for the child
	out := basehttptest.RoundTrip(t, addr, "GET / HTTP/1.0\r\n\r\n")
	head, body, _ := strings.Cut(out, "\r\n\r\n")
	pid, settings, _ := strings.Cut(body, "\n")
	if pid == "" || pid == fmt.Sprint(os.Getpid()) {
		t.Errorf("answered by process %q, want a child; reply:\n%s", pid, out)
	}
	if want := describeSettings(srv); settings != want {
		t.Errorf("the child's settings:\n%s\nwant the parent's:\n%s", settings, want)
	}
	date := "\r\nDate: " + new(basehttp.BaseHTTPRequestHandler).DateTimeString(settingsClock) + "\r\n"
	if !strings.Contains(head+"\r\n", date) {
		t.Errorf("reply head lacks %q from the Clock:\n%s", date, head)
	}
}
