package chapters

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBookCommands checks that what the book and the README tell a reader to run names
// something that exists, seen from the repository's root where the reader runs it: the
// program of a `go run ./...` or a `python3 file.py`, the packages and the tests of a `go test` or `go vet`, the
// targets of a `make`, and a file a command line reads (`< file`, curl's `@file`), unless
// a command before it in the same block writes it.
func TestBookCommands(t *testing.T) {
	targets := makeTargets(t)
	for _, file := range append(embedFiles(t), "../README.md") {
		md := readFile(t, file)
		for _, c := range readerCommands(file, md) {
			for _, problem := range commandProblems(c.line, c.written, targets) {
				t.Errorf("%s: %s: %s", c.where, c.line, problem)
			}
		}
	}
}

// A readerCommand is a command line a reader is told to run; written are the files the
// command lines before it in its block write (> file).
type readerCommand struct {
	where, line string
	written     map[string]bool
}

// readerCommands returns the command lines of md: the lines of its shell blocks (sh, bash or
// no info string), the $ lines of a block of any kind (without the $), its indented lines,
// its inline code spans that hold a go or make command, and the go and make commands of
// the doc comments of its listings; none inside an embedded text, checked as a file of its own.
func readerCommands(file, md string) []readerCommand {
	var commands []readerCommand
	regions := regionsOf(md)
	blocks, _ := fencedBlocks(file, md)
	for _, b := range blocks {
		if r, in := regionAt(regions, b.line); in {
			// A file's text: the commands its doc comments give (//	go run ./...).
			for _, m := range regexp.MustCompile(`(?m)^//\s+((?:go (?:run|test|vet) |make ).*)$`).FindAllStringSubmatch(b.text, -1) {
				if r.kind == "listing" {
					commands = append(commands, readerCommand{b.String(), m[1], nil})
				}
			}
			continue // an embedded text is checked as a file of its own
		}
		session := regexp.MustCompile(`(?m)^\$ `).MatchString(b.text)
		if shell := map[string]bool{"": true, "sh": true, "bash": true, "shell": true, "zsh": true}; !session && !shell[b.lang] {
			continue // text, a script, a form: no command lines
		}
		written := map[string]bool{}
		for _, line := range strings.Split(b.text, "\n") {
			if session {
				var ok bool
				if line, ok = strings.CutPrefix(line, "$ "); !ok {
					continue
				}
			}
			commands = append(commands, readerCommand{b.String(), line, copySet(written)})
			for _, m := range regexp.MustCompile(`>\s*([^\s;&|]+)`).FindAllStringSubmatch(line, -1) {
				written[m[1]] = true
			}
		}
	}
	all := strings.Split(md, "\n")
	for _, n := range proseLines(md) {
		line := all[n-1]
		where := fmt.Sprintf("%s:%d", file, n)
		if strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t") {
			if _, in := regionAt(regions, n); !in {
				commands = append(commands, readerCommand{where, strings.TrimSpace(line), nil})
			}
			continue
		}
		for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(line, -1) {
			if regexp.MustCompile(`^(go (run|test|vet|build) |make( |$))`).MatchString(m[1]) {
				commands = append(commands, readerCommand{where, m[1], nil})
			}
		}
	}
	return commands
}

func copySet(s map[string]bool) map[string]bool {
	c := map[string]bool{}
	for k := range s {
		c[k] = true
	}
	return c
}

// commandProblems returns what line names that does not exist. written are files the line
// may read without the repository having them.
func commandProblems(line string, written map[string]bool, targets map[string]bool) []string {
	var problems []string
	if i := strings.Index(line, " #"); i >= 0 {
		line = line[:i] // a comment
	}
	words := strings.Fields(line)
	for i, w := range words {
		switch {
		case w == "go" && i+1 < len(words) && words[i+1] == "run":
			for _, arg := range words[i+2:] {
				if strings.HasPrefix(arg, "-") {
					continue
				}
				if p := goRunProblem(arg); p != "" {
					problems = append(problems, p)
				}
				break
			}
		case w == "go" && i+1 < len(words) && (words[i+1] == "test" || words[i+1] == "vet" || words[i+1] == "build"):
			problems = append(problems, goTestProblems(words[i+2:])...)
		case (w == "python3" || w == "python") && i+1 < len(words):
			for _, arg := range words[i+1:] {
				if arg == "-m" || arg == "-c" || strings.ContainsAny(arg, ";&|<>") {
					break
				}
				if strings.HasSuffix(arg, ".py") && !placeholder(arg) && !written[arg] {
					if _, err := os.Stat(filepath.Join("..", arg)); err != nil {
						problems = append(problems, fmt.Sprintf("%s %s: no such file in the repository", w, arg))
					}
					break
				}
			}
		case w == "make" && (i == 0 || strings.ContainsAny(words[i-1], ";&|")):
			for _, arg := range words[i+1:] {
				if strings.ContainsAny(arg, ";&|") {
					break
				}
				if strings.HasPrefix(arg, "-") || strings.Contains(arg, "=") || placeholder(arg) {
					continue
				}
				if !targets[arg] {
					problems = append(problems, fmt.Sprintf("make %s: the Makefile has no target %s", arg, arg))
				}
			}
		}
	}
	for _, m := range regexp.MustCompile(`(?:^|\s)(?:<\s*|\S*=@"?)([\w./~-][^\s"<>;&|]*)`).FindAllStringSubmatch(line, -1) {
		path := m[1]
		if placeholder(path) || written[path] || filepath.IsAbs(path) {
			continue
		}
		if _, err := os.Stat(filepath.Join("..", path)); err != nil {
			problems = append(problems, fmt.Sprintf("reads %s, which is not in the repository (and no command before it writes it)", path))
		}
	}
	return problems
}

// placeholder reports whether a word of a command stands for something the reader chooses.
func placeholder(word string) bool {
	return strings.ContainsAny(word, "<>$*{…") || strings.Contains(word, "...") && !strings.HasSuffix(word, "/...")
}

// goRunProblem says what is wrong with the package of a go run, if anything.
func goRunProblem(pkg string) string {
	if placeholder(pkg) || strings.Contains(pkg, "...") || !strings.HasPrefix(pkg, "./") {
		return ""
	}
	files, _ := filepath.Glob(filepath.Join("..", pkg, "*.go"))
	for _, f := range files {
		if !strings.HasSuffix(f, "_test.go") && regexp.MustCompile(`(?m)^package main$`).MatchString(readFileNoT(f)) {
			return ""
		}
	}
	return fmt.Sprintf("go run %s: no main package in %s", pkg, pkg)
}

// goTestProblems says what is wrong with the arguments of a go test or go vet: a package
// folder that does not exist, or a -run pattern (a test's plain name) that no test of the
// packages has.
func goTestProblems(args []string) []string {
	var problems, dirs []string
	var run string
	for i := 0; i < len(args); i++ {
		arg := strings.Trim(args[i], `'"`)
		switch {
		case arg == "-run" && i+1 < len(args):
			run = strings.Trim(args[i+1], `'"^$`)
			i++
		case strings.HasPrefix(arg, "-run="):
			run = strings.Trim(strings.TrimPrefix(arg, "-run="), `'"^$`)
		case (arg == "-tags" || arg == "-bench" || arg == "-fuzz" || arg == "-timeout") && i+1 < len(args):
			i++
		case strings.HasPrefix(arg, "./") && !placeholder(arg):
			dir := strings.TrimSuffix(strings.TrimSuffix(arg, "..."), "/")
			if _, err := os.Stat(filepath.Join("..", dir)); err != nil {
				problems = append(problems, fmt.Sprintf("no package folder %s", arg))
				continue
			}
			dirs = append(dirs, dir)
		case strings.ContainsAny(arg, ";&|"):
			i = len(args)
		}
	}
	if run == "" || !regexp.MustCompile(`^(Test|Benchmark|Fuzz|Example)\w*$`).MatchString(run) {
		return problems
	}
	for _, dir := range dirs {
		found := false
		filepath.Walk(filepath.Join("..", dir), func(path string, info os.FileInfo, err error) error {
			if err == nil && strings.HasSuffix(path, "_test.go") &&
				regexp.MustCompile(`(?m)^func `+run+`\(`).MatchString(readFileNoT(path)) {
				found = true
			}
			return nil
		})
		if !found {
			problems = append(problems, fmt.Sprintf("-run %s: no test %s in %s", run, run, dir))
		}
	}
	return problems
}

// makeTargets returns the targets of the repository's Makefile.
func makeTargets(t *testing.T) map[string]bool {
	targets := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^([\w.-]+(?:\s+[\w.-]+)*)\s*:([^=]|$)`).FindAllStringSubmatch(readFile(t, "../Makefile"), -1) {
		for _, name := range strings.Fields(m[1]) {
			targets[name] = true
		}
	}
	return targets
}

func TestCommandProblems(t *testing.T) {
	targets := map[string]bool{"test": true, "update": true}
	for _, tt := range []struct {
		line string
		want []string
	}{
		{line: "go run ./chapters/socketserver/tcpecho -addr localhost:8080"},
		{line: "go run ./chapters/socketserver/nosuch", want: []string{"no main package in ./chapters/socketserver/nosuch"}},
		{line: "echo hello | go run ./chapters/socketserver/client udp localhost:8080"},
		{line: "make test"},
		{line: "make update  # the transcripts"},
		{line: "make nosuch", want: []string{"the Makefile has no target nosuch"}},
		{line: "make fuzz FUZZTIME=1s", want: []string{"no target fuzz"}},
		{line: "go test ./cgiform -run TestDifferential -v"},
		{line: "go test ./cgiform -run TestNoSuchTest -v", want: []string{"no test TestNoSuchTest in ./cgiform"}},
		{line: "go test ./nosuch/", want: []string{"no package folder ./nosuch/"}},
		{line: "go test -tags grade ./chapters/exercises/<pkg>/<name>"},
		{line: "go test ./chapters -run '^TestShown$' -count=1"},
		{line: "go vet ./..."},
		{line: `go run ./chapters/cgiform/parseform < chapters/cgiform/parseform/form.txt`},
		{line: `go run ./chapters/cgiform/parseform < form.txt`, want: []string{"reads form.txt"}},
		{line: `curl -F datafile=@go.mod http://localhost:8080/`},
		{line: `curl -F notes=@notes.txt http://localhost:8080/`, want: []string{"reads notes.txt"}},
		{line: `curl -F "notes=@notes.txt" http://localhost:8080/`, want: []string{"reads notes.txt"}},
		{line: `go run ./chapters/socketserver/client tcp localhost:8080 < /dev/null`},
		{line: `python3 -u chapters/testdata/appendix/pynames.py`},
		{line: `python3 -u chapters/nosuch.py -addr localhost:8080`, want: []string{"python3 chapters/nosuch.py: no such file"}},
		{line: `python3 -m http.server 8080`},
	} {
		got := commandProblems(tt.line, nil, targets)
		if len(got) != len(tt.want) {
			t.Errorf("%s: problems %q, want %q", tt.line, got, tt.want)
			continue
		}
		for i := range got {
			if !strings.Contains(got[i], tt.want[i]) {
				t.Errorf("%s: problem %q, want %q", tt.line, got[i], tt.want[i])
			}
		}
	}
	if got := commandProblems(`curl -F notes=@notes.txt http://localhost:8080/`, map[string]bool{"notes.txt": true}, targets); len(got) != 0 {
		t.Errorf("a file written before: problems %q", got)
	}
}
