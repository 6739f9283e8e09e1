package cgiform

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// streamDump reads r's parts as Parse would keep them: name, filename,
// type, and the data (decoded with c for a part without a filename), or
// the parts of a nested form, read with Multipart.
func streamDump(t *testing.T, r *Reader, c codec) []any {
	list := []any{}
	for {
		part, err := r.NextPart()
		if err == io.EOF {
			return list
		}
		if err != nil {
			t.Fatalf("NextPart: %v", err)
		}
		d := map[string]any{"name": part.Name, "filename": part.Filename, "type": part.Type}
		if isMultipart(part.Type) {
			nested, err := part.Multipart()
			if err != nil {
				t.Fatalf("Multipart: %v", err)
			}
			d["list"] = streamDump(t, nested, c)
			list = append(list, d)
			continue
		}
		data, err := io.ReadAll(part)
		if err != nil && !errors.Is(err, ErrTruncated) {
			t.Fatalf("Read: %v", err)
		}
		d["value"] = string(data)
		if !part.binary {
			d["value"], _ = c.decode(data)
		}
		list = append(list, d)
	}
}

// parseDump is streamDump's view of a form that Parse returned.
func parseDump(fs *FieldStorage) []any {
	list := []any{}
	for _, f := range fs.List {
		if f.mini {
			continue // a field of the query string, which Parse adds itself
		}
		d := map[string]any{"name": f.Name, "filename": f.Filename, "type": f.Type()}
		if f.List != nil {
			d["list"] = parseDump(f)
		} else {
			d["value"] = f.Value()
		}
		list = append(list, d)
	}
	return list
}

// TestReaderAsParse reads every multipart form of the differential
// corpus, and 500 random ones, with a Reader, and checks that it finds
// the parts, and the data, that Parse (checked against Python) finds.
// Forms Parse refuses, and forms with urlencoded parts (which Parse reads
// to the end of the body, as Python does) are left out.
func TestReaderAsParse(t *testing.T) {
	cases := append(differentialCases(), cpythonCases()...)
	cases = append(cases, randomForms(7, 500)...)
	compared := 0
	for _, c := range cases {
		ctype := c.Environ["CONTENT_TYPE"]
		typ, params := ParseHeader(ctype)
		if c.Headers != nil || !isMultipart(typ) || strings.Contains(c.Body, urlencoded) || c.Environ["REQUEST_METHOD"] != "POST" {
			continue
		}
		o := &Options{MaxNumFields: -1, TempDir: t.TempDir()}
		o.Encoding, _ = c.Options["encoding"].(string)
		o.Errors, _ = c.Options["errors"].(string)
		if v, ok := c.Options["limit"].(int); ok {
			o.Limit = int64(v)
		}
		fs, err := Parse(strings.NewReader(c.Body), nil, c.Environ, o)
		if err != nil {
			continue
		}
		want := parseDump(fs)
		fs.Close()
		var body io.Reader = strings.NewReader(c.Body)
		if v, ok := c.Environ["CONTENT_LENGTH"]; ok {
			n, _ := strconv.Atoi(v)
			body = io.LimitReader(body, int64(n))
		}
		cd, _ := newCodec(o.Encoding, o.Errors)
		got := streamDump(t, NewReader(body, params["boundary"], o), cd)
		if hasLongLine(c.Body) {
			continue // Parse decodes each 64 KiB of a longer line apart, as Python does
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: Parse (-) and Reader (+) differ:\n%s", c.Name, diff)
		}
		compared++
	}
	if compared < 300 {
		t.Errorf("compared %d forms, want at least 300", compared)
	}
}

// hasLongLine reports whether s has a line of 64 KiB or more.
func hasLongLine(s string) bool {
	for _, line := range strings.Split(s, "\n") {
		if len(line) >= 1<<16 {
			return true
		}
	}
	return false
}

// rfcNested is RFC 2388's example, two files under one name in a
// multipart/mixed part, and then one more field, which Python 3.11 loses.
var rfcNested = mp("AaB03x",
	fd+`name="submit-name"`+"\r\n\r\nLarry",
	fd+`name="files"`+"\r\nContent-Type: multipart/mixed; boundary=BbC04y\r\n\r\n"+
		strings.TrimSuffix(mp("BbC04y",
			"Content-Disposition: file; filename=\"file1.txt\"\r\nContent-Type: text/plain\r\n\r\n... contents of file1.txt ...",
			"Content-Disposition: file; filename=\"file2.gif\"\r\nContent-Type: image/gif\r\n\r\n...contents of file2.gif..."), "\r\n"),
	fd+`name="after"`+"\r\n\r\nkept by RFC 2046")

// TestReaderNested reads a nested form both ways: with Multipart, as
// Python 3.11 does, losing the field after it, and with a Reader of the
// part, as RFC 2046 has it, keeping the field.
func TestReaderNested(t *testing.T) {
	names := func(r *Reader, nested func(*Part) *Reader) []string {
		var got []string
		for {
			part, err := r.NextPart()
			if err == io.EOF {
				return got
			}
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, part.Name+part.Filename)
			if part.Type == "multipart/mixed" {
				inner := nested(part)
				for {
					p, err := inner.NextPart()
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatal(err)
					}
					data, err := io.ReadAll(p)
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, p.Filename+"="+string(data))
				}
			}
		}
	}
	python := names(NewReader(strings.NewReader(rfcNested), "AaB03x", nil), func(p *Part) *Reader {
		r, err := p.Multipart()
		if err != nil {
			t.Fatal(err)
		}
		return r
	})
	rfc := names(NewReader(strings.NewReader(rfcNested), "AaB03x", nil), func(p *Part) *Reader {
		return NewReader(p, "BbC04y", nil)
	})
	files := []string{"file1.txt=... contents of file1.txt ...", "file2.gif=...contents of file2.gif..."}
	if want := append([]string{"submit-name", "files"}, files...); !cmp.Equal(python, want) {
		t.Errorf("Multipart: parts %q, want %q", python, want)
	}
	if want := append(append([]string{"submit-name", "files"}, files...), "after"); !cmp.Equal(rfc, want) {
		t.Errorf("NewReader of the part: parts %q, want %q", rfc, want)
	}
}

// TestReaderBounds feeds a Reader bodies that never end, and checks that
// each stops at its bound, having read at most maxRead bytes.
func TestReaderBounds(t *testing.T) {
	nest := "--b\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
	for _, c := range []struct {
		name    string
		body    *endless
		opts    Options
		want    error
		maxRead int64
	}{
		{"endless parts", &endless{head: "--b\r\n", unit: fd + "name=\"a\"\r\n\r\nx\r\n--b\r\n"}, Options{}, ErrTooManyFields, 1 << 20},
		{"endless header line", &endless{head: "--b\r\n" + fd + "name=", unit: "a"}, Options{}, ErrHeaderTooLarge, 256 << 10},
		{"endless preamble", &endless{unit: "no boundary here "}, Options{MaxBytes: 1 << 20}, ErrTooLarge, 1<<20 + 1},
		{"endless file", &endless{head: "--b\r\n" + fd + "name=\"f\"; filename=\"f\"\r\n\r\n", unit: "data\r\n"}, Options{MaxBytes: 4 << 20}, ErrTooLarge, 4<<20 + 1},
		{"endless line breaks", &endless{head: "--b\r\n" + fd + "name=\"f\"; filename=\"f\"\r\n\r\n", unit: "\n"}, Options{MaxLines: 1 << 20}, ErrTooManyLines, 2 << 20},
		{"endless nesting", &endless{unit: nest}, Options{}, ErrTooDeep, 64 << 10},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := readAll(NewReader(c.body, "b", &c.opts))
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if c.body.n > c.maxRead {
				t.Errorf("read %d bytes, want at most %d", c.body.n, c.maxRead)
			}
		})
	}
}

// readAll reads every part of r, and of the forms nested in them, to the
// end, and returns the first error.
func readAll(r *Reader) error {
	for {
		part, err := r.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if isMultipart(part.Type) {
			nested, err := part.Multipart()
			if err != nil {
				return err
			}
			if err := readAll(nested); err != nil {
				return err
			}
			continue
		}
		if _, err := io.Copy(io.Discard, part); err != nil {
			return err
		}
	}
}

// TestReaderErrors checks the errors a Reader returns for what it cannot
// read, and that they stay.
func TestReaderErrors(t *testing.T) {
	form := mp("b", fd+`name="a"`+"\r\n\r\n1", fd+`name="m"`+"\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c--")
	for _, c := range []struct {
		name string
		r    *Reader
		want error
	}{
		{"invalid boundary", NewReader(strings.NewReader(form), "", nil), ErrInvalidBoundary},
		{"unknown encoding", NewReader(strings.NewReader(form), "b", &Options{Encoding: "koi8-r"}), ErrEncoding},
		{"strict header", NewReader(strings.NewReader("--b\r\nX: \xff\r\n\r\n"), "b", &Options{Errors: "strict"}), ErrDecode},
	} {
		for i := 0; i < 2; i++ {
			if _, err := c.r.NextPart(); !errors.Is(err, c.want) {
				t.Errorf("%s: call %d: NextPart = %v, want %v", c.name, i+1, err, c.want)
			}
		}
	}
	r := NewReader(strings.NewReader(form), "b", nil)
	if _, err := r.NextPart(); err != nil {
		t.Fatal(err)
	}
	m, err := r.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Read(make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Multipart(); !errors.Is(err, errPartUse) {
		t.Errorf("Multipart after Read: %v, want errPartUse", err)
	}
	cut := NewReader(strings.NewReader("--b\r\n"+fd+`name="a"`+"\r\n\r\nno boundary after"), "b", nil)
	part, err := cut.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(part)
	if string(data) != "no boundary after" || !errors.Is(err, ErrTruncated) {
		t.Errorf("cut part: %q, %v; want the data and ErrTruncated", data, err)
	}
	if _, err := cut.NextPart(); err != io.EOF {
		t.Errorf("after the cut part: %v, want io.EOF", err)
	}
}

// TestReaderReadSizes reads a form with Reads of every size from 1 to 70
// bytes, and through WriteTo, and checks each gives the same data.
func TestReaderReadSizes(t *testing.T) {
	file := bytes.Repeat([]byte("line of data\r\n--b not a boundary\n\r\r\n"), 5000)
	form := mp("b", fd+`name="f"; filename="f"`+"\r\n\r\n"+string(file), fd+`name="g"`+"\r\n\r\nlast")
	for size := 0; size <= 70; size++ {
		r := NewReader(strings.NewReader(form), "b", nil)
		part, err := r.NextPart()
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if size == 0 {
			_, err = io.Copy(&got, part) // through WriteTo
		} else {
			_, err = io.CopyBuffer(&got, struct{ io.Reader }{part}, make([]byte, size))
		}
		if err != nil || !bytes.Equal(got.Bytes(), file) {
			t.Fatalf("read %d at a time: %d bytes, %v; want %d bytes", size, got.Len(), err, len(file))
		}
		last, err := r.NextPart()
		if err != nil || last.Name != "g" {
			t.Fatalf("read %d at a time: next part %v, %v", size, last, err)
		}
	}
}

// TestFieldCost checks that what MaxMemory counts for a field is the size
// of a FieldStorage, rounded up to the allocator's size class (a multiple
// of 16 at this size), and of its place in a List.
func TestFieldCost(t *testing.T) {
	size := reflect.TypeOf(FieldStorage{}).Size()
	class := (size + 15) / 16 * 16
	want := class + reflect.TypeOf(&FieldStorage{}).Size()
	if fieldCost != want {
		t.Errorf("fieldCost = %d, want %d (a FieldStorage is %d bytes)", fieldCost, want, size)
	}
}
