package basehttp_test

import (
	"fmt"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
	"github.com/basehttpserver/basehttpserver/socketserver"
)

// TestConstructorsQueueSize checks the backlog each constructor asks for:
// Python's 5 for basehttp.HTTPServer and the forking server, the system's largest
// for the threading server, meant for many clients at once.
func TestConstructorsQueueSize(t *testing.T) {
	newHandler := func() basehttp.Handler { return new(pidHandler) }
	for _, tc := range []struct {
		name string
		new  func(string, func() basehttp.Handler) (*basehttp.HTTPServer, error)
		want int
	}{
		{"basehttp.NewHTTPServer", basehttp.NewHTTPServer, 0},
		{"basehttp.NewThreadingHTTPServer", basehttp.NewThreadingHTTPServer, socketserver.SystemQueueSize},
		{"basehttp.NewForkingHTTPServer", basehttp.NewForkingHTTPServer, 0},
	} {
		srv, err := tc.new("127.0.0.1:0", newHandler)
		if err != nil {
			t.Fatal(err)
		}
		if srv.RequestQueueSize != tc.want {
			t.Errorf("%s: RequestQueueSize %d, want %d", tc.name, srv.RequestQueueSize, tc.want)
		}
		srv.Close()
	}
}

// TestUnstartedHTTPServer sets RequestQueueSize between
// basehttp.NewUnstartedHTTPServer and Start, and serves: the server is bound only
// by Start, which records ServerPort, and answers as a constructor's does.
func TestUnstartedHTTPServer(t *testing.T) {
	srv, err := basehttp.NewUnstartedHTTPServer("127.0.0.1:0", func() basehttp.Handler { return new(pidHandler) }, &socketserver.ThreadingMixIn{})
	if err != nil {
		t.Fatal(err)
	}
	if srv.Addr() != nil || srv.ServerPort != 0 {
		t.Fatalf("bound before Start: %v, port %d", srv.Addr(), srv.ServerPort)
	}
	srv.RequestQueueSize = 9
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	if _, port, _ := net.SplitHostPort(srv.Addr().String()); fmt.Sprint(srv.ServerPort) != port {
		t.Errorf("ServerPort %d, bound to %s", srv.ServerPort, srv.Addr())
	}
	done := make(chan error, 1)
	go func() { done <- srv.ServeForever(0) }()
	out := basehttptest.Exchange(t, srv.Addr().String(), "GET / HTTP/1.0\r\n\r\n")
	if want := fmt.Sprintf("\r\n\r\n%d 1", os.Getpid()); !strings.HasSuffix(out, want) {
		t.Errorf("answered %q, want the body %q", out, want)
	}
	srv.Shutdown()
	if err := <-done; err != nil {
		t.Error(err)
	}
	srv.Close()

	// Start on an address in use fails, and leaves nothing open.
	busy, err := basehttp.NewUnstartedHTTPServer(srv.Addr().String(), func() basehttp.Handler { return new(pidHandler) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", srv.Addr().String())
	if err != nil {
		t.Skip(err) // the port went to another program
	}
	defer l.Close()
	if err := busy.Start(); err == nil {
		busy.Close()
		t.Error("Start on an address in use succeeded")
	}
}
