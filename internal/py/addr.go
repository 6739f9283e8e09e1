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
		var buf [64]byte // one allocation, for the string returned
		b := append(buf[:0], "('"...)
		ip := ap.Addr().Unmap()
		if !ip.Is4() {
			ip = ap.Addr()
		}
		b = ip.AppendTo(b)
		b = append(b, "', "...)
		b = strconv.AppendUint(b, uint64(ap.Port()), 10)
		if !ip.Is4() {
			b = append(b, ", 0, 0"...)
		}
		return string(append(b, ')'))
	}
	return "'" + a.String() + "'"
}
