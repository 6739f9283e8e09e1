// Package socketserver is Python's socketserver module in Go: generic
// servers that accept requests on a socket and hand each to a fresh
// handler.
//
// (The full package documentation is being written.)
package socketserver
