package cgiform

import (
	"errors"
	"testing"
)

// TestDecode checks bytes.decode's results, as CPython 3.11 gives them:
// one U+FFFD for each maximal prefix of a valid sequence, in particular.
func TestDecode(t *testing.T) {
	for _, c := range []struct{ enc, errs, in, want string }{
		{"utf-8", "replace", "\xe2\x82A", "\ufffdA"},
		{"utf-8", "replace", "\xed\xa0\x80", "\ufffd\ufffd\ufffd"},
		{"utf-8", "replace", "\xe0\x80", "\ufffd\ufffd"},
		{"utf-8", "replace", "\xf0\x9f\x98A", "\ufffdA"},
		{"utf-8", "replace", "\xf4\x90\x80\x80", "\ufffd\ufffd\ufffd\ufffd"},
		{"utf-8", "replace", "\xc3", "\ufffd"},
		{"utf-8", "replace", "a\xffb\u00e9", "a\ufffdb\u00e9"},
		{"utf-8", "ignore", "a\xe2\x82b\xff", "ab"},
		{"latin-1", "strict", "caf\xe9", "caf\u00e9"},
		{"ascii", "replace", "caf\xc3\xa9", "caf\ufffd\ufffd"},
	} {
		cd, err := newCodec(c.enc, c.errs)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := cd.decode([]byte(c.in)); got != c.want || err != nil {
			t.Errorf("%q.decode(%q, %q) = %q, %v; want %q", c.in, c.enc, c.errs, got, err, c.want)
		}
	}
	cd, _ := newCodec("utf8", "strict")
	if _, err := cd.decode([]byte("ok\xff")); !errors.Is(err, ErrDecode) {
		t.Errorf("strict: err = %v, want ErrDecode", err)
	}
}
