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

// forkEnv names the environment variable through which a ForkingMixIn
// tells the child it started what to serve.
const forkEnv = "SOCKETSERVER_FORKED_CHILD"

// ErrForkUnsupported is returned by Bind of a server with a ForkingMixIn on
// a system where a child process cannot inherit a socket.
var ErrForkUnsupported = errors.New("socketserver: ForkingMixIn needs a Unix system, where a child process can inherit a socket")

func forkSupported() bool {
	switch runtime.GOOS {
	case "windows", "plan9", "js", "wasip1":
		return false
	}
	return true
}

// IsForkedChild reports whether this process is a child started by a
// ForkingMixIn to serve one request. A test binary's TestMain uses it to
// build the server the parent test built, and call its Bind.
func IsForkedChild() bool { return os.Getenv(forkEnv) != "" }

// ForkingMixIn processes each request in a new process, as Python's does
// with fork(2). A Go program cannot fork itself, so the mixin starts the
// running executable again, with the same arguments and environment plus
// the variable IsForkedChild looks for, and passes it the request's socket
// as file descriptor 3. The child runs main again up to the first Bind of a
// server with a ForkingMixIn: that Bind serves the one request with the
// server's NewHandler and exits the process, with status 1 if the handler
// failed. So a program must reach that server before doing anything only
// the parent should do, such as printing its start line or binding another
// server. The child's Addr is the parent's bound address; its standard
// output and error are the parent's. Each child is reaped as it exits.
//
// Python's block_on_close defaults to true: the forking constructors set
// BlockOnClose, but a literal &ForkingMixIn{} leaves it false.
type ForkingMixIn struct {
	// MaxChildren bounds the children running at once; 0 means Python's 40.
	// When that many run, ProcessRequest waits for one to exit, so the
	// server accepts nothing more until then.
	MaxChildren int
	// BlockOnClose makes Close wait until every child has exited.
	BlockOnClose bool

	mu     sync.Mutex
	cond   *sync.Cond
	active map[int]bool
	wg     sync.WaitGroup
}

// ActiveChildren returns the number of children running (Python's
// active_children).
func (m *ForkingMixIn) ActiveChildren() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.active)
}

// ProcessRequest starts a child process that serves req, closes the
// parent's copy of the connection (Python's close_request in the parent),
// and waits while MaxChildren children run.
func (m *ForkingMixIn) ProcessRequest(s *Server, req *Request) error {
	if !forkSupported() {
		return ErrForkUnsupported
	}
	v := url.Values{"network": {s.Network}, "addr": {s.Addr().String()}}
	var sock interface{ File() (*os.File, error) }
	if req.Conn != nil {
		sock, _ = req.Conn.(interface{ File() (*os.File, error) })
	} else {
		sock, _ = req.Socket.(interface{ File() (*os.File, error) })
		v.Set("packet", base64.StdEncoding.EncodeToString(req.Packet))
		if req.ClientAddress != nil {
			v.Set("client", req.ClientAddress.String())
		}
	}
	if sock == nil {
		return fmt.Errorf("socketserver: cannot pass a %T to a child process", req.Conn)
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	f, err := sock.File()
	if err != nil {
		return err
	}
	req.Worker = s.nextWorker()
	v.Set("worker", strconv.Itoa(req.Worker))
	cmd := &exec.Cmd{
		Path:       exe,
		Args:       os.Args,
		Env:        append(os.Environ(), forkEnv+"="+v.Encode()),
		ExtraFiles: []*os.File{f},
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
	}
	// The child is counted before anyone can hear from it.
	m.mu.Lock()
	defer m.mu.Unlock()
	err = cmd.Start()
	f.Close()
	if err != nil {
		return err
	}
	s.CloseRequest(req)
	if m.active == nil {
		m.active, m.cond = map[int]bool{}, sync.NewCond(&m.mu)
	}
	pid := cmd.Process.Pid
	m.active[pid] = true
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		cmd.Wait()
		m.mu.Lock()
		delete(m.active, pid)
		m.cond.Broadcast()
		m.mu.Unlock()
	}()
	limit := m.MaxChildren
	if limit <= 0 {
		limit = 40
	}
	for len(m.active) >= limit {
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
func (m *ForkingMixIn) serveChild(s *Server) error {
	if !forkSupported() {
		return ErrForkUnsupported
	}
	v, err := url.ParseQuery(os.Getenv(forkEnv))
	if err != nil || v.Get("network") != s.Network {
		return fmt.Errorf("socketserver: forked child for a %q server reached the Bind of a %q server", v.Get("network"), s.Network)
	}
	os.Unsetenv(forkEnv)
	f := os.NewFile(3, "request")
	req := &Request{Server: s}
	req.Worker, _ = strconv.Atoi(v.Get("worker"))
	if s.stream() {
		req.Conn, err = net.FileConn(f)
		if err == nil {
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
	s.mu.Lock()
	s.addr = resolve(s.Network, v.Get("addr"))
	s.mu.Unlock()
	status := 0
	if s.FinishRequest(req) != nil {
		status = 1
	}
	s.ShutdownRequest(req)
	if req.Socket != nil {
		req.Socket.Close()
	}
	os.Exit(status)
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
