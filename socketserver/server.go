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

// A Server is Python's BaseServer and its four socket classes, which differ
// only in Network. The constructors call Bind and Activate; a program that
// builds a Server itself calls them. No field may change while a loop
// serves, nor one that Bind uses after Bind.
type Server struct {
	Network    string         // "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "unix" or "unixgram"
	Address    string         // server_address as requested: host:port, or a socket path
	NewHandler func() Handler // RequestHandlerClass: a fresh Handler per request

	AllowReuseAddress bool          // set SO_REUSEADDR (Go's default is on; Python's is off)
	AllowReusePort    bool          // set SO_REUSEPORT where the system has it
	RequestQueueSize  int           // listen backlog of a stream server; 0 means Python's 5
	MaxPacketSize     int           // largest datagram read; 0 means Python's 8192
	Timeout           time.Duration // how long HandleRequest waits; 0 means forever

	// MixIn processes a verified request: nil in the serving goroutine,
	// &ThreadingMixIn{} in a goroutine, &ForkingMixIn{} in a process each.
	MixIn MixIn

	// Hooks: nil does what Python's default method does.
	VerifyRequest  func(req *Request) bool       // false drops the request; default true
	HandleError    func(req *Request, err error) // default PrintError to ErrorLog
	HandleTimeout  func()                        // called when HandleRequest times out
	ServiceActions func()                        // called on each turn of the serve loop
	ErrorLog       io.Writer                     // where errors go; nil means os.Stderr

	mu       sync.Mutex
	listener net.Listener
	packet   net.PacketConn
	addr     net.Addr
	closed   bool
	stop     bool          // Python's __shutdown_request
	done     chan struct{} // Python's __is_shut_down: set while a loop runs, closed as it ends
	workers  int
}

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
// with the system's backlog until Activate. In a child that a ForkingMixIn
// started, Bind of a forking Server serves the request and exits instead.
func (s *Server) Bind() error {
	if _, ok := s.MixIn.(*ForkingMixIn); ok && !forkSupported() {
		return ErrForkUnsupported
	} else if ok && IsForkedChild() {
		return serveChild(s)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.addr != nil || s.closed {
		return errors.New("socketserver: Bind called twice or after Close")
	}
	lc, ctx := net.ListenConfig{Control: s.control}, context.Background()
	var err error
	if s.stream() {
		if s.listener, err = lc.Listen(ctx, s.Network, s.Address); err == nil {
			s.addr = s.listener.Addr()
		}
	} else if s.packet, err = lc.ListenPacket(ctx, s.Network, s.Address); err == nil {
		s.addr = s.packet.LocalAddr()
	}
	return err
}

// Activate sets the backlog of a bound stream socket to RequestQueueSize
// (Python's server_activate); a datagram server has nothing to do.
func (s *Server) Activate() error {
	if sc, ok := s.listener.(syscall.Conn); ok {
		return listenBacklog(sc, orDefault(s.RequestQueueSize, 5))
	} else if s.packet == nil {
		return errNotBound
	}
	return nil
}

// orDefault returns n, or def if n is not positive.
func orDefault(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
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
// socket unusable (net.ErrClosed after Close).
func (s *Server) ServeForever(pollInterval time.Duration) error {
	return s.serve(context.Background(), pollInterval)
}

// Serve is ServeForever with Python's poll interval, half a second, that
// also returns nil when ctx is done.
func (s *Server) Serve(ctx context.Context) error {
	return s.serve(ctx, 500*time.Millisecond)
}

// ServeUntilInterrupt is ServeForever until SIGINT (Ctrl-C) or SIGTERM, as
// a Python script serves until KeyboardInterrupt in a with statement. Then
// it stops catching the signals, so that a second Ctrl-C ends a Close that
// waits for handlers, and returns the loop's and Close's errors.
func (s *Server) ServeUntilInterrupt(pollInterval time.Duration) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := s.serve(ctx, pollInterval)
	stop()
	return errors.Join(err, s.Close())
}

func (s *Server) serve(ctx context.Context, poll time.Duration) error {
	s.mu.Lock()
	if s.done != nil {
		s.mu.Unlock()
		return ErrServing
	}
	done, watched := make(chan struct{}), make(chan struct{})
	s.done = done
	s.mu.Unlock()
	go func() { // wakes the loop when ctx is done
		defer close(watched)
		select {
		case <-ctx.Done():
			s.mu.Lock()
			s.setDeadlineLocked(time.Unix(1, 0))
			s.mu.Unlock()
		case <-done:
		}
	}()
	defer func() {
		s.mu.Lock()
		s.done, s.stop = nil, false
		s.mu.Unlock()
		close(done)
		<-watched
	}()
	for {
		err := s.handleRequestNoblock(poll, func() bool { return s.stop || ctx.Err() != nil })
		if err == errStopped {
			return nil
		} else if errors.Is(err, net.ErrClosed) || err == errNotBound {
			return err
		}
		// Other errors (a timeout, a reset before accept, too many open
		// files) are ignored like Python's OSError from get_request.
		if s.ServiceActions != nil {
			s.ServiceActions()
		}
	}
}

// Shutdown wakes the serve loop, whatever its poll interval, and returns
// once it has stopped (Python's shutdown); called from the serving
// goroutine, it waits for itself. Unlike Python's, it returns at once if no
// loop runs, and the next loop returns as soon as it starts.
func (s *Server) Shutdown() {
	s.mu.Lock()
	s.stop = true
	s.setDeadlineLocked(time.Unix(1, 0)) // wakes a waiting loop
	done := s.done
	s.mu.Unlock()
	if done != nil {
		<-done
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
// if set, and returns nil.
func (s *Server) HandleRequest() error {
	err := s.handleRequestNoblock(s.Timeout, func() bool { return false })
	if errors.Is(err, os.ErrDeadlineExceeded) {
		if s.HandleTimeout != nil {
			s.HandleTimeout()
		}
		return nil
	}
	return err
}

// handleRequestNoblock gets a request and processes it if VerifyRequest
// allows (Python's _handle_request_noblock and get_request). It waits at
// most wait, if not 0, and returns errStopped at once if stop, called with
// s.mu held, reports true.
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
	req := &Request{Server: s}
	if s.listener != nil {
		if req.Conn, err = s.listener.Accept(); err == nil {
			req.ClientAddress = req.Conn.RemoteAddr()
		}
	} else {
		buf := make([]byte, orDefault(s.MaxPacketSize, 8192))
		var n int
		n, req.ClientAddress, err = s.packet.ReadFrom(buf)
		req.Packet, req.Socket = buf[:n], s.packet
	}
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
// *PanicError, goes to HandleError and is returned.
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
	} else if s.ErrorLog != nil {
		PrintError(s.ErrorLog, req, err)
	} else {
		PrintError(os.Stderr, req, err)
	}
}
