package chapters

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The book checks read Markdown and mdBook includes with the helpers tested here.

func TestFencedBlocks(t *testing.T) {
	md := strings.Join([]string{
		"# Title",
		"See [the server](socketserver.md).",
		"```go",
		"{{#include socketserver/tcpecho/main.go:handler}}",
		"```",
		"1. In a list:",
		"   ```console",
		"   $ echo hello",
		"   hello",
		"   ```",
		"````markdown",
		"```go",
		"````",
		"~~~",
		"text",
		"~~~",
		"The end.",
		"",
	}, "\n")
	blocks, prose := fencedBlocks("x.md", md)
	want := []block{
		{"x.md", 3, "go", "{{#include socketserver/tcpecho/main.go:handler}}\n"},
		{"x.md", 7, "console", "$ echo hello\nhello\n"},
		{"x.md", 11, "markdown", "```go\n"},
		{"x.md", 14, "", "text\n"},
	}
	if diff := cmp.Diff(want, blocks, cmp.AllowUnexported(block{})); diff != "" {
		t.Errorf("blocks (-want +got):\n%s", diff)
	}
	if want := "# Title\nSee [the server](socketserver.md).\n1. In a list:\nThe end.\n"; prose != want {
		t.Errorf("prose = %q, want %q", prose, want)
	}
}

func TestResolveInclude(t *testing.T) {
	const file = "testdata/lineecho/main.go"
	src := readFile(t, file)
	for _, tt := range []struct {
		spec, wantPrefix, wantErr string
	}{
		{spec: file, wantPrefix: "// Command lineecho is"},
		{spec: file + ":handle", wantPrefix: "// handle logs, then answers"},
		{spec: file + ":2", wantPrefix: "// Like the book's first example"},
		{spec: file + ":2:3", wantPrefix: "// Like the book's first example"},
		{spec: file + ":nosuch", wantErr: "no ANCHOR: nosuch"},
		{spec: file + ":9999", wantErr: "lines 9999 to 9999"},
		{spec: "testdata/nosuch.go", wantErr: "no such file"},
	} {
		_, text, err := resolveInclude(tt.spec)
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("resolveInclude(%q): error %v, want %q", tt.spec, err, tt.wantErr)
		case tt.wantErr == "" && (err != nil || !strings.HasPrefix(text, tt.wantPrefix)):
			t.Errorf("resolveInclude(%q) = %.40q, %v; want %q...", tt.spec, text, err, tt.wantPrefix)
		case strings.HasSuffix(tt.spec, ":handle") && strings.Contains(text, "ANCHOR"):
			t.Errorf("resolveInclude(%q) kept an anchor line", tt.spec)
		}
	}
	if _, text, _ := resolveInclude(file + ":2:3"); strings.Count(text, "\n") != 2 || !strings.Contains(src, text) {
		t.Errorf("resolveInclude(%s:2:3) = %q, want lines 2 and 3", file, text)
	}
}
