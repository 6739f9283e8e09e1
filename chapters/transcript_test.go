// Package chapters is the book's source folder; its tests check the book.
//
// TestTranscripts replays every terminal session the chapters show. Each session lives in a
// testscript file ../testdata/<chapter>-<example>.txtar: a script that starts the example,
// runs the reader's commands against it, and compares what a terminal would show with the
// want/*.console sections, which the chapter shows byte for byte (TestBookSessions).
// A transcript looks like this; write its want sections empty, fill them with `make update`,
// and read them before committing:
//
//	# The TCP echo server answers one line, upper-cased.
//	start server go run ./chapters/socketserver/tcpecho -addr localhost:$PORT
//	run client echo hello | curl -s telnet://localhost:$PORT
//	interrupt server
//	cmp server.console want/server.console
//	cmp client.console want/client.console
//
//	-- want/server.console --
//	$ go run ./chapters/socketserver/tcpecho -addr localhost:8080
//	Starting server, use <Ctrl-C> to stop
//	^C
//	-- want/client.console --
//	$ echo hello | curl -s telnet://localhost:8080
//	HELLO
//
// A session NAME is one terminal; it is written to $WORK/NAME.console as it grows.
// The commands, besides testscript's own (cmp, exec, stdin, ...):
//
//	start NAME COMMAND-LINE...      start a program in the background in session NAME and
//	                                wait until it printed its first line (fail if it exits first)
//	run NAME COMMAND-LINE...        run a shell command line to completion; a non-zero exit
//	                                fails unless the line is negated: ! run NAME ...
//	type NAME FILE COMMAND-LINE...  like run, with FILE as standard input, shown as typed
//	                                after the command line, before the output
//	interrupt NAME                  press Ctrl-C in session NAME: SIGINT to the program's process
//	                                group, wait for its exit (status 0 unless negated: ! interrupt)
//
// (Not `stop`: that is testscript's command to end a script early.)
// A command line is the rest of the script line, its words joined by single spaces, run by
// sh -c with the script's environment in the script's directory; so pipes and redirections
// work, and shell quoting uses double quotes (testscript itself takes single quotes and #).
// `go run ./chapters/x/y ARGS` runs the example built before the scripts run. $PORT is a free
// port for the script, $ADDR is localhost:$PORT.
//
// A session shows what a terminal would: `$ COMMAND-LINE`, then the output, stdout and stderr
// in the order written (a last line without its newline gets one, as the shell prompt would
// start a new line). A started program's output is recorded when it is interrupted: what it
// wrote before Ctrl-C, the ^C the terminal echoes, what it wrote after (the examples write
// nothing then; python3 -m http.server writes "\nKeyboard interrupt received, exiting.").
// The values that change from run to run are shown as fixed ones: see shown.
//
// A script whose command lines use curl or python3 is skipped where that tool is missing,
// unless CI=true; python3 is the Python 3.11 that python311 finds, and PYVERSION masks its version. Every program still running at the end of a script is killed, and a script
// that started a program but never interrupted it fails.
//
// Run `make update` (go test ./chapters -run TestTranscripts -update) to rewrite the want
// sections from a fresh replay.
package chapters

import (
	"flag"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the want sections of the transcripts from a fresh replay")

func TestTranscripts(t *testing.T) {
	if scripts, _ := filepath.Glob("../testdata/*.txtar"); len(scripts) == 0 {
		t.Skip("no transcripts in ../testdata yet")
	}
	testscript.Run(t, transcriptParams("../testdata", buildExamples(t, "./chapters/...")))
}

// transcriptParams returns the testscript parameters for the scripts in dir, whose
// `go run ./chapters/...` commands run the programs built into bin by buildExamples.
func transcriptParams(dir, bin string) testscript.Params {
	return testscript.Params{
		Dir:   dir,
		Setup: func(env *testscript.Env) error { return setup(env, bin) },
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"start":     cmdStart,
			"run":       cmdRun,
			"type":      cmdType,
			"interrupt": cmdInterrupt,
		},
		RequireUniqueNames: true,
		UpdateScripts:      *update,
	}
}

// buildExamples builds the main packages matching the go list patterns (relative to the module
// root) into a temporary directory, each binary named by its directory, as bin/chapters/x/y,
// and writes beside them the go command the scripts see (goShim). It returns the directory.
func buildExamples(t *testing.T, patterns ...string) string {
	bin := t.TempDir()
	list := exec.Command("go", append([]string{"list", "-f", `{{if eq .Name "main"}}{{.Dir}}{{end}}`}, patterns...)...)
	list.Dir = ".."
	out, err := list.Output()
	if err != nil {
		t.Fatalf("go list %s: %v\n%s", patterns, err, stderrOf(err))
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	// go build -o DIR/ names each binary by the last element of its directory,
	// so the examples are built with one go build per parent directory.
	byParent := map[string][]string{}
	for _, dir := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if rel, err := filepath.Rel(root, dir); dir != "" && err == nil {
			parent := filepath.Dir(rel)
			byParent[parent] = append(byParent[parent], "./"+filepath.ToSlash(rel))
		}
	}
	for parent, pkgs := range byParent {
		build := exec.Command("go", append([]string{"build", "-o", filepath.Join(bin, parent) + string(filepath.Separator)}, pkgs...)...)
		build.Dir = ".."
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkgs, err, out)
		}
	}
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(strings.Replace(goShim, "REAL_GO", realGo, 1)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := writePythonShim(bin); err != nil {
		t.Fatal(err)
	}
	return bin
}

// goShim is the go command of the scripts, where $BIN holds the examples built by buildExamples:
// `go run ./chapters/x/y ARGS...` runs the example itself, and does what go run does when it
// exits with a non-zero status N: prints "exit status N" and exits with status 1. Like go run,
// the shim lets Ctrl-C reach the example (the whole process group gets it) and waits for it;
// any other go command is the real one.
const goShim = `#!/bin/sh
if [ "$1" = run ] && [ "${2#./chapters/}" != "$2" ]; then
	example="$BIN/${2#./}"
	if [ ! -x "${example%/}" ]; then
		echo "go run: $2 is no example: the transcripts run the main packages under chapters/" >&2
		exit 1
	fi
	shift 2
	trap : INT TERM
	"${example%/}" "$@"
	status=$?
	if [ $status -ne 0 ]; then
		echo "exit status $status" >&2
		exit 1
	fi
	exit 0
fi
exec 'REAL_GO' "$@"
`

func stderrOf(err error) []byte {
	if exit, ok := err.(*exec.ExitError); ok {
		return exit.Stderr
	}
	return nil
}

// setup gives a script a free port in $PORT and $ADDR, the repository's root in $ROOT, the examples of bin first in its
// $PATH, and its state: the sessions and the programs it started.
func setup(env *testscript.Env, bin string) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	env.Setenv("PORT", port)
	env.Setenv("ADDR", "localhost:"+port)
	env.Setenv("BIN", bin)
	root, err := filepath.Abs("..")
	if err != nil {
		return err
	}
	env.Setenv("ROOT", root) // the repository, for files a session uses (cp $ROOT/go.mod .)
	env.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	s := &script{
		t:        env.T(),
		work:     env.WorkDir,
		bin:      bin,
		env:      append([]string(nil), env.Vars...),
		port:     port,
		sessions: map[string]string{},
		running:  map[string]*program{},
	}
	env.Values[scriptKey{}] = s
	env.Defer(s.cleanup)
	return nil
}

// ports are those given to scripts so far: no two scripts of a test run get the same one.
var ports struct {
	sync.Mutex
	given map[int]bool
}

// freePort returns a TCP port that is free on localhost, as the kernel picks them.
func freePort() (string, error) {
	ports.Lock()
	defer ports.Unlock()
	if ports.given == nil {
		ports.given = map[int]bool{}
	}
	for {
		ln, err := net.Listen("tcp", "localhost:0")
		if err != nil {
			return "", err
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		if !ports.given[port] {
			ports.given[port] = true
			return strconv.Itoa(port), nil
		}
	}
}

// goVersion is the version of Go the examples are built with, as the GOVERSION substitution sees it.
var goVersion = runtime.Version()
