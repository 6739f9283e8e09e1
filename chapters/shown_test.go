package chapters

import (
	"regexp"
	"strings"
	"testing"
)

// The values the book shows in place of those that change from run to run.
// The introduction lists them; keep the two in step.
const (
	shownPort       = "8080"
	shownClientPort = "51275"
	shownGoVersion  = "go1.26.0"
	shownPyVersion  = "3.11.0"
	shownCurl       = "curl/7.88.1"
)

var (
	// clientAddress is a client's address as Python prints it: ('127.0.0.1', 51275).
	clientAddress = regexp.MustCompile(`\('127\.0\.0\.1', (\d+)\)`)
	// httpDate is an HTTP date (RFC 9110 IMF-fixdate), as in Date and Last-Modified headers.
	httpDate = regexp.MustCompile(`(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT`)
	// logDate is the date of a log line, as BaseHTTPRequestHandler.log_date_time_string writes it.
	logDate = regexp.MustCompile(`\[\d\d/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4} \d\d:\d\d:\d\d\]`)
	// pyVersion is Python 3.11's sys_version, as in a Server header: Python/3.11.7.
	pyVersion = regexp.MustCompile(`\bPython/3\.11\.\d+\b`)
	// curlVersion is curl's name and version, as in the User-Agent it sends by default: curl/8.5.0.
	curlVersion = regexp.MustCompile(`\bcurl/\d+\.\d+\.\d+\b`)
)

// shown returns s, a command line or its output, as the book shows it: the values that change
// from run to run replaced by fixed ones, and nothing else changed.
//
//	PORT         the server's port (port), as a number on its own   -> 8080
//	CLIENT_PORT  any other port in ('127.0.0.1', N)                 -> 51275
//	DATE         Mon, 02 Jan 2006 15:04:05 GMT and [02/Jan/2006 15:04:05]
//	GOVERSION    goVersion as go1.N.M or Go/1.N.M                   -> go1.26.0, Go/1.26.0
//	PYVERSION    Python 3.11's version as Python/3.11.N             -> Python/3.11.0
//	CURLVERSION  curl's version as curl/N.N.N                       -> curl/7.88.1
func shown(s, port, goVersion string) string {
	s = clientAddress.ReplaceAllStringFunc(s, func(addr string) string {
		if clientAddress.FindStringSubmatch(addr)[1] == port {
			return addr // the server's own address: PORT, below
		}
		return "('127.0.0.1', " + shownClientPort + ")"
	})
	s = regexp.MustCompile(`\b`+regexp.QuoteMeta(port)+`\b`).ReplaceAllString(s, shownPort)
	s = httpDate.ReplaceAllString(s, "Mon, 02 Jan 2006 15:04:05 GMT")
	s = logDate.ReplaceAllString(s, "[02/Jan/2006 15:04:05]")
	version := regexp.QuoteMeta(strings.TrimPrefix(goVersion, "go"))
	s = regexp.MustCompile(`\b(go|Go/)`+version+`\b`).ReplaceAllString(s, "${1}"+strings.TrimPrefix(shownGoVersion, "go"))
	s = pyVersion.ReplaceAllString(s, "Python/"+shownPyVersion)
	s = curlVersion.ReplaceAllString(s, shownCurl)
	return s
}

func TestShown(t *testing.T) {
	const port, goVersion = "41234", "go1.27.3"
	for _, tt := range []struct{ in, want string }{
		{"curl -i http://localhost:41234/", "curl -i http://localhost:8080/"},
		{"-addr localhost:41234", "-addr localhost:8080"},
		{"Host: localhost:41234\r\n", "Host: localhost:8080\r\n"},
		{"Content-Length: 412345", "Content-Length: 412345"}, // not the port: a longer number
		{"('127.0.0.1', 39876) connected", "('127.0.0.1', 51275) connected"},
		{"server_address ('127.0.0.1', 41234)", "server_address ('127.0.0.1', 8080)"},
		{"('::1', 39876)", "('::1', 39876)"}, // only 127.0.0.1 is substituted
		{"Date: Wed, 25 Nov 2026 11:53:40 GMT", "Date: Mon, 02 Jan 2006 15:04:05 GMT"},
		{`127.0.0.1 - - [25/Nov/2026 11:53:40] "GET / HTTP/1.1" 200 -`, `127.0.0.1 - - [02/Jan/2006 15:04:05] "GET / HTTP/1.1" 200 -`},
		{"2026-11-25 11:53:40", "2026-11-25 11:53:40"}, // other date formats are not
		{"Server: BaseHTTP/0.6 Go/1.27.3", "Server: BaseHTTP/0.6 Go/1.26.0"},
		{"go version go1.27.3 linux/amd64", "go version go1.26.0 linux/amd64"},
		{"go1.27.30", "go1.27.30"}, // another version
		{"Server: BaseHTTP/0.6 Python/3.11.7", "Server: BaseHTTP/0.6 Python/3.11.0"},
		{"sys_version=Python/3.11.12\r\n", "sys_version=Python/3.11.0\r\n"},
		{"Python/3.12.1", "Python/3.12.1"}, // not the book's reference
		{"User-Agent=curl/8.14.1\r\n", "User-Agent=curl/7.88.1\r\n"},
		{"User-Agent=curl\r\n", "User-Agent=curl\r\n"}, // no version: as sent
		{"nothing to see\n", "nothing to see\n"},
	} {
		if got := shown(tt.in, port, goVersion); got != tt.want {
			t.Errorf("shown(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}
