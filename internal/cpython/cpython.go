// Package cpython finds the CPython interpreter the tests compare this module with.
// It is for tests only: no package of the module's API imports it.
//
// The behavioural reference is CPython 3.11, so Require looks for a 3.11 and for
// nothing else, in this order:
//
//  1. $CPYTHON, if set: the path or name of the interpreter to use (it must be 3.11);
//  2. python3.11 on $PATH;
//  3. python3 on $PATH, if it is 3.11.
//
// Another version is not used: a difference from it may be a difference between
// Python versions (Python 3.13 removed the cgi module altogether), not a bug here.
// When no 3.11 is found, or it lacks a module a test compares against, Require skips
// the test with a one-line reason. When CPYTHON_REQUIRED=1 or CI=true, as in .ci/run,
// it fails the test instead, so that CI never skips a comparison with Python.
package cpython

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// Version is the minor version of CPython the tests compare with.
const Version = "3.11"

var found struct {
	once    sync.Once
	path    string // the interpreter, or "" if none was found
	reason  string // why none was found
	mu      sync.Mutex
	modules map[string]error // import errors by module, nil if it imports
}

// Require returns the path of a CPython 3.11 interpreter that can import each of
// modules ("cgi", "http.server", ...), or ends the test: it skips it with a
// one-line reason, or fails it when CPYTHON_REQUIRED=1 or CI=true.
func Require(t testing.TB, modules ...string) string {
	t.Helper()
	path, err := Find(modules...)
	if err == nil {
		return path
	}
	if Required() {
		t.Fatalf("%v (CPYTHON_REQUIRED=1 or CI=true: the comparisons with CPython %s must run)", err, Version)
	}
	t.Skip(err)
	return ""
}

// Required reports whether a missing interpreter or module fails a test rather than skipping it.
func Required() bool {
	return os.Getenv("CPYTHON_REQUIRED") == "1" || os.Getenv("CI") == "true"
}

// Find returns the path of a CPython 3.11 interpreter that can import each of
// modules, or an error, one line, that says why there is none.
func Find(modules ...string) (string, error) {
	found.once.Do(lookup)
	if found.path == "" {
		return "", fmt.Errorf("no CPython %s: %s", Version, found.reason)
	}
	found.mu.Lock()
	defer found.mu.Unlock()
	for _, m := range modules {
		err, ok := found.modules[m]
		if !ok {
			err = importable(found.path, m)
			found.modules[m] = err
		}
		if err != nil {
			return "", err
		}
	}
	return found.path, nil
}

// lookup sets found.path to the first 3.11 of the candidates, or found.reason.
func lookup() {
	found.modules = map[string]error{}
	var tried []string
	candidates := []string{"python3.11", "python3"}
	if env := os.Getenv("CPYTHON"); env != "" {
		candidates = []string{env}
	}
	for _, name := range candidates {
		path, err := exec.LookPath(name)
		if err != nil {
			tried = append(tried, name+" not found")
			continue
		}
		version, err := version(path)
		if err != nil {
			tried = append(tried, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		if version == Version {
			found.path = path
			return
		}
		tried = append(tried, name+" is "+version)
	}
	found.reason = strings.Join(tried, ", ")
}

// version returns the interpreter's major.minor version.
func version(path string) (string, error) {
	out, err := exec.Command(path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])").Output()
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// importable reports whether the interpreter can import module, as a one-line error if not.
func importable(path, module string) error {
	out, err := exec.Command(path, "-c", "import "+module).CombinedOutput()
	if err == nil {
		return nil
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return fmt.Errorf("%s cannot import %s: %s", path, module, lines[len(lines)-1])
}
