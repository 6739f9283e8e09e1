package socketserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/basehttpserver/basehttpserver/internal/py"
)

// A Server is Python's BaseServer and its four socket classes, which differ
// only in Network. The constructors call Bind and Activate; a program that
// builds a Server itself, to set a field that Bind or Activate uses (as a
// Python subclass sets request_queue_size, or passes bind_and_activate=False),
// calls them. No field may change while a loop
// serves, nor one that Bind uses after Bind.
type Server struct {
	// Network is "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "unix" or
	// "unixgram".
	Network string

	// Address is Python's server_address as requested: host:port, or a
	// socket path.
	Address string

	// NewHandler is Python's RequestHandlerClass: it makes a fresh Handler
	// for each request.
	NewHandler func() Handler

	// AllowReuseAddress sets SO_REUSEADDR at Bind (Go's default is on;
	// Python's is off).
	AllowReuseAddress bool

	// AllowReusePort sets SO_REUSEPORT at Bind where the system has it.
	AllowReusePort bool

	// RequestQueueSize is the listen backlog of a stream server, which
	// Activate sets: how many connections the kernel completes and queues
	// while the server is not accepting. 0 means Python's 5; a negative
	// value, such as SystemQueueSize, keeps the backlog Go's net package
	// listens with, the system's largest (Linux's net.core.somaxconn), as
	// net/http's servers have.
	RequestQueueSize int

	// MaxPacketSize is the longest datagram read; 0 means Python's 8192.
	MaxPacketSize int

	// Timeout is how long HandleRequest waits for a request; 0 means
	// forever.
	Timeout time.Duration

	// InterruptTimeout is how long ServeUntilInterrupt lets running
	// requests finish after the first SIGINT or SIGTERM; 0 means
	// DefaultInterruptTimeout.
	InterruptTimeout time.Duration

	// MixIn processes a verified request: nil in the serving goroutine,
	// &ThreadingMixIn{} in a goroutine, &ForkingMixIn{} in a process each.
	MixIn MixIn

	// VerifyRequest, if set, is asked about each request; false drops it.
	// Python's default says true.
	VerifyRequest func(req *Request) bool

	// HandleError, if set, is given each handler's error or panic instead
	// of PrintError to ErrorLog.
	HandleError func(req *Request, err error)

	// HandleTimeout, if set, is called when HandleRequest times out.
	HandleTimeout func()

	// ServiceActions, if set, is called on each turn of the serve loop.
	ServiceActions func()

	// ErrorLog is where errors go; nil means os.Stderr.
	ErrorLog io.Writer

	// Inherited holds what a forking server's children take over from it
	// as they are: values the parent worked out once, which a child, running
	// main again, would otherwise work out again. A ForkingMixIn passes the
	// map as it is when the child starts, and the child's Bind replaces the
	// child's own with it. basehttp keeps the server's name there, which
	// takes a DNS lookup to find.
	Inherited map[string]string

	mu       sync.Mutex
	listener net.Listener
	packet   net.PacketConn
	addr     net.Addr
	child    *Request // in a process a ChildMixIn started: the request to serve
	closed   bool
	stop     bool          // Python's __shutdown_request
	done     chan struct{} // Python's __is_shut_down: set while a loop runs, closed as it ends
	wake     chan struct{} // wakes a loop that waits out an accept error
	workers  int
}

// SystemQueueSize, as a Server's RequestQueueSize, asks for the system's
// largest listen backlog.
const SystemQueueSize = -1

// DefaultInterruptTimeout is how long ServeUntilInterrupt lets running
// requests finish when Server.InterruptTimeout is 0.
const DefaultInterruptTimeout = 5 * time.Second

// ErrServing is returned by a serve loop started while another one runs.
var ErrServing = errors.New("socketserver: server is already serving")

var (
	errNotBound = errors.New("socketserver: server is not bound")
	errStopped  = errors.New("socketserver: serve loop stopped")
)

func (s *Server) stream() bool {
	return !strings.HasPrefix(s.Network, "udp") && s.Network != "unixgram"
}

// Bind creates the socket and binds it to Address (Python's server_bind).
// Go binds and listens in one step, so a stream socket listens already,
// with the system's backlog until Activate. In a process that a ChildMixIn
// started, Bind binds nothing: it takes over the request the process was
// started for, and records the parent's address.
func (s *Server) Bind() error {
	if c, ok := s.MixIn.(ChildMixIn); ok {
		req, addr, err := c.BindChild(s)
		if err != nil {
			return err
		}
		if req != nil {
			s.child = req
			s.addr = addr
			return nil
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.addr != nil || s.closed {
		return errors.New("socketserver: Bind called twice or after Close")
	}
	lc := net.ListenConfig{Control: s.control}
	ctx := context.Background()
	if !s.stream() {
		packet, err := lc.ListenPacket(ctx, s.Network, s.Address)
		if err != nil {
			return err
		}
		s.packet = packet
		s.addr = packet.LocalAddr()
		return nil
	}
	listener, err := lc.Listen(ctx, s.Network, s.Address)
	if err != nil {
		return err
	}
	s.listener = listener
	s.addr = listener.Addr()
	return nil
}

// Activate sets the backlog of a bound stream socket to RequestQueueSize
// (Python's server_activate); a datagram server, or a child's, has nothing
// to do, and neither has a negative RequestQueueSize.
func (s *Server) Activate() error {
	if s.listener != nil && s.RequestQueueSize < 0 {
		return nil
	} else if sc, ok := s.listener.(syscall.Conn); ok {
		return listenBacklog(sc, py.OrDefault(s.RequestQueueSize, 5))
	} else if s.packet == nil && s.child == nil {
		return errNotBound
	}
	return nil
}

// Addr returns the address the server is bound to (Python's server_address
// after binding, with a port 0 resolved), or nil before Bind.
func (s *Server) Addr() net.Addr { return s.addr }

// Close closes the socket (Python's server_close) and then the MixIn.
// Unlike Python, it removes a Unix socket file the server created. A serve
// loop it interrupts returns net.ErrClosed: call Shutdown first to stop one.
func (s *Server) Close() error {
	s.mu.Lock()
	closed := s.closed
	s.closed = true
	s.mu.Unlock()
	var err error
	if closed {
		return nil
	} else if s.listener != nil {
		err = s.listener.Close() // a *net.UnixListener removes its file
	} else if s.packet != nil {
		err = s.packet.Close()
		if s.Network == "unixgram" && !strings.HasPrefix(s.Address, "@") {
			err = errors.Join(err, os.Remove(s.Address))
		}
	}
	if s.MixIn != nil {
		err = errors.Join(err, s.MixIn.Close(s))
	}
	return err
}

// ServeForever handles requests until Shutdown (Python's serve_forever),
// calling ServiceActions after each request and every pollInterval without
// one (0: never). It returns nil after Shutdown, or the error that made the
// socket unusable (net.ErrClosed after Close). In a process that a
// ChildMixIn started, it serves that process's request and exits.
func (s *Server) ServeForever(pollInterval time.Duration) error {
	return s.serve(context.Background(), pollInterval)
}

// Serve is ServeForever with Python's poll interval, half a second, that
// also returns nil when ctx is done.
func (s *Server) Serve(ctx context.Context) error {
	return s.serve(ctx, 500*time.Millisecond)
}

// ErrInterrupted is returned by ServeUntilInterrupt when it stopped waiting
// for running requests to finish.
var ErrInterrupted = errors.New("socketserver: interrupted while requests were running")

// ServeUntilInterrupt is ServeForever until SIGINT (Ctrl-C) or SIGTERM, as
// a Python script serves until KeyboardInterrupt in a with statement. The
// first signal stops the loop and calls Close, which closes the socket, so
// that no new client is accepted, and waits for the requests a MixIn runs;
// ServeUntilInterrupt then returns the loop's and Close's errors. If the
// requests still run after InterruptTimeout, or a second signal comes, it
// returns ErrInterrupted at once, and the program should exit: those
// requests go on until it does.
func (s *Server) ServeUntilInterrupt(pollInterval time.Duration) error {
	if s.child != nil {
		return s.serveChild()
	}
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	served := make(chan error, 1)
	go func() {
		served <- s.ServeForever(pollInterval)
	}()
	select {
	case err := <-served: // Shutdown or Close, without a signal
		return errors.Join(err, s.Close())
	case <-signals:
	}
	s.stopLoop()
	finished := make(chan error, 1)
	go func() {
		err := s.Close()
		serveErr := <-served
		if errors.Is(serveErr, net.ErrClosed) { // Close stopped it
			serveErr = nil
		}
		finished <- errors.Join(serveErr, err)
	}()
	wait := py.OrDefault(s.InterruptTimeout, DefaultInterruptTimeout)
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case err := <-finished:
		return err
	case <-timer.C:
		return fmt.Errorf("%w (for %v after the signal)", ErrInterrupted, wait)
	case <-signals:
		return fmt.Errorf("%w (a second signal)", ErrInterrupted)
	}
}

func (s *Server) serve(ctx context.Context, poll time.Duration) error {
	if s.child != nil {
		return s.serveChild()
	}
	s.mu.Lock()
	if s.done != nil {
		s.mu.Unlock()
		return ErrServing
	}
	done := make(chan struct{})
	watched := make(chan struct{})
	s.done = done
	s.wake = make(chan struct{}, 1)
	s.mu.Unlock()
	go func() { // wakes the loop when ctx is done
		defer close(watched)
		select {
		case <-ctx.Done():
			s.mu.Lock()
			s.wakeLocked()
			s.mu.Unlock()
		case <-done:
		}
	}()
	defer func() {
		s.mu.Lock()
		s.done = nil
		s.stop = false
		s.mu.Unlock()
		close(done)
		<-watched
	}()
	var delay time.Duration // before the next try, after an accept error
	for {
		err := s.handleRequestNoblock(poll, func() bool { return s.stop || ctx.Err() != nil })
		if err == errStopped {
			return nil
		} else if errors.Is(err, net.ErrClosed) || err == errNotBound {
			return err
		} else if err == nil {
			delay = 0
		} else if !errors.Is(err, os.ErrDeadlineExceeded) {
			delay = s.backOff(delay, err)
		}
		if s.ServiceActions != nil {
			s.ServiceActions()
		}
	}
}

// backOff waits after an error that is neither a timeout nor the socket's
// end, such as accept's "too many open files", where Python would try
// again at once. As net/http does, it waits 5 ms the first time and twice
// as long each time after, up to a second, until a request gets through;
// it logs the first error of each such episode to ErrorLog. It returns the
// delay for the next error, and returns early if the loop is asked to stop.
func (s *Server) backOff(delay time.Duration, err error) time.Duration {
	if delay == 0 {
		delay = 5 * time.Millisecond
		fmt.Fprintf(s.errorLog(), "socketserver: %v; retrying after %v, then up to %v apart, until a request gets through\n",
			err, delay, maxBackOff)
	}
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-s.wake:
	}
	delay *= 2
	if delay > maxBackOff {
		delay = maxBackOff
	}
	return delay
}

// maxBackOff is the longest backOff waits.
const maxBackOff = time.Second

// Shutdown wakes the serve loop, whatever its poll interval, and returns
// once it has stopped (Python's shutdown); called from the serving
// goroutine, it waits for itself. Unlike Python's, it returns at once if no
// loop runs, and the next loop returns as soon as it starts.
func (s *Server) Shutdown() {
	if done := s.stopLoop(); done != nil {
		<-done
	}
}

// stopLoop asks the serve loop to stop and wakes it, and returns the
// channel closed as it ends, or nil if no loop runs.
func (s *Server) stopLoop() chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stop = true
	s.wakeLocked()
	return s.done
}

// wakeLocked wakes a loop waiting for a request or waiting out an error.
func (s *Server) wakeLocked() {
	s.setDeadlineLocked(time.Unix(1, 0))
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Server) setDeadlineLocked(t time.Time) error {
	if d, ok := s.listener.(interface{ SetDeadline(time.Time) error }); ok {
		return d.SetDeadline(t)
	} else if s.packet != nil {
		return s.packet.SetReadDeadline(t)
	}
	return errNotBound
}

// HandleRequest waits for one request and handles it (Python's
// handle_request). If none arrives within Timeout, it calls HandleTimeout,
// if set, and returns nil. In a process that a ChildMixIn started, it
// serves that process's request and exits.
func (s *Server) HandleRequest() error {
	if s.child != nil {
		return s.serveChild()
	}
	err := s.handleRequestNoblock(s.Timeout, func() bool { return false })
	if errors.Is(err, os.ErrDeadlineExceeded) {
		if s.HandleTimeout != nil {
			s.HandleTimeout()
		}
		return nil
	}
	return err
}

// serveChild serves the request of a process a ChildMixIn started.
func (s *Server) serveChild() error {
	return s.MixIn.(ChildMixIn).ServeChild(s, s.child)
}

// handleRequestNoblock gets a request and processes it if VerifyRequest
// allows (Python's _handle_request_noblock). It waits at most wait, if not
// 0, and returns errStopped at once if stop, called with s.mu held,
// reports true.
func (s *Server) handleRequestNoblock(wait time.Duration, stop func() bool) error {
	var deadline time.Time
	if wait > 0 {
		deadline = time.Now().Add(wait)
	}
	s.mu.Lock()
	err := s.setDeadlineLocked(deadline)
	if err == nil && stop() {
		err = errStopped
	}
	s.mu.Unlock()
	if err != nil {
		return err
	}
	req, err := s.getRequest()
	if err != nil {
		return err
	}
	if s.VerifyRequest == nil || s.VerifyRequest(req) {
		s.ProcessRequest(req)
	} else {
		s.ShutdownRequest(req)
	}
	return nil
}

// getRequest accepts a connection or reads a datagram (Python's
// get_request).
func (s *Server) getRequest() (*Request, error) {
	if s.listener != nil {
		conn, err := s.listener.Accept()
		if err != nil {
			return nil, err
		}
		return &Request{Conn: conn, ClientAddress: conn.RemoteAddr(), Server: s}, nil
	}
	buf := make([]byte, py.OrDefault(s.MaxPacketSize, 8192))
	n, from, err := s.packet.ReadFrom(buf)
	if err != nil {
		return nil, err
	}
	return &Request{Packet: buf[:n], Socket: s.packet, ClientAddress: from, Server: s}, nil
}

// ProcessRequest processes a verified request (Python's process_request):
// FinishRequest and ShutdownRequest, or the MixIn's ProcessRequest, whose
// error goes to HandleError before the request is shut down.
func (s *Server) ProcessRequest(req *Request) {
	if s.MixIn == nil {
		s.FinishRequest(req)
		s.ShutdownRequest(req)
		return
	}
	s.mu.Lock()
	s.workers++
	req.Worker = s.workers
	s.mu.Unlock()
	if err := s.MixIn.ProcessRequest(s, req); err != nil {
		s.handleError(req, err)
		s.ShutdownRequest(req)
	}
}

// FinishRequest runs a fresh handler on req (Python's finish_request):
// Setup, then Handle and Finish. An error, or a panic turned into a
// *PanicError, goes to HandleError, its one owner.
func (s *Server) FinishRequest(req *Request) {
	s.finishRequest(req)
}

// finishRequest is FinishRequest reporting whether the request failed, for
// a forked child's exit status.
func (s *Server) finishRequest(req *Request) (failed bool) {
	var err error
	defer func() {
		if v := recover(); v != nil {
			err = newPanicError(v)
		}
		if err != nil {
			s.handleError(req, err)
		}
		failed = err != nil
	}()
	err = s.runHandler(req)
	return
}

// runHandler calls the handler's Setup, Handle and Finish.
func (s *Server) runHandler(req *Request) (err error) {
	h := s.NewHandler()
	if err := h.Setup(req); err != nil {
		return err
	}
	defer func() {
		if ferr := h.Finish(); ferr != nil {
			err = errors.Join(err, ferr)
		}
	}()
	return h.Handle()
}

// ShutdownRequest shuts a connection down for writing, so that the client
// sees the reply end, and calls CloseRequest (Python's shutdown_request).
func (s *Server) ShutdownRequest(req *Request) {
	if cw, ok := req.Conn.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	s.CloseRequest(req)
}

// CloseRequest closes a request's connection, if any (Python's close_request).
func (s *Server) CloseRequest(req *Request) {
	if req.Conn != nil {
		req.Conn.Close()
	}
}

func (s *Server) handleError(req *Request, err error) {
	if s.HandleError != nil {
		s.HandleError(req, err)
	} else {
		PrintError(s.errorLog(), req, err)
	}
}

// errorLog returns ErrorLog, or os.Stderr if it is nil.
func (s *Server) errorLog() io.Writer {
	if s.ErrorLog == nil {
		return os.Stderr
	}
	return s.ErrorLog
}
