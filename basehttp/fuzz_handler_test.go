package basehttp_test

import (
	"strings"
	"testing"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
	"github.com/basehttpserver/basehttpserver/internal/py"
)

// FuzzHandler serves raw bytes with the differential test's handler, on a
// keep-alive server, and checks that it neither fails nor logs raw control
// characters.
func FuzzHandler(f *testing.F) {
	for _, c := range basehttp.Corpus {
		if len(c.Raw) < 4096 {
			f.Add([]byte(c.Raw))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h := &diffHandler{}
		h.ProtocolVersion = "HTTP/1.1"
		out, log, err := basehttptest.Serve(only(h), string(data))
		if err != nil {
			t.Fatalf("Handle: %v", err)
		}
		for _, line := range strings.SplitAfter(log, "\n") {
			if line == "" {
				continue
			}
			if strings.IndexFunc(strings.TrimSuffix(line, "\n"), func(r rune) bool { return r < 0x20 || 0x7f <= r && r < 0xa0 }) >= 0 {
				t.Errorf("log line with a control character: %q", line)
			}
		}
		first, _, _ := strings.Cut(py.DecodeLatin1(data), "\n")
		if strings.TrimFunc(first, py.IsSpace) != "" && out == "" && log == "" {
			t.Errorf("nothing answered and nothing logged for %q", data)
		}
	})
}
