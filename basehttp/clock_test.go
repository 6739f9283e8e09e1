package basehttp

import (
	"testing"
	"time"
)

// TestStampsAtSecondBoundaries steps a Clock across second boundaries, and
// back, and checks that the cached texts change exactly when the second does.
func TestStampsAtSecondBoundaries(t *testing.T) {
	start := time.Date(2007, 12, 9, 16, 0, 34, 999999999, time.UTC)
	times := []struct {
		at   time.Time
		date string
	}{
		{start, "Sun, 09 Dec 2007 16:00:34 GMT"},
		{start.Add(time.Nanosecond), "Sun, 09 Dec 2007 16:00:35 GMT"},
		{start.Add(time.Second), "Sun, 09 Dec 2007 16:00:35 GMT"},
		{start.Add(time.Second + time.Nanosecond), "Sun, 09 Dec 2007 16:00:36 GMT"},
		{start.Add(-time.Hour), "Sun, 09 Dec 2007 15:00:34 GMT"}, // a clock set back
		{start.In(time.FixedZone("X", 3600)), "Sun, 09 Dec 2007 16:00:34 GMT"},
		{time.Date(1969, 12, 31, 23, 59, 59, 500, time.UTC), "Wed, 31 Dec 1969 23:59:59 GMT"},
		{time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), "Thu, 01 Jan 1970 00:00:00 GMT"},
	}
	var now time.Time
	h := &BaseHTTPRequestHandler{HTTPServer: &HTTPServer{Clock: func() time.Time { return now }}}
	for _, tt := range times {
		now = tt.at
		for i := 0; i < 2; i++ { // made, then from the cache
			if got := h.DateTimeString(); got != tt.date {
				t.Errorf("at %v: DateTimeString() = %q, want %q", tt.at, got, tt.date)
			}
			if got, want := h.LogDateTimeString(), tt.at.Local().Format(logTimeLayout); got != want {
				t.Errorf("at %v: LogDateTimeString() = %q, want %q", tt.at, got, want)
			}
		}
	}
}

// TestStampsFollowTheZone checks that a log time cached in one local zone
// is not given out in another.
func TestStampsFollowTheZone(t *testing.T) {
	at := time.Date(2007, 12, 9, 16, 0, 34, 0, time.UTC)
	east := time.FixedZone("EAST", 5*3600)
	if got := logTimeStamps.format(at); got != "09/Dec/2007 16:00:34" {
		t.Errorf("in UTC: %q", got)
	}
	if got := logTimeStamps.format(at.In(east)); got != "09/Dec/2007 21:00:34" {
		t.Errorf("in EAST: %q", got)
	}
}
