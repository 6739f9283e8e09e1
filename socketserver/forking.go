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

// forkedChild is the JSON of the forkedRequest this process was started
// for, or "" if it is no forked child.
var forkedChild = os.Getenv(forkEnv)

// inherited guards the request of a forked child, which one Bind takes.
var inherited sync.Once

// IsForkedChild reports whether this process is a child that a
// ForkingMixIn started to serve one request.
func IsForkedChild() bool { return forkedChild != "" }

// ForkingMixIn processes each request in a child process, as Python's does
// with fork(2). A Go program cannot fork, so the mix-in runs its executable
// again, with the same arguments and environment, and passes it the
// request's socket as file descriptor 3. The child runs main as the parent
// did: there Bind takes the socket over instead of binding, and the first
// ServeForever, Serve, ServeUntilInterrupt or HandleRequest serves the
// request and exits, with status 1 if the handler failed. So the child's
// Server is configured as the parent's was when it started serving; what
// only the parent should do before, such as printing a start line, checks
// IsForkedChild. A test binary builds the server in TestMain:
//
//	func TestMain(m *testing.M) {
//		if socketserver.IsForkedChild() {
//			s := servers[os.Getenv("MY_TEST_SERVER")]() // as the test built and configured it, bound
//			log.Fatal(s.ServeForever(0))                // serves and exits; returns only on error
//		}
//		os.Exit(m.Run())
//	}
//
// The child's Addr, standard output and error are the parent's.
type ForkingMixIn struct {
	// MaxChildren bounds the children running at once; 0 means Python's 40.
	MaxChildren int

	// BlockOnClose makes Close wait for the children; the constructors set
	// it.
	BlockOnClose bool

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
	fr := forkedRequest{
		Network: s.Network,
		Addr:    s.Addr().String(),
		Packet:  req.Packet,
		Worker:  req.Worker,
	}
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
	cmd := &exec.Cmd{
		Path:       exe,
		Args:       os.Args,
		Env:        append(os.Environ(), forkEnv+"="+string(env)),
		ExtraFiles: []*os.File{f},
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
	}
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

// BindChild takes over, in a child, the request the parent passed it. It
// returns ErrForkUnsupported on a system where no child could inherit a
// socket.
func (m *ForkingMixIn) BindChild(s *Server) (*Request, net.Addr, error) {
	if !forkSupported() {
		return nil, nil, ErrForkUnsupported
	}
	taken := true
	inherited.Do(func() { taken = false })
	if !IsForkedChild() || taken {
		return nil, nil, nil
	}
	var fr forkedRequest
	if json.Unmarshal([]byte(forkedChild), &fr) != nil || fr.Network != s.Network {
		return nil, nil, fmt.Errorf("socketserver: a child forked by a %q server reached Bind of a %q one",
			fr.Network, s.Network)
	}
	os.Unsetenv(forkEnv) // for the processes the child starts
	f := os.NewFile(3, "request")
	defer f.Close()
	req := &Request{Server: s, Worker: fr.Worker}
	if s.stream() {
		conn, err := net.FileConn(f)
		if err != nil {
			return nil, nil, err
		}
		req.Conn = conn
		req.ClientAddress = conn.RemoteAddr()
	} else {
		socket, err := net.FilePacketConn(f)
		if err != nil {
			return nil, nil, err
		}
		req.Socket = socket
		req.Packet = fr.Packet
		if fr.Client != "" {
			req.ClientAddress = resolve(s.Network, fr.Client)
		}
	}
	return req, resolve(s.Network, fr.Addr), nil
}

// ServeChild serves req in the child and exits, with status 1 if the
// handler failed.
func (m *ForkingMixIn) ServeChild(s *Server, req *Request) error {
	status := 0
	if s.finishRequest(req) {
		status = 1
	}
	s.ShutdownRequest(req)
	os.Exit(status) // closes the socket
	return nil
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
