package socketserver

import "sync"

// A Mixin decides how a Server processes a verified request, as Python's
// ThreadingMixIn and ForkingMixIn override process_request and
// server_close. A Mixin serves one Server.
type Mixin interface {
	// ProcessRequest takes req over, to finish it (Server.FinishRequest)
	// and shut it down (Server.ShutdownRequest). An error means it did
	// not: the server reports the error to HandleError and shuts req down.
	ProcessRequest(s *Server, req *Request) error
	// Close runs at the end of Server.Close, after the socket is closed.
	Close(s *Server) error
}

// ThreadingMixIn processes each request in a goroutine of its own
// (Python's process_request_thread). The zero ThreadingMixIn does not
// block on close; the constructors set BlockOnClose, Python's default.
type ThreadingMixIn struct {
	// DaemonThreads leaves a request's goroutine out of the ones Close
	// waits for. (A Go program ends when main returns, whatever its
	// goroutines do, so every goroutine is a daemon in Python's sense.)
	DaemonThreads bool
	BlockOnClose  bool // Close waits for the goroutines of non-daemon requests

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
