// Bench is make bench: it measures the project's HTTP servers and its form
// parser against net/http, a canned reply that parses nothing, CPython's
// servers and mime/multipart, and prints the README's speed table.
//
// Each server runs as a process of its own on 127.0.0.1, driven by wrk, an
// external load generator, at 1, 16, 64 and 256 connections, kept alive and
// closed after each request. Rounds alternate: every server of a group is
// measured once (A B C), then again (A B C), so that the machine's drift
// falls on all of them alike. The table gives medians, ranges, the ratios
// of servers measured in the same round, wrk's p50 and p99 latency, and the
// server's CPU per request, read from /proc/PID/stat. The form rows run
// cgiform's benchmarks, alternated the same way.
//
//	go run ./chapters/speed/bench [-d 3s] [-rounds 3]
package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// concurrencies are the numbers of connections each server is driven with.
var concurrencies = []int{1, 16, 64, 256}

// A sample is one wrk run against one server.
type sample struct {
	wrkResult
	CPUPerRequest float64 // server CPU seconds per completed request; NaN if none completed
	Overflows     int64   // listen queue overflows during the run, system-wide; -1 if unknown
}

// A cell is one way of driving the servers: kept alive or closed, and how
// many connections.
type cell struct {
	Close bool
	Conns int
}

// results holds, for each cell and each server's Key, one sample per round.
type results map[cell]map[string][]sample

func main() {
	d := flag.Duration("d", 3*time.Second, "length of each wrk run (whole seconds)")
	rounds := flag.Int("rounds", 3, "rounds of each cell, each server once a round")
	flag.Parse()

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		sig := <-signals
		fmt.Fprintln(os.Stderr, "speed:", sig, "- stopping the servers")
		stopAll()
		removeTemp()
		os.Exit(1)
	}()
	err := run(*d, *rounds)
	stopAll()
	removeTemp()
	if err != nil {
		fmt.Fprintln(os.Stderr, "speed:", err)
		os.Exit(1)
	}
}

func run(d time.Duration, rounds int) error {
	start := time.Now()
	if d < time.Second || rounds < 1 {
		return fmt.Errorf("-d must be at least 1s and -rounds at least 1")
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if _, err := exec.LookPath("wrk"); err != nil {
		return fmt.Errorf("wrk is not installed (make bench installs it with apt-get: apt-get install -y wrk)")
	}
	tmp, err := makeTemp()
	if err != nil {
		return err
	}
	machine := describeMachine()
	fmt.Fprintln(os.Stderr, "speed: building the servers and cgiform's test binary")
	// The servers are built static, as a forking server should be: a child
	// of a dynamically linked one spends about a millisecond more in the
	// dynamic loader at every start (see socketserver.ForkingMixIn).
	for _, prog := range []string{"server", "nethttp", "canned"} {
		if err := goCmd(root, "build", "-o", filepath.Join(tmp, prog), "./chapters/speed/"+prog); err != nil {
			return err
		}
	}
	cgiformTest := filepath.Join(tmp, "cgiform.test")
	if err := goCmd(root, "test", "-c", "-o", cgiformTest, "./cgiform"); err != nil {
		return err
	}

	res := results{}
	for _, group := range []struct {
		close   bool
		servers []serverSpec
	}{{false, keepAliveServers}, {true, closeServers}} {
		if err := measureGroup(res, group.servers, group.close, tmp, root, d, rounds); err != nil {
			return err
		}
	}
	forms, err := measureForms(cgiformTest, filepath.Join(root, "cgiform"), rounds)
	if err != nil {
		return err
	}

	took := time.Since(start)
	fmt.Println()
	fmt.Println(machine)
	fmt.Printf("Each run %v of wrk; %d rounds, the servers alternating within each round; "+
		"ratios are the median (and range) of the rounds' paired ratios. make bench took %v.\n\n",
		d, rounds, took.Round(time.Second))
	printSummary(res, forms)
	fmt.Println()
	printGrid(res)
	fmt.Println()
	printForms(forms)
	return nil
}

// measureGroup starts the servers of one group, warms each up, then for
// each number of connections measures them in alternating rounds, and
// stops them.
func measureGroup(res results, specs []serverSpec, closing bool, bins, root string, d time.Duration, rounds int) error {
	var servers []*server
	defer func() {
		for _, s := range servers {
			if err := s.stop(); err != nil {
				fmt.Fprintln(os.Stderr, "speed:", err)
			}
		}
	}()
	for _, spec := range specs {
		s, err := startServer(spec, bins, root, bins)
		if err != nil {
			return err
		}
		servers = append(servers, s)
	}
	mode := modeName(closing)
	for _, s := range servers { // warm-up, not counted
		if _, err := measure(s, 16, closing, time.Second); err != nil {
			return err
		}
	}
	for _, conns := range concurrencies {
		c := cell{closing, conns}
		res[c] = map[string][]sample{}
		for r := 1; r <= rounds; r++ {
			for _, s := range servers {
				smp, err := measure(s, conns, closing, d)
				if err != nil {
					return err
				}
				res[c][s.Spec.Key] = append(res[c][s.Spec.Key], smp)
				fmt.Fprintf(os.Stderr, "speed: %s c=%d round %d: %-45s %8.0f req/s  p99 %s  CPU/req %s  errors %d (read %d)\n",
					mode, conns, r, s.Spec.Label, smp.PerSecond, seconds(smp.P99), seconds(smp.CPUPerRequest), smp.Errors, smp.ReadErrors)
			}
		}
	}
	return nil
}

// wrkGrace is how much longer than its run wrk may take before it is killed.
const wrkGrace = 15 * time.Second

// measure runs wrk against s for d and reads the server's CPU before and after.
func measure(s *server, conns int, closing bool, d time.Duration) (sample, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d+wrkGrace)
	defer cancel()
	cmd := exec.CommandContext(ctx, "wrk", wrkArgs("http://"+s.Addr+"/?foo=bar", conns, d, closing)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	overflows := listenOverflows()
	cpu, err := processCPU(s.PID())
	if err != nil {
		return sample{}, fmt.Errorf("%s: %v: %s", s.Spec.Label, err, s.tail())
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return sample{}, fmt.Errorf("wrk %s: %v\n%s", strings.Join(cmd.Args[1:], " "), err, out)
	}
	cpuAfter, err := processCPU(s.PID())
	if err != nil {
		return sample{}, fmt.Errorf("%s: %v: %s", s.Spec.Label, err, s.tail())
	}
	w, err := parseWrk(string(out))
	if err != nil {
		return sample{}, err
	}
	smp := sample{wrkResult: w, CPUPerRequest: math.NaN(), Overflows: -1}
	if w.Requests > 0 {
		smp.CPUPerRequest = (cpuAfter - cpu) / float64(w.Requests)
	}
	if after := listenOverflows(); overflows >= 0 && after >= 0 {
		smp.Overflows = after - overflows
	}
	return smp, nil
}

// temp is the folder of the built programs and the servers' logs.
var temp struct {
	sync.Mutex
	dir string
}

// makeTemp makes the temporary folder that removeTemp removes.
func makeTemp() (string, error) {
	temp.Lock()
	defer temp.Unlock()
	dir, err := os.MkdirTemp("", "speed-")
	temp.dir = dir
	return dir, err
}

// removeTemp removes the temporary folder, if made.
func removeTemp() {
	temp.Lock()
	defer temp.Unlock()
	if temp.dir != "" {
		os.RemoveAll(temp.dir)
		temp.dir = ""
	}
}

// modeName names the way connections are used.
func modeName(closing bool) string {
	if closing {
		return "close"
	}
	return "keep-alive"
}

// moduleRoot returns the folder of the module's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run make bench inside the module")
	}
	return filepath.Dir(mod), nil
}

// goCmd runs the go command in root, with cgo off.
func goCmd(root string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// describeMachine names the processor, its cores, the kernel, the versions
// of Go, Python and wrk, and the load when make bench began.
func describeMachine() string {
	first := func(name string, args ...string) string {
		out, _ := exec.Command(name, args...).CombinedOutput() // wrk -v exits with 1
		line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
		if line == "" {
			return name + " (not found)"
		}
		return line
	}
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	load, _ := os.ReadFile("/proc/loadavg")
	loadFields := strings.Fields(string(load))
	if len(loadFields) > 3 {
		loadFields = loadFields[:3]
	}
	return fmt.Sprintf("Machine: %s, %d cores, Linux %s; %s, servers built with CGO_ENABLED=0; %s; %s; load average at start %s; %s.",
		cpuModel(), numCPU(), strings.TrimSpace(string(kernel)), first("go", "version"),
		first("python3", "--version"), wrkVersion(first("wrk", "-v")), strings.Join(loadFields, " "),
		time.Now().UTC().Format("2006-01-02 15:04 UTC"))
}
