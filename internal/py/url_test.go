package py

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// urlTargets are request targets for URLParse, compared with Python.
var urlTargets = []string{
	"/", "/?foo=bar", "/p;params?q=1#frag", "http://example.com/x?y=1",
	"HTTP://Example.com", "//host/p", "/a;b/c;d;e?x", "/a/b;c", ";x", "a;b",
	"/x#y?z", "/x?y#z", "mailto:a@b", "1http://x/y", "ftp://h/p;type=a",
	"spam://h/p;q", "/\x01/p", "\x01\x02/p", "http://[::1]:80/x", "http://[::1/x",
	"http://h]/x", "/%41%zz?%20", "/café?é", "*", "http:/x", "h:", ":/x",
	"a+b-c.d://x/y", "/a#", "/a?", "//", "///x",
}

// TestURLParseAsPython compares URLParse with CPython's urllib.parse.urlparse.
func TestURLParseAsPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	in, _ := json.Marshal(urlTargets)
	cmd := exec.Command(python, "-c", `
import json, sys, urllib.parse
out = []
for u in json.loads(sys.stdin.read()):
    try:
        out.append(list(urllib.parse.urlparse(u)))
    except ValueError as e:
        out.append(str(e))
print(json.dumps(out))
`)
	cmd.Stdin = strings.NewReader(string(in))
	got, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var want []any
	if err := json.Unmarshal(got, &want); err != nil {
		t.Fatal(err)
	}
	for i, target := range urlTargets {
		u, err := URLParse(target)
		var g any = []any{u.Scheme, u.Netloc, u.Path, u.Params, u.Query, u.Fragment}
		if err != nil {
			g = err.Error()
		}
		if gb, _ := json.Marshal(g); string(gb) != mustJSON(want[i]) {
			t.Errorf("URLParse(%q) = %s, want %s (Python)", target, gb, mustJSON(want[i]))
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
