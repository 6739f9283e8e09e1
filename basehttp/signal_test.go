package basehttp_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/socketserver"
)

// The signal tests run an HTTP server in a process of its own, the test
// binary started again with signalServerEnv naming the constructor and
// signalWaitEnv the InterruptTimeout, and signal that process.
const (
	signalServerEnv = "BASEHTTP_SIGNAL_SERVER"
	signalWaitEnv   = "BASEHTTP_SIGNAL_WAIT"
)

var signalServers = map[string]func(string, func() basehttp.Handler) (*basehttp.HTTPServer, error){
	"sync":      basehttp.NewHTTPServer,
	"threading": basehttp.NewThreadingHTTPServer,
	"forking":   basehttp.NewForkingHTTPServer,
}

// runSignalServer is the signal tests' server process: it prints "serving"
// and its address, serves until interrupted, prints what
// ServeUntilInterrupt returned and exits. A forking server's children run
// it too, and serve their request in ServeUntilInterrupt.
func runSignalServer(kind string) {
	srv, err := signalServers[kind]("127.0.0.1:0", func() basehttp.Handler { return new(heldHandler) })
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	srv.InterruptTimeout, _ = time.ParseDuration(os.Getenv(signalWaitEnv))
	srv.ErrorLog = io.Discard
	if !socketserver.IsForkedChild() {
		fmt.Println("serving", srv.Addr())
	}
	err = srv.ServeUntilInterrupt(0)
	fmt.Println("ServeUntilInterrupt:", err)
	os.Exit(0)
}

// heldHandler answers GET with its header and then reads the connection
// until the client hangs up: a client that stays connected holds it.
type heldHandler struct {
	basehttp.BaseHTTPRequestHandler
}

func (h *heldHandler) DoGET() error {
	h.SendResponse(200)
	if err := h.EndHeaders(); err != nil {
		return err
	}
	if err := h.Wfile.Flush(); err != nil {
		return err
	}
	_, err := io.Copy(io.Discard, h.Rfile)
	return err
}

func (h *heldHandler) LogMessage(string, ...any) {}

// signalServer starts a server process of the kind, holds a request on it
// and returns the process, its output lines and the held connection.
func signalServer(t *testing.T, kind string, wait time.Duration) (*exec.Cmd, <-chan string, net.Conn) {
	t.Helper()
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("signals need a Unix system")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), signalServerEnv+"="+kind, signalWaitEnv+"="+wait.String())
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	addr, ok := strings.CutPrefix(nextLine(t, cmd, lines), "serving ")
	if !ok {
		cmd.Process.Kill()
		t.Fatal("the server process did not start serving")
	}
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(c, "GET / HTTP/1.0\r\n\r\n")
	c.SetReadDeadline(time.Now().Add(time.Minute)) // a hang fails the test
	head, err := bufio.NewReader(c).ReadString('\n')
	if !strings.HasPrefix(head, "HTTP/1.0 200 ") {
		t.Fatalf("held client read %q, %v", head, err)
	}
	return cmd, lines, c
}

// nextLine returns the next line the server process prints; so that a
// server that ignores a signal fails the test rather than hangs it, it
// gives up after a minute, far longer than any step takes.
func nextLine(t *testing.T, cmd *exec.Cmd, lines <-chan string) string {
	t.Helper()
	select {
	case line, ok := <-lines:
		if ok {
			return line
		}
	case <-time.After(time.Minute):
	}
	cmd.Process.Kill()
	t.Fatal("the server process ended or hung without saying what ServeUntilInterrupt returned")
	return ""
}

// endSignalServer hangs up the held client, which ends a forked child,
// reads the process's output to its end and waits for it.
func endSignalServer(t *testing.T, cmd *exec.Cmd, lines <-chan string, c net.Conn) {
	t.Helper()
	c.Close()
	for line := range lines {
		t.Errorf("the server process printed %q after ServeUntilInterrupt", line)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("server process: %v", err)
	}
}

// TestInterruptHeldRequest sends SIGINT while a client holds a request.
// The threading server, whose goroutines are daemons as in Python, exits at
// once; the others wait InterruptTimeout for the request and give up.
func TestInterruptHeldRequest(t *testing.T) {
	gaveUp := "ServeUntilInterrupt: " + socketserver.ErrInterrupted.Error() + " (for 50ms after the signal)"
	for kind, want := range map[string]string{
		"sync":      gaveUp,
		"threading": "ServeUntilInterrupt: <nil>",
		"forking":   gaveUp,
	} {
		t.Run(kind, func(t *testing.T) {
			cmd, lines, c := signalServer(t, kind, 50*time.Millisecond)
			cmd.Process.Signal(os.Interrupt)
			if got := nextLine(t, cmd, lines); got != want {
				t.Errorf("the server process said %q, want %q", got, want)
			}
			endSignalServer(t, cmd, lines, c)
		})
	}
}

// TestInterruptTwiceHeldRequest sends SIGINT and then SIGTERM while a
// client holds a request: the second signal ends the wait at once, though
// InterruptTimeout is an hour.
func TestInterruptTwiceHeldRequest(t *testing.T) {
	want := "ServeUntilInterrupt: " + socketserver.ErrInterrupted.Error() + " (a second signal)"
	for _, kind := range []string{"sync", "forking"} {
		t.Run(kind, func(t *testing.T) {
			cmd, lines, c := signalServer(t, kind, time.Hour)
			cmd.Process.Signal(os.Interrupt)
			cmd.Process.Signal(syscall.SIGTERM)
			if got := nextLine(t, cmd, lines); got != want {
				t.Errorf("the server process said %q, want %q", got, want)
			}
			endSignalServer(t, cmd, lines, c)
		})
	}
}
