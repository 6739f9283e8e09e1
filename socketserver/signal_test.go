package socketserver

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The signal tests run a server in a process of its own, the test binary
// started again with signalServerEnv naming the kind of server and
// signalWaitEnv its InterruptTimeout, and signal that process.
const (
	signalServerEnv = "SOCKETSERVER_SIGNAL_SERVER"
	signalWaitEnv   = "SOCKETSERVER_SIGNAL_WAIT"
)

// runSignalServer is the signal tests' server process: it prints "serving"
// and its address, serves until interrupted, prints what
// ServeUntilInterrupt returned and exits. A forking server's children run
// it too, and serve their request in ServeUntilInterrupt.
func runSignalServer(kind string) {
	var m MixIn
	switch kind {
	case "threading":
		m = &ThreadingMixIn{BlockOnClose: true}
	case "forking":
		m = &ForkingMixIn{BlockOnClose: true, MaxChildren: 1}
	case "spare": // a spare child waits beside those that serve
		m = &ForkingMixIn{BlockOnClose: true}
	}
	s := &Server{
		Network:    "tcp",
		Address:    "127.0.0.1:0",
		NewHandler: func() Handler { return new(heldHandler) },
		MixIn:      m,
		ErrorLog:   io.Discard, // the held clients hang up with requests unanswered
	}
	wait, err := time.ParseDuration(os.Getenv(signalWaitEnv))
	s.InterruptTimeout = wait
	if err == nil {
		err = s.Bind()
	}
	if err == nil {
		err = s.Activate()
	}
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	if !IsForkedChild() {
		fmt.Println("serving", s.Addr())
	}
	err = s.ServeUntilInterrupt(0)
	fmt.Println("ServeUntilInterrupt:", err)
	os.Exit(0)
}

// heldHandler says "ready", so that its client knows the request runs, and
// answers a line upper-cased: a client that sends nothing holds it.
type heldHandler struct{ StreamRequestHandler }

func (h *heldHandler) Handle() error {
	h.Wfile.WriteString("ready\n")
	if err := h.Wfile.Flush(); err != nil {
		return err
	}
	line, err := h.Rfile.ReadString('\n')
	if err != nil {
		return err
	}
	_, err = h.Wfile.WriteString(strings.ToUpper(line))
	return err
}

// A signalServer is a running server process of the signal tests.
type signalServer struct {
	t     *testing.T
	cmd   *exec.Cmd
	addr  string
	lines chan string // its standard output, closed at its end and its children's
}

// startSignalServer starts a server process of the kind and waits until it
// serves.
func startSignalServer(t *testing.T, kind string, wait time.Duration) *signalServer {
	t.Helper()
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
	ss := &signalServer{t: t, cmd: cmd, lines: make(chan string)}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			ss.lines <- sc.Text()
		}
		close(ss.lines)
	}()
	line := ss.line()
	addr, ok := strings.CutPrefix(line, "serving ")
	if !ok {
		cmd.Process.Kill()
		t.Fatalf("server process said %q, want its address", line)
	}
	ss.addr = addr
	return ss
}

// line returns the next line the server process prints. So that a server
// that ignores a signal fails the test rather than hangs it, it gives up
// after a minute, far longer than any step takes.
func (ss *signalServer) line() string {
	ss.t.Helper()
	select {
	case line, ok := <-ss.lines:
		if !ok {
			ss.t.Fatal("server process ended its output")
		}
		return line
	case <-time.After(time.Minute):
		ss.cmd.Process.Kill()
		ss.t.Fatal("server process still running a minute after the signal")
	}
	return ""
}

// hold connects a client and waits until its request runs.
func (ss *signalServer) hold() (net.Conn, *bufio.Reader) {
	ss.t.Helper()
	c, err := net.Dial("tcp", ss.addr)
	if err != nil {
		ss.t.Fatal(err)
	}
	r := bufio.NewReader(c)
	if got, err := r.ReadString('\n'); got != "ready\n" {
		ss.t.Fatalf("held client read %q, %v; want ready", got, err)
	}
	return c, r
}

// signal sends the server process sig.
func (ss *signalServer) signal(sig os.Signal) {
	ss.t.Helper()
	if err := ss.cmd.Process.Signal(sig); err != nil {
		ss.t.Fatal(err)
	}
}

// end closes the clients, which ends what a forked child still serves,
// reads the process's output to its end and waits for the process.
func (ss *signalServer) end(clients ...net.Conn) {
	ss.t.Helper()
	for _, c := range clients {
		c.Close()
	}
	for line := range ss.lines {
		ss.t.Errorf("server process printed %q after ServeUntilInterrupt", line)
	}
	if err := ss.cmd.Wait(); err != nil {
		ss.t.Errorf("server process: %v", err)
	}
}

var signalKinds = []string{"sync", "threading", "forking"}

func skipUnlessSignals(t *testing.T, kind string) {
	t.Helper()
	if kind == "forking" {
		skipUnlessFork(t)
	}
	if !forkSupported() { // no SIGTERM to send
		t.Skip("signals need a Unix system")
	}
}

// TestInterruptLetsRequestFinish sends SIGTERM while a client holds a
// request: the request goes on and is answered, and then
// ServeUntilInterrupt returns nil.
func TestInterruptLetsRequestFinish(t *testing.T) {
	for _, kind := range signalKinds {
		t.Run(kind, func(t *testing.T) {
			skipUnlessSignals(t, kind)
			ss := startSignalServer(t, kind, time.Hour)
			c, r := ss.hold()
			ss.signal(syscall.SIGTERM)
			io.WriteString(c, "bye\n")
			if got, err := r.ReadString('\n'); got != "BYE\n" {
				t.Errorf("held client read %q, %v after the signal; want BYE", got, err)
			}
			if got := ss.line(); got != "ServeUntilInterrupt: <nil>" {
				t.Errorf("server process said %q, want ServeUntilInterrupt: <nil>", got)
			}
			ss.end(c)
		})
	}
}

// TestInterruptTimeout sends SIGINT while a client holds a request and
// sends nothing (and, to the forking server, whose one child is busy,
// while a second client waits): ServeUntilInterrupt gives up after
// InterruptTimeout.
func TestInterruptTimeout(t *testing.T) {
	for _, kind := range signalKinds {
		t.Run(kind, func(t *testing.T) {
			skipUnlessSignals(t, kind)
			ss := startSignalServer(t, kind, 50*time.Millisecond)
			c, _ := ss.hold()
			waiting, err := net.Dial("tcp", ss.addr)
			if err != nil {
				t.Fatal(err)
			}
			ss.signal(os.Interrupt)
			want := "ServeUntilInterrupt: " + ErrInterrupted.Error() + " (for 50ms after the signal)"
			if got := ss.line(); got != want {
				t.Errorf("server process said %q, want %q", got, want)
			}
			ss.end(c, waiting)
		})
	}
}

// TestInterruptTwice sends SIGINT and then SIGTERM while a client holds a
// request: the second signal makes ServeUntilInterrupt return at once,
// though InterruptTimeout is an hour.
func TestInterruptTwice(t *testing.T) {
	for _, kind := range signalKinds {
		t.Run(kind, func(t *testing.T) {
			skipUnlessSignals(t, kind)
			ss := startSignalServer(t, kind, time.Hour)
			c, _ := ss.hold()
			ss.signal(os.Interrupt)
			ss.signal(syscall.SIGTERM)
			want := "ServeUntilInterrupt: " + ErrInterrupted.Error() + " (a second signal)"
			if got := ss.line(); got != want {
				t.Errorf("server process said %q, want %q", got, want)
			}
			ss.end(c)
		})
	}
}

// TestSpareEndsWithServer kills a forking server process with SIGKILL,
// which gives it no chance to stop its spare child, while two children
// serve: once their clients hang up, every process that held the server's
// standard output has ended, the spare too.
func TestSpareEndsWithServer(t *testing.T) {
	skipUnlessSignals(t, "forking")
	ss := startSignalServer(t, "spare", time.Hour)
	c1, _ := ss.hold()
	c2, _ := ss.hold() // served by the spare started after the first; the next spare follows
	ss.signal(syscall.SIGKILL)
	c1.Close()
	c2.Close()
	ended := make(chan bool)
	go func() {
		for line := range ss.lines {
			t.Errorf("server process printed %q", line)
		}
		close(ended)
	}()
	select {
	case <-ended:
	case <-time.After(time.Minute): // a bound on failure only
		t.Fatal("a child of the killed server still holds its output a minute later")
	}
	ss.cmd.Wait()
}
