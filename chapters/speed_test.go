package chapters

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// speedBenchmarks are the benchmarks that compare the project with the
// standard library doing the same work.
const speedBenchmarks = "^(BenchmarkEcho|BenchmarkGET|BenchmarkParse|BenchmarkReadForm|BenchmarkPeakHeap)$"

// TestSpeedReport runs the comparison benchmarks of socketserver, basehttp
// and cgiform three times each and prints one Markdown table, for the
// README: the machine, then for each comparison the medians of the project
// and of its reference, their ratio (above 1 means the project is faster),
// the target and whether it is met. It runs only with SPEED_REPORT=1
// (make bench), as it takes a minute or two; run it with -v, since go
// test shows a passing package's output only then.
func TestSpeedReport(t *testing.T) {
	if os.Getenv("SPEED_REPORT") != "1" {
		t.Skip("set SPEED_REPORT=1 to run the benchmarks and print the speed report")
	}
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", speedBenchmarks, "-benchmem", "-count", "3",
		"./socketserver", "./basehttp", "./cgiform")
	cmd.Dir = ".."
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
	m := benchMedians(string(out))
	get := func(name, unit string) float64 {
		v, ok := m[name][unit]
		if !ok {
			t.Errorf("no %s for %s in the benchmark output", unit, name)
		}
		return v
	}

	var rows []string
	row := func(what, ours, ref, ratio, target, met string) {
		rows = append(rows, fmt.Sprintf("| %s | %s | %s | %s | %s | %s |", what, ours, ref, ratio, target, met))
	}
	verdict := func(met bool) string {
		if met {
			return "yes"
		}
		return "**no**"
	}
	times := func(ratio float64) string { return fmt.Sprintf("%.2f×", ratio) }
	perSecond := func(ns float64) string { return fmt.Sprintf("%.0f req/s", 1e9/ns) }
	// Requests per second, against a reference benchmark: the ratio of
	// times per request, the reference's over the project's.
	requests := func(what, ours, ref string, target float64) {
		o, r := get(ours, "ns/op"), get(ref, "ns/op")
		row(what, perSecond(o), perSecond(r), times(r/o), fmt.Sprintf("≥ %.1f×", target), verdict(r/o >= target))
	}
	requests("GET echo, threading HTTP server vs net/http, keep-alive",
		"BenchmarkGET/basehttp/keepalive", "BenchmarkGET/nethttp/keepalive", 0.9)
	requests("GET echo, threading HTTP server vs net/http, connection per request",
		"BenchmarkGET/basehttp/conn-per-request", "BenchmarkGET/nethttp/conn-per-request", 0.9)
	for _, kind := range []string{"sequential", "threading"} {
		requests("echo round trip, "+kind+" server vs a plain accept loop",
			"BenchmarkEcho/"+kind, "BenchmarkEcho/net.Listener", 0.9)
	}
	// A process per request costs what it costs: reported, no target.
	fork, loop := get("BenchmarkEcho/forking", "ns/op"), get("BenchmarkEcho/net.Listener", "ns/op")
	row("echo round trip, forking server vs a plain accept loop (a process per request)",
		perSecond(fork), perSecond(loop), times(loop/fork), "none (reported)", "—")
	for _, form := range []struct{ size, what string }{
		{"small", "three fields"}, {"1MiB", "three fields and a 1 MiB file"}, {"64MiB", "three fields and a 64 MiB file"},
	} {
		o, r := get("BenchmarkParse/"+form.size, "MB/s"), get("BenchmarkReadForm/"+form.size, "MB/s")
		row("multipart form of "+form.what+": cgiform.Parse vs multipart ReadForm",
			fmt.Sprintf("%.0f MB/s", o), fmt.Sprintf("%.0f MB/s", r), times(o/r), "≥ 1.0×", verdict(o/r >= 1.0))
	}
	o, r := get("BenchmarkPeakHeap/Parse", "peak-heap-MiB"), get("BenchmarkPeakHeap/ReadForm", "peak-heap-MiB")
	// The bound TestPeakHeap64MiB in cgiform asserts.
	row("peak heap growth, 64 MiB upload: cgiform.Parse vs multipart ReadForm",
		fmt.Sprintf("%.3g MiB", o), fmt.Sprintf("%.3g MiB", r), "—", "≤ 8 MiB", verdict(o <= 8))

	fmt.Printf("\nSpeed report: %s, %d cores, %s/%s, %s; medians of 3 runs (go test -bench -count 3).\n\n",
		cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Println("| Comparison | Project | Reference | Ratio | Target | Met |")
	fmt.Println("|---|---|---|---|---|---|")
	fmt.Println(strings.Join(rows, "\n"))
	fmt.Println()
}

// benchMedians reads the output of go test -bench and returns, for each
// benchmark (named without its -GOMAXPROCS suffix) and each unit it
// reported (ns/op, MB/s, B/op, peak-heap-MiB...), the median of its runs.
func benchMedians(out string) map[string]map[string]float64 {
	runs := map[string]map[string][]float64{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line) // name iterations value unit value unit...
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		if runs[name] == nil {
			runs[name] = map[string][]float64{}
		}
		for i := 2; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				runs[name][f[i+1]] = append(runs[name][f[i+1]], v)
			}
		}
	}
	medians := map[string]map[string]float64{}
	for name, units := range runs {
		medians[name] = map[string]float64{}
		for unit, vs := range units {
			sort.Float64s(vs)
			medians[name][unit] = (vs[(len(vs)-1)/2] + vs[len(vs)/2]) / 2
		}
	}
	return medians
}

// cpuModel returns the processor's model name from /proc/cpuinfo, or
// "unknown CPU" where there is none.
func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func TestBenchMedians(t *testing.T) {
	out := `pkg: example
BenchmarkEcho/net.Listener-2    7461    166624 ns/op    5640 B/op    27 allocs/op
BenchmarkEcho/net.Listener-2    7040    153359 ns/op    5640 B/op    27 allocs/op
BenchmarkEcho/net.Listener-2    5346    196626 ns/op    5640 B/op    27 allocs/op
BenchmarkGET/nethttp/conn-per-request    6116    191061 ns/op
BenchmarkGET/nethttp/conn-per-request    6392    190701 ns/op
BenchmarkParse/64MiB-2    14    86229317 ns/op    778.27 MB/s    27352 B/op    70 allocs/op
BenchmarkPeakHeap/Parse-2    6    237644168 ns/op    0.1301 peak-heap-MiB
PASS`
	m := benchMedians(out)
	for _, c := range []struct {
		name, unit string
		want       float64
	}{
		{"BenchmarkEcho/net.Listener", "ns/op", 166624},
		{"BenchmarkEcho/net.Listener", "allocs/op", 27},
		{"BenchmarkGET/nethttp/conn-per-request", "ns/op", (191061 + 190701) / 2.0},
		{"BenchmarkParse/64MiB", "MB/s", 778.27},
		{"BenchmarkPeakHeap/Parse", "peak-heap-MiB", 0.1301},
	} {
		if got, ok := m[c.name][c.unit]; !ok || got != c.want {
			t.Errorf("median %s of %s = %v, %v; want %v", c.unit, c.name, got, ok, c.want)
		}
	}
	if len(m) != 4 {
		t.Errorf("%d benchmarks parsed, want 4: %v", len(m), m)
	}
}
