package basehttp

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/basehttpserver/basehttpserver/internal/cpython"
)

// TestSortedAsPython sorts the same fields with Header.Sorted and with
// CPython's sorted(items()), over names that differ in case only and
// Latin-1 values above ASCII, as http.client decodes them.
func TestSortedAsPython(t *testing.T) {
	python := cpython.Require(t)
	h := Header{
		{"host", "b"}, {"Host", "a"}, {"X-A", "\u00ff"}, {"X-A", "\u00e9"}, {"X-A", "z"},
		{"accept", ""}, {"Accept", "*/*"}, {"Accept", "*/*"}, {"X-\u00e9", "1"}, {"X-~", "1"},
	}
	in, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "-c", `import json, sys
pairs = [(f["Name"], f["Value"]) for f in json.load(sys.stdin)]
json.dump([{"Name": n, "Value": v} for n, v in sorted(pairs)], sys.stdout)`)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	var want Header
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	before := append(Header(nil), h...)
	if diff := cmp.Diff(want, h.Sorted()); diff != "" {
		t.Errorf("Sorted differs from Python's sorted (-python +go):\n%s", diff)
	}
	if diff := cmp.Diff(before, h); diff != "" {
		t.Errorf("Sorted changed its receiver:\n%s", diff)
	}
}
