package cgiform

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"net/textproto"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/basehttpserver/basehttpserver/internal/cpython"
	"github.com/google/go-cmp/cmp"
)

// A pyCase is one form for the differential test: what Python's
// cgi.FieldStorage(fp, headers, environ, **options) gets, and the same for
// Parse.
type pyCase struct {
	Name    string            `json:"name"`
	Body    string            `json:"-"`
	Body64  string            `json:"body"`
	Environ map[string]string `json:"environ"`
	Headers map[string]string `json:"headers"` // lowercase keys, as Python's dict lookups need
	Options map[string]any    `json:"options"`
	// ParseHeader, if set, makes the case a call of parse_header instead.
	ParseHeader *string `json:"parse_header,omitempty"`
}

// mp builds a multipart body from parts separated by boundary b, with CRLF
// line ends, and the closing boundary.
func mp(b string, parts ...string) string {
	var s strings.Builder
	for _, p := range parts {
		s.WriteString("--" + b + "\r\n" + p + "\r\n")
	}
	s.WriteString("--" + b + "--\r\n")
	return s.String()
}

func post(ctype, body string) map[string]string {
	return map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": ctype, "CONTENT_LENGTH": itoa(len(body))}
}

func itoa(n int) string { return strconv.Itoa(n) }

const fd = "Content-Disposition: form-data; "

func differentialCases() []pyCase {
	bin := make([]byte, 5000)
	for i := range bin {
		bin[i] = byte(i * 7)
	}
	long := strings.Repeat("a", 65535) + "\u00e9" + "\r\nend" // é straddles a 64 KiB readline
	curl := mp("------------------------d74496d66958873e",
		fd+`name="person"`+"\r\n\r\nanonymous",
		fd+`name="secret"; filename="file.txt"`+"\r\nContent-Type: text/plain\r\n\r\ncontents of the file\r\n")
	nested := mp("AaB03x",
		fd+`name="submit-name"`+"\r\n\r\nLarry",
		fd+`name="files"`+"\r\nContent-Type: multipart/mixed; boundary=BbC04y\r\n\r\n"+
			strings.TrimSuffix(mp("BbC04y",
				"Content-Disposition: file; filename=\"file1.txt\"\r\nContent-Type: text/plain\r\n\r\n... contents of file1.txt ...",
				"Content-Disposition: file; filename=\"file2.gif\"\r\nContent-Type: image/gif\r\n\r\n...contents of file2.gif..."), "\r\n"))
	nestedThen := strings.TrimSuffix(nested, "--AaB03x--\r\n") + "--AaB03x\r\n" + fd + `name="after"` + "\r\n\r\nlost\r\n--AaB03x--\r\n"
	lfOnly := strings.ReplaceAll(mp("xyz", fd+`name="a"`+"\r\n\r\none\r\ntwo", fd+`name="f"; filename="x"`+"\r\n\r\nbin\r\n"), "\r\n", "\n")
	noFinal := strings.TrimSuffix(mp("b", fd+`name="a"`+"\r\n\r\n1", fd+`name="b"`+"\r\n\r\n2"), "--b--\r\n")
	noFinal = strings.TrimSuffix(noFinal, "\r\n")
	many := mp("b", fd+`name="a"`+"\r\n\r\n1", fd+`name="b"`+"\r\n\r\n2", fd+`name="c"`+"\r\n\r\n3")
	big := mp("bb", fd+`name="text"`+"\r\n\r\n"+strings.Repeat("long line of text\r\n", 80), fd+`name="bin"; filename="b.bin"`+"\r\nContent-Type: application/octet-stream\r\n\r\n"+string(bin))
	utf := mp("u", fd+`name="bad"`+"\r\n\r\nx\xe2\x82y\xffz\xf0\x9f\x98", fd+`name="ok"`+"\r\n\r\nna\u00efve")

	cs := []pyCase{
		{Name: "get", Environ: map[string]string{"REQUEST_METHOD": "GET", "QUERY_STRING": "a=1&b=2&a=3"}},
		{Name: "get-blank", Environ: map[string]string{"QUERY_STRING": "a=&b=2&c&&d=4"}},
		{Name: "get-keep-blank", Environ: map[string]string{"QUERY_STRING": "a=&b=2&c&&d=4"}, Options: map[string]any{"keep_blank_values": true}},
		{Name: "get-semicolon-not-separator", Environ: map[string]string{"QUERY_STRING": "a=1;b=2&c=3"}},
		{Name: "get-separator-option", Environ: map[string]string{"QUERY_STRING": "a=1;b=2&c=3"}, Options: map[string]any{"separator": ";"}},
		{Name: "head", Environ: map[string]string{"REQUEST_METHOD": "head", "QUERY_STRING": "h=1"}},
		{Name: "urlencoded-plus-query", Body: "x=1&y=%C3%A9+z&x=2", Environ: withQS(post(urlencoded, "x=1&y=%C3%A9+z&x=2"), "q=3&x=4")},
		{Name: "urlencoded-escapes", Body: "%zz=%41%4&n%C3=%E2%82&%F0%9F%98%80=%ff%fe+", Environ: post(urlencoded, "%zz=%41%4&n%C3=%E2%82&%F0%9F%98%80=%ff%fe+")},
		{Name: "urlencoded-raw-utf8", Body: "k=\xc3\xa9%C3&l=\xff", Environ: post(urlencoded, "k=\xc3\xa9%C3&l=\xff")},
		{Name: "urlencoded-strict", Body: "a=1&b", Environ: post(urlencoded, "a=1&b"), Options: map[string]any{"strict_parsing": true}},
		{Name: "urlencoded-too-many", Body: "a=1&b=2&c=3", Environ: post(urlencoded, "a=1&b=2&c=3"), Options: map[string]any{"max_num_fields": 2}},
		{Name: "urlencoded-short-body", Body: "a=1", Environ: map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": urlencoded, "CONTENT_LENGTH": "100"}},
		{Name: "urlencoded-long-body", Body: "a=1&b=2", Environ: map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": urlencoded, "CONTENT_LENGTH": "3"}},
		{Name: "urlencoded-no-length", Body: "a=1&b=2", Environ: map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": urlencoded}},
		{Name: "urlencoded-default-type", Body: "a=1", Environ: map[string]string{"REQUEST_METHOD": "POST", "CONTENT_LENGTH": "3"}},
		{Name: "latin-1", Body: "a=%E9\xe9", Environ: post(urlencoded, "a=%E9\xe9"), Options: map[string]any{"encoding": "latin-1"}},
		{Name: "curl-field-and-file", Body: curl, Environ: post("multipart/form-data; boundary=------------------------d74496d66958873e", curl)},
		{Name: "repeated-names", Body: strings.ReplaceAll(many, `"b"`, `"a"`), Environ: post("multipart/form-data; boundary=b", strings.ReplaceAll(many, `"b"`, `"a"`))},
		{Name: "filenames", Body: mp("f",
			fd+`name="q"; filename="a\"b.txt"`+"\r\n\r\n1",
			fd+`name="u"; filename="r\u00e9sum\u00e9 \u65e5\u672c.pdf"`+"\r\n\r\n2",
			fd+`name="w"; filename="C:\\Users\\me\\x.txt"`+"\r\n\r\n3",
			fd+`name="p"; filename="../../etc/passwd"`+"\r\n\r\n4",
			fd+`name="e"; filename=""`+"\r\n\r\n",
			fd+`name="s"; filename="semi;colon.txt"; NAME="upper"; junk; =x`+"\r\n\r\n5"), Environ: post("multipart/form-data; boundary=f", "")},
		{Name: "nested-mixed", Body: nested, Environ: post("multipart/form-data; boundary=AaB03x", nested)},
		{Name: "nested-then-field", Body: nestedThen, Environ: post("multipart/form-data; boundary=AaB03x", nestedThen)},
		{Name: "lf-line-ends", Body: lfOnly, Environ: post("multipart/form-data; boundary=xyz", lfOnly)},
		{Name: "missing-final-boundary", Body: noFinal, Environ: map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": "multipart/form-data; boundary=b"}},
		{Name: "missing-final-boundary-exact-length", Body: noFinal, Environ: post("multipart/form-data; boundary=b", noFinal)},
		{Name: "multipart-no-length", Body: many, Environ: map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": "multipart/form-data; boundary=b"}},
		{Name: "multipart-short-length", Body: big, Environ: map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": "multipart/form-data; boundary=bb", "CONTENT_LENGTH": "700"}},
		{Name: "multipart-length-far-larger", Body: many, Environ: map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": "multipart/form-data; boundary=b", "CONTENT_LENGTH": "1000000"}},
		{Name: "multipart-too-many", Body: many, Environ: post("multipart/form-data; boundary=b", many), Options: map[string]any{"max_num_fields": 2}},
		{Name: "multipart-too-many-with-query", Body: many, Environ: withQS(post("multipart/form-data; boundary=b", many), "q=1"), Options: map[string]any{"max_num_fields": 3}},
		{Name: "multipart-query", Body: many, Environ: withQS(post("multipart/form-data; boundary=b", many), "q=1&r=")},
		{Name: "no-boundary", Body: many, Environ: post("multipart/form-data", many)},
		{Name: "boundary-trailing-space", Body: many, Environ: post(`multipart/form-data; boundary="b "`, many)},
		{Name: "boundary-too-long", Body: many, Environ: post("multipart/form-data; boundary="+strings.Repeat("x", 202), many)},
		{Name: "boundary-201", Body: mp(strings.Repeat("x", 201), fd+`name="a"`+"\r\n\r\n1"), Environ: post("multipart/form-data; boundary="+strings.Repeat("x", 201), "")},
		{Name: "spooled-text-and-file", Body: big, Environ: post("multipart/form-data; boundary=bb", big)},
		{Name: "invalid-utf8-part", Body: utf, Environ: post("multipart/form-data; boundary=u", utf)},
		{Name: "invalid-utf8-strict", Body: utf, Environ: post("multipart/form-data; boundary=u", utf), Options: map[string]any{"errors": "strict"}},
		{Name: "utf8-across-64k", Body: mp("L", fd+`name="long"`+"\r\n\r\n"+long), Environ: post("multipart/form-data; boundary=L", "")},
		{Name: "header-edge-cases", Body: mp("h",
			"content-disposition: form-data;\r\n name=\"folded\"\r\nX-Extra: 1\r\nx-extra: 2\r\n\r\nv1",
			"Content-Type: text/x\r\n\r\nno-name",
			fd+`name="stop"`+"\r\nBad Header: x\r\nContent-Type: image/png\r\n\r\nv3",
			"From nobody\r\n"+fd+`name="from"`+"\r\n: empty\r\n\r\nv4",
			fd+"name=bare; filename=x\\\\y\r\n\r\nv5"), Environ: post("multipart/form-data; boundary=h", "")},
		{Name: "preamble-epilogue-padding", Body: "preamble\r\n--p  \r\n" + fd + `name="a"` + "\r\n\r\nx\r\ny\rz\r\n--p--\t\r\nepilogue\r\n", Environ: post("multipart/form-data; boundary=p", "")},
		{Name: "empty-form", Body: "--e--\r\n", Environ: post("multipart/form-data; boundary=e", "--e--\r\n")},
		{Name: "headers-given", Body: curl, Headers: map[string]string{"content-type": "multipart/form-data; boundary=------------------------d74496d66958873e", "content-length": itoa(len(curl))}, Environ: map[string]string{"REQUEST_METHOD": "POST", "QUERY_STRING": "ignored=1"}},
		{Name: "text-body-to-eof", Body: "line 1\nline 2\n", Environ: map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": "text/plain"}},
		{Name: "limit-option", Body: big, Environ: map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": "multipart/form-data; boundary=bb"}, Options: map[string]any{"limit": 150}},
		{Name: "content-type-params", Body: mp("c", fd+`name="t"`+"\r\nContent-Type: Text/HTML ; charset=\"utf-8\" ; q=\"a\\\\b\\\"c\"\r\n\r\n<p>"), Environ: post(`  multipart/form-data ; boundary="c" ; charset=utf-8`, "")},
	}
	cs = append(cs, randomForms(1, 300)...)
	for _, h := range randomHeaders(2, 500) {
		h := h
		cs = append(cs, pyCase{Name: "parse_header " + strconv.Quote(h), ParseHeader: &h})
	}
	for i := range cs {
		c := &cs[i]
		if v, ok := c.Environ["CONTENT_LENGTH"]; ok && v == "0" && c.Body != "" {
			c.Environ["CONTENT_LENGTH"] = itoa(len(c.Body))
		}
		c.Body64 = base64.StdEncoding.EncodeToString([]byte(c.Body))
	}
	return cs
}

// randomForms returns n multipart forms made of random parts: headers good,
// odd and bad, data with stray boundaries and line breaks, nested parts,
// missing closing boundaries, lengths exact or too long.
func randomForms(seed int64, n int) []pyCase {
	r := rand.New(rand.NewSource(seed))
	pick := func(xs ...string) string { return xs[r.Intn(len(xs))] }
	eol := func() string { return pick("\r\n", "\r\n", "\r\n", "\n", " \r\n", "\r", "") }
	var part func(b string, depth int) string
	part = func(b string, depth int) string {
		var s strings.Builder
		for k := r.Intn(3); k >= 0; k-- {
			s.WriteString(pick(fd+`name="a"`, fd+`name="f"; filename="f.bin"`, fd+`name="t"; filename=""`, "Content-Type: text/plain", "X-A: 1", " folded", "From x", ": y", "content-disposition: form-data; name=b", "Bad Header: z", "Content-Length: 3"))
			s.WriteString(eol())
		}
		if depth < 2 && r.Intn(6) == 0 {
			s.WriteString(fd + `name="m"` + eol() + "Content-Type: multipart/mixed; boundary=c" + eol() + eol())
			for k := r.Intn(3); k >= 0; k-- {
				s.WriteString("--c" + eol() + part("c", depth+1))
			}
			s.WriteString("--c--" + eol())
			return s.String()
		}
		s.WriteString(eol())
		for k := r.Intn(8); k >= 0; k-- {
			s.WriteString(pick("x", "data", "\r", "\n", "\r\n", "--", "--"+b, "--"+b+"--x", "\xff\xfe", "\xc3\xa9", "\xe2\x82", strings.Repeat("z", 700), " "))
		}
		s.WriteString(eol())
		return s.String()
	}
	var cs []pyCase
	for i := 0; i < n; i++ {
		var s strings.Builder
		s.WriteString(pick("", "", "preamble\r\n", "--b2\r\n"))
		for k := r.Intn(4); k >= 0; k-- {
			s.WriteString("--b" + eol() + part("b", 0))
		}
		s.WriteString(pick("--b--\r\n", "--b--", "--b--\r\nepilogue", "", "--b\r\n"))
		body := s.String()
		env := map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": "multipart/form-data; boundary=b"}
		switch r.Intn(4) {
		case 0, 1:
			env["CONTENT_LENGTH"] = fmt.Sprint(len(body))
		case 2:
			env["CONTENT_LENGTH"] = fmt.Sprint(len(body) + r.Intn(10))
		}
		cs = append(cs, pyCase{Name: fmt.Sprint("random-", i), Body: body, Environ: env, Options: map[string]any{"keep_blank_values": r.Intn(2) == 0}})
	}
	return cs
}

// randomHeaders returns n random Content-Type like lines, made of the
// characters parse_header treats specially.
func randomHeaders(seed int64, n int) []string {
	r := rand.New(rand.NewSource(seed))
	pieces := []string{"a", "b", "=", ";", `"`, `\`, " ", "\t", "N", "\u0130", "\u00a0", "\x1c", "x=", "; ", `"a;b"`, "\r\n ", "\u2028", "\x85", "\u00e9"}
	hs := []string{`form-data; name="a;b"; filename="c\"d"`, `a; b="unterminated; c=d`, `;;; ; x=""; y="\"" ;`, `x; NAME=1; name=2`}
	for i := 0; i < n; i++ {
		var b strings.Builder
		for k := r.Intn(15); k > 0; k-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		hs = append(hs, b.String())
	}
	return hs
}

func withQS(env map[string]string, qs string) map[string]string {
	env["QUERY_STRING"] = qs
	return env
}

// runPython runs the helper once for all cases and returns its dumps.
func runPython(t *testing.T, cases []pyCase) []any {
	t.Helper()
	py := cpython.Require(t, "cgi")
	in, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "testdata/pyform.py")
	cmd.Env = append(os.Environ(), "PYTHONUTF8=1", "PYTHONHASHSEED=0")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3 testdata/pyform.py: %v\n%s", err, stderr.Bytes())
	}
	var dumps []any
	if err := json.Unmarshal(out, &dumps); err != nil {
		t.Fatal(err)
	}
	return dumps
}

// goDump parses c with cgiform and dumps it as pyform.py dumps Python's form.
func goDump(t *testing.T, c pyCase, dir string) any {
	if c.ParseHeader != nil {
		key, params := ParseHeader(*c.ParseHeader)
		return roundTrip(t, map[string]any{"key": key, "params": params})
	}
	o := &Options{MaxNumFields: -1, TempDir: dir}
	if v, ok := c.Options["keep_blank_values"].(bool); ok {
		o.KeepBlankValues = v
	}
	if v, ok := c.Options["strict_parsing"].(bool); ok {
		o.StrictParsing = v
	}
	if v, ok := c.Options["max_num_fields"].(int); ok {
		o.MaxNumFields = v
	}
	if v, ok := c.Options["limit"].(int); ok {
		o.Limit = int64(v)
	}
	o.Separator, _ = c.Options["separator"].(string)
	o.Encoding, _ = c.Options["encoding"].(string)
	o.Errors, _ = c.Options["errors"].(string)
	var h textproto.MIMEHeader
	if c.Headers != nil {
		h = make(textproto.MIMEHeader)
		for k, v := range c.Headers {
			h.Set(k, v)
		}
	}
	fs, err := Parse(strings.NewReader(c.Body), h, c.Environ, o)
	if err != nil {
		return map[string]any{"error": errorKind(err)}
	}
	defer fs.Close()
	return roundTrip(t, dumpField(fs))
}

func errorKind(err error) string {
	for _, k := range []struct {
		err  error
		kind string
	}{
		{ErrInvalidBoundary, "invalid-boundary"}, {ErrTooManyFields, "too-many-fields"},
		{ErrBadQuery, "bad-query"}, {ErrTooLarge, "too-large"}, {ErrDecode, "decode"},
		{ErrTruncated, "truncated"}, {ErrBadContentLength, "bad-content-length"},
	} {
		if errors.Is(err, k.err) {
			return k.kind
		}
	}
	return "go: " + err.Error()
}

func dumpField(f *FieldStorage) map[string]any {
	d := map[string]any{"name": f.Name, "filename": f.Filename}
	if f.mini {
		d["kind"], d["value"] = "mini", f.Value()
		return d
	}
	d["kind"] = "part"
	d["type"], d["type_options"] = f.Type(), orEmpty(f.TypeOptions())
	d["disposition"], d["disposition_options"] = f.Disposition(), orEmpty(f.DispositionOptions())
	h := map[string][]string{}
	for k, v := range f.Header() {
		h[strings.ToLower(k)] = append(h[strings.ToLower(k)], v...)
	}
	d["headers"] = h
	if f.List != nil {
		var list []any
		for _, c := range f.List {
			list = append(list, dumpField(c))
		}
		if list == nil {
			list = []any{}
		}
		d["list"] = list
		return d
	}
	v := []byte(f.Value())
	sum := sha256.Sum256(v)
	d["size"], d["sha256"], d["spooled"] = len(v), hex.EncodeToString(sum[:]), f.spooled()
	if len(v) <= 200 {
		r := make([]rune, len(v))
		for i, b := range v {
			r[i] = rune(b)
		}
		d["value"] = string(r)
	}
	return d
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func roundTrip(t *testing.T, v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDifferential parses every case with CPython's cgi.FieldStorage and
// with Parse, and compares the dumps: field names, values, filenames,
// types, options, headers, sizes and digests in order, or the kind of error.
// The cases are the named forms of differentialCases, 300 random multipart
// forms and 500 random lines for parse_header, all sent to one python3.
func TestDifferential(t *testing.T) {
	cases := differentialCases()
	dumps := runPython(t, cases)
	if len(dumps) != len(cases) {
		t.Fatalf("python returned %d dumps for %d cases", len(dumps), len(cases))
	}
	dir := t.TempDir()
	for i, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			if diff := cmp.Diff(dumps[i], goDump(t, c, dir)); diff != "" {
				t.Errorf("python (-) and cgiform (+) differ:\n%s", diff)
			}
		})
	}
}
