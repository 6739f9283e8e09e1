package chapters

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
)

// The book checks itself: its table of contents, its links, its Go listings (included from
// compiled files, never pasted) and its terminal sessions (replayed by TestTranscripts).

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

// TestBookLinks checks that every relative link and every {{#include}} of the book resolves,
// to a file and, if the include names one, to an anchor of that file.
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
		for _, m := range includeDirective.FindAllStringSubmatch(md, -1) {
			if strings.HasPrefix(m[0], `\`) {
				continue
			}
			if _, _, err := resolveInclude(m[1]); err != nil {
				t.Errorf("%s: %s: %v", file, strings.TrimSpace(m[0]), err)
			}
		}
	}
}

// TestBookGoBlocks checks that every ```go block of a chapter includes a file the go command
// compiles ({{#include path.go}}, path.go:anchor or path.go:first:last), or is, byte for byte,
// an anchored region of one.
func TestBookGoBlocks(t *testing.T) {
	compiled := compiledGoFiles(t)
	for _, chapter := range chapterFiles(t) {
		blocks, _ := fencedBlocks(chapter, readFile(t, chapter))
		for _, b := range blocks {
			if b.lang != "go" {
				continue
			}
			includes := includeDirective.FindAllStringSubmatch(b.text, -1)
			if len(includes) == 0 {
				checkPastedGo(t, b, compiled)
				continue
			}
			if rest := strings.TrimSpace(includeDirective.ReplaceAllString(b.text, "")); rest != "" {
				t.Errorf("%s: a go block holds {{#include}} lines and nothing else, not %q", b, rest)
			}
			for _, m := range includes {
				path, _, err := resolveInclude(m[1])
				if err == nil && !compiled[path] {
					err = fmt.Errorf("%s is not compiled: no package of `go list ./...` has it", relPath(path))
				}
				if err != nil {
					t.Errorf("%s: %s: %v", b, strings.TrimSpace(m[0]), err)
				}
			}
		}
	}
}

// checkPastedGo checks that block b, which includes nothing, is an anchored region of a compiled file.
func checkPastedGo(t *testing.T, b block, compiled map[string]bool) {
	var regions []string
	names := map[string]string{}
	for path := range compiled {
		src := readFile(t, path)
		for _, m := range regexp.MustCompile(`ANCHOR:\s*([\w-]+)`).FindAllStringSubmatch(src, -1) {
			region, _ := anchored(src, m[1])
			if region == b.text {
				return
			}
			regions = append(regions, region)
			names[region] = relPath(path) + ":" + m[1]
		}
	}
	nearest := nearest(b.text, regions)
	t.Errorf("%s: go block is no {{#include}} and no anchored region of a compiled file; nearest is %s (-block +region):\n%s",
		b, names[nearest], cmp.Diff(strings.Split(b.text, "\n"), strings.Split(nearest, "\n")))
}

// TestBookConsoleBlocks checks that every ```console block of a chapter is a want/*.console
// section of a transcript in ../testdata, and that every such section is shown by a chapter.
func TestBookConsoleBlocks(t *testing.T) {
	sections := map[string]string{} // text -> "transcript section"
	var texts []string
	transcripts, _ := filepath.Glob("../testdata/*.txtar")
	for _, file := range transcripts {
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
	shown := map[string]bool{}
	for _, chapter := range chapterFiles(t) {
		blocks, _ := fencedBlocks(chapter, readFile(t, chapter))
		for _, b := range blocks {
			if b.lang != "console" {
				continue
			}
			blockTexts = append(blockTexts, b.text)
			if sections[b.text] != "" {
				shown[b.text] = true
				continue
			}
			if len(texts) == 0 {
				t.Errorf("%s: console block is no transcript section: ../testdata/*.txtar have no want/*.console section", b)
				continue
			}
			near := nearest(b.text, texts)
			t.Errorf("%s: console block is no transcript section; nearest is %s (-block +section):\n%s",
				b, sections[near], cmp.Diff(strings.Split(b.text, "\n"), strings.Split(near, "\n")))
		}
	}
	for _, text := range texts {
		if !shown[text] {
			near := nearest(text, blockTexts)
			t.Errorf("%s is shown by no ```console block of a chapter; nearest block (-section +block):\n%s",
				sections[text], cmp.Diff(strings.Split(text, "\n"), strings.Split(near, "\n")))
		}
	}
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
