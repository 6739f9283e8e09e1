//go:build !unix

package socketserver

import (
	"os"
	"syscall"
)

// On a system where a child cannot inherit a socket, Bind of a forking
// server fails with ErrForkUnsupported, and none of these is reached.

func dupFile(conn syscall.Conn) (*os.File, error)           { return nil, ErrForkUnsupported }
func socketPair() (*os.File, *os.File, error)               { return nil, nil, ErrForkUnsupported }
func sendRequest(link *os.File, b []byte, f *os.File) error { return ErrForkUnsupported }
func receiveRequest(link *os.File) ([]byte, *os.File, error) {
	return nil, nil, ErrForkUnsupported
}
func notifyChildExit(c chan<- os.Signal) {}
func hasExited(p *os.Process) bool       { return true }
