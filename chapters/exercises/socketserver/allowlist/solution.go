//go:build solution

package allowlist

import (
	"net"
	"net/netip"

	"github.com/basehttpserver/basehttpserver/socketserver"
)

// verifier returns the server's VerifyRequest hook: it reports whether the
// request's client address has one of the IP addresses in allowed.
func verifier(allowed []string) func(req *socketserver.Request) bool {
	// Parse the list once, into a set. Comparing parsed addresses rather
	// than strings makes "::1" and "0:0:0:0:0:0:0:1" the same client.
	set := make(map[netip.Addr]bool)
	for _, s := range allowed {
		if ip, err := netip.ParseAddr(s); err == nil {
			set[ip.Unmap()] = true
		}
	}
	return func(req *socketserver.Request) bool {
		tcp, ok := req.ClientAddress.(*net.TCPAddr)
		if !ok {
			return false
		}
		ip, ok := netip.AddrFromSlice(tcp.IP)
		// Unmap: an IPv4 client of a dual-stack socket arrives as ::ffff:127.0.0.1.
		return ok && set[ip.Unmap()]
	}
}
