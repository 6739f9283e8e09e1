//go:build grade

package errorlog

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
)

func TestReturnedError(t *testing.T) {
	addr, log := start(t)
	client, got := exchange(t, addr, "fail\n")
	if got != "" {
		t.Errorf("sent \"fail\\n\" and got %q, want nothing", got)
	}
	if want := client + " failed: cannot handle fail\n"; log.String() != want {
		t.Fatalf("the handler returned the error \"cannot handle fail\" to a client at %s; the log reads\n%s\nwant the one line\n%q",
			client, indent(log.String()), want)
	}
}

func TestPanic(t *testing.T) {
	addr, log := start(t)
	client, _ := exchange(t, addr, "panic\n")
	if want := client + " panicked: handler gave up\n"; log.String() != want {
		t.Fatalf("the handler panicked with \"handler gave up\" for a client at %s; the log reads\n%s\nwant the one line\n%q\n"+
			"(a panic reaches HandleError as a *socketserver.PanicError: find it with errors.As and print its Value)",
			client, indent(log.String()), want)
	}
}

func TestSuccessLogsNothing(t *testing.T) {
	addr, log := start(t)
	if _, got := exchange(t, addr, "spam\n"); got != "SPAM\n" {
		t.Errorf("sent \"spam\\n\" and got %q, want \"SPAM\\n\"", got)
	}
	if log.String() != "" {
		t.Fatalf("a request that succeeded left this in the log:\n%s\nwant nothing", indent(log.String()))
	}
}

func TestOneLinePerFailure(t *testing.T) {
	addr, log := start(t)
	var want strings.Builder
	for _, cmd := range []string{"fail", "spam", "panic", "fail"} {
		client, _ := exchange(t, addr, cmd+"\n")
		switch cmd {
		case "fail":
			want.WriteString(client + " failed: cannot handle fail\n")
		case "panic":
			want.WriteString(client + " panicked: handler gave up\n")
		}
	}
	if log.String() != want.String() {
		t.Fatalf("after fail, spam, panic and fail from four connections the log reads\n%s\nwant\n%s", indent(log.String()), indent(want.String()))
	}
}

// guard bounds how long a client waits for an answer, so that a server that
// never answers fails the test instead of hanging it. It is no speed limit.
const guard = 10 * time.Second

// start serves NewServer until the test ends and returns its address and log.
func start(t *testing.T) (string, *syncBuffer) {
	t.Helper()
	log := new(syncBuffer)
	srv, err := NewServer("127.0.0.1:0", log)
	if err != nil {
		t.Fatal(err)
	}
	addr := basehttptest.Start(t, srv)
	return addr, log
}

// exchange sends line on a new connection and reads until the server closes
// it. The server reports a failure before it closes the connection, so the
// log is complete when exchange returns. It returns the client's address, as
// the server sees it, and what the server sent.
func exchange(t *testing.T, addr, line string) (client, got string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(guard))
	if _, err := io.WriteString(conn, line); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(conn)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("sent %q and waited %v: the server did not close the connection", line, guard)
	}
	return conn.LocalAddr().String(), string(b)
}

// indent shows a log's text, or says it is empty.
func indent(s string) string {
	if s == "" {
		return "  (nothing)"
	}
	return "  " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n  ")
}

// A syncBuffer is a bytes.Buffer the server's goroutine writes and the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
