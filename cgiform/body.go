package cgiform

import (
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
)

// pyInt parses a Content-Length as Python's int() does for ASCII text:
// surrounding white space, an optional '+' and single underscores between
// digits. It reports false for anything else, negative numbers included.
func pyInt(s string) (int64, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "+")
	if s == "" || !isDigit(s[0]) || !isDigit(s[len(s)-1]) || strings.Contains(s, "__") {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		return math.MaxInt64, true // longer than any body: no bound at all
	}
	return n, err == nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// capReader reads from r, and fails with ErrTooLarge when asked for more
// than n bytes of a body that has more.
type capReader struct {
	r io.Reader
	n int64
}

func (c *capReader) Read(b []byte) (int, error) {
	if c.n <= 0 {
		if k, err := c.r.Read(b[:1]); k == 0 {
			return 0, err
		}
		return 0, ErrTooLarge
	}
	if int64(len(b)) > c.n {
		b = b[:c.n]
	}
	k, err := c.r.Read(b)
	c.n -= int64(k)
	return k, err
}
