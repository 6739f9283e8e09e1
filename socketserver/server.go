package socketserver

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
)

// A Server is Python's BaseServer with its socket classes folded in:
// TCPServer, UDPServer, UnixStreamServer and UnixDatagramServer differ only
// in Network. Set the exported fields before Bind and leave them alone
// afterwards. The constructors (NewTCPServer and the rest) fill a Server
// and bind and activate it; a Server built as a literal does so with Bind
// and Activate, so that options such as AllowReuseAddress take effect.
type Server struct {
	Network    string         // "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "unix" or "unixgram"
	Address    string         // server_address as requested: host:port, or a socket path
	NewHandler func() Handler // RequestHandlerClass: a fresh Handler per request

	AllowReuseAddress bool          // set SO_REUSEADDR (Go's default is on; Python's is off)
	AllowReusePort    bool          // set SO_REUSEPORT where the system has it
	RequestQueueSize  int           // listen backlog of a stream server; 0 means Python's 5
	MaxPacketSize     int           // largest datagram read; 0 means Python's 8192
	Timeout           time.Duration // how long HandleRequest waits; 0 means forever

	// Mixin decides how a verified request is processed. Nil processes it
	// in the serving goroutine; &ThreadingMixIn{} starts a goroutine and
	// &ForkingMixIn{} a process per request. A Mixin serves one Server.
	Mixin Mixin

	// Hooks. A nil hook does what Python's default method does.
	VerifyRequest  func(req *Request) bool       // false drops the request; default true
	HandleError    func(req *Request, err error) // default PrintError to ErrorLog
	HandleTimeout  func()                        // called when HandleRequest times out
	ServiceActions func()                        // called on each turn of the serve loop
	ErrorLog       io.Writer                     // where errors go; nil means os.Stderr

	mu       sync.Mutex
	listener net.Listener
	packet   net.PacketConn
	addr     net.Addr
	unlink   string // unixgram socket path to remove on Close
	closed   bool
	serving  bool
	stop     bool          // Python's __shutdown_request
	done     chan struct{} // Python's __is_shut_down, closed when a loop ends
	workers  int
}

// ErrServing is returned by ServeForever and Serve when another loop is
// already serving the same Server.
var ErrServing = errors.New("socketserver: server is already serving")

func (s *Server) stream() bool {
	return !strings.HasPrefix(s.Network, "udp") && s.Network != "unixgram"
}

// Bind creates the socket and binds it to Address (Python's server_bind);
// afterwards Addr reports the bound address. Go binds and listens in one
// step, so a stream socket already listens with the system's backlog
// until Activate applies RequestQueueSize.
//
// In a child process started by a ForkingMixIn, Bind does not return: it
// serves the connection the parent passed down and exits (see ForkingMixIn).
func (s *Server) Bind() error {
	if fm, ok := s.Mixin.(*ForkingMixIn); ok {
		if !forkSupported() {
			return ErrForkUnsupported
		}
		if IsForkedChild() {
			return fm.serveChild(s)
		}
	}
	lc := net.ListenConfig{Control: s.control}
	ctx := context.Background()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener != nil || s.packet != nil || s.closed {
		return errors.New("socketserver: Bind called twice or after Close")
	}
	if s.stream() {
		l, err := lc.Listen(ctx, s.Network, s.Address)
		if err != nil {
			return err
		}
		s.listener, s.addr = l, l.Addr()
		return nil
	}
	p, err := lc.ListenPacket(ctx, s.Network, s.Address)
	if err != nil {
		return err
	}
	s.packet, s.addr = p, p.LocalAddr()
	if s.Network == "unixgram" && !strings.HasPrefix(s.Address, "@") {
		s.unlink = s.Address
	}
	return nil
}

// Activate makes a bound stream socket listen with a backlog of
// RequestQueueSize (Python's server_activate); a datagram server has
// nothing to do.
func (s *Server) Activate() error {
	s.mu.Lock()
	l, p := s.listener, s.packet
	s.mu.Unlock()
	sc, ok := l.(syscall.Conn)
	switch {
	case l == nil && p == nil:
		return errors.New("socketserver: Activate before Bind")
	case !ok:
		return nil
	case s.RequestQueueSize > 0:
		return listenBacklog(sc, s.RequestQueueSize)
	}
	return listenBacklog(sc, 5)
}

// Addr returns the address the server is bound to (Python's server_address
// after binding, with a port 0 resolved), or nil before Bind.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// Close closes the server's socket (Python's server_close) and then lets
// the Mixin finish: with BlockOnClose it waits for running handlers. A Unix
// socket path the server created is removed. Close does not stop a serve
// loop gracefully (the loop returns net.ErrClosed): call Shutdown first.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	l, p := s.listener, s.packet
	s.mu.Unlock()
	var errs []error
	if l != nil {
		errs = append(errs, l.Close())
	}
	if p != nil {
		errs = append(errs, p.Close())
		if s.unlink != "" {
			errs = append(errs, os.Remove(s.unlink))
		}
	}
	if s.Mixin != nil {
		errs = append(errs, s.Mixin.Close(s))
	}
	return errors.Join(errs...)
}

// ServeForever handles requests until Shutdown (Python's serve_forever).
// Every pollInterval without a request, and after each request, it calls
// ServiceActions; a pollInterval of 0 waits without polling. Shutdown
// does not depend on the interval: it wakes the loop at once. ServeForever
// returns nil after Shutdown, or the error that made the socket unusable
// (net.ErrClosed after Close).
func (s *Server) ServeForever(pollInterval time.Duration) error {
	return s.serve(context.Background(), pollInterval)
}

// Serve is ServeForever with a context: it also returns, with nil, when ctx
// is done. It polls every half second, Python's default interval.
func (s *Server) Serve(ctx context.Context) error {
	return s.serve(ctx, 500*time.Millisecond)
}

// ServeUntilInterrupt is ServeForever until the process receives SIGINT
// (Ctrl-C) or SIGTERM, as a Python script's serve_forever runs until
// KeyboardInterrupt inside a with statement. Then it stops the loop and the
// catching of the signals (so a second Ctrl-C ends a Close that waits for
// handlers) and closes the server. It returns nil, or the loop's or Close's
// error.
func (s *Server) ServeUntilInterrupt(pollInterval time.Duration) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := s.serve(ctx, pollInterval)
	stop()
	return errors.Join(err, s.Close())
}

func (s *Server) serve(ctx context.Context, poll time.Duration) error {
	s.mu.Lock()
	if s.serving {
		s.mu.Unlock()
		return ErrServing
	}
	s.serving, s.done = true, make(chan struct{})
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.serving, s.stop = false, false
		close(s.done)
		s.mu.Unlock()
	}()
	if ctx.Done() != nil {
		loopDone := make(chan struct{})
		defer close(loopDone)
		go func() {
			select {
			case <-ctx.Done():
				s.mu.Lock()
				s.wakeLocked()
				s.mu.Unlock()
			case <-loopDone:
			}
		}()
	}
	for {
		s.mu.Lock()
		if s.stop || ctx.Err() != nil {
			s.mu.Unlock()
			return nil
		}
		var deadline time.Time
		if poll > 0 {
			deadline = time.Now().Add(poll)
		}
		err := s.setDeadlineLocked(deadline)
		s.mu.Unlock()
		if err != nil {
			return err
		}
		req, err := s.getRequest()
		switch {
		case err == nil:
			s.handleRequestNoblock(req)
		case errors.Is(err, net.ErrClosed):
			return err
		}
		// Other errors (a timeout, a connection reset before accept, too
		// many open files) are ignored like Python's OSError from
		// get_request: the loop carries on.
		if s.ServiceActions != nil {
			s.ServiceActions()
		}
	}
}

// Shutdown stops the serve loop and returns once it has stopped (Python's
// shutdown). It is safe to call from any goroutine but a handler run by
// the serving goroutine itself, which would wait for itself as in Python.
// If no loop is running, Shutdown returns at once and the next loop to
// start returns immediately (Python would block until then).
func (s *Server) Shutdown() {
	s.mu.Lock()
	s.stop = true
	serving, done := s.serving, s.done
	if serving {
		s.wakeLocked()
	}
	s.mu.Unlock()
	if serving {
		<-done
	}
}

// wakeLocked interrupts a pending accept or read of the serve loop.
func (s *Server) wakeLocked() {
	s.setDeadlineLocked(time.Unix(1, 0))
}

func (s *Server) setDeadlineLocked(t time.Time) error {
	if s.listener != nil {
		if d, ok := s.listener.(interface{ SetDeadline(time.Time) error }); ok {
			return d.SetDeadline(t)
		}
		return nil
	}
	if s.packet != nil {
		return s.packet.SetReadDeadline(t)
	}
	return errors.New("socketserver: server is not bound")
}

// HandleRequest waits for one request and handles it (Python's
// handle_request). If none arrives within Timeout, it calls HandleTimeout,
// if set, and returns nil.
func (s *Server) HandleRequest() error {
	var deadline time.Time
	if s.Timeout > 0 {
		deadline = time.Now().Add(s.Timeout)
	}
	s.mu.Lock()
	err := s.setDeadlineLocked(deadline)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	req, err := s.getRequest()
	if errors.Is(err, os.ErrDeadlineExceeded) {
		if s.HandleTimeout != nil {
			s.HandleTimeout()
		}
		return nil
	}
	if err != nil {
		return err
	}
	s.handleRequestNoblock(req)
	return nil
}

// getRequest accepts a connection or reads a datagram (Python's get_request).
func (s *Server) getRequest() (*Request, error) {
	s.mu.Lock()
	l, p := s.listener, s.packet
	s.mu.Unlock()
	if l != nil {
		c, err := l.Accept()
		if err != nil {
			return nil, err
		}
		return &Request{Conn: c, ClientAddress: c.RemoteAddr(), Server: s}, nil
	}
	if p == nil {
		return nil, errors.New("socketserver: server is not bound")
	}
	n := s.MaxPacketSize
	if n <= 0 {
		n = 8192
	}
	buf := make([]byte, n)
	n, addr, err := p.ReadFrom(buf)
	if err != nil {
		return nil, err
	}
	return &Request{Packet: buf[:n], Socket: p, ClientAddress: addr, Server: s}, nil
}

func (s *Server) handleRequestNoblock(req *Request) {
	if s.VerifyRequest == nil || s.VerifyRequest(req) {
		s.ProcessRequest(req)
	} else {
		s.ShutdownRequest(req)
	}
}

// ProcessRequest processes a verified request (Python's process_request).
// Without a Mixin it finishes the request and shuts it down in the calling
// goroutine; otherwise the Mixin's ProcessRequest takes over, and an error
// from it goes to HandleError before the request is shut down.
func (s *Server) ProcessRequest(req *Request) {
	if s.Mixin == nil {
		s.FinishRequest(req)
		s.ShutdownRequest(req)
		return
	}
	if err := s.Mixin.ProcessRequest(s, req); err != nil {
		s.handleError(req, err)
		s.ShutdownRequest(req)
	}
}

// FinishRequest runs a fresh handler's life cycle on req (Python's
// finish_request): Setup, then Handle and Finish. An error, or a panic
// turned into a *PanicError, goes to HandleError and is returned.
func (s *Server) FinishRequest(req *Request) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = newPanicError(v)
		}
		if err != nil {
			s.handleError(req, err)
		}
	}()
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

// ShutdownRequest ends a request (Python's shutdown_request): a stream
// connection is shut down for writing, so the client sees the end of the
// reply, and closed. A datagram request needs nothing.
func (s *Server) ShutdownRequest(req *Request) {
	if cw, ok := req.Conn.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	s.CloseRequest(req)
}

// CloseRequest releases a request without shutting it down (Python's
// close_request): it closes a stream connection.
func (s *Server) CloseRequest(req *Request) {
	if req.Conn != nil {
		req.Conn.Close()
	}
}

func (s *Server) handleError(req *Request, err error) {
	if s.HandleError != nil {
		s.HandleError(req, err)
		return
	}
	w := s.ErrorLog
	if w == nil {
		w = os.Stderr
	}
	PrintError(w, req, err)
}

// nextWorker returns the number of the next worker a Mixin starts.
func (s *Server) nextWorker() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.workers++
	return s.workers
}
