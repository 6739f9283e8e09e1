package main

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// wrkResult is what one wrk run reports.
type wrkResult struct {
	Requests  int64   // responses completed
	PerSecond float64 // Requests/sec
	P50, P99  float64 // latency percentiles in seconds; NaN if not reported
	// ReadErrors counts reads that failed: mostly, in close mode, a
	// connection that a server closed after a reply without saying
	// Connection: close (as Python's does), on which wrk had sent its next
	// request; wrk then connects again. Errors counts every other failure:
	// connect, write, timeout, and non-2xx/3xx responses.
	ReadErrors, Errors int64
}

var (
	wrkRequests = regexp.MustCompile(`(?m)^\s*(\d+) requests in `)
	wrkRate     = regexp.MustCompile(`(?m)^Requests/sec:\s*([0-9.]+)`)
	wrkSocket   = regexp.MustCompile(`(?m)^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
	wrkNon2xx   = regexp.MustCompile(`(?m)^\s*Non-2xx or 3xx responses: (\d+)`)
	wrkPercent  = regexp.MustCompile(`(?m)^\s*(50|75|90|99)%\s+([0-9.]+)(us|ms|s|m|h)\s*$`)
)

// parseWrk reads the output of wrk --latency.
func parseWrk(out string) (wrkResult, error) {
	r := wrkResult{P50: math.NaN(), P99: math.NaN()}
	m := wrkRequests.FindStringSubmatch(out)
	if m == nil {
		return r, fmt.Errorf("no request count in wrk's output:\n%s", out)
	}
	r.Requests, _ = strconv.ParseInt(m[1], 10, 64)
	m = wrkRate.FindStringSubmatch(out)
	if m == nil {
		return r, fmt.Errorf("no Requests/sec in wrk's output:\n%s", out)
	}
	r.PerSecond, _ = strconv.ParseFloat(m[1], 64)
	if m = wrkSocket.FindStringSubmatch(out); m != nil {
		for i, s := range m[1:] {
			n, _ := strconv.ParseInt(s, 10, 64)
			if i == 1 {
				r.ReadErrors += n
			} else {
				r.Errors += n
			}
		}
	}
	if m = wrkNon2xx.FindStringSubmatch(out); m != nil {
		n, _ := strconv.ParseInt(m[1], 10, 64)
		r.Errors += n
	}
	for _, m := range wrkPercent.FindAllStringSubmatch(out, -1) {
		v, err := wrkDuration(m[2], m[3])
		if err != nil {
			return r, err
		}
		switch m[1] {
		case "50":
			r.P50 = v
		case "99":
			r.P99 = v
		}
	}
	return r, nil
}

// wrkDuration converts one of wrk's latencies ("834.21", "ms") to seconds.
func wrkDuration(number, unit string) (float64, error) {
	v, err := strconv.ParseFloat(number, 64)
	if err != nil {
		return 0, err
	}
	scale := map[string]float64{"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}[unit]
	return v * scale, nil
}

// wrkArgs returns wrk's arguments for a run of d with conns connections,
// each sending the GET example's request as curl sends it, with
// Connection: close if closing.
func wrkArgs(url string, conns int, d time.Duration, closing bool) []string {
	threads := 2 // the machine's cores; wrk wants no more threads than connections
	if conns < threads {
		threads = conns
	}
	args := []string{
		"-t", strconv.Itoa(threads),
		"-c", strconv.Itoa(conns),
		"-d", strconv.Itoa(int(d.Round(time.Second)/time.Second)) + "s",
		"--timeout", "2s",
		"--latency",
		"-H", "User-Agent: curl/7.88.1",
		"-H", "Accept: */*",
	}
	if closing {
		args = append(args, "-H", "Connection: close")
	}
	return append(args, url)
}

// wrkVersion returns the first line of wrk -v, which exits with status 1.
func wrkVersion(out string) string {
	line, _, _ := strings.Cut(out, "\n")
	line, _, _ = strings.Cut(line, " Copyright")
	return strings.TrimSpace(line)
}
