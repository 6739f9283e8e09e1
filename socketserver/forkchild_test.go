package socketserver

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// forkPrograms are whole programs that a forked child of a test runs
// instead of the forkServers recipe: they build, configure and serve their
// server as a program's main does.
var forkPrograms = map[string]func(){
	"settings": func() {
		s, err := settingsServer(os.Getenv("SOCKETSERVER_TEST_LOG"))
		if err == nil {
			err = s.ServeForever(0) // serves the request and exits
		}
		fmt.Fprintln(os.Stderr, "settings child:", err)
		os.Exit(3)
	},
}

// settingsServer builds the server of TestForkedChildSettings as a program
// would: the constructor, then every exported setting changed. Each hook
// notes its call, with the process id, in the file at logPath, which is
// also the ErrorLog.
func settingsServer(logPath string) (*Server, error) {
	s, err := NewForkingTCPServer("127.0.0.1:0", newUpper)
	if err != nil {
		return nil, err
	}
	log, err := os.OpenFile(logPath, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		s.Close()
		return nil, err
	}
	note := func(what string) {
		fmt.Fprintf(log, "%s in %d\n", what, os.Getpid())
	}
	s.NewHandler = func() Handler { return new(settingsHandler) }
	s.AllowReuseAddress = true
	s.AllowReusePort = true
	s.RequestQueueSize = 7
	s.MaxPacketSize = 1234
	s.Timeout = 42 * time.Second
	s.InterruptTimeout = 43 * time.Second
	s.MixIn.(*ForkingMixIn).MaxChildren = 3
	s.VerifyRequest = func(*Request) bool {
		note("VerifyRequest")
		return true
	}
	s.HandleError = func(req *Request, err error) {
		note("HandleError: " + err.Error())
		PrintError(req.Server.ErrorLog, req, err)
	}
	s.HandleTimeout = func() { note("HandleTimeout") }
	s.ServiceActions = func() { note("ServiceActions") }
	s.ErrorLog = log
	return s, nil
}

// describeSettings lists the values of s's settings that can be printed.
func describeSettings(s *Server) string {
	m := s.MixIn.(*ForkingMixIn)
	var b strings.Builder
	fmt.Fprintf(&b, "Network=%s Address=%s Addr=%s\n", s.Network, s.Address, s.Addr())
	fmt.Fprintf(&b, "AllowReuseAddress=%t AllowReusePort=%t\n", s.AllowReuseAddress, s.AllowReusePort)
	fmt.Fprintf(&b, "RequestQueueSize=%d MaxPacketSize=%d\n", s.RequestQueueSize, s.MaxPacketSize)
	fmt.Fprintf(&b, "Timeout=%v InterruptTimeout=%v\n", s.Timeout, s.InterruptTimeout)
	fmt.Fprintf(&b, "MaxChildren=%d BlockOnClose=%t\n", m.MaxChildren, m.BlockOnClose)
	if f, ok := s.ErrorLog.(*os.File); ok {
		fmt.Fprintf(&b, "ErrorLog=%s\n", f.Name())
	}
	return b.String()
}

// settingsHandler, in the forked child, calls the hooks its server has,
// answers with its process id and the server's settings, and fails, so
// that HandleError reports the failure.
type settingsHandler struct{ StreamRequestHandler }

func (h *settingsHandler) Handle() error {
	h.Server.VerifyRequest(h.Request)
	h.Server.HandleTimeout()
	h.Server.ServiceActions()
	fmt.Fprintf(h.Wfile, "%d\n%s", os.Getpid(), describeSettings(h.Server))
	return errors.New("settings sent")
}

// TestForkedChildSettings changes every exported setting of a forking
// server after its constructor, and checks that the forked child serves
// with the new handler and sees each setting: the printable ones in its
// reply, the hooks and ErrorLog by calling them.
func TestForkedChildSettings(t *testing.T) {
	skipUnlessFork(t)
	checkLeaks(t)
	logPath := filepath.Join(t.TempDir(), "log")
	if err := os.WriteFile(logPath, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOCKETSERVER_TEST_LOG", logPath)
	t.Setenv("SOCKETSERVER_TEST_SERVER", "settings")
	s, err := settingsServer(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer s.ErrorLog.(*os.File).Close()
	t.Cleanup(func() { checkNoChildren(t) })
	serve(t, s)

	// The first request starts its child; the second finds a spare child
	// started ahead, which must be configured as well.
	var pids []string
	for i := 0; i < 2; i++ {
		pid, settings, _ := strings.Cut(roundTrip(t, s, ""), "\n")
		if want := describeSettings(s); settings != want {
			t.Errorf("request %d: the child's settings:\n%s\nwant the parent's:\n%s", i+1, settings, want)
		}
		if pid == "" || pid == fmt.Sprint(os.Getpid()) || i > 0 && pid == pids[0] {
			t.Fatalf("request %d: reply from process %q, want a child of its own", i+1, pid)
		}
		pids = append(pids, pid)
	}
	s.Shutdown()
	s.Close() // waits for the children, so the log is complete
	b, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(b)
	for _, pid := range pids {
		for _, line := range []string{"VerifyRequest", "HandleTimeout", "ServiceActions", "HandleError: settings sent"} {
			if !strings.Contains(log, line+" in "+pid+"\n") {
				t.Errorf("no %q in the child's process %s; the log:\n%s", line, pid, log)
			}
		}
	}
	if !strings.Contains(log, "Exception occurred during processing of request from ('127.0.0.1', ") ||
		!strings.Contains(log, "error: settings sent\n") {
		t.Errorf("the child's HandleError did not print to its ErrorLog:\n%s", log)
	}
}
