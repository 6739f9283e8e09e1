package main

import (
	"fmt"
	"math"
	"strings"
)

// sig3 formats x with about three significant digits.
func sig3(x float64) string {
	switch {
	case x >= 100:
		return fmt.Sprintf("%.0f", x)
	case x >= 10:
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.2f", x)
}

// seconds formats a time in seconds as µs, ms or s; NaN is "—".
func seconds(v float64) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case v < 1e-3:
		return sig3(v*1e6) + " µs"
	case v < 1:
		return sig3(v*1e3) + " ms"
	}
	return sig3(v) + " s"
}

// rate formats requests per second: 33.7k, or 183.
func rate(v float64) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case v >= 1000:
		return sig3(v/1000) + "k"
	}
	return fmt.Sprintf("%.0f", v)
}

// rateRange formats the range of rates: 31.2k–35.0k.
func rateRange(vs []float64) string {
	lo, hi := span(vs)
	return rate(lo) + "–" + rate(hi)
}

// ratio formats paired ratios as their median and range: 1.16× (1.10–1.41).
func ratio(rs []float64) string {
	if len(rs) == 0 {
		return "—"
	}
	lo, hi := span(rs)
	return fmt.Sprintf("%.2f× (%.2f–%.2f)", median(rs), lo, hi)
}

// A target is a bound on a median: at least or at most value. An
// everyRound target bounds each round's figure instead, the range's end.
type target struct {
	atMost     bool
	value      float64
	unit       string // "×" or " B"
	everyRound bool
}

func (t target) String() string {
	op := "≥"
	if t.atMost {
		op = "≤"
	}
	s := fmt.Sprintf("%s %g%s", op, t.value, t.unit)
	if t.everyRound {
		s += " every round"
	}
	return s
}

// pick returns the figure of rs that t bounds: the median, or for an
// everyRound target the range's end that t bounds.
func (t target) pick(rs []float64) float64 {
	if !t.everyRound {
		return median(rs)
	}
	lo, hi := span(rs)
	if t.atMost {
		return hi
	}
	return lo
}

// met says whether v meets t: "yes", or "**no**", also for a value not measured.
func (t target) met(v float64) string {
	ok := !math.IsNaN(v) && (t.atMost && v <= t.value || !t.atMost && v >= t.value)
	if ok {
		return "yes"
	}
	return "**no**"
}

// field picks one figure out of a sample.
type field func(sample) float64

var (
	perSecond field = func(s sample) float64 { return s.PerSecond }
	p50       field = func(s sample) float64 { return s.P50 }
	p99       field = func(s sample) float64 { return s.P99 }
	cpuPerReq field = func(s sample) float64 { return s.CPUPerRequest }
)

// values returns f of each round's sample of server key in c.
func (r results) values(c cell, key string, f field) []float64 {
	var vs []float64
	for _, s := range r[c][key] {
		vs = append(vs, f(s))
	}
	return vs
}

// row prints one Markdown table row.
func row(cells ...string) {
	fmt.Println("| " + strings.Join(cells, " | ") + " |")
}

// printSummary prints the rows, each with its target and whether
// the median of its paired ratios meets it.
func printSummary(r results, f formResults) {
	keep16, keep64, close16 := cell{false, 16}, cell{false, 64}, cell{true, 16}
	fmt.Println("| Work | Project | Reference | Ratio (median, range) | Target | Met |")
	fmt.Println("|---|---:|---:|---:|---:|---|")
	throughput := func(what string, c cell, ours, ref string, t *target) {
		a, b := r.values(c, ours, perSecond), r.values(c, ref, perSecond)
		rs := pairedRatios(a, b)
		goal, met := "reported", "—"
		if t != nil {
			goal, met = t.String(), t.met(t.pick(rs))
		}
		row(what, rate(median(a))+" req/s", rate(median(b))+" req/s", ratio(rs), goal, met)
	}
	// wrk is not what limits the project's figures if, in every round, it
	// drives the canned server faster than the project. (The issue asked
	// for 1.5×, which no server meeting the 0.75× target below can give:
	// 1.5 × 0.75 > 1.)
	throughput("load generator check: wrk drives the canned reply vs the project's GET echo, keep-alive c=16",
		keep16, "canned", "project", &target{value: 1.1, unit: "×", everyRound: true})
	throughput("GET echo, keep-alive c=16: project threading vs net/http", keep16, "project", "nethttp", &target{value: 1.0, unit: "×"})
	throughput("same, vs a canned reply (no parsing)", keep16, "project", "canned", &target{value: 0.75, unit: "×"})

	// Efficiency: the canned reply's CPU per request over the project's.
	trivial, canned := r.values(keep16, "trivial", cpuPerReq), r.values(keep16, "canned", cpuPerReq)
	eff := pairedRatios(canned, trivial)
	t := target{value: 0.75, unit: "×"}
	row("trivial handler, server CPU per request, keep-alive c=16 (ratio: canned's CPU over the project's)",
		seconds(median(trivial)), "canned "+seconds(median(canned)), ratio(eff), t.String(), t.met(median(eff)))

	ours, ref := r.values(keep64, "project", p99), r.values(keep64, "nethttp", p99)
	lat := pairedRatios(ours, ref)
	t = target{atMost: true, value: 2, unit: "×"}
	row("keep-alive c=64: p99 latency, project vs net/http", seconds(median(ours)), "net/http "+seconds(median(ref)),
		ratio(lat), t.String()+" net/http's p99", t.met(median(lat)))

	throughput("Connection: close c=16: project threading vs net/http", close16, "project", "nethttp", &target{value: 1.0, unit: "×"})
	throughput("forking HTTP server vs CPython ForkingMixIn (close, c=16)", close16, "forking", "pyfork", &target{value: 1.5, unit: "×"})

	t = target{value: 0.8, unit: "×"}
	if f.Stream == nil {
		row("cgiform, 64 MiB file: streaming reader vs mime/multipart NextPart", "not available ("+streamBench+" missing)",
			sig3(median(f.NextPart))+" MB/s", "—", t.String(), "**no**")
	} else {
		rs := pairedRatios(f.Stream, f.NextPart)
		row("cgiform, 64 MiB file: streaming reader vs mime/multipart NextPart", sig3(median(f.Stream))+" MB/s",
			sig3(median(f.NextPart))+" MB/s", ratio(rs), t.String(), t.met(median(rs)))
	}
	t = target{atMost: true, value: 200, unit: " B"}
	if f.HeapParse == nil {
		row("cgiform, 100k fields: live heap per field", "not available", "ReadForm —", "—", t.String(), "**no**")
	} else {
		row("cgiform, 100k fields: live heap per field", fmt.Sprintf("%.0f B", median(f.HeapParse)),
			fmt.Sprintf("ReadForm %.0f B", median(f.HeapForm)), "—", t.String(), t.met(median(f.HeapParse)))
	}

	// Reported, with no target.
	fork, pyfork := r.values(close16, "forking", cpuPerReq), r.values(close16, "pyfork", cpuPerReq)
	row("forking, server CPU per connection (close c=16), children included: project vs CPython",
		seconds(median(fork)), seconds(median(pyfork)), ratio(pairedRatios(fork, pyfork)), "reported", "—")
	throughput("GET echo, keep-alive c=16: project threading vs CPython ThreadingHTTPServer",
		keep16, "project", "cpython", nil)
	throughput("same, vs CPython with TCP_NODELAY (disable_nagle_algorithm = True)",
		keep16, "project", "cpynodelay", nil)
}

// printGrid prints every server in every cell: medians, ranges, the
// ratio to net/http in the same rounds, latency, CPU and errors.
func printGrid(r results) {
	fmt.Println("| Connections | c | Server | req/s (median) | range | vs net/http | p50 | p99 | server CPU/request | errors | read errors | listen overflows |")
	fmt.Println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, closing := range []bool{false, true} {
		specs := keepAliveServers
		if closing {
			specs = closeServers
		}
		for _, conns := range concurrencies {
			c := cell{closing, conns}
			ref := r.values(c, "nethttp", perSecond)
			for _, spec := range specs {
				rates := r.values(c, spec.Key, perSecond)
				vsNet := "—"
				if spec.Key != "nethttp" {
					vsNet = ratio(pairedRatios(rates, ref))
				}
				var errs, readErrs, overflows int64
				for _, s := range r[c][spec.Key] {
					errs += s.Errors
					readErrs += s.ReadErrors
					if s.Overflows > 0 {
						overflows += s.Overflows
					}
				}
				row(modeName(closing), fmt.Sprint(conns), spec.Label, rate(median(rates)), rateRange(rates), vsNet,
					seconds(median(r.values(c, spec.Key, p50))), seconds(median(r.values(c, spec.Key, p99))),
					seconds(median(r.values(c, spec.Key, cpuPerReq))), fmt.Sprint(errs), fmt.Sprint(readErrs), fmt.Sprint(overflows))
			}
		}
	}
	fmt.Println()
	fmt.Println(gridLegend)
}

// gridLegend says what the grid's columns count.
const gridLegend = "req/s, p50, p99 and server CPU/request (user and system time of the server and its reaped children, " +
	"from /proc/PID/stat, over completed requests) are medians of the rounds; vs net/http is the median and range of the " +
	"rounds' paired ratios. errors: connect, write and timeout errors and non-2xx replies, summed over the rounds; " +
	"read errors: connections the server closed after its reply without saying Connection: close (as CPython's " +
	"http.server does), on which wrk had already sent its next request; listen overflows: the system's " +
	"TcpExt ListenOverflows during the runs, other programs' included."

// printForms prints the form benchmarks' medians and ranges.
func printForms(f formResults) {
	fmt.Println("| Form benchmark (cgiform's go test -bench) | median | range | runs |")
	fmt.Println("|---|---:|---:|---:|")
	for _, b := range []struct {
		name, unit string
		vs         []float64
	}{
		{streamBench, throughputUnit, f.Stream},
		{nextPartBench, throughputUnit, f.NextPart},
		{heapParse, heapUnit, f.HeapParse},
		{heapReadForm, heapUnit, f.HeapForm},
	} {
		if b.vs == nil {
			row(b.name, "not available", "—", "0")
			continue
		}
		lo, hi := span(b.vs)
		row(b.name, sig3(median(b.vs))+" "+b.unit, sig3(lo)+"–"+sig3(hi)+" "+b.unit, fmt.Sprint(len(b.vs)))
	}
}
