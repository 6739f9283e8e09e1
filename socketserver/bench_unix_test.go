//go:build unix

package socketserver

import (
	"fmt"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkForkingCPU measures the forking echo server's cost per
// connection: the CPU its children used (getrusage RUSAGE_CHILDREN, read
// after Close has reaped them all) and the server's own, client
// included, as ms/conn; and connections per second, one client at a time
// (seq) and eight at once (c8).
func BenchmarkForkingCPU(b *testing.B) {
	skipUnlessFork(b)
	for _, clients := range []int{1, 8} {
		b.Run(fmt.Sprintf("c%d", clients), func(b *testing.B) {
			b.Setenv("SOCKETSERVER_TEST_SERVER", "upper")
			s, err := NewForkingTCPServer("127.0.0.1:0", newUpper)
			if err != nil {
				b.Fatal(err)
			}
			errc := make(chan error, 1)
			go func() { errc <- s.ServeForever(0) }()
			before := rusage(b, syscall.RUSAGE_CHILDREN)
			self := rusage(b, syscall.RUSAGE_SELF)
			start := time.Now()
			b.ResetTimer()
			var wg sync.WaitGroup
			next := make(chan bool)
			for i := 0; i < clients; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range next {
						echoOnce(b, s.Addr())
					}
				}()
			}
			for i := 0; i < b.N; i++ {
				next <- true
			}
			close(next)
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			s.Shutdown()
			if err := <-errc; err != nil {
				b.Fatal(err)
			}
			s.Close() // reaps every child
			children := rusage(b, syscall.RUSAGE_CHILDREN) - before
			parent := rusage(b, syscall.RUSAGE_SELF) - self
			b.ReportMetric(float64(children.Microseconds())/1000/float64(b.N), "child-ms/conn")
			b.ReportMetric(float64(parent.Microseconds())/1000/float64(b.N), "server-ms/conn")
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "conn/s")
		})
	}
}

// rusage returns the user and system CPU time getrusage reports for who.
func rusage(b *testing.B, who int) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
