package cgiform

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// countingReader counts the bytes read through it, and fails with
// errRunaway past max, so that a bound that does not hold fails fast.
type countingReader struct {
	r   io.Reader
	n   int64
	max int64
}

var errRunaway = errors.New("read past the bound the test allows")

func (c *countingReader) Read(b []byte) (int, error) {
	if c.n > c.max {
		return 0, errRunaway
	}
	k, err := c.r.Read(b)
	c.n += int64(k)
	return k, err
}

// TestTextBound posts text fields larger than MaxTextBytes: Parse refuses
// them with ErrTextTooLarge once the bound is read, not at the end of the
// body, while a file part of the same size parses.
func TestTextBound(t *testing.T) {
	big := strings.Repeat(strings.Repeat("t", 99)+"\n", (DefaultMaxTextBytes+1<<20)/100)
	text := mp("b", fd+`name="t"`+"\r\n\r\n"+big)
	file := mp("b", fd+`name="f"; filename="f.txt"`+"\r\n\r\n"+big)
	small := mp("b", fd+`name="a"`+"\r\n\r\n"+strings.Repeat("a", 60), fd+`name="b"`+"\r\n\r\n"+strings.Repeat("b", 60))
	env := map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": "multipart/form-data; boundary=b"}
	for _, c := range []struct {
		name    string
		body    string
		ctype   string
		opts    Options
		want    error
		maxRead int64
	}{
		{"text part past the default", text, "multipart/form-data; boundary=b", Options{}, ErrTextTooLarge, DefaultMaxTextBytes + 256<<10},
		{"body that is no form", big, "text/plain", Options{}, ErrTextTooLarge, DefaultMaxTextBytes + 256<<10},
		{"two fields past a small bound", small, "multipart/form-data; boundary=b", Options{MaxTextBytes: 100}, ErrTextTooLarge, int64(len(small))},
		{"file part of the same size", file, "multipart/form-data; boundary=b", Options{}, nil, int64(len(file))},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.opts.TempDir = t.TempDir()
			before := openFiles(t)
			r := &countingReader{r: strings.NewReader(c.body), max: c.maxRead}
			env["CONTENT_TYPE"] = c.ctype
			env["CONTENT_LENGTH"] = itoa(len(c.body))
			fs, err := Parse(r, nil, env, &c.opts)
			if !errors.Is(err, c.want) {
				t.Fatalf("Parse = %v, %v; want %v", fs, err, c.want)
			}
			if fs != nil {
				if got := fs.Fields("f")[0].File().Size(); got != int64(len(big)) {
					t.Errorf("file part: %d bytes, want %d", got, len(big))
				}
				fs.Close()
			}
			if r.n > c.maxRead {
				t.Errorf("read %d bytes, want at most %d", r.n, c.maxRead)
			}
			checkClean(t, c.opts.TempDir, before)
		})
	}
}

// TestOneDescriptorPerForm spools 2000 file parts of 1001 bytes: the form
// holds one descriptor, not one per part, and each part reads back whole.
func TestOneDescriptorPerForm(t *testing.T) {
	const parts = 2000
	var b strings.Builder
	for i := 0; i < parts; i++ {
		fmt.Fprintf(&b, "--b\r\n%sname=\"f%d\"; filename=\"f%d\"\r\n\r\n%s\r\n", fd, i, i, strings.Repeat(string(rune('a'+i%26)), 1001))
	}
	b.WriteString("--b--\r\n")
	body := b.String()
	dir := t.TempDir()
	before := openFiles(t)
	fs, err := Parse(strings.NewReader(body), nil, post("multipart/form-data; boundary=b", body), &Options{TempDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if n := openFiles(t); before >= 0 && n > before+1 {
		t.Errorf("open files: %d before the parse, %d while the form is open; want at most 1 more", before, n)
	}
	for _, i := range []int{0, 1, 25, 999, parts - 1} {
		f := fs.Fields(fmt.Sprint("f", i))[0]
		want := strings.Repeat(string(rune('a'+i%26)), 1001)
		if !f.spooled() || f.Value() != want {
			t.Errorf("part %d: spooled %v, value %.10q..., want %.10q...", i, f.spooled(), f.Value(), want)
		}
		data, err := io.ReadAll(f.File())
		if err != nil || string(data) != want {
			t.Errorf("part %d: File() read %.10q..., %v", i, data, err)
		}
	}
	if err := fs.Close(); err != nil {
		t.Fatal(err)
	}
	checkClean(t, dir, before)
}

// TestErrorsNameNoPath makes creating the temporary file fail: the error
// says why without naming the server's folder, which a client would see in
// a 400's status line, while errors.As finds the *os.PathError, path and
// all, for the server's log.
func TestErrorsNameNoPath(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "secret-folder-file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{filepath.Join(t.TempDir(), "secret-folder"), notDir} {
		_, err := Parse(strings.NewReader(spoolingForm), nil, post("multipart/form-data; boundary=s", spoolingForm), &Options{TempDir: dir})
		if err == nil {
			t.Fatalf("TempDir %s: Parse succeeded", dir)
		}
		if strings.Contains(err.Error(), "secret-folder") || strings.Contains(err.Error(), os.TempDir()) {
			t.Errorf("error names a server path: %q", err)
		}
		var pe *os.PathError
		if !errors.As(err, &pe) || !strings.Contains(pe.Path, "secret-folder") {
			t.Errorf("errors.As(%v, *os.PathError) = %v; want the path for the log", err, pe)
		}
	}
	_, err := Parse(strings.NewReader(spoolingForm), nil, post("multipart/form-data; boundary=s", spoolingForm), &Options{TempDir: filepath.Join(t.TempDir(), "missing")})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing TempDir: err = %v, want one that Is os.ErrNotExist", err)
	}
}

// newlineBodies are endless streams of line breaks where a multipart body
// may hold them: before the first boundary, and in a file's data.
var newlineBodies = []struct {
	name string
	body func() io.Reader
}{
	{"preamble", func() io.Reader { return &endless{unit: "\n"} }},
	{"file data", func() io.Reader {
		return &endless{head: "--b\r\n" + fd + "name=\"f\"; filename=\"f\"\r\n\r\n", unit: "\r\n"}
	}},
}

// TestNewlineStreamRefused feeds endless line breaks: Parse refuses them
// with ErrTooManyLines after MaxLines lines (by default 32 Mi lines of one
// byte, where only MaxBytes, 4 GiB, stopped them before), having read
// about one or two bytes a line.
func TestNewlineStreamRefused(t *testing.T) {
	env := map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": "multipart/form-data; boundary=b"}
	for _, c := range newlineBodies {
		for _, maxLines := range []int64{0, 1 << 16} {
			if c.name != "preamble" && maxLines == 0 {
				continue // the default costs seconds: one case shows it
			}
			t.Run(fmt.Sprintf("%s MaxLines=%d", c.name, maxLines), func(t *testing.T) {
				lines := maxLines
				if lines == 0 {
					lines = DefaultMaxLines
				}
				r := &countingReader{r: c.body(), max: 2*lines + 1<<20}
				o := &Options{MaxLines: maxLines, TempDir: t.TempDir()}
				before := openFiles(t)
				fs, err := Parse(r, nil, env, o)
				if !errors.Is(err, ErrTooManyLines) {
					t.Fatalf("Parse = %v, %v; want ErrTooManyLines", fs, err)
				}
				checkClean(t, o.TempDir, before)
			})
		}
	}
}

// BenchmarkRefuseNewlines measures the time Parse takes to refuse an
// endless stream of line breaks with the default bounds.
func BenchmarkRefuseNewlines(b *testing.B) {
	env := map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": "multipart/form-data; boundary=b"}
	for _, c := range newlineBodies {
		b.Run(c.name, func(b *testing.B) {
			dir := b.TempDir()
			for i := 0; i < b.N; i++ {
				r := &countingReader{r: c.body(), max: 1 << 40}
				if _, err := Parse(r, nil, env, &Options{TempDir: dir}); !errors.Is(err, ErrTooManyLines) {
					b.Fatal(err)
				}
				b.ReportMetric(float64(r.n)/(1<<20), "MiB-read")
			}
		})
	}
}
