package socketserver

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"testing"
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
