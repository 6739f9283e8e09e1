package py

import (
	"net"
	"net/netip"
	"strconv"
)

// Addr formats a socket address as Python prints it: ('127.0.0.1', 51275)
// for IPv4, ('::1', 51275, 0, 0) for IPv6, the quoted path for a Unix socket
// (empty for an unnamed peer), and None for nil.
func Addr(a net.Addr) string {
	switch a := a.(type) {
	case nil:
		return "None"
	case *net.UnixAddr:
		if a == nil {
			return "''"
		}
		return "'" + a.Name + "'"
	case interface{ AddrPort() netip.AddrPort }: // *net.TCPAddr, *net.UDPAddr
		ap := a.AddrPort()
		port := strconv.Itoa(int(ap.Port()))
		if ip := ap.Addr().Unmap(); ip.Is4() {
			return "('" + ip.String() + "', " + port + ")"
		}
		return "('" + ap.Addr().String() + "', " + port + ", 0, 0)"
	}
	return "'" + a.String() + "'"
}
