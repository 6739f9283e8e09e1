//go:build !solution

package allowlist

import "github.com/basehttpserver/basehttpserver/socketserver"

// ANCHOR: todo
// verifier returns the server's VerifyRequest hook: it reports whether the
// request's client address has one of the IP addresses in allowed.
func verifier(allowed []string) func(req *socketserver.Request) bool {
	return func(req *socketserver.Request) bool {
		// TODO: accept req only if the IP address of req.ClientAddress
		// (a *net.TCPAddr, printed as "127.0.0.1:51275") is in allowed.
		return true
	}
}

// ANCHOR_END: todo
