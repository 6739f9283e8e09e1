package chapters

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// The README is checked like a chapter: its terminal sessions are replayed from
// ../testdata/readme/*.txtar (TestReadme; `make update` rewrites them), and
// TestBookSessions holds each of its session blocks to a want/*.console section of one,
// byte for byte. They live apart from ../testdata/*.txtar because their replay
// differs: CURL_HOME is the script's folder, so that its .curlrc configures curl.

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
