package cgiform

import (
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	body := mp("b",
		fd+`name="a"`+"\r\n\r\n1",
		fd+`name="f"; filename="f.txt"`+"\r\n\r\nfile\r\ndata",
		fd+`name="a"`+"\r\n\r\n2",
		fd+`name="m"`+"\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n"+strings.TrimSuffix(mp("c", "Content-Disposition: file; filename=\"x\"\r\n\r\nx"), "\r\n"))
	env := withQS(post("multipart/form-data; boundary=b", body), "q=0")
	fs, err := Parse(strings.NewReader(body), nil, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer fs.Close()
	if got, want := fs.Keys(), []string{"q", "a", "f", "m"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Keys = %q, want %q", got, want)
	}
	if fs.Len() != 4 || !fs.Contains("q") || fs.Contains("x") {
		t.Errorf("Len %d, Contains(q) %v, Contains(x) %v", fs.Len(), fs.Contains("q"), fs.Contains("x"))
	}
	if got := fs.GetList("a"); !reflect.DeepEqual(got, []string{"1", "2"}) {
		t.Errorf("GetList(a) = %q", got)
	}
	if fs.GetValue("a", "") != "1" || fs.GetFirst("x", "def") != "def" || fs.GetValue("x", "def") != "def" || fs.GetList("x") != nil {
		t.Error("GetValue, GetFirst or GetList wrong for a repeated or a missing name")
	}
	if q := fs.Fields("q")[0]; q.File() != nil || q.Value() != "0" || q.Header() != nil {
		t.Errorf("query field: %+v", q)
	}
	f := fs.Fields("f")[0]
	if data, err := io.ReadAll(f.File()); err != nil || string(data) != "file\r\ndata" || f.Value() != "file\r\ndata" {
		t.Errorf("file part: %q, %v", data, err)
	}
	if f.Type() != "text/plain" || f.Disposition() != "form-data" || f.DispositionOptions()["filename"] != "f.txt" {
		t.Errorf("file part: type %q, disposition %q %v", f.Type(), f.Disposition(), f.DispositionOptions())
	}
	m := fs.Fields("m")[0]
	if m.Value() != "" || m.File() != nil || len(m.List) != 1 || m.List[0].Filename != "x" || m.List[0].Value() != "x" {
		t.Errorf("nested part: value %q, list %v", m.Value(), m.List)
	}
	if fs.Value() != "" || f.Keys() != nil || f.Len() != 0 {
		t.Error("a form has no value; a field has no keys")
	}
	if mf := MiniFieldStorage("n", "v"); mf.Name != "n" || mf.Value() != "v" || mf.File() != nil || mf.List != nil {
		t.Errorf("MiniFieldStorage: %+v", mf)
	}
}

// TestTextBody: a POST that is no form is one field whose value is the
// body, as in Python: read to the end, or Content-Length bytes to a file.
func TestTextBody(t *testing.T) {
	for _, env := range []map[string]string{
		{"REQUEST_METHOD": "POST", "CONTENT_TYPE": "text/plain"},
		{"REQUEST_METHOD": "POST", "CONTENT_TYPE": "text/plain", "CONTENT_LENGTH": "11"},
		{"REQUEST_METHOD": "PUT"},
	} {
		fs, err := Parse(strings.NewReader("hello world and more"), nil, env, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := "hello world and more"
		if env["CONTENT_LENGTH"] != "" {
			want = "hello world"
		}
		if fs.List != nil || fs.Value() != want || fs.Type() != "text/plain" {
			t.Errorf("%v: list %v, value %q, type %q", env, fs.List, fs.Value(), fs.Type())
		}
		fs.Close()
	}
}

// TestQuerySplitsOnAmpersandOnly: with the default Separator a query string
// splits on & alone, as CPython 3.11 does since the fix for CVE-2021-23336;
// Separator ";" splits on ; instead. (The differential test checks the same
// against Python, where python3 is installed.)
func TestQuerySplitsOnAmpersandOnly(t *testing.T) {
	env := map[string]string{"REQUEST_METHOD": "GET", "QUERY_STRING": "a=1;b=2&c=3"}
	fs, err := Parse(nil, nil, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := fs.GetFirst("a", ""); got != "1;b=2" || fs.Contains("b") || fs.GetFirst("c", "") != "3" {
		t.Errorf("default separator: a=%q, has b=%v, c=%q", got, fs.Contains("b"), fs.GetFirst("c", ""))
	}
	fs, err = Parse(nil, nil, env, &Options{Separator: ";"})
	if err != nil {
		t.Fatal(err)
	}
	if fs.GetFirst("a", "") != "1" || fs.GetFirst("b", "") != "2&c=3" {
		t.Errorf("Separator \";\": a=%q, b=%q", fs.GetFirst("a", ""), fs.GetFirst("b", ""))
	}
}
