package socketserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"sync"

	"github.com/basehttpserver/basehttpserver/internal/py"
)

// forkEnv names the environment variable that gives a child the JSON of
// the forkedRequest to serve on file descriptor 3.
const forkEnv = "SOCKETSERVER_FORKED_CHILD"

type forkedRequest struct {
	Network, Addr string // the server's
	Client        string // a datagram's sender
	Packet        []byte
	Worker        int
}

// ErrForkUnsupported is returned by Bind of a forking server on Windows,
// Plan 9, js and wasip1, where a child process cannot inherit a socket.
var ErrForkUnsupported = errors.New("socketserver: ForkingMixIn needs a Unix system")

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
// with fork(2). A Go program cannot fork, so the mixin runs its executable
// again, with the same arguments and environment, and passes it the
// request's socket as file descriptor 3. The child runs main up to the
// first Bind of a forking Server, which serves the request with the
// server's NewHandler and exits, with status 1 if the handler failed: a
// program builds that server before doing what only the parent should do,
// such as printing its start line. A test binary does it in TestMain:
//
//	func TestMain(m *testing.M) {
//		if socketserver.IsForkedChild() {
//			s := servers[os.Getenv("MY_TEST_SERVER")]() // as the test built it, unbound
//			log.Fatal(s.Bind())                         // serves and exits; returns only on error
//		}
//		os.Exit(m.Run())
//	}
//
// The child's Addr, standard output and error are the parent's.
type ForkingMixIn struct {
	MaxChildren  int  // children running at once, at most; 0 means Python's 40
	BlockOnClose bool // Close waits for the children; the constructors set it

	mu     sync.Mutex
	exited *sync.Cond // signalled as a child exits
	active int
}

// ActiveChildren returns the number of children running (active_children).
func (m *ForkingMixIn) ActiveChildren() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.active
}

// ProcessRequest starts a child that serves req, closes the parent's copy
// of the connection (Python's close_request in the parent), and waits while
// MaxChildren children run. Each child is reaped as it exits.
func (m *ForkingMixIn) ProcessRequest(s *Server, req *Request) error {
	fr := forkedRequest{Network: s.Network, Addr: s.Addr().String(), Packet: req.Packet,
		Worker: req.Worker}
	var conn any = req.Socket
	if req.Conn != nil {
		conn = req.Conn
	} else if req.ClientAddress != nil {
		fr.Client = req.ClientAddress.String()
	}
	sock, ok := conn.(interface{ File() (*os.File, error) })
	if !ok {
		return fmt.Errorf("socketserver: cannot pass a %T to a child process", conn)
	}
	f, err := sock.File()
	if err != nil {
		return err
	}
	env, _ := json.Marshal(fr) // cannot fail
	exe, _ := os.Executable()  // if it fails, so does Start
	cmd := &exec.Cmd{Path: exe, Args: os.Args, Env: append(os.Environ(), forkEnv+"="+string(env)),
		ExtraFiles: []*os.File{f}, Stdout: os.Stdout, Stderr: os.Stderr}
	m.mu.Lock() // the child is counted before anyone can hear from it
	defer m.mu.Unlock()
	err = cmd.Start()
	f.Close()
	if err != nil {
		return err
	}
	s.CloseRequest(req)
	if m.exited == nil {
		m.exited = sync.NewCond(&m.mu)
	}
	m.active++
	go func() {
		cmd.Wait()
		m.mu.Lock()
		m.active--
		m.exited.Broadcast()
		m.mu.Unlock()
	}()
	for m.active >= py.OrDefault(m.MaxChildren, 40) {
		m.exited.Wait()
	}
	return nil
}

// Close waits for every child to exit if BlockOnClose is set.
func (m *ForkingMixIn) Close(s *Server) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for m.BlockOnClose && m.active > 0 {
		m.exited.Wait()
	}
	return nil
}

// serveChild is Bind in a forked child: it serves one request and exits.
func serveChild(s *Server) error {
	var fr forkedRequest
	if json.Unmarshal([]byte(os.Getenv(forkEnv)), &fr) != nil || fr.Network != s.Network {
		return fmt.Errorf("socketserver: a child forked by a %q server reached Bind of a %q one",
			fr.Network, s.Network)
	}
	os.Unsetenv(forkEnv)
	f := os.NewFile(3, "request")
	req := &Request{Server: s, Worker: fr.Worker}
	var err error
	if s.stream() {
		if req.Conn, err = net.FileConn(f); err == nil {
			req.ClientAddress = req.Conn.RemoteAddr()
		}
	} else {
		req.Socket, err = net.FilePacketConn(f)
		req.Packet = fr.Packet
		if fr.Client != "" {
			req.ClientAddress = resolve(s.Network, fr.Client)
		}
	}
	f.Close()
	if err != nil {
		return err
	}
	s.addr = resolve(s.Network, fr.Addr)
	status := 0
	if s.finishRequest(req) {
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
