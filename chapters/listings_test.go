package chapters

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A chapter carries its listings in its own text, so that it reads whole wherever it is opened:
// on a code host, in an editor, in a pager, or built by mdBook or pandoc. A listing is the
// region of a file between two marker lines, which Markdown renderers hide:
//
//	<!-- listing: socketserver/tcpecho/main.go:handler -->
//	**`chapters/socketserver/tcpecho/main.go`**, an excerpt
//
//	```go
//	...the lines between // ANCHOR: handler and // ANCHOR_END: handler...
//	```
//	<!-- end listing: socketserver/tcpecho/main.go:handler -->
//
// The spec after `listing:` is mdBook's include spec, a path relative to the Markdown file:
// path (the whole file, its ANCHOR lines left out), path:anchor, or path:first:last (lines).
// A Markdown file is embedded the same way, without a caption or a fence, as the chapters
// embed their exercises:
//
//	<!-- include: exercises/basehttp.md -->
//	...the text of exercises/basehttp.md, its own listings filled in...
//	<!-- end include: exercises/basehttp.md -->
//
// TestBookListings fails when a region differs from what its source gives today, with a diff;
// `make update` (-update) writes every region from its source. It also turns what a contributor
// writes into regions: a marker pair with nothing between, a fenced block holding only mdBook
// {{#include spec}} lines (a listing each), or such a line on its own outside a block (a
// listing, or for a .md file an embedded text).

var (
	// beginMarker and endMarker are a region's marker lines: m[1] is listing or include, m[2] the spec.
	// A region in a list item is indented as the item's text is.
	beginMarker = regexp.MustCompile(`^ {0,3}<!-- (listing|include): (\S+) -->\s*$`)
	endMarker   = regexp.MustCompile(`^ {0,3}<!-- end (listing|include): (\S+) -->\s*$`)
	// includeLine is a line holding one mdBook include directive and nothing else: m[1] is the spec.
	includeLine = regexp.MustCompile(`^\s*\{\{#include\s+([^}\s]+)\s*\}\}\s*$`)
	// anchorLine is a line marking a region for mdBook: // ANCHOR: name, # ANCHOR_END: name, ...
	anchorLine = regexp.MustCompile(`ANCHOR(_END)?:\s*[\w-]+`)
	// fenceLine opens or closes a fenced block: m[1] its indent, m[2] its fence.
	fenceLine = regexp.MustCompile("^( {0,3})(```+|~~~+)")
)

// embedFiles returns the Markdown files that carry listings: the chapters and the exercises
// they embed, as paths relative to this folder.
func embedFiles(t *testing.T) []string {
	files := chapterFiles(t)
	exercises, err := filepath.Glob("exercises/*.md")
	if err != nil {
		t.Fatal(err)
	}
	return append(exercises, files...)
}

// TestBookListings checks that every listing and embedded text of a chapter is its source as it
// is today, and that no include directive is left for a reader to see; with -update (make update)
// it rewrites them.
func TestBookListings(t *testing.T) {
	for _, file := range embedFiles(t) {
		md := readFile(t, file)
		want, err := expandListings(file, md, 0)
		if err != nil {
			t.Errorf("%s", err)
			continue
		}
		if want == md {
			continue
		}
		if *update {
			if err := os.WriteFile(file, []byte(want), 0o666); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: listings rewritten from their sources", file)
			continue
		}
		t.Errorf("%s: a listing differs from its source, or an include directive is left: run `make update` (-chapter +source):\n%s",
			file, cmp.Diff(strings.Split(md, "\n"), strings.Split(want, "\n")))
	}
}

// expandListings returns md, the Markdown file named file, with every region written afresh
// from its source and every include directive turned into a region. depth counts the
// embedded texts around it.
func expandListings(file, md string, depth int) (string, error) {
	if depth > 4 {
		return "", fmt.Errorf("%s: texts embed each other more than 4 deep", file)
	}
	dir := filepath.Dir(file)
	lines := strings.SplitAfter(md, "\n")
	var out strings.Builder
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if m := beginMarker.FindStringSubmatch(line); m != nil {
			end := -1
			for j := i + 1; j < len(lines) && end < 0; j++ {
				if e := endMarker.FindStringSubmatch(lines[j]); e != nil && e[1] == m[1] && e[2] == m[2] {
					end = j
				}
			}
			if end < 0 {
				return "", fmt.Errorf("%s:%d: <!-- %s: %s --> has no line <!-- end %s: %s --> after it", file, i+1, m[1], m[2], m[1], m[2])
			}
			region, err := renderRegion(file, dir, m[1], m[2], depth)
			if err != nil {
				return "", fmt.Errorf("%s:%d: %v", file, i+1, err)
			}
			out.WriteString(indented(region, indentOf(line)))
			i = end
			continue
		}
		if m := includeLine.FindStringSubmatch(line); m != nil {
			kind := "listing"
			if strings.HasSuffix(m[1], ".md") {
				kind = "include"
			}
			region, err := renderRegion(file, dir, kind, m[1], depth)
			if err != nil {
				return "", fmt.Errorf("%s:%d: %v", file, i+1, err)
			}
			out.WriteString(indented(region, indentOf(line)))
			continue
		}
		f := fenceLine.FindStringSubmatch(line)
		if f == nil {
			out.WriteString(line)
			continue
		}
		// A fenced block: copied as it is, unless it holds include directives and nothing else.
		end := len(lines) - 1
		for j := i + 1; j < len(lines); j++ {
			if closesFence(lines[j], f[2]) {
				end = j
				break
			}
		}
		var specs []string
		only := true
		for _, l := range lines[i+1 : end] {
			if m := includeLine.FindStringSubmatch(l); m != nil {
				specs = append(specs, m[1])
			} else if strings.TrimSpace(l) != "" {
				only = false
			}
		}
		if len(specs) == 0 || !only {
			out.WriteString(strings.Join(lines[i:end+1], ""))
			i = end
			continue
		}
		for k, spec := range specs {
			region, err := renderRegion(file, dir, "listing", spec, depth)
			if err != nil {
				return "", fmt.Errorf("%s:%d: %v", file, i+1, err)
			}
			if k > 0 {
				out.WriteString("\n")
			}
			out.WriteString(indented(region, f[1]))
		}
		i = end
	}
	return out.String(), nil
}

// indentOf returns the spaces that start line, at most 3 (more would make a code block).
func indentOf(line string) string {
	n := len(line) - len(strings.TrimLeft(line, " "))
	if n > 3 {
		n = 3
	}
	return line[:n]
}

// indented returns text with indent before each of its lines but the empty ones.
func indented(text, indent string) string {
	if indent == "" {
		return text
	}
	var out strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		if strings.TrimSpace(line) != "" {
			out.WriteString(indent)
		}
		out.WriteString(line)
	}
	return out.String()
}

// closesFence reports whether line closes a block opened by fence.
func closesFence(line, fence string) bool {
	trimmed := strings.TrimSpace(line)
	return len(trimmed) >= len(fence) && strings.Trim(trimmed, fence[:1]) == "" && len(line)-len(strings.TrimLeft(line, " ")) <= 3
}

// renderRegion returns the region, marker lines included, of a listing or an embedded text
// whose spec is relative to dir.
func renderRegion(file, dir, kind, spec string, depth int) (string, error) {
	path, text, err := resolveSpec(dir, spec)
	if err != nil {
		return "", fmt.Errorf("%s %s: %v", kind, spec, err)
	}
	begin := "<!-- " + kind + ": " + spec + " -->\n"
	end := "<!-- end " + kind + ": " + spec + " -->\n"
	if kind == "include" {
		rel := path
		if wd, err := os.Getwd(); err == nil {
			if r, err := filepath.Rel(wd, path); err == nil {
				rel = r
			}
		}
		expanded, err := expandListings(rel, text, depth+1)
		if err != nil {
			return "", err
		}
		return begin + lines(expanded) + end, nil
	}
	if strings.Contains(text, "<!-- end listing:") || strings.Contains(text, "<!-- end include:") {
		return "", fmt.Errorf("listing %s: the text holds a marker line of its own", spec)
	}
	return begin + listingCaption(path, spec) + "\n\n" + fenced(listingLang(path), lines(text)) + end, nil
}

// resolveSpec returns the file an include spec relative to dir names, as an absolute path, and
// the text it gives: a whole file without its ANCHOR lines (a Markdown file exactly as it is),
// an anchored region or a range of lines.
func resolveSpec(dir, spec string) (path, text string, err error) {
	name, rest, _ := strings.Cut(spec, ":")
	if !filepath.IsAbs(name) {
		name = filepath.Join(dir, name)
	}
	if rest != "" {
		rest = ":" + rest
	}
	path, text, err = resolveInclude(name + rest)
	if err != nil || rest != "" || strings.HasSuffix(path, ".md") {
		return path, text, err
	}
	// An anchor line between two blank lines goes with one of them, as gofmt would have it.
	var kept []string
	all := strings.SplitAfter(text, "\n")
	for i := 0; i < len(all); i++ {
		if !anchorLine.MatchString(all[i]) {
			kept = append(kept, all[i])
			continue
		}
		if len(kept) > 0 && strings.TrimSpace(kept[len(kept)-1]) == "" && i+1 < len(all) && strings.TrimSpace(all[i+1]) == "" {
			i++
		}
	}
	return path, strings.Join(kept, ""), nil
}

// listingCaption names the file a listing comes from, from the module's root, and says whether
// it is the whole file or a part of it.
func listingCaption(path, spec string) string {
	caption := "**`" + filepath.ToSlash(relPath(path)) + "`**"
	switch {
	case strings.Contains(spec, ":"):
		return caption + ", an excerpt"
	case strings.HasSuffix(path, ".go") && regexp.MustCompile(`(?m)^package main$`).MatchString(readFileNoT(path)):
		return caption + ", the whole program"
	}
	return caption + ", the whole file"
}

// listingLang is the info string of a listing's fence, from its file's extension.
func listingLang(path string) string {
	switch filepath.Ext(path) {
	case ".go":
		return "go"
	case ".py":
		return "python"
	case ".html":
		return "html"
	case ".sh":
		return "sh"
	}
	return "text"
}

// fenced returns text in a fenced block of info string lang, its fence longer than any run of
// backticks that starts a line of text.
func fenced(lang, text string) string {
	fence := "```"
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimLeft(line, " \t")
		for strings.HasPrefix(trimmed, fence) {
			fence += "`"
		}
	}
	return fence + lang + "\n" + text + fence + "\n"
}

func readFileNoT(path string) string {
	data, _ := os.ReadFile(path)
	return string(data)
}

// A region is a listing or an embedded text of a Markdown file, by its lines (1-based, the
// marker lines included).
type region struct {
	kind, spec  string
	first, last int
}

// regionsOf returns the top-level regions of md: an embedded text's own listings are part of it,
// and a marker line inside a fenced block is shown, not a marker.
func regionsOf(md string) []region {
	var regions []region
	lines := strings.Split(md, "\n")
	fence := ""
	for i := 0; i < len(lines); i++ {
		if fence != "" {
			if closesFence(lines[i], fence) {
				fence = ""
			}
			continue
		}
		if f := fenceLine.FindStringSubmatch(lines[i]); f != nil {
			fence = f[2]
			continue
		}
		m := beginMarker.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if e := endMarker.FindStringSubmatch(lines[j]); e != nil && e[1] == m[1] && e[2] == m[2] {
				regions = append(regions, region{m[1], m[2], i + 1, j + 1})
				i = j
				break
			}
		}
	}
	return regions
}

// regionAt returns the region of regions that holds line, if any.
func regionAt(regions []region, line int) (region, bool) {
	for _, r := range regions {
		if r.first <= line && line <= r.last {
			return r, true
		}
	}
	return region{}, false
}

func TestExpandListings(t *testing.T) {
	const file = "testdata/lineecho/main.go"
	src := readFile(t, file)
	handle, _ := anchored(src, "handle")
	listing := "<!-- listing: " + file + ":handle -->\n**`chapters/" + file + "`**, an excerpt\n\n```go\n" + handle + "```\n<!-- end listing: " + file + ":handle -->\n"
	for _, tt := range []struct{ name, in, want, wantErr string }{
		{name: "fresh", in: "Text.\n\n" + listing + "\nMore.\n", want: "Text.\n\n" + listing + "\nMore.\n"},
		{name: "stale", in: "<!-- listing: " + file + ":handle -->\nold code\n<!-- end listing: " + file + ":handle -->\n", want: listing},
		{name: "empty", in: "<!-- listing: " + file + ":handle -->\n<!-- end listing: " + file + ":handle -->\n", want: listing},
		{name: "include block", in: "```go\n{{#include " + file + ":handle}}\n```\n", want: listing},
		{name: "two includes", in: "```go\n{{#include " + file + ":handle}}\n\n{{#include " + file + ":handle}}\n```\n", want: listing + "\n" + listing},
		{name: "include line", in: "{{#include " + file + ":handle}}\n", want: listing},
		{name: "in a list item", in: "1. Item:\n\n   ```go\n   {{#include " + file + ":handle}}\n   ```\n", want: "1. Item:\n\n" + indented(listing, "   ")},
		{name: "indented, fresh", in: "1. Item:\n\n" + indented(listing, "   "), want: "1. Item:\n\n" + indented(listing, "   ")},
		{name: "mixed block kept", in: "```go\n{{#include " + file + ":handle}}\nx := 1\n```\n", want: "```go\n{{#include " + file + ":handle}}\nx := 1\n```\n"},
		{name: "marker in a block kept", in: "```text\n{{#include x.go}}\nmore\n```\n", want: "```text\n{{#include x.go}}\nmore\n```\n"},
		{name: "no end", in: "<!-- listing: " + file + " -->\ncode\n", wantErr: "has no line <!-- end listing: " + file + " -->"},
		{name: "no anchor", in: "{{#include " + file + ":nosuch}}\n", wantErr: "no ANCHOR: nosuch"},
		{name: "no file", in: "{{#include testdata/nosuch.go}}\n", wantErr: "no such file"},
	} {
		got, err := expandListings("x.md", tt.in, 0)
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.wantErr == "" && got != tt.want:
			t.Errorf("%s: (-want +got):\n%s", tt.name, cmp.Diff(strings.Split(tt.want, "\n"), strings.Split(got, "\n")))
		}
	}

	// The whole file: its anchor lines left out, its caption says so.
	got, err := expandListings("x.md", "{{#include "+file+"}}\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got, "// ANCHOR") || strings.Contains(got, "\n\n\n") || !strings.Contains(got, "func main()") || !strings.Contains(got, "`**, the whole program\n") {
		t.Errorf("whole file listing:\n%s", got)
	}
	// A fence longer than the backticks of the text.
	if got := fenced("go", "x := `\n```\n"); !strings.HasPrefix(got, "````go\n") || !strings.HasSuffix(got, "\n````\n") {
		t.Errorf("fenced = %q", got)
	}
	// An embedded text: its own listings filled in, from its folder.
	dir := t.TempDir()
	inner := filepath.Join(dir, "inner.md")
	abs, _ := filepath.Abs(file)
	if err := os.WriteFile(inner, []byte("## Inner\n\n```go\n{{#include "+abs+":handle}}\n```\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	got, err = expandListings("x.md", "{{#include "+inner+"}}\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := "<!-- include: " + inner + " -->\n## Inner\n\n<!-- listing: " + abs + ":handle -->"; !strings.HasPrefix(got, want) ||
		!strings.HasSuffix(got, "<!-- end listing: "+abs+":handle -->\n<!-- end include: "+inner+" -->\n") {
		t.Errorf("embedded text:\n%s", got)
	}
	if r := regionsOf(got); len(r) != 1 || r[0].kind != "include" {
		t.Errorf("regionsOf(embedded) = %v, want the include alone", r)
	}
}
