package basehttp

import (
	"sync/atomic"
	"time"
)

// The layouts of the two times a handler prints: the Date header's, always
// in GMT (Python's email.utils.formatdate with usegmt), and the log's, in
// local time (Python's log_date_time_string). Neither shows a unit finer
// than the second.
const (
	dateLayout    = "Mon, 02 Jan 2006 15:04:05 GMT"
	logTimeLayout = "02/Jan/2006 15:04:05"
)

// A stamp is a time formatted to the second: the text, and the second and
// zone it was formatted for.
type stamp struct {
	second int64 // seconds since 1970 as Unix counts them, rounded down
	zone   *time.Location
	text   string
}

// A stampCache formats the times of one layout, keeping the last text it
// made: every request in the same second gets that string again instead of
// a new one. Any two times in the same second format alike, since the layout
// stops at the second, so the text is right whatever the clock says, a
// pinned Clock's time included, and changes the moment the second does.
// The handlers of all connections share one cache; a stamp, once stored, is
// never changed, so reading one needs no lock.
type stampCache struct {
	layout string
	last   atomic.Pointer[stamp]
}

var (
	dateStamps    = &stampCache{layout: dateLayout}
	logTimeStamps = &stampCache{layout: logTimeLayout}
)

// format returns t formatted with the cache's layout, in t's zone.
func (c *stampCache) format(t time.Time) string {
	second := t.Unix()
	zone := t.Location()
	if s := c.last.Load(); s != nil && s.second == second && s.zone == zone {
		return s.text
	}
	text := t.Format(c.layout)
	c.last.Store(&stamp{second: second, zone: zone, text: text})
	return text
}

// now is the server's Clock, or the time.
func (h *BaseHTTPRequestHandler) now() time.Time {
	if h.HTTPServer != nil && h.HTTPServer.Clock != nil {
		return h.HTTPServer.Clock()
	}
	return time.Now()
}

// DateTimeString formats t (by default the server's current time) for a
// header, as in "Sun, 10 Oct 2010 13:58:32 GMT". The current time's text is
// made once a second.
func (h *BaseHTTPRequestHandler) DateTimeString(t ...time.Time) string {
	if len(t) > 0 {
		return t[0].UTC().Format(dateLayout)
	}
	return dateStamps.format(h.now().UTC())
}

// LogDateTimeString returns the server's current local time for the log,
// as in "10/Oct/2010 13:58:32". Its text is made once a second.
func (h *BaseHTTPRequestHandler) LogDateTimeString() string {
	return logTimeStamps.format(h.now().Local())
}
