package chapters

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/basehttpserver/basehttpserver/internal/cpython"
	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
)

// Each of the article's examples has a Python 3 twin beside the Go program
// (chapters/basehttp/get/get.py beside get/main.go), and the same session is replayed
// against both: testdata/basehttp-NAME.txtar runs the Go one, testdata/python-basehttp-NAME.txtar
// the Python one, in sessions of the same names. TestPythonSessions holds each Python session
// to its Go session: after the substitutions of pythonDifferences, and nothing else, the two
// are the same bytes.

// pythonTwins are the Go transcripts of the article's examples, each with a Python twin.
var pythonTwins = []string{
	"basehttp-get",
	"basehttp-post",
	"basehttp-threading",
	"basehttp-forking",
	"basehttp-error",
	"basehttp-header",
}

// A pythonDifference is one way a Python session may differ from its Go session: where the
// Python session has a match of python, the Go session has go (a regexp replacement).
type pythonDifference struct {
	name   string // as the introduction lists it
	python *regexp.Regexp
	goText string
}

// pythonDifferences are all the ways, and the only ones, in which a Python session may differ
// from its Go session. The introduction lists them by name; keep the two in step.
var pythonDifferences = []pythonDifference{
	// The command that starts the server: python3 chapters/x/y/y.py for go run ./chapters/x/y.
	{"COMMAND", regexp.MustCompile(`(?m)^\$ python3 chapters/([\w/]+)/\w+\.py `), "$$ go run ./chapters/$1 "},
	// sys_version, in the Server header and where a program prints it.
	{"SYS_VERSION", regexp.MustCompile(`\bPython/` + regexp.QuoteMeta(shownPyVersion) + `\b`), "Go/" + strings.TrimPrefix(shownGoVersion, "go")},
	// Python 3.10 and later name a thread after its function too.
	{"THREAD_NAME", regexp.MustCompile(`\bThread-(\d+) \(process_request_thread\)`), "Thread-$1"},
}

// goSession returns python, a Python session, as its Go session must be.
func goSession(python string) string {
	for _, d := range pythonDifferences {
		python = d.python.ReplaceAllString(python, d.goText)
	}
	return python
}

// TestPythonSessions checks that every Python session equals its Go session but for
// pythonDifferences, that each difference is needed somewhere, and that the introduction
// names each one.
func TestPythonSessions(t *testing.T) {
	used := map[string]bool{}
	for _, twin := range pythonTwins {
		goFile := filepath.Join("..", "testdata", twin+".txtar")
		pyFile := filepath.Join("..", "testdata", "python-"+twin+".txtar")
		goSections := consoleSections(t, goFile)
		pySections := consoleSections(t, pyFile)
		if len(pySections) == 0 {
			t.Errorf("%s: no want/*.console section: the Python twin of %s replays no session", relPath(pyFile), relPath(goFile))
		}
		for name, py := range pySections {
			goText, ok := goSections[name]
			if !ok {
				t.Errorf("%s %s: %s has no section of that name", relPath(pyFile), name, relPath(goFile))
				continue
			}
			for _, d := range pythonDifferences {
				if d.python.MatchString(py) {
					used[d.name] = true
				}
			}
			if diff := cmp.Diff(strings.Split(goText, "\n"), strings.Split(goSession(py), "\n")); diff != "" {
				t.Errorf("%s %s differs from %s by more than the differences the book names (-go +python):\n%s",
					relPath(pyFile), name, relPath(goFile), diff)
			}
		}
		for name := range goSections {
			if _, ok := pySections[name]; !ok {
				t.Errorf("%s %s: the Python twin %s has no section of that name", relPath(goFile), name, relPath(pyFile))
			}
		}
	}
	intro := readFile(t, "introduction.md")
	for _, d := range pythonDifferences {
		if !used[d.name] {
			t.Errorf("difference %s is needed by no Python session: remove it", d.name)
		}
		if !strings.Contains(intro, "| `"+d.name+"`") {
			t.Errorf("introduction.md names no difference %s in its table (a row starting | `%s`)", d.name, d.name)
		}
	}
}

func TestGoSession(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"$ python3 chapters/basehttp/get/get.py -addr localhost:8080\n", "$ go run ./chapters/basehttp/get -addr localhost:8080\n"},
		{"$ python3 get.py -addr localhost:8080\n", "$ python3 get.py -addr localhost:8080\n"}, // not an example's file
		{"$ curl -s http://localhost:8080/ # python3 chapters/a/a.py \n", "$ curl -s http://localhost:8080/ # python3 chapters/a/a.py \n"},
		{"Server: BaseHTTP/0.6 Python/3.11.0\r\n", "Server: BaseHTTP/0.6 Go/1.26.0\r\n"},
		{"sys_version=Python/3.11.0\r\n", "sys_version=Go/1.26.0\r\n"},
		{"Python/3.11.7", "Python/3.11.7"}, // shown() masks the version first
		{"Thread-12 (process_request_thread)\n", "Thread-12\n"},
		{"Thread-1 (worker)\n", "Thread-1 (worker)\n"},
		{"Process-1 (pid PID)\n", "Process-1 (pid PID)\n"},
	} {
		if got := goSession(tt.in); got != tt.want {
			t.Errorf("goSession(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// consoleSections returns the want/NAME.console sections of a transcript, by NAME.
func consoleSections(t *testing.T, file string) map[string]string {
	t.Helper()
	archive, err := txtar.ParseFile(file)
	if err != nil {
		t.Error(err)
		return nil
	}
	sections := map[string]string{}
	for _, f := range archive.Files {
		if name, ok := strings.CutPrefix(f.Name, "want/"); ok && strings.HasSuffix(name, ".console") {
			sections[strings.TrimSuffix(name, ".console")] = string(f.Data)
		}
	}
	return sections
}

// python311 returns the path of the Python 3.11 interpreter the book's Python twins
// run on (internal/cpython's lookup), or an error of one line that says why there is none.
func python311() (string, error) {
	return cpython.Find("http.server", "cgi")
}

// pythonShim is the python3 command of the transcripts, the interpreter python311 found.
const pythonShim = `#!/bin/sh
exec 'PYTHON' "$@"
`

// writePythonShim writes into bin the python3 command the scripts see, if there is a Python 3.11.
func writePythonShim(bin string) error {
	path, err := python311()
	if err != nil {
		return nil // no shim: the scripts that run python3 are skipped
	}
	return os.WriteFile(filepath.Join(bin, "python3"), []byte(strings.Replace(pythonShim, "PYTHON", path, 1)), 0o755)
}

// TestBookPythonBlocks checks that every ```python block of a chapter is a Python twin
// that a transcript runs, or an anchored region of one: {{#include}} lines naming it, or
// its text byte for byte, so that no Python listing is a copy that can drift. A block may
// also quote CPython 3.11's own source of the three modules, checked where it is installed.
func TestBookPythonBlocks(t *testing.T) {
	twins, _ := filepath.Glob("basehttp/*/*.py")
	run := map[string]string{} // chapters-relative path of a twin -> its text
	for _, twin := range twins {
		for _, transcript := range pythonTwins {
			script := readFile(t, filepath.Join("..", "testdata", "python-"+transcript+".txtar"))
			if strings.Contains(script, "python3 chapters/"+filepath.ToSlash(twin)+" ") {
				run[twin] = readFile(t, twin)
			}
		}
	}
	var regions []string // what a listing may be
	for _, src := range run {
		regions = append(regions, src)
		for _, m := range regexp.MustCompile(`ANCHOR:\s*([\w-]+)`).FindAllStringSubmatch(src, -1) {
			region, _ := anchored(src, m[1])
			regions = append(regions, region)
		}
	}
	for _, chapter := range chapterFiles(t) {
		blocks, _ := fencedBlocks(chapter, readFile(t, chapter))
		for _, b := range blocks {
			if b.lang != "python" {
				continue
			}
			includes := includeDirective.FindAllStringSubmatch(b.text, -1)
			if len(includes) == 0 {
				if !contains(regions, b.text) && !quotesCPython(t, b.text) {
					t.Errorf("%s: python block is no Python twin a transcript runs, nor an anchored region of one, "+
						"nor a quote of CPython's socketserver.py, http/server.py or cgi.py", b)
				}
				continue
			}
			if rest := strings.TrimSpace(includeDirective.ReplaceAllString(b.text, "")); rest != "" {
				t.Errorf("%s: a python block holds {{#include}} lines and nothing else, not %q", b, rest)
			}
			for _, m := range includes {
				file := strings.SplitN(m[1], ":", 2)[0]
				if _, ok := run[filepath.Clean(file)]; !ok {
					t.Errorf("%s: %s: no transcript runs %s (python3 chapters/%s)", b, strings.TrimSpace(m[0]), file, file)
				} else if _, _, err := resolveInclude(m[1]); err != nil {
					t.Errorf("%s: %s: %v", b, strings.TrimSpace(m[0]), err)
				}
			}
		}
	}
}

// quotesCPython reports whether text is lines of CPython 3.11's socketserver.py,
// http/server.py or cgi.py; it is true, with a note in the log, where there is no 3.11.
func quotesCPython(t *testing.T, text string) bool {
	python, err := python311()
	if err != nil {
		t.Logf("%v: python blocks that quote CPython are not checked", err)
		return true
	}
	out, err := exec.Command(python, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])").Output()
	if err != nil {
		t.Fatalf("%s: the standard library's folder: %v", python, err)
	}
	for _, file := range []string{"socketserver.py", "http/server.py", "cgi.py"} {
		src := readFile(t, filepath.Join(strings.TrimSpace(string(out)), file))
		if strings.HasPrefix(src, text) || strings.Contains(src, "\n"+text) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
