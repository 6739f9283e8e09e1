package basehttp_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
)

// endless is an io.Reader of head followed by fill repeated for ever.
type endless struct {
	head string
	fill byte
	n    int64 // bytes read
}

func (r *endless) Read(p []byte) (int, error) {
	n := copy(p, r.head)
	r.head = r.head[n:]
	for i := n; i < len(p); i++ {
		p[i] = r.fill
	}
	r.n += int64(len(p))
	return len(p), nil
}

// endlessLines is an io.Reader of head followed by line repeated for ever.
type endlessLines struct {
	r    io.Reader
	line string
}

func (r *endlessLines) Read(p []byte) (int, error) {
	if n, _ := r.r.Read(p); n > 0 {
		return n, nil
	}
	return copy(p, strings.Repeat(r.line, len(p)/len(r.line)+1)[:len(p)]), nil
}

// TestEndlessRequests sends requests that never end and checks that the handler
// answers them after reading a bounded amount, using bounded memory.
func TestEndlessRequests(t *testing.T) {
	for _, c := range []struct {
		name   string
		in     io.Reader
		status string
	}{
		{"request line", &endless{head: "GET /", fill: 'a'}, "HTTP/1.0 414 Request-URI Too Long\r\n"},
		{"header line", &endless{head: "GET / HTTP/1.0\r\nX: ", fill: 'v'}, "HTTP/1.0 431 Line too long\r\n"},
		{"header lines", &endlessLines{strings.NewReader("GET / HTTP/1.0\r\n"), "X-Many: header\r\n"}, "HTTP/1.0 431 Too many headers\r\n"},
		{"folded line", &endlessLines{strings.NewReader("GET / HTTP/1.0\r\nX: a\r\n"), " b\r\n"}, "HTTP/1.0 431 Too many headers\r\n"},
	} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		conn := &basehttptest.Conn{In: c.in}
		_, err := basehttptest.ServeConn(only(&plainHandler{}), conn)
		out := conn.Out.String()
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		if !strings.HasPrefix(out, c.status) {
			t.Errorf("%s: answered %.60q, want %q", c.name, out, c.status)
		}
		if e, ok := c.in.(*endless); ok && e.n > 2*maxLine {
			t.Errorf("%s: read %d bytes", c.name, e.n)
		}
		// 100 lines of 65536 bytes at most: the bound in the package doc.
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
			t.Errorf("%s: allocated %d bytes", c.name, alloc)
		}
	}
}

// TestHeaderTimeoutEndsTrickle has a client send its request a byte at a time,
// the next byte each time its own read deadline passes without an answer: the
// server's HeaderTimeout ends the connection whatever the pace.
func TestHeaderTimeoutEndsTrickle(t *testing.T) {
	var log syncBuffer
	srv := startSerial(t, &log, func() basehttp.Handler {
		h := &plainHandler{}
		h.HeaderTimeout = 200 * time.Millisecond
		h.Timeout = time.Minute // Python's timeout is per read: it would not end this client
		return h
	})
	c, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	request := "GET / HTTP/1.0\r\n" + strings.Repeat("X-Slow: 1\r\n", 1000) + "\r\n"
	buf := make([]byte, 1)
	for i := 0; ; i++ {
		if i == len(request) {
			t.Fatal("the whole request went through")
		}
		if _, err := c.Write([]byte{request[i]}); err != nil {
			break // the server closed the connection
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Millisecond))
		_, err := c.Read(buf)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			continue
		}
		if err != io.EOF {
			t.Fatalf("read: %v, %q", err, buf)
		}
		break
	}
	srv.Shutdown() // the handler has logged once Shutdown returns: the server is serial
	if got := log.take(); !strings.HasSuffix(got, "] Request timed out: TimeoutError('timed out')\n") {
		t.Errorf("log %q", got)
	}
}

// bigHandler answers GET with 64 MB, more than any socket buffer holds.
type bigHandler struct {
	basehttp.BaseHTTPRequestHandler
}

func (h *bigHandler) DoGET() error {
	h.SendResponse(200)
	if err := h.EndHeaders(); err != nil {
		return err
	}
	chunk := strings.Repeat("x", 1<<20)
	for i := 0; i < 64; i++ {
		if _, err := h.Wfile.WriteString(chunk); err != nil {
			return err
		}
	}
	return nil
}

// TestClientGoneMidResponse closes the connection after the first bytes of a
// long answer: the handler's error goes to the server's error log, and the
// server goes on serving.
func TestClientGoneMidResponse(t *testing.T) {
	var log syncBuffer
	srv := startSerial(t, &log, func() basehttp.Handler { return &bigHandler{} })
	c, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(c, "GET / HTTP/1.0\r\n\r\n")
	line, err := bufio.NewReader(c).ReadString('\n')
	if line != "HTTP/1.0 200 OK\r\n" {
		t.Fatalf("first line %q, %v", line, err)
	}
	c.(*net.TCPConn).SetLinger(0) // reset, so the server's next write fails
	c.Close()
	if out := basehttptest.Exchange(t, srv.Addr().String(), "HEAD / HTTP/1.0\r\n\r\n"); !strings.HasPrefix(out, "HTTP/1.0 501 ") {
		t.Errorf("next request answered %q", out)
	}
	if got := log.take(); !strings.Contains(got, "Exception occurred during processing of request from ('127.0.0.1', ") {
		t.Errorf("log %q", got)
	}
}

// TestTimeoutEndsStalledReader has a client that asks for a long answer and
// never reads it: the handler's Timeout ends the write.
func TestTimeoutEndsStalledReader(t *testing.T) {
	var log syncBuffer
	srv := startSerial(t, &log, func() basehttp.Handler {
		h := &bigHandler{}
		h.Timeout = 100 * time.Millisecond
		return h
	})
	c, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET / HTTP/1.0\r\n\r\n")
	srv.Shutdown() // returns once the one request being served has ended
	if got := log.take(); !strings.HasSuffix(got, "] Request timed out: TimeoutError('timed out')\n") {
		t.Errorf("log %q", got)
	}
}
