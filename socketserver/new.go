package socketserver

import "time"

// newServer builds a Server, binds and activates it, closing it on failure.
func newServer(network, addr string, newHandler func() Handler, m MixIn) (*Server, error) {
	s := &Server{Network: network, Address: addr, NewHandler: newHandler, MixIn: m}
	if _, ok := m.(*ForkingMixIn); ok {
		s.Timeout = 300 * time.Second // Python's ForkingMixIn.timeout
	}
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
	return newServer("tcp", addr, newHandler, nil)
}

// NewThreadingTCPServer returns Python's ThreadingTCPServer.
func NewThreadingTCPServer(addr string, newHandler func() Handler) (*Server, error) {
	return newServer("tcp", addr, newHandler, &ThreadingMixIn{BlockOnClose: true})
}

// NewForkingTCPServer returns Python's ForkingTCPServer.
func NewForkingTCPServer(addr string, newHandler func() Handler) (*Server, error) {
	return newServer("tcp", addr, newHandler, &ForkingMixIn{BlockOnClose: true})
}

// NewUDPServer returns Python's UDPServer bound to addr (host:port).
func NewUDPServer(addr string, newHandler func() Handler) (*Server, error) {
	return newServer("udp", addr, newHandler, nil)
}

// NewThreadingUDPServer returns Python's ThreadingUDPServer.
func NewThreadingUDPServer(addr string, newHandler func() Handler) (*Server, error) {
	return newServer("udp", addr, newHandler, &ThreadingMixIn{BlockOnClose: true})
}

// NewForkingUDPServer returns Python's ForkingUDPServer.
func NewForkingUDPServer(addr string, newHandler func() Handler) (*Server, error) {
	return newServer("udp", addr, newHandler, &ForkingMixIn{BlockOnClose: true})
}

// NewUnixStreamServer returns Python's UnixStreamServer listening on path.
func NewUnixStreamServer(path string, newHandler func() Handler) (*Server, error) {
	return newServer("unix", path, newHandler, nil)
}

// NewThreadingUnixStreamServer returns Python's ThreadingUnixStreamServer.
func NewThreadingUnixStreamServer(path string, newHandler func() Handler) (*Server, error) {
	return newServer("unix", path, newHandler, &ThreadingMixIn{BlockOnClose: true})
}

// NewUnixDatagramServer returns Python's UnixDatagramServer bound to path.
func NewUnixDatagramServer(path string, newHandler func() Handler) (*Server, error) {
	return newServer("unixgram", path, newHandler, nil)
}

// NewThreadingUnixDatagramServer returns Python's ThreadingUnixDatagramServer.
func NewThreadingUnixDatagramServer(path string, newHandler func() Handler) (*Server, error) {
	return newServer("unixgram", path, newHandler, &ThreadingMixIn{BlockOnClose: true})
}
