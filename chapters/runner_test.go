package chapters

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
)

// TestRunner proves the transcript commands on the scripts of testdata/runner, which run
// the runner's own test program, testdata/lineecho (a TCP server upper-casing one line).
func TestRunner(t *testing.T) {
	testscript.Run(t, transcriptParams("testdata/runner", buildExamples(t, "./chapters/testdata/lineecho")))
}

// TestRunnerFailures runs each script of testdata/fail, which must fail with the text of
// its failure section in the log.
func TestRunnerFailures(t *testing.T) {
	scripts := &fakeT{children: map[string]*fakeT{}}
	testscript.RunT(scripts, transcriptParams("testdata/fail", buildExamples(t, "./chapters/testdata/lineecho")))
	files, _ := filepath.Glob("testdata/fail/*.txtar")
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		archive, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var want string
		for _, f := range archive.Files {
			if f.Name == "failure" {
				want = strings.TrimSpace(string(f.Data))
			}
		}
		got := scripts.children[name]
		switch {
		case want == "":
			t.Errorf("%s: no failure section", file)
		case got == nil || !got.failed:
			t.Errorf("%s: passed, want failure %q", file, want)
		case !strings.Contains(got.log.String(), want):
			t.Errorf("%s: failed without %q:\n%s", file, want, got.log.String())
		}
	}
}

// A fakeT is a testscript.T that records failures instead of failing the test.
type fakeT struct {
	mu       sync.Mutex
	log      strings.Builder
	failed   bool
	children map[string]*fakeT
}

func (t *fakeT) Run(name string, f func(testscript.T)) {
	child := &fakeT{}
	t.mu.Lock()
	t.children[name] = child
	t.mu.Unlock()
	done := make(chan struct{})
	go func() { // in a goroutine of its own, as FailNow and Skip end it
		defer close(done)
		f(child)
	}()
	<-done
}

func (t *fakeT) Log(args ...interface{}) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintln(&t.log, args...)
}

func (t *fakeT) Fatal(args ...interface{}) { t.Log(args...); t.FailNow() }
func (t *fakeT) Skip(args ...interface{})  { t.Log(args...); runtime.Goexit() }
func (t *fakeT) FailNow()                  { t.failed = true; runtime.Goexit() }
func (t *fakeT) Failed() bool              { return t.failed }
func (t *fakeT) Parallel()                 {}
func (t *fakeT) Verbose() bool             { return false }
