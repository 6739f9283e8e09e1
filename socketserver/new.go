package socketserver

import "time"

// newServer builds a server the way Python's constructors do, with
// bind_and_activate true: it binds and activates it, closing it on failure.
func newServer(network, addr string, newHandler func() Handler, m Mixin) (*Server, error) {
	s := &Server{Network: network, Address: addr, NewHandler: newHandler, Mixin: m}
	if _, ok := m.(*ForkingMixIn); ok {
		s.Timeout = 300 * time.Second // Python's ForkingMixIn.timeout
	}
	if err := s.Bind(); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.Activate(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// NewTCPServer returns a TCP server bound and listening on addr (host:port;
// port 0 picks a free port), Python's TCPServer.
func NewTCPServer(addr string, newHandler func() Handler) (*Server, error) {
	return newServer("tcp", addr, newHandler, nil)
}

// NewThreadingTCPServer returns a TCP server with a ThreadingMixIn that
// blocks on close, Python's ThreadingTCPServer.
func NewThreadingTCPServer(addr string, newHandler func() Handler) (*Server, error) {
	return newServer("tcp", addr, newHandler, &ThreadingMixIn{BlockOnClose: true})
}

// NewForkingTCPServer returns a TCP server with a ForkingMixIn that blocks on
// close, Python's ForkingTCPServer. See ForkingMixIn for what it asks of
// the program.
func NewForkingTCPServer(addr string, newHandler func() Handler) (*Server, error) {
	return newServer("tcp", addr, newHandler, &ForkingMixIn{BlockOnClose: true})
}

// NewUDPServer returns a UDP server bound to addr, Python's UDPServer.
func NewUDPServer(addr string, newHandler func() Handler) (*Server, error) {
	return newServer("udp", addr, newHandler, nil)
}

// NewThreadingUDPServer is Python's ThreadingUDPServer: NewUDPServer with a
// ThreadingMixIn that blocks on close.
func NewThreadingUDPServer(addr string, newHandler func() Handler) (*Server, error) {
	return newServer("udp", addr, newHandler, &ThreadingMixIn{BlockOnClose: true})
}

// NewForkingUDPServer is Python's ForkingUDPServer.
func NewForkingUDPServer(addr string, newHandler func() Handler) (*Server, error) {
	return newServer("udp", addr, newHandler, &ForkingMixIn{BlockOnClose: true})
}

// NewUnixStreamServer returns a server listening on the Unix socket path,
// Python's UnixStreamServer.
func NewUnixStreamServer(path string, newHandler func() Handler) (*Server, error) {
	return newServer("unix", path, newHandler, nil)
}

// NewThreadingUnixStreamServer is Python's ThreadingUnixStreamServer.
func NewThreadingUnixStreamServer(path string, newHandler func() Handler) (*Server, error) {
	return newServer("unix", path, newHandler, &ThreadingMixIn{BlockOnClose: true})
}

// NewUnixDatagramServer returns a server bound to the Unix datagram socket
// path, Python's UnixDatagramServer.
func NewUnixDatagramServer(path string, newHandler func() Handler) (*Server, error) {
	return newServer("unixgram", path, newHandler, nil)
}

// NewThreadingUnixDatagramServer is Python's ThreadingUnixDatagramServer.
func NewThreadingUnixDatagramServer(path string, newHandler func() Handler) (*Server, error) {
	return newServer("unixgram", path, newHandler, &ThreadingMixIn{BlockOnClose: true})
}
