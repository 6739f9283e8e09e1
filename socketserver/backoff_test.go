package socketserver

import (
	"net"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// emfileListener is a TCP listener whose Accept fails with EMFILE, as when
// the process has run out of file descriptors, as many times as fail says,
// and then accepts; calls records when Accept was called and whether it
// failed.
type emfileListener struct {
	*net.TCPListener
	mu    sync.Mutex
	fail  int
	calls []acceptCall
}

type acceptCall struct {
	at     time.Time
	failed bool
}

func (l *emfileListener) Accept() (net.Conn, error) {
	l.mu.Lock()
	failing := l.fail > 0
	if failing {
		l.fail--
	}
	l.calls = append(l.calls, acceptCall{at: time.Now(), failed: failing})
	l.mu.Unlock()
	if failing {
		return nil, &net.OpError{Op: "accept", Net: "tcp", Addr: l.Addr(), Err: os.NewSyscallError("accept4", syscall.EMFILE)}
	}
	return l.TCPListener.Accept()
}

// failFor makes the next n calls of Accept fail.
func (l *emfileListener) failFor(n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fail = n
}

// lastFailures returns the last run of failed calls and the call after it.
func (l *emfileListener) lastFailures() []acceptCall {
	l.mu.Lock()
	defer l.mu.Unlock()
	end := len(l.calls) - 1
	for end > 0 && !l.calls[end-1].failed {
		end--
	}
	start := end - 1
	for start > 0 && l.calls[start-1].failed {
		start--
	}
	return l.calls[start : end+1]
}

// TestAcceptBackOff runs a server whose Accept fails with "too many open
// files": five times, then again three times. Each time the serve loop
// logs one line, waits at least 5 ms after the first failure and twice as
// long after each next one, and serves the next client once Accept works.
func TestAcceptBackOff(t *testing.T) {
	checkLeaks(t)
	tl, err := net.ListenTCP("tcp", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	l := &emfileListener{TCPListener: tl}
	var log strings.Builder
	s := &Server{Network: "tcp", NewHandler: newUpper, ErrorLog: lockedWriter{&sync.Mutex{}, &log}}
	s.listener = l
	s.addr = l.Addr()
	l.failFor(5)
	serve(t, s)
	for episode, fails := range []int{5, 3} {
		if episode > 0 {
			l.failFor(fails) // the loop waits in Accept or is about to
			if got := roundTrip(t, s, "before\n"); got != "BEFORE\n" {
				t.Fatalf("episode %d: reply before the failures = %q", episode+1, got)
			}
		}
		if got := roundTrip(t, s, "after\n"); got != "AFTER\n" {
			t.Fatalf("episode %d: reply after the failures = %q", episode+1, got)
		}
		calls := l.lastFailures()
		if len(calls) != fails+1 {
			t.Fatalf("episode %d: %d failures in a row, want %d", episode+1, len(calls)-1, fails)
		}
		for i := 0; i < fails; i++ {
			want := 5 * time.Millisecond << i
			if gap := calls[i+1].at.Sub(calls[i].at); gap < want {
				t.Errorf("episode %d: Accept called again %v after failure %d, want at least %v", episode+1, gap, i+1, want)
			}
		}
		if n := strings.Count(log.String(), "\n"); n != episode+1 {
			t.Errorf("after episode %d, %d lines logged, want one per episode:\n%s", episode+1, n, log.String())
		}
	}
	if !strings.Contains(log.String(), "socketserver: accept tcp 127.0.0.1:") ||
		!strings.Contains(log.String(), ": too many open files; retrying after 5ms, then up to 1s apart") {
		t.Errorf("log:\n%s", log.String())
	}
}
