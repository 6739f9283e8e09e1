package basehttp_test

import (
	"runtime"
	"strings"
	"testing"
)

// maxLine is the longest line the package doc's Limits admit.
const maxLine = 65536

// heapDuring returns the bytes allocated while f runs.
func heapDuring(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestBareCRFields sends a header block of 99 lines, each of 21,800 fields
// ended by a bare CR: 2,158,200 fields to Python's email parser, which
// splits lines at CR, in 6.47 MB. It is refused as too many headers, and
// what the handler allocates stays within the package doc's bound.
func TestBareCRFields(t *testing.T) {
	line := strings.Repeat("A:\r", 21800) + "\n"
	request := "GET / HTTP/1.0\r\n" + strings.Repeat(line, 99) + "\r\n"
	var out string
	alloc := heapDuring(func() { out, _ = serve(t, &plainHandler{}, request) })
	if want := "HTTP/1.0 431 Too many headers\r\n"; !strings.HasPrefix(out, want) {
		t.Errorf("answered %.60q, want %q", out, want)
	}
	if alloc > 6500000 {
		t.Errorf("allocated %d bytes, more than the 6.5 MB of the package doc", alloc)
	}
}

// TestFieldsPerLine counts the header lines ended by a bare CR against the
// bound of 99: two fields a line pass on 49 lines and are refused on 50,
// where Python would take 100 fields.
func TestFieldsPerLine(t *testing.T) {
	for _, c := range []struct {
		lines  int
		status string
	}{
		{49, "HTTP/1.0 200 OK\r\n"},
		{50, "HTTP/1.0 431 Too many headers\r\n"},
	} {
		request := "GET / HTTP/1.0\r\n" + strings.Repeat("A: 1\rB: 2\r\n", c.lines) + "\r\n"
		h := &plainHandler{}
		out, _ := serve(t, h, request)
		if !strings.HasPrefix(out, c.status) {
			t.Errorf("%d lines: answered %.60q, want %q", c.lines, out, c.status)
		}
		if c.status == "HTTP/1.0 200 OK\r\n" && len(h.Headers) != 2*c.lines {
			t.Errorf("%d lines: %d fields", c.lines, len(h.Headers))
		}
	}
}

// TestLargestHeaderBlock parses the largest block the bounds admit, one
// field folded over 99 lines of 65536 bytes, each byte a Latin-1 letter that
// takes two bytes in UTF-8, within the package doc's bound.
func TestLargestHeaderBlock(t *testing.T) {
	request := "GET / HTTP/1.0\r\nX: " + strings.Repeat("\xe9", maxLine-len("X: \r\n")) + "\r\n" +
		strings.Repeat(" "+strings.Repeat("\xe9", maxLine-len(" \r\n"))+"\r\n", 98) + "\r\n"
	var out string
	h := &plainHandler{}
	alloc := heapDuring(func() { out, _ = serve(t, h, request) })
	if !strings.HasPrefix(out, "HTTP/1.0 200 OK\r\n") || len(h.Headers) != 1 {
		t.Fatalf("answered %.60q with %d fields", out, len(h.Headers))
	}
	if alloc > 50000000 {
		t.Errorf("allocated %d bytes for a block of %d, more than the 50 MB of the package doc", alloc, len(request))
	}
}
