package socketserver

import "time"

// forkingTimeout is Python's ForkingMixIn.timeout, which HandleRequest of
// a forking server waits.
const forkingTimeout = 300 * time.Second

// newServer binds and activates s, closing it on failure.
func newServer(s *Server) (*Server, error) {
	err := s.Bind()
	if err == nil {
		err = s.Activate()
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// NewTCPServer returns Python's TCPServer listening on addr (host:port).
func NewTCPServer(addr string, newHandler func() Handler) (*Server, error) {
	return newServer(&Server{Network: "tcp", Address: addr, NewHandler: newHandler})
}

// NewThreadingTCPServer returns Python's ThreadingTCPServer.
func NewThreadingTCPServer(addr string, newHandler func() Handler) (*Server, error) {
	m := &ThreadingMixIn{BlockOnClose: true}
	return newServer(&Server{Network: "tcp", Address: addr, NewHandler: newHandler, MixIn: m})
}

// NewForkingTCPServer returns Python's ForkingTCPServer.
func NewForkingTCPServer(addr string, newHandler func() Handler) (*Server, error) {
	m := &ForkingMixIn{BlockOnClose: true}
	return newServer(&Server{Network: "tcp", Address: addr, NewHandler: newHandler, MixIn: m, Timeout: forkingTimeout})
}

// NewUDPServer returns Python's UDPServer bound to addr (host:port).
func NewUDPServer(addr string, newHandler func() Handler) (*Server, error) {
	return newServer(&Server{Network: "udp", Address: addr, NewHandler: newHandler})
}

// NewThreadingUDPServer returns Python's ThreadingUDPServer.
func NewThreadingUDPServer(addr string, newHandler func() Handler) (*Server, error) {
	m := &ThreadingMixIn{BlockOnClose: true}
	return newServer(&Server{Network: "udp", Address: addr, NewHandler: newHandler, MixIn: m})
}

// NewForkingUDPServer returns Python's ForkingUDPServer.
func NewForkingUDPServer(addr string, newHandler func() Handler) (*Server, error) {
	m := &ForkingMixIn{BlockOnClose: true}
	return newServer(&Server{Network: "udp", Address: addr, NewHandler: newHandler, MixIn: m, Timeout: forkingTimeout})
}

// NewUnixStreamServer returns Python's UnixStreamServer listening on path.
func NewUnixStreamServer(path string, newHandler func() Handler) (*Server, error) {
	return newServer(&Server{Network: "unix", Address: path, NewHandler: newHandler})
}

// NewThreadingUnixStreamServer returns Python's ThreadingUnixStreamServer.
func NewThreadingUnixStreamServer(path string, newHandler func() Handler) (*Server, error) {
	m := &ThreadingMixIn{BlockOnClose: true}
	return newServer(&Server{Network: "unix", Address: path, NewHandler: newHandler, MixIn: m})
}

// NewUnixDatagramServer returns Python's UnixDatagramServer bound to path.
func NewUnixDatagramServer(path string, newHandler func() Handler) (*Server, error) {
	return newServer(&Server{Network: "unixgram", Address: path, NewHandler: newHandler})
}

// NewThreadingUnixDatagramServer returns Python's ThreadingUnixDatagramServer.
func NewThreadingUnixDatagramServer(path string, newHandler func() Handler) (*Server, error) {
	m := &ThreadingMixIn{BlockOnClose: true}
	return newServer(&Server{Network: "unixgram", Address: path, NewHandler: newHandler, MixIn: m})
}
