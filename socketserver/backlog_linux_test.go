package socketserver

import (
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// tcpInfo returns what Linux's TCP_INFO says of a socket. Of a listening
// socket, Unacked is the number of connections completed and waiting for
// accept, and Sacked the backlog (what ss -lt shows as Recv-Q and Send-Q).
func tcpInfo(t *testing.T, c syscall.Conn) syscall.TCPInfo {
	t.Helper()
	var info syscall.TCPInfo
	rc, err := c.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var errno syscall.Errno
	rc.Control(func(fd uintptr) {
		size := uint32(unsafe.Sizeof(info))
		_, _, errno = syscall.Syscall6(syscall.SYS_GETSOCKOPT, fd, syscall.IPPROTO_TCP, syscall.TCP_INFO,
			uintptr(unsafe.Pointer(&info)), uintptr(unsafe.Pointer(&size)), 0)
	})
	if errno != 0 {
		t.Fatal(errno)
	}
	return info
}

// somaxconn returns Linux's largest listen backlog.
func somaxconn(t *testing.T) int {
	b, err := os.ReadFile("/proc/sys/net/core/somaxconn")
	if err != nil {
		t.Skip(err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRequestQueueSizeIsBacklog builds servers as a program does that
// sets RequestQueueSize before Bind and Activate, and checks the backlog
// each socket gets: 5 by default, as in Python, the system's largest for
// SystemQueueSize, and the value set otherwise.
func TestRequestQueueSizeIsBacklog(t *testing.T) {
	checkLeaks(t)
	for _, tc := range []struct {
		size, want int
	}{{0, 5}, {3, 3}, {64, 64}, {SystemQueueSize, somaxconn(t)}} {
		s := &Server{Network: "tcp", Address: "127.0.0.1:0", NewHandler: newUpper, RequestQueueSize: tc.size}
		if err := s.Bind(); err != nil {
			t.Fatal(err)
		}
		if err := s.Activate(); err != nil {
			t.Fatal(err)
		}
		if got := tcpInfo(t, s.listener.(syscall.Conn)).Sacked; int(got) != tc.want {
			t.Errorf("RequestQueueSize %d: the socket's backlog is %d, want %d", tc.size, got, tc.want)
		}
		s.Close()
	}
	s, err := NewTCPServer("127.0.0.1:0", newUpper)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := tcpInfo(t, s.listener.(syscall.Conn)).Sacked; got != 5 {
		t.Errorf("NewTCPServer's backlog is %d, want Python's 5", got)
	}
}

// TestRequestQueueFills connects clients to a server that does not
// accept. With a backlog of N, Linux completes N+1 connections and queues
// them; the next client's handshake gets no answer (the kernel drops its
// SYN and counts a listen overflow) until the server accepts one.
func TestRequestQueueFills(t *testing.T) {
	checkLeaks(t)
	const n = 3
	s := &Server{Network: "tcp", Address: "127.0.0.1:0", NewHandler: newUpper, RequestQueueSize: n}
	if err := s.Bind(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Activate(); err != nil {
		t.Fatal(err)
	}
	listener := s.listener.(syscall.Conn)
	for i := 0; i < n+1; i++ {
		c, err := net.DialTimeout("tcp", s.Addr().String(), time.Minute) // a bound on failure only
		if err != nil {
			t.Fatalf("client %d of %d: %v", i+1, n+1, err)
		}
		defer c.Close()
	}
	if got := tcpInfo(t, listener).Unacked; got != n+1 {
		t.Fatalf("%d connections wait for accept, want %d", got, n+1)
	}
	// One more client, its connect not waited for: it stays in SYN-SENT,
	// retransmitting its SYN, while the queue stays full.
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	extra := os.NewFile(uintptr(fd), "extra client")
	defer extra.Close()
	port := s.Addr().(*net.TCPAddr).Port
	if err := syscall.Connect(fd, &syscall.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}}); err != syscall.EINPROGRESS {
		t.Fatalf("connect of the extra client: %v, want EINPROGRESS", err)
	}
	// The first retransmission comes after the initial RTO, a second;
	// wait for it, at most a minute.
	var info syscall.TCPInfo
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
		info = tcpInfoFd(t, fd)
		if info.Retransmits > 0 || info.State != 2 {
			break
		}
		time.Sleep(20 * time.Millisecond) // polling the kernel's count, which no event announces
	}
	if info.State != 2 || info.Retransmits == 0 { // TCP_SYN_SENT
		t.Errorf("the extra client's state is %d with %d retransmissions, want SYN-SENT (2) retransmitting", info.State, info.Retransmits)
	}
	if got := tcpInfo(t, listener).Unacked; got != n+1 {
		t.Errorf("%d connections wait for accept, want still %d", got, n+1)
	}
}

// tcpInfoFd is tcpInfo of a raw socket.
func tcpInfoFd(t *testing.T, fd int) syscall.TCPInfo {
	t.Helper()
	var info syscall.TCPInfo
	size := uint32(unsafe.Sizeof(info))
	_, _, errno := syscall.Syscall6(syscall.SYS_GETSOCKOPT, uintptr(fd), syscall.IPPROTO_TCP, syscall.TCP_INFO,
		uintptr(unsafe.Pointer(&info)), uintptr(unsafe.Pointer(&size)), 0)
	if errno != 0 {
		t.Fatal(errno)
	}
	return info
}
