//go:build !unix

package socketserver

import "syscall"

// control leaves the socket options to the net package where the system
// is not Unix.
func (s *Server) control(network, address string, c syscall.RawConn) error { return nil }

// listenBacklog is a no-op where the system is not Unix.
func listenBacklog(sc syscall.Conn, n int) error { return nil }
