package main

import (
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{33.7, 27.3, 41.0, 30.1, 35.5}, 33.7},
	} {
		in := append([]float64(nil), c.xs...)
		if got := median(c.xs); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.xs, got, c.want)
		}
		for i := range in {
			if in[i] != c.xs[i] {
				t.Fatalf("median reordered its argument: %v, was %v", c.xs, in)
			}
		}
	}
	if got := median(nil); !math.IsNaN(got) {
		t.Errorf("median(nil) = %v, want NaN", got)
	}
}

func TestSpan(t *testing.T) {
	if lo, hi := span([]float64{2, 9, -1, 4}); lo != -1 || hi != 9 {
		t.Errorf("span = %v, %v; want -1, 9", lo, hi)
	}
	if lo, hi := span(nil); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("span(nil) = %v, %v; want NaN, NaN", lo, hi)
	}
}

func TestPairedRatios(t *testing.T) {
	// Rounds are paired by index; a round whose reference is 0 or either
	// side NaN drops out, and the longer list's extra rounds do too.
	got := pairedRatios([]float64{30, 40, 50, math.NaN(), 7}, []float64{15, 0, 25, 10})
	want := []float64{2, 2}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("pairedRatios = %v, want %v", got, want)
	}
	// The paired ratios' median differs from the ratio of the medians.
	a, b := []float64{10, 20, 30}, []float64{5, 40, 15}
	if m, r := median(pairedRatios(a, b)), median(a)/median(b); m != 2 || r != 20.0/15 {
		t.Errorf("median of paired ratios %v, ratio of medians %v; want 2 and 4/3", m, r)
	}
}

// wrkOutput is wrk 4.1.0's output of a run with --latency, with a line of
// non-2xx responses added as wrk prints it.
const wrkOutput = `Running 1s test @ http://127.0.0.1:18081/nothere
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   705.52us    2.36ms  39.01ms   95.44%
    Req/Sec     7.43k     3.08k   13.38k    83.33%
  Latency Distribution
     50%  279.00us
     75%  366.00us
     90%  679.00us
     99%   10.92ms
  9174 requests in 1.13s, 3.62MB read
  Socket errors: connect 2, read 9170, write 3, timeout 4
  Non-2xx or 3xx responses: 5
Requests/sec:   8094.92
Transfer/sec:      3.20MB
`

func TestParseWrk(t *testing.T) {
	r, err := parseWrk(wrkOutput)
	if err != nil {
		t.Fatal(err)
	}
	want := wrkResult{Requests: 9174, PerSecond: 8094.92, P50: 279e-6, P99: 10.92e-3, ReadErrors: 9170, Errors: 2 + 3 + 4 + 5}
	if !near(r.P50, want.P50) || !near(r.P99, want.P99) {
		t.Errorf("p50, p99 = %v, %v; want %v, %v", r.P50, r.P99, want.P50, want.P99)
	}
	r.P50, r.P99, want.P50, want.P99 = 0, 0, 0, 0
	if r != want {
		t.Errorf("parseWrk = %+v, want %+v", r, want)
	}
}

func TestParseWrkWithoutLatencyOrErrors(t *testing.T) {
	out := "Running 2s test @ http://127.0.0.1:1/\n  1 threads and 1 connections\n" +
		"  0 requests in 2.00s, 0.00B read\nRequests/sec:      0.00\nTransfer/sec:       0.00B\n"
	r, err := parseWrk(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests != 0 || r.Errors != 0 || !math.IsNaN(r.P50) || !math.IsNaN(r.P99) {
		t.Errorf("parseWrk = %+v, want no requests, no errors, NaN latencies", r)
	}
	if _, err := parseWrk("wrk: command not found\n"); err == nil {
		t.Error("parseWrk of no wrk output: no error")
	}
}

func TestWrkDuration(t *testing.T) {
	for _, c := range []struct {
		number, unit string
		want         float64
	}{
		{"834.21", "ms", 0.83421}, {"27.00", "us", 27e-6}, {"1.50", "s", 1.5}, {"2.00", "m", 120}, {"1.00", "h", 3600},
	} {
		if got, err := wrkDuration(c.number, c.unit); err != nil || !near(got, c.want) {
			t.Errorf("wrkDuration(%q, %q) = %v, %v; want %v", c.number, c.unit, got, err, c.want)
		}
	}
}

func TestWrkArgs(t *testing.T) {
	one := strings.Join(wrkArgs("http://127.0.0.1:1/", 1, 2*time.Second, false), " ")
	if !strings.HasPrefix(one, "-t 1 -c 1 -d 2s ") || strings.Contains(one, "Connection") || !strings.Contains(one, "--latency") {
		t.Errorf("wrk args for c=1 kept alive: %s", one)
	}
	many := strings.Join(wrkArgs("http://127.0.0.1:1/", 256, 3*time.Second, true), " ")
	if !strings.HasPrefix(many, "-t 2 -c 256 -d 3s ") || !strings.Contains(many, "-H Connection: close http://127.0.0.1:1/") {
		t.Errorf("wrk args for c=256 closing: %s", many)
	}
}

func TestWrkVersion(t *testing.T) {
	out := "wrk debian/4.1.0-3+b2 [epoll] Copyright (C) 2012 Will Glozer\nUsage: wrk <options> <url>\n"
	if got := wrkVersion(out); got != "wrk debian/4.1.0-3+b2 [epoll]" {
		t.Errorf("wrkVersion = %q", got)
	}
}

func TestParseStatCPU(t *testing.T) {
	// A command name with a space and a parenthesis; utime 250, stime 50,
	// cutime 600, cstime 100 ticks.
	stat := "4242 (my (odd) srv) S 1 4242 4242 0 -1 4194560 1056 0 0 0 250 50 600 100 20 0 9 0 100 800000000 2000 18446744073709551615"
	got, err := parseStatCPU(stat)
	if err != nil || got != 10 {
		t.Errorf("parseStatCPU = %v, %v; want 10 s", got, err)
	}
	if _, err := parseStatCPU("4242 (srv) S 1 2 3"); err == nil {
		t.Error("parseStatCPU of a short line: no error")
	}
}

func TestProcessCPUCountsThisProcess(t *testing.T) {
	before, err := processCPU(os.Getpid())
	if err != nil {
		t.Skip("no /proc:", err)
	}
	// Spin until /proc counts 50 ms more of CPU, for at most 5 s.
	deadline := time.Now().Add(5 * time.Second)
	for x := 1.0; time.Now().Before(deadline); x = math.Sqrt(x + 1) {
		if now, err := processCPU(os.Getpid()); err != nil || now >= before+0.05 {
			return
		}
	}
	t.Error("5 s of spinning, and /proc/self/stat counts less than 50 ms more CPU")
}

func TestParseListenOverflows(t *testing.T) {
	netstat := "TcpExt: SyncookiesSent SyncookiesRecv ListenOverflows ListenDrops\n" +
		"TcpExt: 0 0 982 990\n" +
		"IpExt: InNoRoutes ListenOverflows\n" +
		"IpExt: 0 7\n"
	if got, err := parseListenOverflows(netstat); err != nil || got != 982 {
		t.Errorf("parseListenOverflows = %v, %v; want 982", got, err)
	}
	if _, err := parseListenOverflows("IpExt: InNoRoutes\nIpExt: 0\n"); err == nil {
		t.Error("parseListenOverflows without TcpExt: no error")
	}
}

func TestParseBench(t *testing.T) {
	out := `goos: linux
pkg: github.com/basehttpserver/basehttpserver/cgiform
BenchmarkNextPart/64MiB-2    	      10	  59529123 ns/op	1127.35 MB/s	  14592 B/op	      42 allocs/op
BenchmarkHeapPerField/Parse-2         	       1	 531462956 ns/op	      1025 heap-B/field
BenchmarkHeapPerField/ReadForm        	       1	 692902379 ns/op	        95.16 heap-B/field
BenchmarkStreamNextPart/64MiB-2 --- FAIL: something
PASS`
	m := parseBench(out)
	for _, c := range []struct {
		name, unit string
		want       float64
	}{
		{"BenchmarkNextPart/64MiB", "MB/s", 1127.35},
		{"BenchmarkNextPart/64MiB", "allocs/op", 42},
		{"BenchmarkHeapPerField/Parse", "heap-B/field", 1025},
		{"BenchmarkHeapPerField/ReadForm", "heap-B/field", 95.16},
	} {
		if got, ok := m[c.name][c.unit]; !ok || got != c.want {
			t.Errorf("%s of %s = %v, %v; want %v", c.unit, c.name, got, ok, c.want)
		}
	}
	if len(m) != 3 {
		t.Errorf("%d benchmarks parsed, want 3: %v", len(m), m)
	}
}

func TestBenchPattern(t *testing.T) {
	if got := benchPattern("BenchmarkStreamNextPart/64MiB"); got != "^BenchmarkStreamNextPart$/^64MiB$" {
		t.Errorf("benchPattern = %q", got)
	}
}

func TestTargetMet(t *testing.T) {
	atLeast, atMost := target{value: 1.5, unit: "×"}, target{atMost: true, value: 200, unit: " B"}
	for _, c := range []struct {
		t    target
		v    float64
		want string
	}{
		{atLeast, 1.5, "yes"}, {atLeast, 1.49, "**no**"}, {atLeast, math.NaN(), "**no**"},
		{atMost, 200, "yes"}, {atMost, 1025, "**no**"}, {atMost, math.NaN(), "**no**"},
	} {
		if got := c.t.met(c.v); got != c.want {
			t.Errorf("%v met by %v: %s, want %s", c.t, c.v, got, c.want)
		}
	}
	if atLeast.String() != "≥ 1.5×" || atMost.String() != "≤ 200 B" {
		t.Errorf("targets print as %q and %q", atLeast, atMost)
	}
}

// TestTargetEveryRound checks that an everyRound target is met only if
// every round meets it, whatever the median.
func TestTargetEveryRound(t *testing.T) {
	every := target{value: 1.1, unit: "×", everyRound: true}
	if got := every.met(every.pick([]float64{1.39, 1.28, 1.54})); got != "yes" {
		t.Errorf("every round above 1.1: %s", got)
	}
	if got := every.met(every.pick([]float64{1.6, 1.05, 1.7})); got != "**no**" {
		t.Errorf("a round at 1.05, median 1.6: %s, want **no**", got)
	}
	if every.String() != "≥ 1.1× every round" {
		t.Errorf("prints as %q", every)
	}
}

func TestFormats(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{seconds(25.5e-6), "25.5 µs"}, {seconds(0.834), "834 ms"}, {seconds(2.5), "2.50 s"}, {seconds(math.NaN()), "—"},
		{rate(33712), "33.7k"}, {rate(183.4), "183"}, {rateRange([]float64{3500, 3712}), "3.50k–3.71k"},
		{ratio([]float64{1.16, 1.41, 1.10}), "1.16× (1.10–1.41)"}, {ratio(nil), "—"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// near reports whether a and b agree to a part in a million.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Abs(b) }
