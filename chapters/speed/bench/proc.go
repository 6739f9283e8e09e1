package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// clockTicks is USER_HZ, the unit of the times in /proc/PID/stat: 100 on
// every Linux architecture Go runs on.
const clockTicks = 100

// parseStatCPU returns the CPU seconds a process has used, user and
// system, its own and those of its children that it has waited for (a
// forking server's children), from the text of /proc/PID/stat.
func parseStatCPU(stat string) (float64, error) {
	i := strings.LastIndexByte(stat, ')') // the command name may hold spaces
	if i < 0 {
		return 0, fmt.Errorf("no ')' in %q", stat)
	}
	f := strings.Fields(stat[i+1:]) // f[0] is field 3, state
	if len(f) < 15 {
		return 0, fmt.Errorf("too few fields in %q", stat)
	}
	var ticks int64
	for _, s := range f[11:15] { // utime, stime, cutime, cstime: fields 14 to 17
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += n
	}
	return float64(ticks) / clockTicks, nil
}

// processCPU returns the CPU seconds of process pid and its reaped children.
func processCPU(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	return parseStatCPU(string(b))
}

// parseListenOverflows returns TcpExt's ListenOverflows from the text of
// /proc/net/netstat: the connections dropped because a listen queue was full.
func parseListenOverflows(netstat string) (int64, error) {
	lines := strings.Split(netstat, "\n")
	for i := 0; i+1 < len(lines); i++ {
		names, values := strings.Fields(lines[i]), strings.Fields(lines[i+1])
		if len(names) == 0 || names[0] != "TcpExt:" || len(values) != len(names) || values[0] != "TcpExt:" {
			continue
		}
		for j, name := range names {
			if name == "ListenOverflows" {
				return strconv.ParseInt(values[j], 10, 64)
			}
		}
	}
	return 0, fmt.Errorf("no TcpExt ListenOverflows in /proc/net/netstat")
}

// listenOverflows returns the system's ListenOverflows count, or -1 if
// /proc/net/netstat cannot say.
func listenOverflows() int64 {
	b, err := os.ReadFile("/proc/net/netstat")
	if err != nil {
		return -1
	}
	n, err := parseListenOverflows(string(b))
	if err != nil {
		return -1
	}
	return n
}
