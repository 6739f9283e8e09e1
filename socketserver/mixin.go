package socketserver

import "sync"

// A MixIn decides how a Server processes a verified request, as Python's
// ThreadingMixIn and ForkingMixIn override process_request and
// server_close. A MixIn serves one Server.
type MixIn interface {
	// ProcessRequest takes req over, to call s.FinishRequest and
	// s.ShutdownRequest; an error means it did not.
	ProcessRequest(s *Server, req *Request) error
	Close(s *Server) error // called by s.Close after it closed the socket
}

// ThreadingMixIn processes each request in a goroutine of its own
// (Python's process_request_thread).
type ThreadingMixIn struct {
	// DaemonThreads leaves requests out of those Close waits for. It does
	// nothing else: every goroutine is a daemon in Python's sense.
	DaemonThreads bool
	BlockOnClose  bool // Close waits for running requests; the constructors set it

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
