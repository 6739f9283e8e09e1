package socketserver

import (
	"net"
	"sync"
)

// A MixIn decides how a Server processes a verified request, as Python's
// ThreadingMixIn and ForkingMixIn override process_request and
// server_close. A MixIn serves one Server.
type MixIn interface {
	// ProcessRequest takes req over, to call s.FinishRequest and
	// s.ShutdownRequest; an error means it did not.
	ProcessRequest(s *Server, req *Request) error

	// Close is called by s.Close after it closed the socket.
	Close(s *Server) error
}

// A ChildMixIn is a MixIn whose requests are served by other processes
// running the same program, as ForkingMixIn's are. Such a process builds
// and configures its Server as the parent did: Bind asks BindChild for the
// request instead of binding a socket, and the first ServeForever, Serve,
// ServeUntilInterrupt or HandleRequest calls ServeChild, so that the
// request is served by the Server as the program left it.
type ChildMixIn interface {
	MixIn

	// BindChild returns, in a process the MixIn started, the request the
	// process is for and the address of the parent's server; in any other
	// process, a nil Request. An error means that the MixIn cannot work on
	// this system or that the request could not be taken over.
	BindChild(s *Server) (*Request, net.Addr, error)

	// ServeChild serves req, which BindChild returned, and ends the
	// process; it returns only an error that kept it from serving.
	ServeChild(s *Server, req *Request) error
}

// ThreadingMixIn processes each request in a goroutine of its own
// (Python's process_request_thread).
type ThreadingMixIn struct {
	// DaemonThreads leaves requests out of those Close waits for. It does
	// nothing else: every goroutine is a daemon in Python's sense.
	DaemonThreads bool

	// BlockOnClose makes Close wait for running requests; the constructors
	// set it.
	BlockOnClose bool

	wg sync.WaitGroup
}

// ProcessRequest starts a goroutine that finishes and shuts down req.
func (m *ThreadingMixIn) ProcessRequest(s *Server, req *Request) error {
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		s.FinishRequest(req)
		s.ShutdownRequest(req)
	}()
	return nil
}

// Close waits for running requests' goroutines if BlockOnClose is set and
// DaemonThreads is not.
func (m *ThreadingMixIn) Close(s *Server) error {
	if m.BlockOnClose && !m.DaemonThreads {
		m.wg.Wait()
	}
	return nil
}
