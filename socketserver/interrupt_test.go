package socketserver

import (
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
)

// TestServeUntilInterrupt sends the test process SIGTERM while a server
// serves. The test catches SIGTERM too, so the signal cannot end the
// process even if the server failed to catch it.
func TestServeUntilInterrupt(t *testing.T) {
	caught := make(chan os.Signal, 1)
	signal.Notify(caught, syscall.SIGTERM)
	defer signal.Stop(caught)
	checkLeaks(t) // after os/signal has started its goroutine for good
	path := filepath.Join(t.TempDir(), "echo.sock")
	s, err := NewUnixStreamServer(path, newUpper)
	if err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.ServeUntilInterrupt(0) }()
	// A request served shows the loop runs, so the signals are caught.
	if got := roundTrip(t, s, "up\n"); got != "UP\n" {
		t.Errorf("reply = %q", got)
	}
	self, _ := os.FindProcess(os.Getpid())
	defer self.Release() // a pidfd on Linux
	if err := self.Signal(syscall.SIGTERM); err != nil {
		s.Shutdown()
		<-done
		t.Skipf("cannot signal the test process: %v", err)
	}
	<-caught // delivered, so none is pending when the test stops catching it
	if err := <-done; err != nil {
		t.Errorf("ServeUntilInterrupt = %v, want nil", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("socket file after ServeUntilInterrupt: %v; want it removed by Close", err)
	}
}
