package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// The benchmarks of cgiform the form rows run: its streaming Reader and
// mime/multipart's NextPart on a 64 MiB file, and the live heap per field
// of Parse and of ReadForm on 100k fields.
const (
	streamBench    = "BenchmarkStreamNextPart/64MiB"
	nextPartBench  = "BenchmarkMultipartNextPart/64MiB"
	heapParse      = "BenchmarkHeapPerField/cgiform"
	heapReadForm   = "BenchmarkHeapPerField/ReadForm"
	heapUnit       = "B/field"
	throughputUnit = "MB/s"
)

// formResults holds the form rows' measurements, one per round; a nil
// slice is a benchmark that does not exist.
type formResults struct {
	Stream, NextPart    []float64 // MB/s
	HeapParse, HeapForm []float64 // live heap bytes per field
}

// benchPattern turns "BenchmarkX/sub" into go test's -bench pattern for
// exactly that benchmark.
func benchPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + p + "$"
	}
	return strings.Join(parts, "/")
}

// parseBench reads go test -bench output: for each benchmark line, named
// without its -GOMAXPROCS suffix, each unit and its value.
func parseBench(out string) map[string]map[string]float64 {
	m := map[string]map[string]float64{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line) // name iterations value unit value unit...
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		m[name] = map[string]float64{}
		for i := 2; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				m[name][f[i+1]] = v
			}
		}
	}
	return m
}

// benchOnce runs one benchmark of the test binary bin in dir and returns
// its value in unit, and false if the binary has no such benchmark.
func benchOnce(bin, dir, name, unit, benchtime string) (float64, bool, error) {
	cmd := exec.Command(bin, "-test.run", "^$", "-test.bench", benchPattern(name), "-test.benchtime", benchtime)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, false, fmt.Errorf("%s -test.bench %s: %v\n%s", bin, benchPattern(name), err, out)
	}
	v, ok := parseBench(string(out))[name][unit]
	return v, ok, nil
}

// measureForms runs the form benchmarks, alternating each pair: streaming
// reader, NextPart, streaming reader, NextPart...; then Parse and ReadForm
// on 100k fields the same way. A benchmark missing at its first run is
// left out of the rest.
func measureForms(bin, dir string, rounds int) (formResults, error) {
	var f formResults
	fmt.Fprintln(os.Stderr, "speed: form benchmarks")
	pairs := []struct {
		a, b       string
		unit, time string
		va, vb     *[]float64
	}{
		{streamBench, nextPartBench, throughputUnit, "10x", &f.Stream, &f.NextPart},
		{heapParse, heapReadForm, heapUnit, "1x", &f.HeapParse, &f.HeapForm},
	}
	for _, p := range pairs {
		haveA, haveB := true, true
		for r := 1; r <= rounds; r++ {
			for _, side := range []struct {
				name string
				have *bool
				into *[]float64
			}{{p.a, &haveA, p.va}, {p.b, &haveB, p.vb}} {
				if !*side.have {
					continue
				}
				v, ok, err := benchOnce(bin, dir, side.name, p.unit, p.time)
				if err != nil {
					return f, err
				}
				if !ok {
					*side.have = false
					fmt.Fprintf(os.Stderr, "speed: %s: not available\n", side.name)
					continue
				}
				*side.into = append(*side.into, v)
				fmt.Fprintf(os.Stderr, "speed: round %d: %s %.4g %s\n", r, side.name, v, p.unit)
			}
		}
	}
	return f, nil
}
