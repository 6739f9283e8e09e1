package cgiform

import (
	"bytes"
	"io"
	"strconv"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse parses arbitrary bodies under arbitrary content types, with
// small bounds. Parse must not panic, must give the same form (or error)
// whether the body arrives all at once or a byte at a time (so whether
// lines are taken many at once or one by one), and must leave no temporary
// file and no open file behind. A multipart form that Parse accepts must
// give a Reader the same parts (see TestReaderAsParse).
// Seeds: testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte, ctype string, withLength bool) {
		env := map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": ctype, "QUERY_STRING": "q=1"}
		if withLength {
			env["CONTENT_LENGTH"] = strconv.Itoa(len(body))
		}
		dir := t.TempDir()
		o := &Options{TempDir: dir, MaxBytes: 1 << 20, MaxMemory: 1 << 20, MaxHeaderBytes: 4096, MaxNumFields: 100}
		before := openFiles(t)
		var dumps [2]any
		for i, r := range []io.Reader{bytes.NewReader(body), iotest.OneByteReader(bytes.NewReader(body))} {
			fs, err := Parse(r, nil, env, o)
			if err != nil {
				if fs != nil {
					t.Fatalf("Parse returned a form and %v", err)
				}
				dumps[i] = errorKind(err)
				continue
			}
			dumps[i] = roundTrip(t, dumpField(fs))
			keys := fs.Keys()
			if len(keys) != fs.Len() {
				t.Errorf("Keys %q, Len %d", keys, fs.Len())
			}
			for _, k := range keys {
				if !fs.Contains(k) || len(fs.GetList(k)) != len(fs.Fields(k)) {
					t.Errorf("key %q: Contains %v, GetList %d, Fields %d", k, fs.Contains(k), len(fs.GetList(k)), len(fs.Fields(k)))
				}
			}
			if err := fs.Close(); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(dumps[0], dumps[1]); diff != "" {
			t.Errorf("whole body (-) and byte by byte (+) differ:\n%s", diff)
		}
		typ, params := ParseHeader(ctype)
		if isMultipart(typ) && !bytes.Contains(body, []byte(urlencoded)) && !hasLongLine(string(body)) {
			if fs, err := Parse(bytes.NewReader(body), nil, env, o); err == nil {
				want := parseDump(fs)
				fs.Close()
				cd, _ := newCodec(o.Encoding, o.Errors)
				got := streamDump(t, NewReader(bytes.NewReader(body), params["boundary"], o), cd)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("Parse (-) and Reader (+) differ:\n%s", diff)
				}
			}
		}
		checkClean(t, dir, before)
	})
}

// FuzzParseHeader checks that ParseHeader does not panic and that what it
// returns is stripped, and lowercased where Python lowercases.
// Seeds: testdata/fuzz/FuzzParseHeader.
func FuzzParseHeader(f *testing.F) {
	f.Fuzz(func(t *testing.T, line string) {
		key, params := ParseHeader(line)
		if key != pyStrip(key) {
			t.Errorf("key %q is not stripped", key)
		}
		for name := range params {
			if name != pyLower(pyStrip(name)) {
				t.Errorf("parameter name %q is not stripped and lowercased", name)
			}
		}
	})
}
