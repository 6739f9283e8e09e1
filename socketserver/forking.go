package socketserver

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
)

// forkEnv names the environment variable that tells a child what to serve.
const forkEnv = "SOCKETSERVER_FORKED_CHILD"

// ErrForkUnsupported is returned by Bind of a forking server on a system
// where a child process cannot inherit a socket.
var ErrForkUnsupported = errors.New("socketserver: ForkingMixIn needs a Unix system, where a child process can inherit a socket")

func forkSupported() bool {
	switch runtime.GOOS {
	case "windows", "plan9", "js", "wasip1":
		return false
	}
	return true
}

// IsForkedChild reports whether this process is a child that a
// ForkingMixIn started to serve one request.
func IsForkedChild() bool { return os.Getenv(forkEnv) != "" }

// ForkingMixIn processes each request in a child process, as Python's does
// with fork(2). A Go program cannot fork itself, so the mixin starts the
// running executable again, with the same arguments and environment, and
// passes it the request's socket as file descriptor 3. The child runs main
// up to the first Bind of a Server with a ForkingMixIn, which serves that
// request with the server's NewHandler and exits, with status 1 if the
// handler failed. So a program builds that server before doing anything
// only the parent should do, such as printing its start line. A test binary
// does it in TestMain, choosing the server by an environment variable that
// its test set:
//
//	func TestMain(m *testing.M) {
//		if socketserver.IsForkedChild() {
//			s := servers[os.Getenv("MY_TEST_SERVER")]() // as the test built it, unbound
//			log.Fatal(s.Bind())                         // serves and exits; returns only on error
//		}
//		os.Exit(m.Run())
//	}
//
// The child's Addr, standard output and error are the parent's. On
// Windows, Plan 9, js and wasip1, Bind returns ErrForkUnsupported. The zero
// ForkingMixIn does not block on close; the constructors set BlockOnClose,
// Python's default.
type ForkingMixIn struct {
	MaxChildren  int  // children running at once, at most; 0 means Python's 40
	BlockOnClose bool // Close waits until every child has exited

	mu     sync.Mutex
	cond   *sync.Cond
	active int
	wg     sync.WaitGroup
}

// ActiveChildren returns the number of children running (Python's
// active_children).
func (m *ForkingMixIn) ActiveChildren() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.active
}

// ProcessRequest starts a child that serves req, closes the parent's copy
// of the connection (Python's close_request in the parent), and waits while
// MaxChildren children run. Each child is reaped as it exits.
func (m *ForkingMixIn) ProcessRequest(s *Server, req *Request) error {
	v := url.Values{"network": {s.Network}, "addr": {s.Addr().String()}, "worker": {strconv.Itoa(req.Worker)}}
	var conn any = req.Conn
	if req.Conn == nil {
		conn = req.Socket
		v.Set("packet", base64.StdEncoding.EncodeToString(req.Packet))
		if req.ClientAddress != nil {
			v.Set("client", req.ClientAddress.String())
		}
	}
	sock, ok := conn.(interface{ File() (*os.File, error) })
	if !ok {
		return fmt.Errorf("socketserver: cannot pass a %T to a child process", conn)
	}
	f, err := sock.File()
	if err != nil {
		return err
	}
	exe, _ := os.Executable() // if it fails, so does Start
	cmd := &exec.Cmd{Path: exe, Args: os.Args, Env: append(os.Environ(), forkEnv+"="+v.Encode()),
		ExtraFiles: []*os.File{f}, Stdout: os.Stdout, Stderr: os.Stderr}
	m.mu.Lock() // the child is counted before anyone can hear from it
	defer m.mu.Unlock()
	err = cmd.Start()
	f.Close()
	if err != nil {
		return err
	}
	s.CloseRequest(req)
	if m.cond == nil {
		m.cond = sync.NewCond(&m.mu)
	}
	m.active++
	m.wg.Add(1)
	go func() {
		cmd.Wait()
		m.mu.Lock()
		m.active--
		m.cond.Broadcast()
		m.mu.Unlock()
		m.wg.Done()
	}()
	limit := m.MaxChildren
	if limit <= 0 {
		limit = 40
	}
	for m.active >= limit {
		m.cond.Wait()
	}
	return nil
}

// Close waits for every child to exit if BlockOnClose is set.
func (m *ForkingMixIn) Close(s *Server) error {
	if m.BlockOnClose {
		m.wg.Wait()
	}
	return nil
}

// serveChild is Bind in a forked child: it serves the request on file
// descriptor 3 and exits.
func serveChild(s *Server) error {
	v, err := url.ParseQuery(os.Getenv(forkEnv))
	if err != nil || v.Get("network") != s.Network {
		return fmt.Errorf("socketserver: forked child for a %q server reached the Bind of a %q server", v.Get("network"), s.Network)
	}
	os.Unsetenv(forkEnv)
	f := os.NewFile(3, "request")
	req := &Request{Server: s}
	req.Worker, _ = strconv.Atoi(v.Get("worker"))
	if s.stream() {
		if req.Conn, err = net.FileConn(f); err == nil {
			req.ClientAddress = req.Conn.RemoteAddr()
		}
	} else {
		req.Socket, err = net.FilePacketConn(f)
		req.Packet, _ = base64.StdEncoding.DecodeString(v.Get("packet"))
		if c := v.Get("client"); c != "" {
			req.ClientAddress = resolve(s.Network, c)
		}
	}
	f.Close()
	if err != nil {
		return err
	}
	s.addr = resolve(s.Network, v.Get("addr"))
	status := 0
	if s.FinishRequest(req) != nil {
		status = 1
	}
	s.ShutdownRequest(req)
	os.Exit(status) // closes the socket
	panic("unreachable")
}

// resolve turns the text of an address back into a net.Addr.
func resolve(network, addr string) net.Addr {
	switch network {
	case "unix", "unixgram":
		return &net.UnixAddr{Name: addr, Net: network}
	case "udp", "udp4", "udp6":
		a, _ := net.ResolveUDPAddr(network, addr)
		return a
	}
	a, _ := net.ResolveTCPAddr(network, addr)
	return a
}
