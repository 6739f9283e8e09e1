//go:build !unix

package socketserver

import "syscall"

// control and listenBacklog leave the socket options and the backlog to
// the net package where the system is not Unix.
func (s *Server) control(network, address string, c syscall.RawConn) error { return nil }

func listenBacklog(sc syscall.Conn, n int) error { return nil }
