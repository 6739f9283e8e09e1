package main

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
)

// targets are request targets whose real path and query the example must
// print as CPython's urlparse splits them.
var targets = []string{
	"/?foo=bar",
	"/p;params?q=1#frag",
	"http://example.com/x?y=1",
	"/a;b/c;d?x=1;2",
	"//twice//over?q",
	"/x#y?z",
}

// TestRealPathAndQueryAsPython serves each target to the example and checks
// its "real path" and "query" lines against python3's urllib.parse.urlparse
// of the same path.
func TestRealPathAndQueryAsPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	for _, target := range targets {
		out, _, err := basehttptest.Serve(func() basehttp.Handler { return new(GetHandler) },
			"GET "+target+" HTTP/1.0\r\n\r\n")
		if err != nil {
			t.Fatal(err)
		}
		path := lineValue(out, "path=")
		cmd := exec.Command(python, "-c", `
import json, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
print(json.dumps([u.path, u.query]))`, path)
		py, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		var want [2]string
		if err := json.Unmarshal(py, &want); err != nil {
			t.Fatal(err)
		}
		if got := [2]string{lineValue(out, "real path="), lineValue(out, "query=")}; got != want {
			t.Errorf("GET %s: real path and query %q, want %q (Python's urlparse of %q)", target, got, want, path)
		}
	}
}

// lineValue returns the rest of the first line of out starting with prefix.
func lineValue(out, prefix string) string {
	for _, line := range strings.Split(out, "\r\n") {
		if v, ok := strings.CutPrefix(line, prefix); ok {
			return v
		}
	}
	return "(no " + prefix + " line)"
}
