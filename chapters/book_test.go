package chapters

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
)

// The book checks itself: its table of contents, its links, its Go listings (the text of
// compiled files, kept so by TestBookListings in listings_test.go, never pasted), its terminal
// sessions (replayed by TestTranscripts), the commands it gives (bookcommands_test.go) and
// the HTML pages built from it (bookhtml_test.go).

// TestBookSummary checks that SUMMARY.md lists every chapter, and nothing else.
func TestBookSummary(t *testing.T) {
	summary, err := os.ReadFile("SUMMARY.md")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile(`\]\(([^)]+\.md)\)`).FindAllStringSubmatch(string(summary), -1) {
		listed[m[1]] = true
		if _, err := os.Stat(m[1]); err != nil {
			t.Errorf("SUMMARY.md lists %s, which does not exist", m[1])
		}
	}
	for _, chapter := range chapterFiles(t) {
		if !listed[chapter] {
			t.Errorf("%s is not listed in SUMMARY.md", chapter)
		}
	}
}

// TestBookLinks checks that every relative link of the book resolves to a file.
func TestBookLinks(t *testing.T) {
	link := regexp.MustCompile(`\]\(([^)\s]+)[^)]*\)|(?m)^\[[^\]]+\]:\s*(\S+)`)
	for _, file := range append(chapterFiles(t), "SUMMARY.md") {
		md := readFile(t, file)
		_, prose := fencedBlocks(file, md)
		for _, m := range link.FindAllStringSubmatch(prose, -1) {
			target := m[1] + m[2]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") || strings.HasPrefix(target, "#") {
				continue
			}
			if _, err := os.Stat(strings.SplitN(target, "#", 2)[0]); err != nil {
				t.Errorf("%s: link to %s: %v", file, target, err)
			}
		}
	}
}

// TestBookNoDirective checks that no mdBook directive ({{#include ...}} and its siblings,
// escaped or not) is left in a chapter or an exercises text for a reader to see, outside the
// listings (whose text is a source file's).
func TestBookNoDirective(t *testing.T) {
	for _, file := range embedFiles(t) {
		md := readFile(t, file)
		regions := regionsOf(md)
		for i, line := range strings.Split(md, "\n") {
			if _, in := regionAt(regions, i+1); !in && strings.Contains(line, "{{#") {
				t.Errorf("%s:%d: a reader sees the directive %q: write a listing (`make update` turns an include line into one)", file, i+1, strings.TrimSpace(line))
			}
		}
	}
}

// TestBookGoBlocks checks that every block of Go in the book (info string go or golang) is a
// listing of a file the go command compiles: TestBookListings keeps it that file's text.
func TestBookGoBlocks(t *testing.T) {
	compiled := compiledGoFiles(t)
	for _, file := range append(embedFiles(t), "../README.md") {
		md := readFile(t, file)
		regions := regionsOf(md)
		blocks, _ := fencedBlocks(file, md)
		for _, b := range blocks {
			if lang := strings.ToLower(b.lang); lang != "go" && lang != "golang" {
				continue
			}
			r, in := regionAt(regions, b.line)
			switch {
			case !in:
				t.Errorf("%s: a %s block that is no listing: show Go code as a listing of a compiled file "+
					"(write <!-- listing: path.go:anchor --> and <!-- end listing: path.go:anchor --> and run `make update`)", b, b.lang)
			case r.kind == "listing":
				path, _, err := resolveSpec(filepath.Dir(file), r.spec)
				if err == nil && !compiled[path] {
					err = fmt.Errorf("%s is not compiled: no package of `go list ./...` has it", relPath(path))
				}
				if err != nil {
					t.Errorf("%s: listing %s: %v", b, r.spec, err)
				}
			}
		}
	}
}

// TestBookSessions checks that every block of the book that shows a command line (a line
// starting with "$ "), whatever its info string, is a want/*.console section of a transcript in
// ../testdata (the README's: ../testdata/readme), that every such section is shown by a
// chapter or the README, and that no command line
// stands outside a fenced block (an indented block, say), where no check could reach it.
func TestBookSessions(t *testing.T) {
	sections := map[string]string{} // text -> "transcript section"
	var texts []string
	transcripts, _ := filepath.Glob("../testdata/*.txtar")
	readme, _ := filepath.Glob(filepath.Join(readmeTranscripts, "*.txtar")) // the README's sessions
	for _, file := range append(transcripts, readme...) {
		archive, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range archive.Files {
			if !strings.HasPrefix(f.Name, "want/") || !strings.HasSuffix(f.Name, ".console") {
				continue
			}
			sections[string(f.Data)] = relPath(file) + " " + f.Name
			texts = append(texts, string(f.Data))
			compared := regexp.MustCompile(`(?m)^cmp \S+ ` + regexp.QuoteMeta(f.Name) + `\s*$`)
			if !compared.Match(archive.Comment) {
				t.Errorf("%s: no line `cmp %s %s` checks section %s", relPath(file), strings.TrimPrefix(f.Name, "want/"), f.Name, f.Name)
			}
		}
	}
	var blockTexts []string
	var stale []block
	shown := map[string]bool{}
	for _, file := range append(chapterFiles(t), "../README.md") {
		md := readFile(t, file)
		regions := regionsOf(md)
		blocks, _ := fencedBlocks(file, md)
		for _, n := range proseLines(md) {
			if line := strings.Split(md, "\n")[n-1]; strings.HasPrefix(strings.TrimLeft(line, " \t>"), "$ ") {
				t.Errorf("%s:%d: a command line outside a fenced block (indented, say), where no transcript checks it: %q", file, n, line)
			}
		}
		for _, b := range blocks {
			if r, in := regionAt(regions, b.line); in && r.kind == "listing" {
				continue // a file's text, not a session
			}
			if !regexp.MustCompile(`(?m)^\$ `).MatchString(b.text) {
				continue
			}
			blockTexts = append(blockTexts, b.text)
			if sections[b.text] != "" {
				shown[b.text] = true
				continue
			}
			stale = append(stale, b)
		}
	}
	rewrites := map[string][]sessionRewrite{}
	for _, b := range stale {
		if section, ok := sameCommands(b.text, texts, shown); ok && *update {
			rewrites[b.file] = append(rewrites[b.file], sessionRewrite{b, section})
			shown[section] = true
			continue
		}
		if len(texts) == 0 {
			t.Errorf("%s: a session (a %q block with a $ line) is no transcript section: ../testdata/*.txtar have no want/*.console section", b, b.lang)
			continue
		}
		near := nearest(b.text, texts)
		hint := ""
		if _, ok := sameCommands(b.text, texts, shown); ok {
			hint = " (its command lines are the section's: `make update` rewrites it)"
		}
		t.Errorf("%s: a session (a %q block with a $ line) is no transcript section; nearest is %s%s (-block +section):\n%s",
			b, b.lang, sections[near], hint, cmp.Diff(strings.Split(b.text, "\n"), strings.Split(near, "\n")))
	}
	for file, rs := range rewrites {
		if err := os.WriteFile(file, []byte(rewriteSessions(readFile(t, file), rs)), 0o666); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d sessions rewritten from their transcripts", file, len(rs))
	}
	for _, text := range texts {
		if !shown[text] {
			near := nearest(text, blockTexts)
			t.Errorf("%s is shown by no block of a chapter; nearest block (-section +block):\n%s",
				sections[text], cmp.Diff(strings.Split(text, "\n"), strings.Split(near, "\n")))
		}
	}
}

// sameCommands returns the one section of texts, shown by no block yet, whose command lines
// ($ lines) are those of a block's text: the block is that session, its output grown stale.
func sameCommands(text string, texts []string, shown map[string]bool) (string, bool) {
	commands := func(s string) string {
		return strings.Join(regexp.MustCompile(`(?m)^\$ .*$`).FindAllString(s, -1), "\n")
	}
	var found []string
	for _, section := range texts {
		if !shown[section] && commands(section) == commands(text) {
			found = append(found, section)
		}
	}
	if len(found) != 1 {
		return "", false
	}
	return found[0], true
}

// A sessionRewrite replaces the text of a block with a transcript's section.
type sessionRewrite struct {
	b       block
	section string
}

// rewriteSessions returns md with each rewrite's block holding its section, indented as the block's fence.
func rewriteSessions(md string, rs []sessionRewrite) string {
	lines := strings.SplitAfter(md, "\n")
	sort.Slice(rs, func(i, j int) bool { return rs[i].b.line > rs[j].b.line })
	for _, r := range rs {
		fence := lines[r.b.line-1]
		indent := fence[:len(fence)-len(strings.TrimLeft(fence, " "))]
		n := strings.Count(r.b.text, "\n")
		section := strings.SplitAfter(indented(r.section, indent), "\n")
		section = section[:len(section)-1] // the empty string after the last newline
		lines = append(lines[:r.b.line], append(section, lines[r.b.line+n:]...)...)
	}
	return strings.Join(lines, "")
}

// chapterFiles returns the chapters: the markdown files of this folder but SUMMARY.md.
func chapterFiles(t *testing.T) []string {
	files, err := filepath.Glob("*.md")
	if err != nil {
		t.Fatal(err)
	}
	var chapters []string
	for _, f := range files {
		if f != "SUMMARY.md" {
			chapters = append(chapters, f)
		}
	}
	return chapters
}

// A block is a fenced code block of a chapter.
type block struct {
	file string
	line int    // of its opening fence
	lang string // the first word of its info string: go, console, ...
	text string // its lines, each ending in a newline, as mdBook shows them
}

func (b block) String() string { return fmt.Sprintf("%s:%d", b.file, b.line) }

// fencedBlocks returns the fenced code blocks of md, and the rest, its prose.
func fencedBlocks(file, md string) (blocks []block, prose string) {
	fence := regexp.MustCompile("^( *)(```+|~~~+)\\s*([^\\s,{]*)")
	var open *block
	var indent, marker string
	var text, rest strings.Builder
	for i, line := range strings.SplitAfter(md, "\n") {
		switch m := fence.FindStringSubmatch(line); {
		case open == nil && m != nil:
			open = &block{file: file, line: i + 1, lang: m[3]}
			indent, marker = m[1], m[2]
			text.Reset()
		case open == nil:
			rest.WriteString(line)
		case len(strings.TrimSpace(line)) >= len(marker) && strings.Trim(line, " \n"+marker[:1]) == "":
			open.text = text.String()
			blocks = append(blocks, *open)
			open = nil
		default:
			text.WriteString(strings.TrimPrefix(line, indent))
		}
	}
	return blocks, rest.String()
}

// proseLines returns the numbers (from 1) of md's lines outside its fenced blocks.
func proseLines(md string) []int {
	var prose []int
	fence := ""
	for i, line := range strings.Split(md, "\n") {
		switch f := fenceLine.FindStringSubmatch(line); {
		case fence != "":
			if closesFence(line, fence) {
				fence = ""
			}
		case f != nil:
			fence = f[2]
		default:
			prose = append(prose, i+1)
		}
	}
	return prose
}

// includeDirective is mdBook's {{#include path}}, path:anchor or path:first:last
// (m[1] is the spec), or an escaped one, \{{#include ...}}, which mdBook shows as it is.
var includeDirective = regexp.MustCompile(`\\?\{\{#include\s+([^}\s]+)\s*\}\}\n?`)

// resolveInclude returns the file an include spec (path[:anchor|:first[:last]]) names,
// as an absolute path, and the text it includes.
func resolveInclude(spec string) (path, text string, err error) {
	parts := strings.Split(spec, ":")
	if path, err = filepath.Abs(parts[0]); err != nil {
		return "", "", err
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return "", "", err
	}
	switch {
	case len(parts) == 1:
		return path, string(src), nil
	case len(parts) == 2 && !regexp.MustCompile(`^\d*$`).MatchString(parts[1]):
		text, err = anchored(string(src), parts[1])
		return path, text, err
	}
	lines := strings.SplitAfter(string(src), "\n")
	first, last := 1, len(lines)
	if n, err := strconv.Atoi(parts[1]); err == nil {
		first, last = n, n
	}
	if len(parts) == 3 {
		last = len(lines)
		if n, err := strconv.Atoi(parts[2]); err == nil {
			last = n
		}
	}
	if first < 1 || first > last || last > len(lines) {
		return "", "", fmt.Errorf("lines %d to %d: %s has %d", first, last, relPath(path), len(lines))
	}
	return path, strings.Join(lines[first-1:last], ""), nil
}

// anchored returns the region of src between the lines `ANCHOR: name` and `ANCHOR_END: name`,
// without any anchor line, as mdBook includes it.
func anchored(src, name string) (string, error) {
	anchor := regexp.MustCompile(`ANCHOR(_END)?:\s*([\w-]+)`)
	var region strings.Builder
	in, found := false, false
	for _, line := range strings.SplitAfter(src, "\n") {
		m := anchor.FindStringSubmatch(line)
		switch {
		case m != nil && m[2] == name:
			in = m[1] == ""
			found = found || in
		case in && m == nil:
			region.WriteString(line)
		}
	}
	if !found {
		return "", fmt.Errorf("no ANCHOR: %s", name)
	}
	return region.String(), nil
}

// compiledGoFiles returns the absolute paths of the .go files of the module's packages,
// tests included, as the go command lists them (it leaves out testdata).
func compiledGoFiles(t *testing.T) map[string]bool {
	list := exec.Command("go", "list", "-e", "-f",
		`{{range .GoFiles}}{{$.Dir}}/{{.}}{{"\n"}}{{end}}{{range .CgoFiles}}{{$.Dir}}/{{.}}{{"\n"}}{{end}}`+
			`{{range .TestGoFiles}}{{$.Dir}}/{{.}}{{"\n"}}{{end}}{{range .XTestGoFiles}}{{$.Dir}}/{{.}}{{"\n"}}{{end}}`,
		"./...")
	list.Dir = ".."
	out, err := list.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderrOf(err))
	}
	compiled := map[string]bool{}
	for _, path := range strings.Fields(string(out)) {
		compiled[filepath.Clean(path)] = true
	}
	return compiled
}

// nearest returns the candidate sharing the most lines with text.
func nearest(text string, candidates []string) string {
	best, bestScore := "", -1
	for _, c := range candidates {
		count := map[string]int{}
		for _, line := range strings.Split(c, "\n") {
			count[line]++
		}
		score := 0
		for _, line := range strings.Split(text, "\n") {
			if count[line] > 0 {
				count[line]--
				score++
			}
		}
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	return best
}

func readFile(t *testing.T, path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// relPath returns path relative to the module root, for messages.
func relPath(path string) string {
	root, _ := filepath.Abs("..")
	abs, _ := filepath.Abs(path)
	if rel, err := filepath.Rel(root, abs); err == nil {
		return rel
	}
	return path
}

// TestBookWholePrograms checks that every example program (a main package under chapters/, but
// the exercises) is shown whole by a listing of a chapter, each of its files, so that a reader
// can copy it and run it.
func TestBookWholePrograms(t *testing.T) {
	list := exec.Command("go", "list", "-f", `{{if eq .Name "main"}}{{range .GoFiles}}{{$.Dir}}/{{.}}{{"\n"}}{{end}}{{end}}`, "./chapters/...")
	list.Dir = ".."
	out, err := list.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderrOf(err))
	}
	whole := map[string]bool{}
	for _, file := range chapterFiles(t) {
		for _, r := range regionsOf(readFile(t, file)) {
			if r.kind == "listing" && !strings.Contains(r.spec, ":") {
				if path, _, err := resolveSpec(filepath.Dir(file), r.spec); err == nil {
					whole[path] = true
				}
			}
		}
	}
	for _, path := range strings.Fields(string(out)) {
		rel := relPath(path)
		// The exercises' starters are shown by their chapters' exercises; the speed
		// harness (chapters/speed, make bench) is the README's evidence, no listing.
		if strings.HasPrefix(rel, "chapters/exercises/") || strings.HasPrefix(rel, "chapters/speed/") || strings.Contains(rel, "/testdata/") {
			continue
		}
		if !whole[filepath.Clean(path)] {
			spec, _ := filepath.Rel(".", strings.TrimPrefix(rel, "chapters/"))
			t.Errorf("%s: an example program no chapter shows whole: add the lines <!-- listing: %s --> and <!-- end listing: %s --> where it is introduced, and run `make update`",
				rel, spec, spec)
		}
	}
}
