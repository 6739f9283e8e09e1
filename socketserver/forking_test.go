package socketserver

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain cooperates with ForkingMixIn as every program using it must: in a
// child process, it builds the server the parent test built, which the test
// names in the environment (the child inherits it), binds it, which takes
// the request over, and serves, which serves the one request and exits. A
// process started to run a server for a signal test runs that instead.
func TestMain(m *testing.M) {
	if kind := os.Getenv(signalServerEnv); kind != "" {
		runSignalServer(kind)
	}
	if IsForkedChild() {
		name := os.Getenv("SOCKETSERVER_TEST_SERVER")
		if program := forkPrograms[name]; program != nil {
			program() // exits
		}
		s := forkServers[name]()
		err := s.Bind()
		if err == nil {
			err = s.ServeForever(0)
		}
		fmt.Fprintln(os.Stderr, "forked child: Bind or ServeForever returned", err)
		os.Exit(3)
	}
	// The goroutine that relays signals to channels lives from the first
	// signal.Notify, which a forking server's reaper may be, to the end of
	// the process: start it now, so that checkLeaks counts it in the
	// goroutines a test found running.
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGCHLD)
	signal.Stop(c)
	os.Exit(m.Run())
}

// forkServers build the servers of the forking tests, unbound.
var forkServers = map[string]func() *Server{
	"tcp": func() *Server {
		return &Server{Network: "tcp", NewHandler: func() Handler { return new(pidHandler) }, MixIn: &ForkingMixIn{}}
	},
	"udp": func() *Server {
		return &Server{Network: "udp", NewHandler: func() Handler { return new(datagramUpper) }, MixIn: &ForkingMixIn{}}
	},
	"gate": func() *Server {
		return &Server{Network: "tcp", NewHandler: func() Handler { return new(loggedGate) }, MixIn: &ForkingMixIn{}}
	},
	"upper": func() *Server {
		return &Server{Network: "tcp", NewHandler: newUpper, MixIn: &ForkingMixIn{}}
	},
	"panic": func() *Server {
		s := &Server{Network: "tcp", NewHandler: func() Handler { return new(panicOnBoom) }, MixIn: &ForkingMixIn{}}
		if IsForkedChild() { // the child exits after one request, closing the file
			if f, err := os.OpenFile(os.Getenv("SOCKETSERVER_TEST_LOG"), os.O_APPEND|os.O_WRONLY, 0); err == nil {
				s.ErrorLog = f
			}
		}
		return s
	},
}

// newForking binds and activates the forking server named in forkServers,
// after telling its future children which one it is.
func newForking(t *testing.T, name string, maxChildren int) *Server {
	t.Helper()
	skipUnlessFork(t)
	t.Setenv("SOCKETSERVER_TEST_SERVER", name)
	s := forkServers[name]()
	s.Address = "127.0.0.1:0"
	s.MixIn.(*ForkingMixIn).MaxChildren = maxChildren
	s.MixIn.(*ForkingMixIn).BlockOnClose = true
	if err := s.Bind(); err != nil {
		t.Fatal(err)
	}
	if err := s.Activate(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { checkNoChildren(t) })
	return s
}

func skipUnlessFork(t testing.TB) {
	if !forkSupported() {
		t.Skip(ErrForkUnsupported)
	}
}

// pidHandler answers a line upper-cased, with the process and worker that
// served it and the server address the child sees.
type pidHandler struct{ StreamRequestHandler }

func (h *pidHandler) Handle() error {
	line, err := h.Rfile.ReadString('\n')
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(h.Wfile, "%s %d %d %s\n", strings.ToUpper(strings.TrimSpace(line)), os.Getpid(), h.Request.Worker, h.Server.Addr())
	return err
}

// checkNoChildren fails if the test process has child processes left,
// zombies included.
func checkNoChildren(t *testing.T) {
	t.Helper()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, st := range stats {
		b, err := os.ReadFile(st)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so cut at the last ')'.
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(f) > 1 && f[1] == strconv.Itoa(os.Getpid()) {
			t.Errorf("child process left behind: %s", b)
		}
	}
}

func TestForkingTCP(t *testing.T) {
	checkLeaks(t)
	s := newForking(t, "tcp", 0)
	serve(t, s)
	pids := map[string]bool{}
	for i := 1; i <= 3; i++ {
		f := strings.Fields(roundTrip(t, s, "hello\n"))
		if len(f) != 4 || f[0] != "HELLO" || f[2] != strconv.Itoa(i) || f[3] != s.Addr().String() {
			t.Fatalf("reply %q, want HELLO, a pid, worker %d, address %s", f, i, s.Addr())
		}
		pids[f[1]] = true
	}
	if len(pids) != 3 || pids[strconv.Itoa(os.Getpid())] {
		t.Errorf("pids %v: want three children, none the server", pids)
	}
}

func TestForkingUDP(t *testing.T) {
	skipUnlessFork(t)
	checkLeaks(t)
	t.Setenv("SOCKETSERVER_TEST_SERVER", "udp")
	s, err := NewForkingUDPServer("127.0.0.1:0", newDatagramUpper)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { checkNoChildren(t) })
	serve(t, s)
	client, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	// The first datagram's child is started for it, the second's ahead.
	for _, msg := range []string{"forked", "spare"} {
		if got := datagramTrip(t, client, s.Addr(), msg); got != strings.ToUpper(msg) {
			t.Errorf("reply to %q = %q", msg, got)
		}
	}
}

// loggedGate greets, waits for a line, and answers it; it appends "start N"
// and "end N" to the file $SOCKETSERVER_TEST_LOG as it starts and ends.
type loggedGate struct{ StreamRequestHandler }

func (h *loggedGate) logStep(step string) {
	f, err := os.OpenFile(os.Getenv("SOCKETSERVER_TEST_LOG"), os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		fmt.Fprintf(f, "%s %d\n", step, h.Request.Worker)
		f.Close()
	}
}

func (h *loggedGate) Handle() error {
	h.logStep("start")
	defer h.logStep("end")
	fmt.Fprintf(h.Wfile, "ready %d\n", h.Request.Worker)
	h.Wfile.Flush()
	line, err := h.Rfile.ReadString('\n')
	if err != nil {
		return err
	}
	_, err = h.Wfile.WriteString(strings.ToUpper(line))
	return err
}

func TestForkingMaxChildren(t *testing.T) {
	checkLeaks(t)
	logFile := filepath.Join(t.TempDir(), "log")
	if err := os.WriteFile(logFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOCKETSERVER_TEST_LOG", logFile)
	s := newForking(t, "gate", 2)
	serve(t, s)
	fm := s.MixIn.(*ForkingMixIn)

	// Two clients occupy the two children the server may run.
	var conns []net.Conn
	var readers []*bufio.Reader
	for i := 0; i < 3; i++ {
		c := dial(t, s)
		defer c.Close()
		conns, readers = append(conns, c), append(readers, bufio.NewReader(c))
	}
	for i := 0; i < 2; i++ {
		if got, _ := readers[i].ReadString('\n'); got != fmt.Sprintf("ready %d\n", i+1) {
			t.Fatalf("client %d greeted %q", i+1, got)
		}
	}
	if n := fm.ActiveChildren(); n != 2 {
		t.Errorf("ActiveChildren() = %d, want 2", n)
	}
	fm.mu.Lock()
	if fm.spare != nil { // a spare counts as one of the MaxChildren
		t.Errorf("a spare child waits beside the 2 that serve, MaxChildren 2")
	}
	fm.mu.Unlock()
	// The third client is connected and has sent its line, but waits: no
	// child serves it until one of the first two has exited.
	fmt.Fprintln(conns[2], "three")
	fmt.Fprintln(conns[0], "one")
	if got, _ := readers[0].ReadString('\n'); got != "ONE\n" {
		t.Errorf("client 1 got %q", got)
	}
	if got, _ := readers[2].ReadString('\n'); got != "ready 3\n" {
		t.Errorf("client 3 greeted %q", got)
	}
	if got, _ := readers[2].ReadString('\n'); got != "THREE\n" {
		t.Errorf("client 3 got %q", got)
	}
	fmt.Fprintln(conns[1], "two")
	readers[1].ReadString('\n')
	s.Shutdown()
	s.Close() // waits for the children (BlockOnClose)
	if n := fm.ActiveChildren(); n != 0 {
		t.Errorf("ActiveChildren() after Close = %d", n)
	}
	b, _ := os.ReadFile(logFile)
	log := string(b)
	if i, j := strings.Index(log, "end 1\n"), strings.Index(log, "start 3\n"); i < 0 || j < i {
		t.Errorf("child 3 started before child 1 ended:\n%s", log)
	}
}

func TestForkingPanicReported(t *testing.T) {
	checkLeaks(t)
	logFile := filepath.Join(t.TempDir(), "log")
	if err := os.WriteFile(logFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOCKETSERVER_TEST_LOG", logFile)
	s := newForking(t, "panic", 0)
	serve(t, s)
	// The child reports the panic through its HandleError (here to the
	// log file), closes the connection and exits; the server serves on.
	if got := roundTrip(t, s, "boom\n"); got != "" {
		t.Errorf("reply to boom = %q", got)
	}
	if got := roundTrip(t, s, "fine\n"); got != "FINE\n" {
		t.Errorf("reply after the panic = %q", got)
	}
	s.Shutdown()
	s.Close() // the children have exited: the log is complete
	b, _ := os.ReadFile(logFile)
	if !strings.Contains(string(b), "Exception occurred during processing of request from ('127.0.0.1', ") ||
		!strings.Contains(string(b), "panic: boom\n") || strings.Count(string(b), "Exception") != 1 {
		t.Errorf("the child's error log:\n%s", b)
	}
}

// TestForkingSpare handles requests one by one with HandleRequest, after
// which the server has started its spare child: the next request goes to
// that very process, and a new spare starts. A spare whose parent's end
// of the link closes, as when the parent exits, exits by itself; Close
// stops the last one, and reaps it.
func TestForkingSpare(t *testing.T) {
	checkLeaks(t)
	s := newForking(t, "tcp", 0)
	fm := s.MixIn.(*ForkingMixIn)
	ask := func(msg string) string { // the pid that served msg
		t.Helper()
		c := dial(t, s)
		defer c.Close()
		io.WriteString(c, msg)
		if err := s.HandleRequest(); err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(c)
		f := strings.Fields(string(b))
		if len(f) != 4 || f[0] != strings.ToUpper(strings.TrimSpace(msg)) {
			t.Fatalf("reply %q", b)
		}
		return f[1]
	}
	spare := func() string {
		fm.mu.Lock()
		defer fm.mu.Unlock()
		if fm.spare == nil {
			return ""
		}
		return strconv.Itoa(fm.spare.cmd.Process.Pid)
	}

	first := ask("one\n")
	waiting := spare()
	if waiting == "" || waiting == first {
		t.Fatalf("after the first request (pid %s), the spare is %q", first, waiting)
	}
	if got := ask("two\n"); got != waiting {
		t.Errorf("the second request was served by %s, not by the spare %s", got, waiting)
	}
	waiting = spare()
	if waiting == "" {
		t.Fatal("no spare after the second request")
	}

	// Closing the parent's end of the link, as the parent's exit does.
	stopped := make(chan bool)
	go func() {
		fm.mu.Lock()
		fm.spare.link.Close()
		for fm.spare != nil {
			fm.exited.Wait()
		}
		fm.mu.Unlock()
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(time.Minute): // a bound on failure only
		t.Fatalf("the spare %s still runs a minute after its link closed", waiting)
	}
	cold := ask("three\n") // no spare: a child started for it
	waiting = spare()
	if cold == "" || waiting == "" {
		t.Fatalf("the third request served by %q, then the spare is %q", cold, waiting)
	}
	s.Close()
	if pid, _ := strconv.Atoi(waiting); syscall.Kill(pid, 0) != syscall.ESRCH {
		t.Errorf("the spare %d outlived Close", pid)
	}
	checkNoChildren(t)
}
