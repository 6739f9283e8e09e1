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
// names each exercise's files and grading command. The starter a grader must
// fail on is the one git holds, not the working tree's, so that an exercise
// solved in place keeps `go test ./...` green. TestGradeReport (make grade)
// grades the working tree's exercises as a student wrote them.
package exercises

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
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
// the solutions, where each must pass. The starters are git's copies
// (committedStarters), so a student's solution in the working tree is not
// mistaken for a starter that its grader wrongly passes.
func TestGraders(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command: not in -short mode")
	}
	dirs := exerciseDirs(t)
	for _, mode := range []struct {
		tags    string
		pass    bool
		overlay string
	}{{"grade", false, committedStarters(t, dirs)}, {"grade solution", true, ""}} {
		results, _ := goTest(t, mode.tags, mode.overlay, dirs)
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

// startersRev is the git revision whose starters TestGraders checks: $EXERCISES_STARTERS,
// or HEAD. An instructor whose students commit their solutions names the revision
// the course handed out (EXERCISES_STARTERS=origin/main go test ./...).
func startersRev() string {
	if rev := os.Getenv("EXERCISES_STARTERS"); rev != "" {
		return rev
	}
	return "HEAD"
}

// committedStarters writes, for each exercise of dirs whose exercise.go differs
// from git's copy at startersRev, git's copy to a temporary file, and returns a
// `go test -overlay` file that puts those copies in place of the working tree's
// ("" if none differs). Where git is missing, this is no checkout, or git has no
// copy of a starter (a new exercise not yet committed), the working tree's starter
// is checked, and the test log says so.
func committedStarters(t *testing.T, dirs []string) string {
	t.Helper()
	rev := startersRev()
	if _, err := exec.LookPath("git"); err != nil {
		t.Logf("git is not installed: checking the working tree's starters, which a solved exercise fails")
		return ""
	}
	if err := exec.Command("git", "rev-parse", "--verify", "--quiet", rev+"^{commit}").Run(); err != nil {
		t.Logf("no git revision %s here (no checkout?): checking the working tree's starters, which a solved exercise fails", rev)
		return ""
	}
	replace := map[string]string{}
	tmp := t.TempDir()
	for _, dir := range dirs {
		file := filepath.Join(dir, "exercise.go")
		committed, err := gitShow(file)
		if err != nil {
			t.Logf("git has no %s at %s: checking the working tree's", file, rev)
			continue
		}
		current, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(current, committed) {
			continue
		}
		t.Logf("%s differs from git's copy at %s: checking git's, the starter", file, rev)
		copyPath := filepath.Join(tmp, strings.ReplaceAll(dir, "/", "_")+"_exercise.go")
		if err := os.WriteFile(copyPath, committed, 0o666); err != nil {
			t.Fatal(err)
		}
		abs, err := filepath.Abs(file)
		if err != nil {
			t.Fatal(err)
		}
		replace[abs] = copyPath
	}
	if len(replace) == 0 {
		return ""
	}
	overlay, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(path, overlay, 0o666); err != nil {
		t.Fatal(err)
	}
	return path
}

// gitShow returns git's copy of file (relative to this folder) at startersRev.
func gitShow(file string) ([]byte, error) {
	return exec.Command("git", "show", startersRev()+":./"+filepath.ToSlash(file)).Output()
}

// A result is what `go test -json` reported of one package.
type result struct {
	action         string // the package's last pass, fail or skip
	passed, failed int    // its tests (subtests included) that passed and failed
	firstFailed    string // the first test to fail, as its fail event came
	failOutput     string // that test's output
	output         string
}

// goTest runs the packages in dirs with tags, and with the overlay file unless it
// is "", and returns their results by dir, and what go test wrote to standard error.
func goTest(t *testing.T, tags, overlay string, dirs []string) (map[string]*result, string) {
	t.Helper()
	args := []string{"test", "-count=1", "-json", "-tags", tags}
	if overlay != "" {
		args = append(args, "-overlay", overlay)
	}
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
	parseTestJSON(out, prefix, results)
	if stderr.Len() > 0 && os.Getenv("GRADE") == "" {
		t.Logf("go %s, standard error:\n%s", strings.Join(args, " "), stderr.Bytes())
	}
	return results, stderr.String()
}

// TestGradeReport grades the working tree's exercises as a student left them,
// when GRADE is set (make grade): GRADE=<package>/<exercise> grades one and says
// what to do next; GRADE=all grades every exercise and prints a Markdown table a
// course can paste: each exercise, whether it passed, and its first failing check.
// It fails only when it cannot grade, never for a student's result.
func TestGradeReport(t *testing.T) {
	which := os.Getenv("GRADE")
	if which == "" {
		t.Skip("set GRADE=all or GRADE=<package>/<exercise> (make grade) to grade the working tree's exercises")
	}
	dirs := bookOrder(t, exerciseDirs(t))
	if which != "all" {
		i := indexOf(dirs, strings.TrimPrefix(strings.Trim(filepath.ToSlash(filepath.Clean(which)), "/"), "chapters/exercises/"))
		if i < 0 {
			t.Fatalf("no exercise %q; the exercises are: %s", which, strings.Join(dirs, " "))
		}
		results, stderr := goTest(t, "grade", "", dirs[i:i+1])
		fmt.Print(gradeAdvice(dirs, i, results[dirs[i]], stderr))
		return
	}
	results, stderr := goTest(t, "grade", "", dirs)
	fmt.Print(scoreTable(dirs, results))
	if stderr != "" && strings.Contains(scoreTable(dirs, results), "does not build") {
		fmt.Printf("\nThe go command said:\n%s", indent(stderr))
	}
}

// passed reports whether r is a graded package whose every test passed.
func passed(r *result) bool {
	return r.action == "pass" && r.failed == 0 && r.passed > 0
}

// firstFailing names the first failing check of r, or why there is none.
func firstFailing(r *result) string {
	switch {
	case passed(r):
		return ""
	case r.firstFailed != "":
		return r.firstFailed
	case r.action == "fail" || r.action == "(no result)": // an older go reports a failed build outside -json
		return "(does not build)"
	}
	return "(no check ran)"
}

// gradeAdvice says how the exercise dirs[i] did, and what to do next.
func gradeAdvice(dirs []string, i int, r *result, stderr string) string {
	dir := dirs[i]
	var b strings.Builder
	if passed(r) {
		fmt.Fprintf(&b, "%s: PASSED, all %d checks.\n", dir, r.passed)
		if i+1 < len(dirs) {
			fmt.Fprintf(&b, "Next: the next exercise, chapters/exercises/%s/exercise.go; grade it with\n\tmake grade EX=%s\n", dirs[i+1], dirs[i+1])
		} else {
			b.WriteString("That was the book's last exercise. `make grade` grades them all, as a table.\n")
		}
		return b.String()
	}
	if r.firstFailed != "" {
		fmt.Fprintf(&b, "%s: NOT PASSED (%d of %d checks passed). First failing check: %s\n",
			dir, r.passed, r.passed+r.failed, r.firstFailed)
	} else {
		fmt.Fprintf(&b, "%s: NOT PASSED: %s\n", dir, firstFailing(r))
	}
	detail := r.failOutput // the grader's own lines are indented already
	if r.firstFailed == "" {
		detail = indent(r.output + stderr)
	}
	if detail = strings.Trim(dropStatusLines(detail), "\n"); strings.TrimSpace(detail) != "" {
		fmt.Fprintf(&b, "\n%s\n\n", detail)
	}
	fmt.Fprintf(&b, "Next: edit chapters/exercises/%s/exercise.go, then grade it again with\n\tmake grade EX=%s\n", dir, dir)
	fmt.Fprintf(&b, "(The checks are chapters/exercises/%s/grade_test.go; %s runs them alone.)\n", dir, gradeCommand(dir))
	return b.String()
}

// scoreTable is the Markdown table of the results of dirs, with a score line.
func scoreTable(dirs []string, results map[string]*result) string {
	var b strings.Builder
	b.WriteString("| Exercise | Passed | First failing check |\n|---|---|---|\n")
	score := 0
	for _, dir := range dirs {
		r := results[dir]
		mark := "no"
		if passed(r) {
			mark = "yes"
			score++
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", dir, mark, firstFailing(r))
	}
	fmt.Fprintf(&b, "\nScore: %d of %d exercises passed.\n", score, len(dirs))
	return b.String()
}

// dropStatusLines removes go test's own lines (=== RUN, --- FAIL, FAIL, ok) from output.
func dropStatusLines(output string) string {
	status := regexp.MustCompile(`^\s*(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|FAIL|SKIP)|FAIL$|FAIL\t|ok\s|PASS$)`)
	var kept []string
	for _, line := range strings.Split(output, "\n") {
		if !status.MatchString(line) {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n")
}

func indent(text string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(text, "\n"), "\n", "\n    ")
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// bookOrder returns dirs in the order the book sets them: chapter by chapter as
// ../SUMMARY.md lists them, and within <package>.md in the order it links their
// starters. Any exercise the book does not link comes last.
func bookOrder(t *testing.T, dirs []string) []string {
	t.Helper()
	summary, err := os.ReadFile(filepath.Join("..", "SUMMARY.md"))
	if err != nil {
		t.Fatal(err)
	}
	var ordered []string
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`\]\(([\w-]+)\.md\)`).FindAllStringSubmatch(string(summary), -1) {
		text, err := os.ReadFile(m[1] + ".md")
		if err != nil {
			continue // a chapter without exercises
		}
		for _, l := range regexp.MustCompile(`\]\(exercises/([\w-]+/[\w-]+)/exercise\.go\)`).FindAllStringSubmatch(string(text), -1) {
			if indexOf(dirs, l[1]) >= 0 && !seen[l[1]] {
				seen[l[1]] = true
				ordered = append(ordered, l[1])
			}
		}
	}
	for _, dir := range dirs {
		if !seen[dir] {
			ordered = append(ordered, dir)
		}
	}
	return ordered
}

// parseTestJSON adds the events of `go test -json` output out to results, a
// result by package path without prefix; it ignores other packages and lines.
func parseTestJSON(out []byte, prefix string, results map[string]*result) {
	testOutput := map[string]string{} // by package and test
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e struct{ Action, Package, ImportPath, Test, Output string }
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			continue // a line of build output in an older go's -json
		}
		if e.Package == "" { // a build-output event names its package "path [path.test]"
			e.Package, _, _ = strings.Cut(e.ImportPath, " ")
		}
		r := results[strings.TrimPrefix(e.Package, prefix)]
		if r == nil {
			continue
		}
		switch {
		case e.Action == "output" || e.Action == "build-output":
			r.output += e.Output
			testOutput[e.Package+" "+e.Test] += e.Output
		case e.Test != "" && e.Action == "pass":
			r.passed++
		case e.Test != "" && e.Action == "fail":
			r.failed++
			if r.firstFailed == "" {
				r.firstFailed = e.Test
				r.failOutput = testOutput[e.Package+" "+e.Test]
			}
		case e.Test == "" && (e.Action == "pass" || e.Action == "fail" || e.Action == "skip"):
			r.action = e.Action
		}
	}
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
	if committed, gitErr := gitShow(path); gitErr == nil && filepath.Base(path) == "exercise.go" {
		src, err = committed, nil // the text shows the starter, which a student may have solved in place
	}
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

// TestScoreTable feeds parseTestJSON the events of three graded packages, one
// passing, one failing a subtest, one not building, and checks the table.
func TestScoreTable(t *testing.T) {
	const p = "m/chapters/exercises/"
	events := strings.Join([]string{
		`{"Action":"run","Package":"` + p + `a/ok","Test":"TestX"}`,
		`{"Action":"pass","Package":"` + p + `a/ok","Test":"TestX"}`,
		`{"Action":"pass","Package":"` + p + `a/ok"}`,
		`{"Action":"output","Package":"` + p + `b/bad","Test":"TestY","Output":"=== RUN   TestY\n"}`,
		`{"Action":"output","Package":"` + p + `b/bad","Test":"TestY/sub","Output":"    grade_test.go:9: got 1, want 2\n"}`,
		`{"Action":"fail","Package":"` + p + `b/bad","Test":"TestY/sub"}`,
		`{"Action":"fail","Package":"` + p + `b/bad","Test":"TestY"}`,
		`{"Action":"pass","Package":"` + p + `b/bad","Test":"TestZ"}`,
		`{"Action":"fail","Package":"` + p + `b/bad"}`,
		`FAIL	m/chapters/exercises/c/broken [build failed]`,
		`{"ImportPath":"` + p + `c/broken [` + p + `c/broken.test]","Action":"build-output","Output":"exercise.go:3: undefined: x\n"}`,
		`{"Action":"fail","Package":"` + p + `c/broken"}`,
		`{"Action":"pass","Package":"m/other"}`,
	}, "\n")
	dirs := []string{"a/ok", "b/bad", "c/broken"}
	results := map[string]*result{}
	for _, dir := range dirs {
		results[dir] = &result{action: "(no result)"}
	}
	parseTestJSON([]byte(events), p, results)
	want := "| Exercise | Passed | First failing check |\n|---|---|---|\n" +
		"| a/ok | yes |  |\n" +
		"| b/bad | no | TestY/sub |\n" +
		"| c/broken | no | (does not build) |\n" +
		"\nScore: 1 of 3 exercises passed.\n"
	if got := scoreTable(dirs, results); got != want {
		t.Errorf("scoreTable:\n%s\nwant:\n%s", got, want)
	}
	if got := results["b/bad"]; got.passed != 1 || got.failed != 2 || !strings.Contains(got.failOutput, "got 1, want 2") {
		t.Errorf("b/bad: %d passed, %d failed, fail output %q; want 1, 2 and the subtest's line", got.passed, got.failed, got.failOutput)
	}
	if got := gradeAdvice(dirs, 2, results["c/broken"], ""); !strings.Contains(got, "undefined: x") || !strings.Contains(got, "make grade EX=c/broken") {
		t.Errorf("gradeAdvice for a package that does not build:\n%s", got)
	}
	if got := gradeAdvice(dirs, 0, results["a/ok"], ""); !strings.Contains(got, "PASSED") || !strings.Contains(got, "make grade EX=b/bad") {
		t.Errorf("gradeAdvice for a passing exercise does not point to the next one:\n%s", got)
	}
}
