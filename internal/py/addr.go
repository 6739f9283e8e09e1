package py

import (
	"fmt"
	"net"
	"net/netip"
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
		if ip := ap.Addr().Unmap(); ip.Is4() {
			return fmt.Sprintf("('%s', %d)", ip, ap.Port())
		}
		return fmt.Sprintf("('%s', %d, 0, 0)", ap.Addr(), ap.Port())
	}
	return "'" + a.String() + "'"
}
