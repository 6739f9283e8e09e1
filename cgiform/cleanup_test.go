package cgiform

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

// openFiles counts the process's open file descriptors, or returns -1
// where /proc/self/fd does not exist.
func openFiles(t *testing.T) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(fds)
}

// checkClean fails if dir has entries or the process has more open files
// than before.
func checkClean(t *testing.T, dir string, before int) {
	t.Helper()
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 0 {
		t.Errorf("temporary directory after the parse: %v entries, err %v", len(entries), err)
	}
	if after := openFiles(t); after != before {
		t.Errorf("open files: %d before the parse, %d after", before, after)
	}
}

var spoolingForm = mp("s",
	fd+`name="a"; filename="a.bin"`+"\r\n\r\n"+strings.Repeat("A", 5000),
	fd+`name="b"`+"\r\n\r\n"+strings.Repeat("text ", 400),
	fd+`name="c"; filename="c.bin"`+"\r\n\r\n"+strings.Repeat("C\r\n", 2000))

func TestCloseRemovesTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	before := openFiles(t)
	fs, err := Parse(strings.NewReader(spoolingForm), nil, post("multipart/form-data; boundary=s", spoolingForm), &Options{TempDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs.List {
		if !f.spooled() {
			t.Errorf("%s: not spooled", f.Name)
		}
	}
	if got := len(fs.GetFirst("a", "")); got != 5000 {
		t.Errorf("len(a) = %d, want 5000", got)
	}
	if got := fs.GetList("c")[0]; got != strings.Repeat("C\r\n", 2000) {
		t.Errorf("c = %.20q..., want 2000 lines", got)
	}
	if before >= 0 && openFiles(t) != before+1 {
		t.Errorf("open files: %d before, %d while the form is open; want 1 more, the shared file", before, openFiles(t))
	}
	if err := fs.Close(); err != nil {
		t.Fatal(err)
	}
	checkClean(t, dir, before)
	if v := fs.GetFirst("a", "gone"); v != "" {
		t.Errorf("value after Close = %.10q, want empty", v)
	}
	if _, err := io.ReadAll(fs.Fields("a")[0].File()); err == nil {
		t.Error("reading a file after Close succeeded")
	}
	if err := fs.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// failingReader returns the data, then err instead of EOF.
type failingReader struct {
	r   io.Reader
	err error
}

func (f *failingReader) Read(b []byte) (int, error) {
	n, err := f.r.Read(b)
	if err == io.EOF {
		err = f.err
	}
	return n, err
}

// TestErrorsLeaveNoFile cuts a form with spooled parts at every error Parse
// can meet while a temporary file is open, and checks that nothing is left.
func TestErrorsLeaveNoFile(t *testing.T) {
	ctype := "multipart/form-data; boundary=s"
	errRead := errors.New("connection reset")
	badText := strings.Replace(spoolingForm, "text \r\n", "text\xff\r\n", 1)
	then := func(tail string) string { return strings.TrimSuffix(spoolingForm, "--s--\r\n") + tail }
	bigHeader := then("--s\r\nX-Pad: " + strings.Repeat("p", 300) + "\r\n\r\nx\r\n--s--\r\n")
	noInner := then("--s\r\nContent-Type: multipart/mixed\r\n\r\nx\r\n--s--\r\n")
	deep := then(strings.Repeat("--s\r\nContent-Type: multipart/mixed; boundary=s\r\n\r\n", MaxDepth+1))
	for _, c := range []struct {
		name string
		body io.Reader
		env  map[string]string
		opts Options
		want error
	}{
		{"truncated", strings.NewReader(spoolingForm[:len(spoolingForm)-100]), post(ctype, spoolingForm), Options{}, ErrTruncated},
		{"no final boundary", strings.NewReader(spoolingForm[:len(spoolingForm)-9]), map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": ctype}, Options{}, ErrTruncated},
		{"read error", &failingReader{strings.NewReader(spoolingForm[:6000]), errRead}, post(ctype, spoolingForm), Options{}, errRead},
		{"max bytes", strings.NewReader(spoolingForm), map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": ctype}, Options{MaxBytes: 9000}, ErrTooLarge},
		{"too many fields", strings.NewReader(spoolingForm), post(ctype, spoolingForm), Options{MaxNumFields: 2}, ErrTooManyFields},
		{"decode", strings.NewReader(badText), post(ctype, badText), Options{Errors: "strict"}, ErrDecode},
		{"header too large", strings.NewReader(bigHeader), post(ctype, bigHeader), Options{MaxHeaderBytes: 200}, ErrHeaderTooLarge},
		{"nested boundary", strings.NewReader(noInner), post(ctype, noInner), Options{}, ErrInvalidBoundary},
		{"too deep", strings.NewReader(deep), post(ctype, deep), Options{}, ErrTooDeep},
		{"binary body truncated", strings.NewReader("short"), map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": "application/octet-stream", "CONTENT_LENGTH": "10"}, Options{}, ErrTruncated},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.opts.TempDir = t.TempDir()
			before := openFiles(t)
			fs, err := Parse(c.body, nil, c.env, &c.opts)
			if fs != nil || err == nil || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("Parse = %v, %v; want nil, %v", fs, err, c.want)
			}
			checkClean(t, c.opts.TempDir, before)
		})
	}
}

func TestTempDirMissing(t *testing.T) {
	_, err := Parse(strings.NewReader(spoolingForm), nil, post("multipart/form-data; boundary=s", spoolingForm), &Options{TempDir: t.TempDir() + "/missing"})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want a not-exist error", err)
	}
}
