// Package exercises holds the graded exercises of the book's chapters, one
// folder each: chapters/exercises/<package>/<exercise>. Each folder has
//
//	exercise.go    (//go:build !solution) the starter a student edits
//	solution.go    (//go:build solution)  the reference solution
//	grade_test.go  (//go:build grade)     the grader
//
// and may have other files, built always, that the student reads but does
// not edit. Without tags the starters build and nothing is graded, so
// `go test ./...` stays green; a student grades an exercise with
// `go test -tags grade ./chapters/exercises/<package>/<exercise>`.
// <package>.md is the exercises section of that package's chapter.
//
// The tests here prove the exercises: every grader fails on its starter and
// passes on its solution, every folder follows the layout, and the text
// names each exercise's files and grading command.
package exercises

import (
	"bufio"
	"bytes"
	"encoding/json"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestGraders runs every grader twice, in one `go test` per mode: on the
// starters, where each must fail (a failing test, not a failing build), and on
// the solutions, where each must pass.
func TestGraders(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command: not in -short mode")
	}
	dirs := exerciseDirs(t)
	for _, mode := range []struct {
		tags string
		pass bool
	}{{"grade", false}, {"grade solution", true}} {
		results := goTest(t, mode.tags, dirs)
		for _, dir := range dirs {
			r := results[dir]
			switch {
			case mode.pass && (r.failed > 0 || r.passed == 0 || r.action != "pass"):
				t.Errorf("-tags '%s' ./%s: want every test to pass; %d passed, %d failed, package %s:\n%s",
					mode.tags, dir, r.passed, r.failed, r.action, r.output)
			case !mode.pass && (r.failed == 0 || r.action != "fail"):
				t.Errorf("-tags '%s' ./%s: want the grader to fail on the starter; %d passed, %d failed, package %s:\n%s",
					mode.tags, dir, r.passed, r.failed, r.action, r.output)
			}
		}
	}
}

// A result is what `go test -json` reported of one package.
type result struct {
	action         string // the package's last pass, fail or skip
	passed, failed int    // its tests (subtests included) that passed and failed
	output         string
}

// goTest runs the packages in dirs with tags and returns their results by dir.
func goTest(t *testing.T, tags string, dirs []string) map[string]*result {
	t.Helper()
	args := []string{"test", "-count=1", "-json", "-tags", tags}
	for _, dir := range dirs {
		args = append(args, "./"+dir)
	}
	cmd := exec.Command("go", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("go %s: %v", strings.Join(args, " "), err)
	}
	prefix := modulePath(t) + "/chapters/exercises/"
	results := map[string]*result{}
	for _, dir := range dirs {
		results[dir] = &result{action: "(no result)"}
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e struct{ Action, Package, Test, Output string }
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			continue // a line of build output in an older go's -json
		}
		r := results[strings.TrimPrefix(e.Package, prefix)]
		if r == nil {
			continue
		}
		switch {
		case e.Action == "output":
			r.output += e.Output
		case e.Test != "" && e.Action == "pass":
			r.passed++
		case e.Test != "" && e.Action == "fail":
			r.failed++
		case e.Test == "" && (e.Action == "pass" || e.Action == "fail" || e.Action == "skip"):
			r.action = e.Action
		}
	}
	if stderr.Len() > 0 {
		t.Logf("go %s, standard error:\n%s", strings.Join(args, " "), stderr.Bytes())
	}
	return results
}

// TestLayout checks that every exercise folder has its three files, each
// with its build constraint, and a package comment giving the grading command.
func TestLayout(t *testing.T) {
	for _, dir := range exerciseDirs(t) {
		for file, constraint := range map[string]string{
			"exercise.go":   "//go:build !solution",
			"solution.go":   "//go:build solution",
			"grade_test.go": "//go:build grade",
		} {
			src, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				t.Error(err)
				continue
			}
			if first, _, _ := strings.Cut(string(src), "\n"); first != constraint {
				t.Errorf("%s/%s: first line %q, want %q", dir, file, first, constraint)
			}
		}
		doc := packageComment(t, dir)
		if want := gradeCommand(dir); !strings.Contains(doc, want) {
			t.Errorf("%s: the package comment does not give the command %q", dir, want)
		}
	}
}

// TestText checks each <package>.md: a ### section per exercise of the package
// with its grading command in a sh block, links that resolve from chapters/
// (where the text is embedded), Go code only as a listing of a file built
// without tags (<!-- listing: path:anchor -->, which the chapters' `make update`
// writes), and no console block (those are replayed transcripts).
func TestText(t *testing.T) {
	dirs := exerciseDirs(t)
	mds, _ := filepath.Glob("*.md")
	if len(mds) == 0 {
		t.Fatal("no <package>.md here")
	}
	for _, md := range mds {
		pkg := strings.TrimSuffix(md, ".md")
		src, err := os.ReadFile(md)
		if err != nil {
			t.Fatal(err)
		}
		text := string(src)
		if !strings.HasPrefix(text, "## Exercises\n") {
			t.Errorf("%s: want it to start with \"## Exercises\", the section its chapter includes", md)
		}
		var shBlocks []string
		for _, b := range fenced(text) {
			switch b.lang {
			case "sh":
				shBlocks = append(shBlocks, b.text)
			case "go":
				if !b.listing {
					t.Errorf("%s: a go block is a listing (<!-- listing: path:anchor -->), not %q", md, b.text)
				}
			case "console":
				t.Errorf("%s: a console block must be a replayed transcript; show commands in sh blocks", md)
			}
		}
		for _, dir := range dirs {
			if !strings.HasPrefix(dir, pkg+"/") {
				continue
			}
			if cmd := gradeCommand(dir); !containsLine(shBlocks, cmd) {
				t.Errorf("%s: no sh block shows the command %q", md, cmd)
			}
			if !strings.Contains(text, "](exercises/"+dir+"/exercise.go)") {
				t.Errorf("%s: no link to exercises/%s/exercise.go, the starter to edit", md, dir)
			}
		}
		// A listing's path is relative to this folder, and a link to the page
		// that embeds the text (chapters/).
		for _, m := range listing.FindAllStringSubmatch(text, -1) {
			path, anchor, _ := strings.Cut(m[1], ":")
			checkInclude(t, md, path, anchor)
		}
		for _, m := range link.FindAllStringSubmatch(text, -1) {
			target := strings.SplitN(m[1], "#", 2)[0]
			if strings.Contains(target, "://") || target == "" {
				continue
			}
			if _, err := os.Stat(filepath.Join("..", target)); err != nil {
				t.Errorf("%s: link to %s, seen from chapters/: %v", md, m[1], err)
			}
		}
	}
}

// checkInclude checks that a listing path:anchor of md names a Go file
// the starter builds with (not a solution or a grader) and an anchor in it.
func checkInclude(t *testing.T, md, path, anchor string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("%s: listing %s: %v", md, path, err)
		return
	}
	base := filepath.Base(path)
	if !strings.HasSuffix(base, ".go") || strings.HasSuffix(base, "_test.go") || bytes.Contains(src, []byte("//go:build solution")) {
		t.Errorf("%s: listing %s: show only Go files the starter builds, not solutions or graders", md, path)
	}
	if anchor != "" && !bytes.Contains(src, []byte("// ANCHOR: "+anchor+"\n")) {
		t.Errorf("%s: listing %s:%s: %s has no ANCHOR: %s", md, path, anchor, path, anchor)
	}
}

var (
	listing = regexp.MustCompile(`(?m)^<!-- listing: (\S+) -->$`)
	link    = regexp.MustCompile(`\]\(([^)\s]+)\)`)
)

// A block is a fenced code block of a Markdown text; listing says whether it
// is inside a listing's marker lines.
type block struct {
	lang, text string
	listing    bool
}

// fenced returns the ``` blocks of md.
func fenced(md string) []block {
	var blocks []block
	var open *block
	inListing := false
	for _, line := range strings.SplitAfter(md, "\n") {
		switch trimmed := strings.TrimSpace(line); {
		case open == nil && strings.HasPrefix(trimmed, "<!-- listing: "):
			inListing = true
		case open == nil && strings.HasPrefix(trimmed, "<!-- end listing: "):
			inListing = false
		case open == nil && strings.HasPrefix(trimmed, "```"):
			open = &block{lang: strings.TrimPrefix(trimmed, "```"), listing: inListing}
		case open != nil && trimmed == "```":
			blocks = append(blocks, *open)
			open = nil
		case open != nil:
			open.text += line
		}
	}
	return blocks
}

func containsLine(blocks []string, line string) bool {
	for _, b := range blocks {
		for _, l := range strings.Split(b, "\n") {
			if strings.TrimSpace(l) == line {
				return true
			}
		}
	}
	return false
}

// gradeCommand is the command that grades the exercise in dir.
func gradeCommand(dir string) string {
	return "go test -tags grade ./chapters/exercises/" + dir
}

// packageComment returns the package comment of the Go files in dir.
func packageComment(t *testing.T, dir string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	var doc string
	for _, file := range files {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		doc += f.Doc.Text()
	}
	return doc
}

// exerciseDirs returns the exercise folders, <package>/<exercise>, sorted.
func exerciseDirs(t *testing.T) []string {
	t.Helper()
	graders, err := filepath.Glob("*/*/grade_test.go")
	if err != nil || len(graders) == 0 {
		t.Fatalf("no exercises (*/*/grade_test.go) found: %v", err)
	}
	var dirs []string
	for _, g := range graders {
		dirs = append(dirs, filepath.ToSlash(filepath.Dir(g)))
	}
	sort.Strings(dirs)
	return dirs
}

// modulePath returns the module's path, from ../../go.mod.
func modulePath(t *testing.T) string {
	t.Helper()
	gomod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^module\s+(\S+)`).FindSubmatch(gomod)
	if m == nil {
		t.Fatal("no module line in go.mod")
	}
	return string(m[1])
}
