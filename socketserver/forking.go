package socketserver

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/basehttpserver/basehttpserver/internal/py"
)

// forkEnv names the environment variable that gives a child the
// forkedRequest it is for, encoded. The child reads the request itself from
// a Unix socket on file descriptor 3: the encoded forkedRequest, then the
// end of the stream, with the request's socket passed along (SCM_RIGHTS).
const forkEnv = "SOCKETSERVER_FORKED_CHILD"

// A forkedRequest is what a child learns of the request it serves: the
// server's network, address and Inherited map in its environment, the rest
// over the socket.
type forkedRequest struct {
	Network, Addr string            // the server's
	Inherited     map[string]string // the server's
	GOMAXPROCS    bool              // set by the parent, for the child to unset
	Client        string            // a datagram's sender
	Packet        []byte
	Worker        int
}

// encode returns fr as a URL query: it carries any bytes, and reading it
// back takes none of the reflection that encoding/json would spend in
// every child.
func (fr forkedRequest) encode() string {
	v := url.Values{}
	set := func(key, value string) {
		if value != "" {
			v.Set(key, value)
		}
	}
	set("network", fr.Network)
	set("addr", fr.Addr)
	set("client", fr.Client)
	set("packet", string(fr.Packet))
	if fr.Worker != 0 {
		v.Set("worker", strconv.Itoa(fr.Worker))
	}
	if fr.GOMAXPROCS {
		v.Set("gomaxprocs", "1")
	}
	for key, value := range fr.Inherited {
		v.Set("inherited."+key, value)
	}
	return v.Encode()
}

// decode reads into fr what encode wrote, over what fr holds.
func (fr *forkedRequest) decode(text string) error {
	v, err := url.ParseQuery(text)
	if err != nil {
		return err
	}
	for key, values := range v {
		value := values[0]
		switch key {
		case "network":
			fr.Network = value
		case "addr":
			fr.Addr = value
		case "client":
			fr.Client = value
		case "packet":
			fr.Packet = []byte(value)
		case "worker":
			if fr.Worker, err = strconv.Atoi(value); err != nil {
				return err
			}
		case "gomaxprocs":
			fr.GOMAXPROCS = true
		default:
			name, ok := strings.CutPrefix(key, "inherited.")
			if !ok {
				return fmt.Errorf("unknown key %q", key)
			}
			if fr.Inherited == nil {
				fr.Inherited = map[string]string{}
			}
			fr.Inherited[name] = value
		}
	}
	return nil
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

// forkedChild is the encoded forkedRequest this process was started
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
// request's socket. The child runs main as the parent did: there Bind
// takes the socket over instead of binding, and the first ServeForever,
// Serve, ServeUntilInterrupt or HandleRequest serves the request and
// exits, with status 1 if the handler failed. So the child's Server is
// configured as the parent's was when it started serving; what only the
// parent should do before, such as printing a start line, checks
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
// The child's Addr, standard output and error are the parent's, and so is
// its Inherited map, as it was when the child started.
//
// Starting a Go program takes milliseconds, which Python's fork does not
// spend, so the mix-in starts each child ahead, a spare, as soon as the
// previous one has its request and MaxChildren allows: the spare runs main
// up to Bind and waits there for the next request, which the parent passes
// it over a Unix socket. The first request waits for its child to start;
// the others find theirs ready. A spare has the environment and arguments
// of the moment it started; it exits, unserved, at Close or when the
// parent exits.
//
// A child serves one request, as Python's does on one thread, so unless
// the environment sets GOMAXPROCS the mix-in starts it with GOMAXPROCS=1,
// which the child then takes out of its environment: a runtime that
// starts fewer threads starts faster (a third of a millisecond of CPU per
// child, measured on Linux), and the processes the child starts get the
// parent's environment. Starting still costs more than Python's fork:
// build a forking server with CGO_ENABLED=0, because a dynamically linked
// binary spends about another millisecond in the dynamic loader at every
// start.
type ForkingMixIn struct {
	// MaxChildren bounds the children running at once, the spare
	// included; 0 means Python's 40.
	MaxChildren int

	// BlockOnClose makes Close wait for the children; the constructors set
	// it.
	BlockOnClose bool

	mu       sync.Mutex
	exited   *sync.Cond          // signalled as a child exits
	children map[*child]struct{} // started and not yet reaped, the spare included
	reaping  bool                // reap runs
	active   int                 // children given a request, running
	spare    *child              // started ahead, waiting for a request
	closed   bool                // Close was called: no spare starts any more
}

// A child is a process the mix-in started, and the parent's end of the
// socket that passes it its request.
type child struct {
	cmd     *exec.Cmd
	link    *os.File
	serving bool // it has been given a request
}

// ActiveChildren returns the number of children running (active_children),
// the spare, which serves no request yet, not included.
func (m *ForkingMixIn) ActiveChildren() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.active
}

// ProcessRequest passes req to the spare child, or to a child started for
// it if there is none, closes the parent's copy of the connection (Python's
// close_request in the parent), and waits while MaxChildren children run;
// then it starts the next spare. Each child is reaped as it exits.
func (m *ForkingMixIn) ProcessRequest(s *Server, req *Request) error {
	fr := forkedRequest{Packet: req.Packet, Worker: req.Worker}
	var conn any = req.Socket
	if req.Conn != nil {
		conn = req.Conn
	} else if req.ClientAddress != nil {
		fr.Client = req.ClientAddress.String()
	}
	sock, ok := conn.(syscall.Conn)
	if !ok {
		return fmt.Errorf("socketserver: cannot pass a %T to a child process", conn)
	}
	f, err := dupFile(sock)
	if err != nil {
		return err
	}
	defer f.Close()
	m.mu.Lock() // the child is counted before anyone can hear from it
	defer m.mu.Unlock()
	if m.exited == nil {
		m.exited = sync.NewCond(&m.mu)
	}
	c := m.spare
	m.spare = nil
	if c == nil || c.pass(fr, f) != nil { // no spare, or it died
		if c, err = m.start(s); err == nil {
			err = c.pass(fr, f)
		}
		if err != nil {
			return err
		}
	}
	c.serving = true
	m.active++
	s.CloseRequest(req)
	max := py.OrDefault(m.MaxChildren, 40)
	for m.active >= max {
		m.exited.Wait()
	}
	if m.spare == nil && !m.closed {
		m.spare, _ = m.start(s) // on failure, the next request starts its child
	}
	return nil
}

// start starts a child, which waits for its request, and reaps it in a
// goroutine; it is called with m.mu held.
func (m *ForkingMixIn) start(s *Server) (*child, error) {
	link, remote, err := socketPair()
	if err != nil {
		return nil, err
	}
	defer remote.Close()
	fr := forkedRequest{Network: s.Network, Addr: s.Addr().String(), Inherited: s.Inherited}
	environ := os.Environ()
	if _, set := os.LookupEnv("GOMAXPROCS"); !set {
		environ = append(environ, "GOMAXPROCS=1")
		fr.GOMAXPROCS = true
	}
	exe, _ := os.Executable() // if it fails, so does Start
	c := &child{link: link, cmd: &exec.Cmd{
		Path:       exe,
		Args:       os.Args,
		Env:        append(environ, forkEnv+"="+fr.encode()),
		ExtraFiles: []*os.File{remote},
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
	}}
	if err := c.cmd.Start(); err != nil {
		link.Close()
		return nil, err
	}
	if m.children == nil {
		m.children = map[*child]struct{}{}
	}
	m.children[c] = struct{}{}
	if !m.reaping {
		m.reaping = true
		go m.reap()
	}
	return c, nil
}

// reap is Python's collect_children, run as long as a child is left
// unreaped and woken by SIGCHLD: it asks each child, without waiting (wait4
// with WNOHANG, as Python calls waitpid), whether it has exited. A
// goroutine per child blocked in Cmd.Wait would hold an OS thread each,
// and keep the runtime's monitor thread waking every 20 µs to take their
// processors back, which cost the parent a third of its CPU.
func (m *ForkingMixIn) reap() {
	exits := make(chan os.Signal, 1)
	notifyChildExit(exits)
	defer signal.Stop(exits)
	for {
		m.mu.Lock()
		for c := range m.children {
			if !hasExited(c.cmd.Process) {
				continue
			}
			c.cmd.Process.Release()
			delete(m.children, c)
			c.link.Close() // a spare's, which nobody passed a request
			if c.serving {
				m.active--
			} else if m.spare == c {
				m.spare = nil
			}
			m.exited.Broadcast()
		}
		if len(m.children) == 0 {
			m.reaping = false
			m.mu.Unlock()
			return
		}
		m.mu.Unlock()
		<-exits // a child that exited before Notify was reaped above
	}
}

// pass sends the child its request, and the request's socket f, and
// closes the parent's end of the link: the child reads to its end.
func (c *child) pass(fr forkedRequest, f *os.File) error {
	defer c.link.Close()
	return sendRequest(c.link, []byte(fr.encode()), f)
}

// Close stops the spare child, and waits for every child to exit if
// BlockOnClose is set.
func (m *ForkingMixIn) Close(s *Server) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	if m.spare != nil {
		m.spare.cmd.Process.Kill() // it has no request: nothing is lost
	}
	for m.spare != nil || m.BlockOnClose && m.active > 0 {
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
	if fr.decode(forkedChild) != nil || fr.Network != s.Network {
		return nil, nil, fmt.Errorf("socketserver: a child forked by a %q server reached Bind of a %q one",
			fr.Network, s.Network)
	}
	os.Unsetenv(forkEnv) // for the processes the child starts
	if fr.GOMAXPROCS {
		os.Unsetenv("GOMAXPROCS") // the runtime has read it
	}
	s.Inherited = fr.Inherited
	link := os.NewFile(3, "parent")
	b, f, err := receiveRequest(link)
	link.Close()
	if err == nil && f == nil { // the parent closed, or exited, before it had a request for us
		os.Exit(0)
	}
	if err == nil {
		err = fr.decode(string(b))
	}
	if err != nil {
		return nil, nil, fmt.Errorf("socketserver: a forked child could not get its request: %w", err)
	}
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
