//go:build grade

package allowlist

import (
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
)

func TestAllowedClientIsServed(t *testing.T) {
	addr := start(t, "127.0.0.1:0", []string{"192.0.2.1", "127.0.0.1"})
	got, err := exchange(t, addr, "hello\n")
	if err != nil || got != "HELLO\n" {
		t.Fatalf("allowed = [192.0.2.1 127.0.0.1], a client from 127.0.0.1 sent \"hello\\n\"\n got %q (%v)\nwant \"HELLO\\n\": a client on the list is served", got, err)
	}
}

func TestOtherClientIsRefused(t *testing.T) {
	addr := start(t, "127.0.0.1:0", []string{"192.0.2.1"})
	got, err := exchange(t, addr, "hello\n")
	if got != "" {
		t.Fatalf("allowed = [192.0.2.1], a client from 127.0.0.1 sent \"hello\\n\" and got %q:\n"+
			"a client not on the list must get nothing; its connection is closed when VerifyRequest returns false", got)
	}
	if isTimeout(err) {
		t.Fatalf("allowed = [192.0.2.1], a client from 127.0.0.1 waited %v and the server neither answered nor closed the connection", guard)
	}
}

func TestEmptyListRefusesEveryone(t *testing.T) {
	addr := start(t, "127.0.0.1:0", nil)
	if got, _ := exchange(t, addr, "hello\n"); got != "" {
		t.Fatalf("allowed = [] (nobody), a client from 127.0.0.1 got %q, want nothing", got)
	}
}

func TestSameNetworkIsNotEnough(t *testing.T) {
	addr := start(t, "127.0.0.1:0", []string{"127.0.0.10", "127.0.0.100"})
	if got, _ := exchange(t, addr, "hello\n"); got != "" {
		t.Fatalf("allowed = [127.0.0.10 127.0.0.100], a client from 127.0.0.1 got %q, want nothing:\n"+
			"compare whole addresses, not prefixes of strings", got)
	}
}

func TestIPv6Client(t *testing.T) {
	if ln, err := net.Listen("tcp", "[::1]:0"); err != nil {
		t.Skip("no IPv6 loopback here:", err)
	} else {
		ln.Close()
	}
	addr := start(t, "[::1]:0", []string{"::1"})
	got, err := exchange(t, addr, "ipv6\n")
	if err != nil || got != "IPV6\n" {
		t.Fatalf("allowed = [::1], a client from ::1 sent \"ipv6\\n\"\n got %q (%v)\nwant \"IPV6\\n\": take the IP from the address, not the text before the first ':'", got, err)
	}
}

// guard bounds how long a client waits for an answer, so that a server that
// never answers fails the test instead of hanging it. It is no speed limit.
const guard = 10 * time.Second

// start serves NewServer(addr, allowed) until the test ends and returns its address.
func start(t *testing.T, addr string, allowed []string) string {
	t.Helper()
	srv, err := NewServer(addr, allowed)
	if err != nil {
		t.Fatal(err)
	}
	return basehttptest.Start(t, srv)
}

// exchange sends line on a new connection and returns all the server sent
// back before it closed the connection, and why reading stopped (nil at EOF).
func exchange(t *testing.T, addr, line string) (string, error) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(guard))
	if _, err := io.WriteString(conn, line); err != nil {
		return "", err // the server may already have closed a refused connection
	}
	got, err := io.ReadAll(conn)
	return string(got), err
}

func isTimeout(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }
