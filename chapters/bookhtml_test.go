package chapters

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// screenshotDir keeps one screenshot per page of the HTML book, for a person to look at; the
// repository ignores it (book/ is the build folder).
const screenshotDir = "../book/screenshots"

// TestBookHTML builds the HTML book as make book does (mdBook where it is installed, otherwise
// pandoc with .ci/book-pandoc), opens each chapter in headless Chromium and checks what a reader
// sees there: each listing (its caption and its code), each session, the exercises, a table of
// contents, and no raw directive, no stray carriage return, no table wider than the page. It
// writes a screenshot of each page to book/screenshots/.
func TestBookHTML(t *testing.T) {
	mdbook, _ := exec.LookPath("mdbook")
	pandoc, _ := exec.LookPath("pandoc")
	if mdbook == "" && pandoc == "" {
		needTool(t, "pandoc", "mdbook") // skips, or fails with CI=true
	}
	chromium := needTool(t, "chromium", "chromium-browser")

	out := t.TempDir()
	var build *exec.Cmd
	if mdbook != "" {
		build = exec.Command(mdbook, "build", "-d", out)
	} else {
		build = exec.Command("./.ci/book-pandoc", out)
	}
	build.Dir = ".."
	if output, err := build.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(build.Args, " "), err, output)
	}
	if err := os.MkdirAll(screenshotDir, 0o777); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	b := startBrowser(t, chromium)
	tab, err := b.openTab(ctx)
	if err != nil {
		t.Fatalf("%v\nchromium's stderr:\n%s", err, b.close())
	}
	pages := summaryPages(t)
	for _, page := range pages {
		want := expectedOnPage(t, page)
		url := "file://" + filepath.Join(out, strings.TrimSuffix(page, ".md")+".html")
		seen, err := b.look(ctx, tab, url)
		if err != nil {
			t.Fatalf("%s: %v\nchromium's stderr:\n%s", page, err, b.close())
		}
		for _, problem := range pageProblems(seen, want, pages) {
			t.Errorf("%s: %s", url, problem)
		}
		for _, href := range seen.Links {
			if path, ok := strings.CutPrefix(strings.SplitN(href, "#", 2)[0], "file://"); ok {
				if _, err := os.Stat(path); err != nil {
					t.Errorf("%s: a link to %s, which the built book lacks", url, href)
				}
			}
		}
		png, err := b.screenshot(ctx, tab, seen.Height)
		if err != nil {
			t.Fatalf("%s: screenshot: %v", page, err)
		}
		shot := filepath.Join(screenshotDir, strings.TrimSuffix(page, ".md")+".png")
		if err := os.WriteFile(shot, png, 0o666); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d listings, %d sessions, %d tables; screenshot %s", page, len(want.listings), len(want.sessions), seen.Tables, relPath(shot))
	}
}

// A pageView is what Chromium shows of a page.
type pageView struct {
	Text       string   // document.body.innerText
	Prose      string   // the text of the page but its pre elements
	Pres       []string // the text of each pre element
	Links      []string // the href of each link
	Tables     int
	WideTables []string // the first cell of each table wider than the page's text
	Height     int      // of the whole page, in CSS pixels
}

// pageWant is what a page must show: from its chapter's Markdown.
type pageWant struct {
	listings []listingWant
	sessions []string // the first line of each session
	headings []string // the exercises' headings, among others
}

type listingWant struct{ caption, firstLine string }

// expectedOnPage reads the chapter page: its listings (embedded texts' included), its sessions
// and its headings.
func expectedOnPage(t *testing.T, page string) pageWant {
	md := readFile(t, page)
	var want pageWant
	lines := strings.Split(md, "\n")
	for _, n := range proseLines(md) {
		i, line := n-1, lines[n-1]
		if m := beginMarker.FindStringSubmatch(line); m != nil && m[1] == "listing" && i+4 < len(lines) {
			caption := strings.Trim(strings.SplitN(lines[i+1], ",", 2)[0], "*`")
			want.listings = append(want.listings, listingWant{caption, firstNonBlank(lines[i+4:])})
		}
		if m := regexp.MustCompile(`^#{2,3} (.+)$`).FindStringSubmatch(line); m != nil {
			want.headings = append(want.headings, strings.ReplaceAll(m[1], "`", ""))
		}
	}
	blocks, _ := fencedBlocks(page, md)
	for _, b := range blocks {
		if strings.HasPrefix(b.text, "$ ") {
			want.sessions = append(want.sessions, strings.SplitN(b.text, "\n", 2)[0])
		}
	}
	return want
}

func firstNonBlank(lines []string) string {
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			return strings.TrimRight(l, "\r")
		}
	}
	return ""
}

// pageProblems compares what a page shows with what it must show.
func pageProblems(seen pageView, want pageWant, pages []string) []string {
	var problems []string
	inPre := func(s string) bool {
		for _, p := range seen.Pres {
			if strings.Contains(p, s) {
				return true
			}
		}
		return false
	}
	for _, l := range want.listings {
		if !strings.Contains(seen.Text, l.caption) {
			problems = append(problems, fmt.Sprintf("no caption %s", l.caption))
		}
		if !inPre(strings.TrimLeft(l.firstLine, "\t ")) {
			problems = append(problems, fmt.Sprintf("the listing of %s is not shown: no code block holds %q", l.caption, l.firstLine))
		}
	}
	for _, s := range want.sessions {
		if !inPre(s) {
			problems = append(problems, fmt.Sprintf("no code block shows the session %q", s))
		}
	}
	for _, h := range want.headings {
		if !strings.Contains(seen.Text, h) {
			problems = append(problems, fmt.Sprintf("no heading %q", h))
		}
	}
	if strings.Contains(seen.Text, "{{#") {
		problems = append(problems, fmt.Sprintf("a raw directive is shown: %q", around(seen.Text, "{{#")))
	}
	if strings.Contains(seen.Prose, "<!--") {
		problems = append(problems, fmt.Sprintf("a marker line is shown: %q", around(seen.Prose, "<!--")))
	}
	if strings.Contains(seen.Text, "\r") {
		problems = append(problems, fmt.Sprintf("a carriage return is shown: %q", around(seen.Text, "\r")))
	}
	for _, cell := range seen.WideTables {
		problems = append(problems, fmt.Sprintf("the table that starts %q is wider than the page", cell))
	}
	for _, page := range pages {
		linked := false
		for _, href := range seen.Links {
			linked = linked || strings.HasSuffix(strings.SplitN(href, "#", 2)[0], "/"+strings.TrimSuffix(page, ".md")+".html")
		}
		if !linked {
			problems = append(problems, fmt.Sprintf("the table of contents has no link to %s", page))
		}
	}
	return problems
}

func around(text, s string) string {
	i := strings.Index(text, s)
	from, to := i-40, i+40
	if from < 0 {
		from = 0
	}
	if to > len(text) {
		to = len(text)
	}
	return text[from:to]
}

// summaryPages returns the chapters in SUMMARY.md's order.
func summaryPages(t *testing.T) []string {
	var pages []string
	for _, m := range regexp.MustCompile(`\]\(([^)]+\.md)\)`).FindAllStringSubmatch(readFile(t, "SUMMARY.md"), -1) {
		pages = append(pages, m[1])
	}
	return pages
}

// openTab opens a tab 1000 CSS pixels wide, the width of a laptop's browser window, and
// returns its session.
func (b *browser) openTab(ctx context.Context) (string, error) {
	var target struct{ TargetID string }
	if err := b.call(ctx, "", "Target.createTarget", obj{"url": "about:blank"}, &target); err != nil {
		return "", err
	}
	var attached struct{ SessionID string }
	if err := b.call(ctx, "", "Target.attachToTarget", obj{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		return "", err
	}
	tab := attached.SessionID
	if err := b.call(ctx, tab, "Page.enable", nil, nil); err != nil {
		return "", err
	}
	metrics := obj{"width": 1000, "height": 1200, "deviceScaleFactor": 1, "mobile": false}
	return tab, b.call(ctx, tab, "Emulation.setDeviceMetricsOverride", metrics, nil)
}

// pageScript returns, as JSON, what the page shows: a pageView.
const pageScript = `JSON.stringify((() => {
	const main = document.querySelector("main") || document.body;
	const width = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight);
	const wide = [];
	for (const table of document.querySelectorAll("table")) {
		const r = table.getBoundingClientRect();
		if (r.right > width + 1 || table.scrollWidth > table.clientWidth + 1 || r.right > window.innerWidth) {
			wide.push(table.querySelector("td, th").innerText);
		}
	}
	return {
		Text: document.body.innerText,
		Prose: (() => {
			const body = document.body.cloneNode(true);
			body.querySelectorAll("pre, script, style").forEach(e => e.remove());
			return body.textContent;
		})(),
		Pres: [...document.querySelectorAll("pre")].map(p => p.textContent),
		Links: [...document.querySelectorAll("a[href]")].map(a => a.href),
		Tables: document.querySelectorAll("table").length,
		WideTables: wide,
		Height: Math.ceil(document.documentElement.scrollHeight),
	};
})())`

// look loads url in the tab and returns what it shows.
func (b *browser) look(ctx context.Context, tab, url string) (pageView, error) {
	var view pageView
	var nav struct{ ErrorText string }
	if err := b.call(ctx, tab, "Page.navigate", obj{"url": url}, &nav); err != nil {
		return view, err
	}
	if nav.ErrorText != "" {
		return view, fmt.Errorf("navigate to %s: %s", url, nav.ErrorText)
	}
	if err := b.waitLoad(ctx, tab, url); err != nil {
		return view, err
	}
	text, err := b.evaluate(ctx, tab, pageScript)
	if err != nil {
		return view, err
	}
	return view, json.Unmarshal([]byte(text), &view)
}

// screenshot returns a PNG of the tab's whole page, at most 40000 pixels of it: Chromium
// captures at most a few thousand pixels at a time, so it is taken in slices and put together.
func (b *browser) screenshot(ctx context.Context, tab string, height int) ([]byte, error) {
	const width, slice = 1000, 4000
	if height > 40000 {
		height = 40000
	}
	page := image.NewRGBA(image.Rect(0, 0, width, height))
	for y := 0; y < height; y += slice {
		h := slice
		if y+h > height {
			h = height - y
		}
		var shot struct{ Data string }
		clip := obj{"x": 0, "y": y, "width": width, "height": h, "scale": 1}
		if err := b.call(ctx, tab, "Page.captureScreenshot", obj{"format": "png", "clip": clip, "captureBeyondViewport": true}, &shot); err != nil {
			return nil, err
		}
		data, err := base64.StdEncoding.DecodeString(shot.Data)
		if err != nil {
			return nil, err
		}
		part, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		draw.Draw(page, image.Rect(0, y, width, y+h), part, part.Bounds().Min, draw.Src)
	}
	var out bytes.Buffer
	err := png.Encode(&out, page)
	return out.Bytes(), err
}
