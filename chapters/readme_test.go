package chapters

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
)

// The README is checked like a chapter: its terminal sessions are replayed from
// ../testdata/readme/*.txtar (TestReadme; `make update` rewrites them) and each of its
// ```console blocks is, byte for byte, a want/*.console section of one (TestReadmeConsoleBlocks).
// They live apart from ../testdata/*.txtar, whose sections the chapters show.

const readmeTranscripts = "../testdata/readme"

// TestReadme replays the README's sessions as TestTranscripts replays the chapters',
// with CURL_HOME=$WORK, so that a script's .curlrc configures its curl.
func TestReadme(t *testing.T) {
	needTool(t, "make") // the README's first command is make run
	params := transcriptParams(readmeTranscripts, buildExamples(t, "./chapters/..."))
	setup := params.Setup
	params.Setup = func(env *testscript.Env) error {
		env.Setenv("CURL_HOME", env.WorkDir) // before setup copies the environment
		return setup(env)
	}
	testscript.Run(t, params)
}

// TestReadmeConsoleBlocks checks that every ```console block of ../README.md is a
// want/*.console section of a transcript in ../testdata/readme, compared by a cmp line,
// and that every such section is shown by the README.
func TestReadmeConsoleBlocks(t *testing.T) {
	sections := map[string]string{} // text -> "transcript section"
	var texts []string
	files, _ := filepath.Glob(filepath.Join(readmeTranscripts, "*.txtar"))
	if len(files) == 0 {
		t.Fatalf("no transcripts in %s", relPath(readmeTranscripts))
	}
	for _, file := range files {
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
			if !regexp.MustCompile(`(?m)^cmp \S+ ` + regexp.QuoteMeta(f.Name) + `\s*$`).Match(archive.Comment) {
				t.Errorf("%s: no line `cmp %s %s` checks section %s", relPath(file), strings.TrimPrefix(f.Name, "want/"), f.Name, f.Name)
			}
		}
	}
	blocks, _ := fencedBlocks("README.md", readFile(t, "../README.md"))
	var blockTexts []string
	shown := map[string]bool{}
	for _, b := range blocks {
		if b.lang != "console" {
			continue
		}
		blockTexts = append(blockTexts, b.text)
		if sections[b.text] != "" {
			shown[b.text] = true
			continue
		}
		near := nearest(b.text, texts)
		t.Errorf("%s: console block is no section of %s/*.txtar; nearest is %s (-block +section):\n%s",
			b, relPath(readmeTranscripts), sections[near], cmp.Diff(strings.Split(b.text, "\n"), strings.Split(near, "\n")))
	}
	for _, text := range texts {
		if !shown[text] {
			near := nearest(text, blockTexts)
			t.Errorf("%s is shown by no ```console block of README.md; nearest block (-section +block):\n%s",
				sections[text], cmp.Diff(strings.Split(text, "\n"), strings.Split(near, "\n")))
		}
	}
}

// TestReadmeLinks checks that every relative link of ../README.md's prose resolves.
func TestReadmeLinks(t *testing.T) {
	_, prose := fencedBlocks("README.md", readFile(t, "../README.md"))
	for _, m := range regexp.MustCompile(`\]\(([^)\s]+)\)`).FindAllStringSubmatch(prose, -1) {
		target := strings.SplitN(m[1], "#", 2)[0]
		if strings.Contains(target, "://") || target == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join("..", target)); err != nil {
			t.Errorf("README.md: link to %s: %v", m[1], err)
		}
	}
}
