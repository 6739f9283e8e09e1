package cgiform

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The forms of CPython 3.11's Lib/test/test_cgi.py, as its tests build them.
// Their bodies use bare line feeds, as the test's triple-quoted strings do.
const (
	cpyBoundary = "---------------------------721837373350705526688164684"
	// cpyPostData is four fields, one a file, and is 540 bytes long, while
	// the tests that send it say Content-Length: 558.
	cpyPostData = "--" + cpyBoundary + "\n" +
		`Content-Disposition: form-data; name="id"` + "\n\n1234\n" +
		"--" + cpyBoundary + "\n" +
		`Content-Disposition: form-data; name="title"` + "\n\n\n" +
		"--" + cpyBoundary + "\n" +
		`Content-Disposition: form-data; name="file"; filename="test.txt"` + "\n" +
		"Content-Type: text/plain\n\nTesting 123.\n\n" +
		"--" + cpyBoundary + "\n" +
		`Content-Disposition: form-data; name="submit"` + "\n\n Add \n" +
		"--" + cpyBoundary + "--\n"
	// cpyNonASCII is one field of three Latin-1 characters, written here in
	// Latin-1, and no closing boundary: the body ends after a part's boundary line.
	cpyNonASCII = "--" + cpyBoundary + "\n" +
		`Content-Disposition: form-data; name="id"` + "\n\n\xe7\xf1\x80\n" +
		"--" + cpyBoundary + "\n"
	// cpyW3C is the HTML 4.01 specification's sample: a field, then two
	// files under one name in a nested multipart/mixed part.
	cpyW3C = "--AaB03x\n" +
		`Content-Disposition: form-data; name="submit-name"` + "\n\nLarry\n" +
		"--AaB03x\n" +
		`Content-Disposition: form-data; name="files"` + "\n" +
		"Content-Type: multipart/mixed; boundary=BbC04y\n\n" +
		"--BbC04y\n" +
		`Content-Disposition: file; filename="file1.txt"` + "\n" +
		"Content-Type: text/plain\n\n... contents of file1.txt ...\n" +
		"--BbC04y\n" +
		`Content-Disposition: file; filename="file2.gif"` + "\n" +
		"Content-Type: image/gif\nContent-Transfer-Encoding: binary\n\n...contents of file2.gif...\n" +
		"--BbC04y--\n" +
		"--AaB03x--\n"
	// cpyPartLength is one field whose part says Content-Length: 5 (which
	// Python drops), ended by a boundary line without "--" or a line break.
	cpyPartLength = "--JfISa01\n" +
		`Content-Disposition: form-data; name="submit-name"` + "\n" +
		"Content-Length: 5\n\nLarry\n--JfISa01"
	// cpyMaxFields is a field, then two parts that are themselves
	// urlencoded; the first of them reads the rest of the body.
	cpyMaxFields = "---123\n" +
		`Content-Disposition: form-data; name="a"` + "\n\n3\n" +
		"---123\nContent-Type: application/x-www-form-urlencoded\n\na=4\n" +
		"---123\nContent-Type: application/x-www-form-urlencoded\n\na=5\n" +
		"---123--\n"
	// cpyQSFormData is three fields; test_cgi sends it with a query string.
	cpyQSFormData = "---123\n" +
		`Content-Disposition: form-data; name="key2"` + "\n\nvalue2y\n" +
		"---123\n" +
		`Content-Disposition: form-data; name="key3"` + "\n\nvalue3\n" +
		"---123\n" +
		`Content-Disposition: form-data; name="key4"` + "\n\nvalue4\n"
	cpyQSFormDataFile = cpyQSFormData +
		"---123\n" +
		`Content-Disposition: form-data; name="upload"; filename="fake.txt"` + "\n" +
		"Content-Type: text/plain\n\nthis is the content of the fake file\n\n"
)

// cpyStrict are test_cgi's parse_strict_test_cases: query strings that
// strict parsing accepts or refuses.
var cpyStrict = []string{
	"", "&", "&&", "=", "=&=", "=a", "&=a", "=a&", "=&a", "b=a", "b+=a", "a=b=a", "a=+b=a",
	"&b=a", "b&=a", "a=a+b&b=b+c", "a=a+b&a=b+a", "x=1&y=2.0&z=2-3.%2b0",
	"Hbc5161168c542333633315dee1182227:key_store_seqid=400006&cuyer=r&view=bustomer&order_id=0bb2e248638833d48cb7fed300000f1b&expire=964546263&lobale=en-US&kid=130003.300038&ss=env",
	"group_id=5470&set=custom&_assigned_to=31392&_status=1&_category=100&SUBMIT=Browse",
}

// cpySemicolon are test_cgi's test_separator strings, split on ';'.
var cpySemicolon = []string{
	"x=1;y=2.0", "x=1;y=2.0;z=2-3.%2b0", ";", ";;", "=;a", ";b=a", "b;=a", "a=a+b;b=b+c", "a=a+b;a=b+a",
}

// cpyHeaders are the lines of test_cgi's test_parse_header.
var cpyHeaders = []string{
	"text/plain", "text/vnd.just.made.this.up ; ", "text/plain;charset=us-ascii",
	`text/plain ; charset="us-ascii"`, `text/plain ; charset="us-ascii"; another=opt`,
	`attachment; filename="silly.txt"`, `attachment; filename="strange;name"`,
	`attachment; filename="strange;name";size=123;`, `form-data; name="files"; filename="fo\"o;bar"`,
}

// cpyMaxLine is test_fieldstorage_multipart_maxline's form: a file whose
// content straddles Python's 64 KiB readline, with CRLF line ends.
func cpyMaxLine(content string) string {
	head := "---123\n" +
		`Content-Disposition: form-data; name="upload"; filename="fake.txt"` + "\n" +
		"Content-Type: text/plain\n\n"
	return strings.ReplaceAll(head, "\n", "\r\n") + content + "\r\n---123--\r\n"
}

// cpythonCases returns test_cgi.py's scenarios as differential cases: each
// form the tests parse, with the environment and options they pass.
func cpythonCases() []pyCase {
	var cs []pyCase
	strict := map[string]any{"strict_parsing": true}
	for _, qs := range cpyStrict {
		cs = append(cs,
			pyCase{Name: "strict GET " + qs, Environ: map[string]string{"REQUEST_METHOD": "GET", "QUERY_STRING": qs}, Options: strict},
			pyCase{Name: "strict POST " + qs, Body: qs, Environ: post(urlencoded, qs), Options: strict},
			pyCase{Name: "query " + qs, Environ: map[string]string{"QUERY_STRING": qs}})
	}
	for _, qs := range cpySemicolon {
		cs = append(cs,
			pyCase{Name: "semicolon " + qs, Environ: map[string]string{"QUERY_STRING": qs}, Options: map[string]any{"separator": ";"}},
			pyCase{Name: "semicolon strict " + qs, Environ: map[string]string{"QUERY_STRING": qs}, Options: map[string]any{"separator": ";", "strict_parsing": true}})
	}
	for _, h := range cpyHeaders {
		h := h
		cs = append(cs, pyCase{Name: "parse_header " + h, ParseHeader: &h})
	}
	mpType := "multipart/form-data; boundary=" + cpyBoundary
	latin1 := map[string]any{"encoding": "latin-1"}
	length := func(ctype, n string) map[string]string {
		return map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": ctype, "CONTENT_LENGTH": n}
	}
	nonASCIIUTF8 := strings.NewReplacer("\xe7", "\u00e7", "\xf1", "\u00f1", "\x80", "\u0080").Replace(cpyNonASCII)
	longLine := strings.Repeat("x", 1<<16-1)
	qsFormData := cpyQSFormData + "---123--\n"
	qsFormDataFile := cpyQSFormDataFile + "---123--\n"
	invalidEncoding := "--JfISa01\n" + `Content-Disposition: form-data; name="submit-name"` + "\nContent-Length: 3\n\n\u2603\n--JfISa01"
	manyFields := strings.Repeat("a=a&", 10) + "a=a"
	cs = append(cs, []pyCase{
		// parse_multipart(fp, pdict) is FieldStorage with these headers and REQUEST_METHOD=POST.
		{Name: "parse_multipart", Body: cpyPostData, Headers: map[string]string{"content-type": mpType, "content-length": "558"}, Environ: map[string]string{"REQUEST_METHOD": "POST"}},
		{Name: "parse_multipart without length", Body: "--JfISa01\n" + `Content-Disposition: form-data; name="submit-name"` + "\n\njust a string\n\n--JfISa01--\n", Headers: map[string]string{"content-type": "multipart/form-data; boundary=JfISa01"}, Environ: map[string]string{"REQUEST_METHOD": "POST"}},
		{Name: "parse_multipart invalid encoding", Body: invalidEncoding, Headers: map[string]string{"content-type": "multipart/form-data; boundary=JfISa01", "content-length": itoa(len(invalidEncoding))}, Environ: map[string]string{"REQUEST_METHOD": "POST"}, Options: map[string]any{"encoding": "ascii", "errors": "surrogateescape"}},
		{Name: "parse_multipart invalid encoding replaced", Body: invalidEncoding, Headers: map[string]string{"content-type": "multipart/form-data; boundary=JfISa01", "content-length": itoa(len(invalidEncoding))}, Environ: map[string]string{"REQUEST_METHOD": "POST"}, Options: map[string]any{"encoding": "ascii"}},
		{Name: "surrogateescape query", Environ: map[string]string{"QUERY_STRING": "a=%E2%98&b=%ff+%41"}, Options: map[string]any{"errors": "surrogateescape"}},
		{Name: "surrogateescape utf-8 part", Body: mp("s", fd+`name="a"`+"\r\n\r\nx\xe2\x82y\xffz\xf0\x9f\x98"), Environ: post("multipart/form-data; boundary=s", mp("s", fd+`name="a"`+"\r\n\r\nx\xe2\x82y\xffz\xf0\x9f\x98")), Options: map[string]any{"errors": "surrogateescape"}},
		{Name: "multipart", Body: cpyPostData, Environ: length(mpType, "558"), Options: latin1},
		{Name: "multipart leading whitespace", Body: "\r\n" + cpyPostData, Environ: length(mpType, "560"), Options: latin1},
		{Name: "multipart non-ASCII latin-1", Body: cpyNonASCII, Environ: length(mpType, "558"), Options: map[string]any{"encoding": "iso-8859-1"}},
		{Name: "multipart non-ASCII utf-8", Body: nonASCIIUTF8, Environ: length(mpType, "558"), Options: map[string]any{"encoding": "utf-8"}},
		{Name: "multipart maxline", Body: cpyMaxLine(longLine), Environ: post("multipart/form-data; boundary=-123", cpyMaxLine(longLine)), Options: latin1},
		{Name: "multipart maxline CR", Body: cpyMaxLine(longLine + "\r"), Environ: post("multipart/form-data; boundary=-123", cpyMaxLine(longLine+"\r")), Options: latin1},
		{Name: "multipart maxline CR and more", Body: cpyMaxLine(longLine + "\r" + strings.Repeat("y", 1<<16-1)), Environ: post("multipart/form-data; boundary=-123", cpyMaxLine(longLine+"\r"+strings.Repeat("y", 1<<16-1))), Options: latin1},
		{Name: "multipart w3c", Body: cpyW3C, Environ: post("multipart/form-data; boundary=AaB03x", cpyW3C), Options: latin1},
		{Name: "multipart part content length", Body: cpyPartLength, Environ: post("multipart/form-data; boundary=JfISa01", cpyPartLength), Options: latin1},
		{Name: "multipart no content length", Body: "--MyBoundary\n" + `Content-Disposition: form-data; name="my-arg"; filename="foo"` + "\n\nTest\n\n--MyBoundary--\n", Environ: map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": "multipart/form-data; boundary=MyBoundary"}},
		{Name: "put body", Body: "xxxxxxxxxx", Environ: map[string]string{"REQUEST_METHOD": "PUT"}},
		{Name: "put long line", Body: strings.Repeat("x", 256<<10), Environ: map[string]string{"REQUEST_METHOD": "PUT"}},
		{Name: "query and urlencoded", Body: "key2=value2x&key3=value3&key4=value4", Environ: withQS(post(urlencoded, "key2=value2x&key3=value3&key4=value4"), "key1=value1&key2=value2y"), Options: latin1},
		{Name: "max_num_fields urlencoded", Body: manyFields, Environ: post(urlencoded, manyFields), Options: map[string]any{"max_num_fields": 10}},
		{Name: "max_num_fields multipart 4", Body: cpyMaxFields, Environ: withQS(post("multipart/form-data; boundary=-123", cpyMaxFields), "a=1&a=2"), Options: map[string]any{"max_num_fields": 4}},
		{Name: "max_num_fields multipart 5", Body: cpyMaxFields, Environ: withQS(post("multipart/form-data; boundary=-123", cpyMaxFields), "a=1&a=2"), Options: map[string]any{"max_num_fields": 5}},
		{Name: "query and form data", Body: qsFormData, Environ: withQS(post("multipart/form-data; boundary=-123", qsFormData), "key1=value1&key2=value2x"), Options: latin1},
		{Name: "query and form data file", Body: qsFormDataFile, Environ: withQS(post("multipart/form-data; boundary=-123", qsFormDataFile), "key1=value1&key2=value2x"), Options: latin1},
		// The issue's own form: complete parts, no closing boundary, exact length.
		{Name: "no closing boundary", Body: "--B\n" + fd + `name="a"` + "\n\nx\n--B", Environ: post("multipart/form-data; boundary=B", "--B\n"+fd+`name="a"`+"\n\nx\n--B")},
	}...)
	return cs
}

// TestDifferentialCPython compares Parse with CPython's cgi module on
// test_cgi.py's forms, as TestDifferential does on its own.
func TestDifferentialCPython(t *testing.T) {
	cases := cpythonCases()
	for i := range cases {
		cases[i].Body64 = base64.StdEncoding.EncodeToString([]byte(cases[i].Body))
	}
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

// TestCPythonBodyEnds checks, without python3, what test_cgi.py asserts of
// the forms whose body ends without a closing boundary, and of urlencoded
// parts after a multipart field: each parses, with CPython's values.
func TestCPythonBodyEnds(t *testing.T) {
	nonASCIIUTF8 := strings.NewReplacer("\xe7", "\u00e7", "\xf1", "\u00f1", "\x80", "\u0080").Replace(cpyNonASCII)
	mpType := "multipart/form-data; boundary=" + cpyBoundary
	env558 := map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": mpType, "CONTENT_LENGTH": "558"}
	issue := "--B\n" + fd + `name="a"` + "\n\nx\n--B"
	invalid := "--JfISa01\n" + `Content-Disposition: form-data; name="submit-name"` + "\nContent-Length: 3\n\n\u2603\n--JfISa01"
	for _, c := range []struct {
		name, body string
		env        map[string]string
		opts       Options
		key, want  string
	}{
		{"no closing boundary", issue, post("multipart/form-data; boundary=B", issue), Options{}, "a", "x"},
		{"part content length", cpyPartLength, post("multipart/form-data; boundary=JfISa01", cpyPartLength), Options{Encoding: "latin-1"}, "submit-name", "Larry"},
		{"ASCII with surrogateescape", invalid, post("multipart/form-data; boundary=JfISa01", invalid), Options{Encoding: "ascii", Errors: "surrogateescape"}, "submit-name", "\u2603"},
		{"ASCII with replace", invalid, post("multipart/form-data; boundary=JfISa01", invalid), Options{Encoding: "ascii"}, "submit-name", "\ufffd\ufffd\ufffd"},
		{"non-ASCII latin-1", cpyNonASCII, env558, Options{Encoding: "iso-8859-1"}, "id", "\u00e7\u00f1\u0080"},
		{"non-ASCII utf-8", nonASCIIUTF8, env558, Options{Encoding: "utf-8"}, "id", "\u00e7\u00f1\u0080"},
		{"urlencoded parts", cpyMaxFields, withQS(post("multipart/form-data; boundary=-123", cpyMaxFields), "a=1&a=2"), Options{MaxNumFields: 5}, "a", "1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs, err := Parse(strings.NewReader(c.body), nil, c.env, &c.opts)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			defer fs.Close()
			if got := fs.GetValue(c.key, "missing"); got != c.want {
				t.Errorf("%s = %q, want %q", c.key, got, c.want)
			}
		})
	}
	fs, err := Parse(strings.NewReader(cpyMaxFields), nil, withQS(post("multipart/form-data; boundary=-123", cpyMaxFields), "a=1&a=2"), &Options{MaxNumFields: 4})
	if !errors.Is(err, ErrTooManyFields) {
		t.Errorf("max_num_fields=4: Parse = %v, %v; want ErrTooManyFields", fs, err)
	}
	// The departure that stays: a body that ends inside a part's data, with
	// no boundary line after it, is ErrTruncated, where CPython keeps a='x'.
	half := strings.TrimSuffix(issue, "\n--B")
	fs, err = Parse(strings.NewReader(half), nil, post("multipart/form-data; boundary=B", half), nil)
	if !errors.Is(err, ErrTruncated) {
		t.Errorf("body ending inside a part's data: Parse = %v, %v; want ErrTruncated", fs, err)
	}
}
