package chapters

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// TestExamplesHeaderTimeout holds a connection to each example meant for
// more than one client, with half a request sent: the example's
// HeaderTimeout ends it, and logs it as Python logs a timeout, where
// without one the connection would stay open as long as the client likes.
func TestExamplesHeaderTimeout(t *testing.T) {
	for _, pkg := range []string{"basehttp/threading", "basehttp/forking", "basehttp/keepalive"} {
		pkg := pkg
		t.Run(pkg, func(t *testing.T) {
			t.Parallel()
			e := startExample(t, pkg)
			c, err := net.Dial("tcp", "localhost:"+e.port)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if _, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n"); err != nil {
				t.Fatal(err)
			}
			c.SetReadDeadline(time.Now().Add(clientTimeout)) // a bound, well above the example's
			if out, err := io.ReadAll(c); err != nil || len(out) > 0 {
				t.Fatalf("read %q, %v; want the server to close the connection", out, err)
			}
			log := strings.Join(e.interrupt(t), "\n")
			if !strings.Contains(log, "Request timed out: TimeoutError('timed out')") {
				t.Errorf("log %q", log)
			}
		})
	}
}
