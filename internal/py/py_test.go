package py

import (
	"encoding/json"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/basehttpserver/basehttpserver/internal/cpython"
)

func TestRepr(t *testing.T) {
	for in, want := range map[string]string{
		"abc":                 `'abc'`,
		"it's":                `"it's"`,
		`'"`:                  `'\'"'`,
		"a\\b":                `'a\\b'`,
		"\t\r\n\x00":          `'\t\r\n\x00'`,
		"é\u00a0\u00ad\u0085": `'é\xa0\xad\x85'`,
	} {
		if got := Repr(in); got != want {
			t.Errorf("Repr(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestAddr(t *testing.T) {
	tcp := func(s string) net.Addr { a, _ := net.ResolveTCPAddr("tcp", s); return a }
	udp := func(s string) net.Addr { a, _ := net.ResolveUDPAddr("udp", s); return a }
	for _, c := range []struct {
		addr net.Addr
		want string
	}{
		{tcp("[::1]:80"), "('::1', 80, 0, 0)"},
		{&net.UnixAddr{Name: "/tmp/x.sock", Net: "unix"}, "'/tmp/x.sock'"},
		{(*net.UnixAddr)(nil), "''"},
		{udp("10.0.0.1:53"), "('10.0.0.1', 53)"},
		{tcp("[::ffff:1.2.3.4]:1"), "('1.2.3.4', 1)"},
		{nil, "None"},
	} {
		if got := Addr(c.addr); got != c.want {
			t.Errorf("Addr(%v) = %s, want %s", c.addr, got, c.want)
		}
	}
}

func TestLatin1(t *testing.T) {
	if got := DecodeLatin1([]byte("caf\xe9 \xff")); got != "café ÿ" {
		t.Errorf("DecodeLatin1 = %q", got)
	}
	b, err := EncodeLatin1([]byte("x"), "café", "ÿ")
	if err != nil || string(b) != "xcaf\xe9\xff" {
		t.Errorf("EncodeLatin1 = %q, %v", b, err)
	}
	b, err = EncodeLatin1([]byte("x"), "a", "λ")
	if err == nil || string(b) != "x" {
		t.Errorf("EncodeLatin1 of λ = %q, %v; want an error and dst as it came", b, err)
	}
}

func TestIsSpace(t *testing.T) {
	for _, r := range " \t\n\r\v\f\x1c\x1d\x1e\x1f\u0085\u00a0" {
		if !IsSpace(r) {
			t.Errorf("IsSpace(%U) = false", r)
		}
	}
	for _, r := range "a0_\x00\x1b\u00ad" {
		if IsSpace(r) {
			t.Errorf("IsSpace(%U) = true", r)
		}
	}
}

func TestOrDefault(t *testing.T) {
	if OrDefault(0, 5) != 5 || OrDefault(-1, 5) != 5 || OrDefault(3, 5) != 3 || OrDefault("", "d") != "d" || OrDefault("v", "d") != "v" {
		t.Error("OrDefault")
	}
}

// headerBlocks are header blocks for ParseHeaderBlock, compared with
// Python's email parser.
var headerBlocks = []string{
	"Host: a\r\nX-Dup: 1\r\nx-dup: 2\r\n",
	"X-Fold: a\r\n b\r\n\tc\r\nNext: 1\r\n",
	"0:\r0:\r\n",
	"A: 1\rB: 2\rC: 3\n",
	"A: 1\r\rB: 2\r\n",
	"From nobody\r\nA: 1\r\n",
	"A: 1\r\nFrom x\r\n b\r\nC: 2\r\n",
	":x\r\n c\r\nA: 1\r\n",
	"A: 1\r\nnot a header\r\nB: 2\r\n",
	" lead\r\nA: 1\r\n",
	"A:   \r\nB:\t v \r\n",
	"Näme: y\r\nB: 2\r\n",
	"A: café\r\n",
	"A:1",
	"A: 1\r\n\r\n",
	"A b: 1\r\nC: 2\r\n",
}

// TestParseHeaderBlockAsPython compares ParseHeaderBlock with CPython's
// email.parser.HeaderParser (policy compat32) on headerBlocks.
func TestParseHeaderBlockAsPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	in, _ := json.Marshal(headerBlocks)
	cmd := exec.Command(python, "-c", `
import email.parser, json, sys
from email.policy import compat32
out = []
for block in json.loads(sys.stdin.read()):
    m = email.parser.Parser(policy=compat32).parsestr(block, headersonly=True)
    out.append([[k, v] for k, v in m._headers])
print(json.dumps(out))
`)
	cmd.Stdin = strings.NewReader(string(in))
	got, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var want [][][2]string
	if err := json.Unmarshal(got, &want); err != nil {
		t.Fatal(err)
	}
	for i, block := range headerBlocks {
		var fields [][2]string
		for _, f := range ParseHeaderBlock(block) {
			fields = append(fields, [2]string{f.Name, f.Value})
		}
		if len(fields) != len(want[i]) || (len(fields) > 0 && !equal(fields, want[i])) {
			t.Errorf("ParseHeaderBlock(%q)\n got %q\nwant %q (Python)", block, fields, want[i])
		}
	}
}

func equal(a, b [][2]string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestIsSpaceAsPython compares IsSpace with CPython's str.isspace over
// every character of the Basic Multilingual Plane.
func TestIsSpaceAsPython(t *testing.T) {
	python := cpython.Require(t)
	out, err := exec.Command(python, "-c",
		"print(' '.join(str(c) for c in range(0x10000) if chr(c).isspace()))").Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	want := map[rune]bool{}
	for _, f := range strings.Fields(string(out)) {
		c, err := strconv.Atoi(f)
		if err != nil {
			t.Fatal(err)
		}
		want[rune(c)] = true
	}
	for r := rune(0); r < 0x10000; r++ {
		if IsSpace(r) != want[r] {
			t.Errorf("IsSpace(%U) = %v, Python's isspace %v", r, IsSpace(r), want[r])
		}
	}
}
