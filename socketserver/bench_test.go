package socketserver

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkEcho measures one round trip of the book's echo service (connect,
// send a line, read the upper-cased line until the server closes) against
// a plain net.Listener accept loop doing the same work, and against the
// socketserver servers: sequential, threading and forking.
func BenchmarkEcho(b *testing.B) {
	b.Run("net.Listener", func(b *testing.B) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		done := make(chan bool)
		go func() {
			defer close(done)
			for {
				c, err := l.Accept()
				if err != nil {
					return
				}
				line, _ := bufio.NewReader(c).ReadSlice('\n')
				c.Write(bytes.ToUpper(line))
				c.(*net.TCPConn).CloseWrite()
				c.Close()
			}
		}()
		echoRounds(b, l.Addr())
		l.Close()
		<-done
	})
	b.Run("sequential", func(b *testing.B) {
		s, err := NewTCPServer("127.0.0.1:0", newUpper)
		if err != nil {
			b.Fatal(err)
		}
		benchServer(b, s)
	})
	b.Run("threading", func(b *testing.B) {
		s, err := NewThreadingTCPServer("127.0.0.1:0", newUpper)
		if err != nil {
			b.Fatal(err)
		}
		benchServer(b, s)
	})
	b.Run("forking", func(b *testing.B) {
		skipUnlessFork(b)
		b.Setenv("SOCKETSERVER_TEST_SERVER", "upper")
		s, err := NewForkingTCPServer("127.0.0.1:0", newUpper)
		if err != nil {
			b.Fatal(err)
		}
		benchServer(b, s)
	})
}

func benchServer(b *testing.B, s *Server) {
	errc := make(chan error, 1)
	go func() { errc <- s.ServeForever(0) }()
	echoRounds(b, s.Addr())
	s.Shutdown()
	if err := <-errc; err != nil {
		b.Fatal(err)
	}
	s.Close()
}

func echoRounds(b *testing.B, addr net.Addr) {
	msg := []byte("hello\n")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := net.Dial("tcp", addr.String())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Write(msg); err != nil {
			b.Fatal(err)
		}
		reply, err := io.ReadAll(c)
		c.Close()
		if err != nil || string(reply) != "HELLO\n" {
			b.Fatalf("reply %q, %v", reply, err)
		}
	}
}

// echoOnce makes one round trip of the echo service to addr.
func echoOnce(b *testing.B, addr net.Addr) {
	c, err := net.Dial("tcp", addr.String())
	if err != nil {
		b.Error(err)
		return
	}
	defer c.Close()
	if _, err := c.Write([]byte("hello\n")); err != nil {
		b.Error(err)
		return
	}
	reply, err := io.ReadAll(c)
	if err != nil || string(reply) != "HELLO\n" {
		b.Errorf("reply %q, %v", reply, err)
	}
}

// slowHandler answers a line upper-cased after 5 ms, so that a
// synchronous server accepts about 200 connections a second.
type slowHandler struct{ upperHandler }

func (h *slowHandler) Handle() error {
	time.Sleep(5 * time.Millisecond) // the work being measured against, not a wait for an event
	return h.upperHandler.Handle()
}

// BenchmarkBacklog sends a line from 64 clients at once to a synchronous
// server that accepts slowly, with Python's backlog of 5 and with the
// system's, and reports how many clients had their reply within 1.5
// seconds (served/64), how long the last of them waited (last-ms, at most
// 1500), and the listen overflows Linux counted meanwhile (ListenOverflows
// in /proc/net/netstat; system-wide, so other traffic adds to it).
func BenchmarkBacklog(b *testing.B) {
	for _, tc := range []struct {
		name string
		size int
	}{{"python5", 0}, {"system", SystemQueueSize}} {
		b.Run(tc.name, func(b *testing.B) {
			s := &Server{Network: "tcp", Address: "127.0.0.1:0", RequestQueueSize: tc.size,
				NewHandler: func() Handler { return new(slowHandler) }}
			if err := s.Bind(); err != nil {
				b.Fatal(err)
			}
			if err := s.Activate(); err != nil {
				b.Fatal(err)
			}
			errc := make(chan error, 1)
			go func() { errc <- s.ServeForever(0) }()
			var served, overflows int64
			var last time.Duration
			for i := 0; i < b.N; i++ {
				before := listenOverflows(b)
				n, wait := burst(s.Addr().String(), 64, 1500*time.Millisecond)
				served += int64(n)
				last += wait
				overflows += listenOverflows(b) - before
			}
			s.Shutdown()
			if err := <-errc; err != nil {
				b.Fatal(err)
			}
			s.Close()
			b.ReportMetric(float64(served)/float64(b.N), "served/64")
			b.ReportMetric(float64(last.Milliseconds())/float64(b.N), "last-ms")
			b.ReportMetric(float64(overflows)/float64(b.N), "overflows")
		})
	}
}

// burst sends a line from n clients at once, each given bound from the
// start to get its reply, and returns how many did and how long the last
// of those waited.
func burst(addr string, n int, bound time.Duration) (served int, last time.Duration) {
	start := time.Now()
	deadline := start.Add(bound)
	results := make(chan time.Duration, n)
	for i := 0; i < n; i++ {
		go func() {
			results <- echoBy(addr, deadline, start)
		}()
	}
	for i := 0; i < n; i++ {
		wait := <-results
		if wait > 0 {
			served++
		}
		if wait > last {
			last = wait
		}
	}
	return served, last
}

// echoBy makes one round trip of the echo service to addr, and returns
// how long after start it had the reply, or 0 if not by deadline.
func echoBy(addr string, deadline, start time.Time) time.Duration {
	c, err := net.DialTimeout("tcp", addr, time.Until(deadline))
	if err != nil {
		return 0
	}
	defer c.Close()
	c.SetDeadline(deadline)
	if _, err := c.Write([]byte("hello\n")); err != nil {
		return 0
	}
	reply, err := io.ReadAll(c)
	if err != nil || string(reply) != "HELLO\n" {
		return 0
	}
	return time.Since(start)
}

// listenOverflows reads Linux's count of connections dropped because a
// listen queue was full.
func listenOverflows(b *testing.B) int64 {
	data, err := os.ReadFile("/proc/net/netstat")
	if err != nil {
		b.Skip(err)
	}
	lines := strings.Split(string(data), "\n")
	for i := 0; i+1 < len(lines); i++ {
		names, values := strings.Fields(lines[i]), strings.Fields(lines[i+1])
		if len(names) == 0 || names[0] != "TcpExt:" || len(values) != len(names) {
			continue
		}
		for j, name := range names {
			if name == "ListenOverflows" {
				n, _ := strconv.ParseInt(values[j], 10, 64)
				return n
			}
		}
	}
	b.Skip("no ListenOverflows in /proc/net/netstat")
	return 0
}
