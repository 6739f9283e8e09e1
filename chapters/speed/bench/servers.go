package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// A serverSpec is one server the table measures: a program and its arguments.
type serverSpec struct {
	Key   string   // short name the table's rows are keyed by
	Label string   // what the table calls it
	Prog  string   // a program built into the bin folder, or "python3"
	Args  []string // after the program, with -addr 127.0.0.1:0 added
}

// keepAliveServers are measured with connections kept open.
var keepAliveServers = []serverSpec{
	{"project", "project threading, GET echo", "server", []string{"-mixin", "threading", "-handler", "echo"}},
	{"nethttp", "net/http, GET echo", "nethttp", []string{"-handler", "echo"}},
	{"canned", "canned reply (no parsing)", "canned", nil},
	{"trivial", "project threading, trivial handler", "server", []string{"-mixin", "threading", "-handler", "trivial"}},
	{"cpython", "CPython 3 ThreadingHTTPServer, GET echo", "python3", []string{"chapters/speed/pyserver.py", "-mixin", "threading"}},
	{"cpynodelay", "CPython 3 ThreadingHTTPServer, GET echo, TCP_NODELAY", "python3", []string{"chapters/speed/pyserver.py", "-mixin", "threading", "-nodelay"}},
}

// closeServers are measured with Connection: close, a connection per request.
var closeServers = []serverSpec{
	{"project", "project threading, GET echo", "server", []string{"-mixin", "threading", "-handler", "echo"}},
	{"nethttp", "net/http, GET echo", "nethttp", []string{"-handler", "echo"}},
	{"canned", "canned reply (no parsing)", "canned", []string{"-close"}},
	{"cpython", "CPython 3 ThreadingHTTPServer, GET echo", "python3", []string{"chapters/speed/pyserver.py", "-mixin", "threading"}},
	{"forking", "project forking, GET echo", "server", []string{"-mixin", "forking", "-handler", "echo"}},
	{"pyfork", "CPython 3 ForkingMixIn HTTPServer, GET echo", "python3", []string{"chapters/speed/pyserver.py", "-mixin", "forking"}},
}

// A server is a running server process, the leader of its own process
// group, so that the children of a forking server are stopped with it.
type server struct {
	Spec serverSpec
	Addr string // host:port it listens on
	cmd  *exec.Cmd
	log  string // file holding its standard error
}

// running holds every server started and not yet stopped, for stopAll.
var running struct {
	sync.Mutex
	list []*server
}

// startTimeout bounds how long a server may take to say it listens.
const startTimeout = 30 * time.Second

// startServer starts spec, bins holding the built programs and root the
// module's folder, and waits for its "listening on ADDR" line.
func startServer(spec serverSpec, bins, root, logs string) (*server, error) {
	prog := spec.Prog
	if prog != "python3" {
		prog = filepath.Join(bins, prog)
	}
	cmd := exec.Command(prog, append(append([]string(nil), spec.Args...), "-addr", "127.0.0.1:0")...)
	cmd.Dir = root
	// Its own process group, and killed should make bench die first.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	logName := filepath.Join(logs, spec.Key+".log")
	logFile, err := os.Create(logName)
	if err != nil {
		return nil, err
	}
	defer logFile.Close() // the child has its own copy
	cmd.Stderr = logFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	s := &server{Spec: spec, cmd: cmd, log: logName}
	running.Lock()
	err = cmd.Start()
	if err == nil {
		running.list = append(running.list, s)
	}
	running.Unlock()
	if err != nil {
		return nil, err
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, stdout) // never let a full pipe stop the server
	}()
	timer := time.NewTimer(startTimeout)
	defer timer.Stop()
	select {
	case line, ok := <-lines:
		if addr, found := strings.CutPrefix(line, "listening on "); ok && found {
			s.Addr = addr
			return s, nil
		}
		s.stop()
		return nil, fmt.Errorf("%s: printed %q, not its address: %s", spec.Label, line, s.tail())
	case <-timer.C:
		s.stop()
		return nil, fmt.Errorf("%s: no address within %v: %s", spec.Label, startTimeout, s.tail())
	}
}

// tail returns the end of what s wrote to standard error.
func (s *server) tail() string {
	b, _ := os.ReadFile(s.log)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// PID returns the server's process id.
func (s *server) PID() int { return s.cmd.Process.Pid }

// stop kills the server's process group and waits for the server, then
// makes sure nothing of its group is left, for up to a few seconds.
func (s *server) stop() error {
	running.Lock()
	for i, r := range running.list {
		if r == s {
			running.list = append(running.list[:i], running.list[i+1:]...)
			break
		}
	}
	running.Unlock()
	pgid := s.cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGKILL)
	s.cmd.Wait()
	for i := 0; i < 100; i++ { // a forking server's children, which init reaps
		if err := syscall.Kill(-pgid, syscall.SIGKILL); errors.Is(err, syscall.ESRCH) || groupGone(pgid) {
			return nil
		}
		time.Sleep(30 * time.Millisecond)
	}
	return fmt.Errorf("%s: processes of group %d still there after SIGKILL", s.Spec.Label, pgid)
}

// groupGone reports whether every process of group pgid has exited: none
// is left in /proc but zombies, which hold no socket and use no CPU.
func groupGone(pgid int) bool {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, name := range stats {
		b, err := os.ReadFile(name)
		if err != nil {
			continue // exited since the glob
		}
		stat := string(b)
		f := strings.Fields(stat[strings.LastIndexByte(stat, ')')+1:]) // f[0] is field 3, state; f[2] is 5, pgrp
		if len(f) > 2 && f[0] != "Z" && f[2] == strconv.Itoa(pgid) {
			return false
		}
	}
	return true
}

// stopAll stops every server still running.
func stopAll() {
	running.Lock()
	list := append([]*server(nil), running.list...)
	running.Unlock()
	for _, s := range list {
		if err := s.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "speed:", err)
		}
	}
}
