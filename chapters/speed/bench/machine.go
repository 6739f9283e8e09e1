package main

import (
	"os"
	"runtime"
	"strings"
)

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

// numCPU returns the number of cores this process may run on.
func numCPU() int { return runtime.NumCPU() }
