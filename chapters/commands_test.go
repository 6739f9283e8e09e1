package chapters

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// How long a script waits for a program before it fails: bounds, never delays.
const (
	startTimeout     = 30 * time.Second // for a started program's first line
	runTimeout       = 30 * time.Second // for a command line run to completion
	interruptTimeout = 10 * time.Second // for a program to exit after Ctrl-C
)

// A script is the state of one running transcript script.
type script struct {
	t        testscript.T
	work     string   // $WORK, where the sessions are written
	bin      string   // $BIN, the examples built by buildExamples
	env      []string // the environment of the commands
	port     string   // $PORT
	sessions map[string]string
	running  map[string]*program // by session
	skipped  bool
}

type scriptKey struct{}

func scriptOf(ts *testscript.TestScript) *script { return ts.Value(scriptKey{}).(*script) }

// record appends text to session name, as the book shows it, and writes the session to $WORK/name.console.
func (s *script) record(ts *testscript.TestScript, name, text string) {
	if !regexp.MustCompile(`^[A-Za-z0-9_-]+$`).MatchString(name) {
		ts.Fatalf("session name %q: use letters, digits, - and _", name)
	}
	s.sessions[name] += shown(text, s.port, goVersion)
	ts.Check(os.WriteFile(filepath.Join(s.work, name+".console"), []byte(s.sessions[name]), 0o666))
}

// lines returns text as complete lines: a last line without its newline gets one,
// as the shell prompt that follows would start on a new line.
func lines(text string) string {
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return text
}

// cmdStart: start NAME COMMAND-LINE...
func cmdStart(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! start (a program that fails to start fails start)")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: start NAME COMMAND-LINE...")
	}
	s, name, line := scriptOf(ts), args[0], strings.Join(args[1:], " ")
	s.needTools(ts, line)
	s.notRunning(ts, name)
	if example, ok := strings.CutPrefix(line, "go run ./chapters/"); ok {
		if _, err := os.Stat(filepath.Join(s.bin, "chapters", strings.Fields(example)[0])); err != nil {
			ts.Fatalf("start %s: %s: no such example: the runner builds the main packages under chapters/", name, line)
		}
	}
	s.record(ts, name, "$ "+line+"\n")
	p, err := startProgram(ts.MkAbs("."), s.env, line)
	ts.Check(err)
	s.running[name] = p
	timeout := time.NewTimer(startTimeout)
	defer timeout.Stop()
	select {
	case <-p.out.firstLine:
	case <-p.exited:
		delete(s.running, name)
		ts.Fatalf("start %s: %s exited before its first line: %v\n%s", name, line, p.err, p.output())
	case <-timeout.C:
		ts.Fatalf("start %s: %s printed no line in %v (Python needs -u to flush its output to a pipe)\n%s",
			name, line, startTimeout, p.out)
	}
}

// cmdRun: run NAME COMMAND-LINE...
func cmdRun(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: run NAME COMMAND-LINE...")
	}
	scriptOf(ts).shell(ts, neg, args[0], "", strings.Join(args[1:], " "))
}

// cmdType: type NAME FILE COMMAND-LINE...
func cmdType(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 3 {
		ts.Fatalf("usage: type NAME FILE COMMAND-LINE...")
	}
	scriptOf(ts).shell(ts, neg, args[0], ts.ReadFile(args[1]), strings.Join(args[2:], " "))
}

// shell runs line with sh -c to completion, input on its standard input, and records it in session name.
func (s *script) shell(ts *testscript.TestScript, neg bool, name, input, line string) {
	s.needTools(ts, line)
	s.notRunning(ts, name)
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", line)
	cmd.Dir, cmd.Env, cmd.Stdin = ts.MkAbs("."), s.env, strings.NewReader(input)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out // one pipe: the order a terminal shows
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) } // the pipeline too
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	s.record(ts, name, "$ "+line+"\n"+lines(input)+lines(out.String()))
	switch {
	case ctx.Err() != nil:
		ts.Fatalf("%s: still running after %v: killed\n%s", line, runTimeout, &out)
	case err != nil && !neg:
		ts.Fatalf("%s: %v\n%s", line, err, &out)
	case err == nil && neg:
		ts.Fatalf("%s: succeeded, want failure\n%s", line, &out)
	}
}

// cmdInterrupt: interrupt NAME
func cmdInterrupt(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: interrupt NAME")
	}
	s, name := scriptOf(ts), args[0]
	p := s.running[name]
	if p == nil {
		ts.Fatalf("interrupt %s: no program was started in session %s", name, name)
	}
	delete(s.running, name)
	select {
	case <-p.exited:
		out := p.output()
		s.record(ts, name, lines(out))
		ts.Fatalf("interrupt %s: the program had exited already: %v\n%s", name, p.err, out)
	default:
	}
	p.markInterrupt()
	p.signal(syscall.SIGINT)
	timeout := time.NewTimer(interruptTimeout)
	defer timeout.Stop()
	killed := false
	select {
	case <-p.exited:
	case <-timeout.C:
		p.signal(syscall.SIGKILL)
		<-p.exited
		killed = true
	}
	// The terminal echoes ^C where the output had got to, and the program's last words follow.
	before, after, _ := strings.Cut(p.output(), interruptMark)
	s.record(ts, name, lines(lines(before)+"^C"+after))
	switch {
	case killed:
		ts.Fatalf("interrupt %s: still running %v after Ctrl-C: killed\n%s", name, interruptTimeout, before+after)
	case p.err != nil && !neg:
		ts.Fatalf("interrupt %s: %v\n%s", name, p.err, before+after)
	case p.err == nil && neg:
		ts.Fatalf("interrupt %s: exit status 0, want failure\n%s", name, before+after)
	}
}

func (s *script) notRunning(ts *testscript.TestScript, name string) {
	if s.running[name] != nil {
		ts.Fatalf("session %s: a started program is running there; use another session", name)
	}
}

// needTools skips the script if line uses a tool this machine lacks, unless CI=true: then it fails.
func (s *script) needTools(ts *testscript.TestScript, line string) {
	for _, tool := range []string{"curl", "python3"} {
		if !regexp.MustCompile(`\b` + tool + `\b`).MatchString(line) {
			continue
		}
		why := tool + " is not installed"
		if tool == "python3" {
			_, err := python311()
			if err == nil {
				continue // $BIN/python3 runs it
			}
			why = err.Error()
		} else if _, err := exec.LookPath(tool); err == nil {
			continue
		}
		if os.Getenv("CI") == "true" {
			ts.Fatalf("%s (CI=true: every tool must be installed)", why)
		}
		s.skipped = true
		s.t.Skip(why)
	}
}

// exitGrace is how long cleanup waits for a program still running at the end of a
// script before it kills it. Only a failing script waits: a passing one has
// interrupted all its programs.
const exitGrace = 2 * time.Second

// cleanup kills and waits for every program still running when the script ends, and fails a
// script that otherwise passed but started a program it never interrupted.
func (s *script) cleanup() {
	var problems []string
	for name, p := range s.running {
		// A program that is ending by itself gets a moment first: when an example
		// exits, the go shim around it still has to print "exit status N" and
		// exit, and a kill in between would report a crash as never interrupted.
		select {
		case <-p.exited:
		case <-time.After(exitGrace):
			p.signal(syscall.SIGKILL)
			<-p.exited
		}
		out := p.output()
		if exit, ok := p.err.(*exec.ExitError); ok && exit.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL {
			problems = append(problems, name+" never interrupted (write `interrupt NAME`; `stop` ends a script early)")
		} else {
			problems = append(problems, fmt.Sprintf("%s exited, never interrupted: %v\n%s", name, p.err, out))
		}
	}
	sort.Strings(problems)
	if failed, ok := s.t.(testscript.TFailed); len(problems) > 0 && !s.skipped && ok && !failed.Failed() {
		s.t.Fatal(strings.Join(problems, "\n"))
	}
}

// A program is one started in the background, in a terminal of its own.
type program struct {
	cmd     *exec.Cmd
	out     *output
	w       *os.File      // our copy of the write end of the program's output pipe, until output
	outDone chan struct{} // closed when out has all the program wrote
	exited  chan struct{} // closed when the program has exited, with err its exit status
	err     error
}

// startProgram starts line with sh -c in its own process group, its stdout and stderr one pipe.
func startProgram(dir string, env []string, line string) (*program, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("sh", "-c", "exec "+line)
	cmd.Dir, cmd.Env = dir, env
	cmd.Stdout, cmd.Stderr = w, w // one pipe: the order a terminal shows
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		r.Close()
		w.Close()
		return nil, err
	}
	p := &program{cmd: cmd, w: w, out: &output{firstLine: make(chan struct{})},
		outDone: make(chan struct{}), exited: make(chan struct{})}
	go func() {
		io.Copy(p.out, r)
		r.Close()
		close(p.outDone)
	}()
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// interruptMark is written in the program's output by markInterrupt.
const interruptMark = "\x00interrupt\x00"

// markInterrupt writes interruptMark to the program's output pipe, after all the program wrote
// so far (a pipe keeps the order of writes), so that output can tell what the program wrote
// before Ctrl-C from what it wrote after.
func (p *program) markInterrupt() {
	p.w.WriteString(interruptMark)
}

// output returns all the program wrote, once it has exited.
func (p *program) output() string {
	if p.w != nil {
		p.w.Close() // the program's copy is closed: the reader sees the end
		p.w = nil
		timeout := time.NewTimer(interruptTimeout)
		defer timeout.Stop()
		select {
		case <-p.outDone:
		case <-timeout.C: // a child of the program still holds the pipe
			p.signal(syscall.SIGKILL)
			<-p.outDone
		}
	}
	return p.out.String()
}

// signal sends sig to the program's process group, as a terminal sends Ctrl-C.
func (p *program) signal(sig syscall.Signal) { syscall.Kill(-p.cmd.Process.Pid, sig) }

// An output collects what a program writes, and closes firstLine once it wrote a whole line.
type output struct {
	mu        sync.Mutex
	buf       bytes.Buffer
	firstLine chan struct{}
	sawLine   bool
}

func (o *output) Write(b []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.sawLine && bytes.IndexByte(b, '\n') >= 0 {
		o.sawLine = true
		close(o.firstLine)
	}
	return o.buf.Write(b)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}
