package basehttp

import (
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
)

// LogRequest logs an answered request: the request line, the code and the size
// ("-" when not given). SendResponse calls it.
func (h *BaseHTTPRequestHandler) LogRequest(code int, size ...int) {
	s := "-"
	if len(size) > 0 {
		s = strconv.Itoa(size[0])
	}
	h.virtual().LogMessage(`"%s" %d %s`, h.RequestLine, code, s)
}

// LogError logs a request that could not be fulfilled; it calls LogMessage.
func (h *BaseHTTPRequestHandler) LogError(format string, args ...any) {
	h.virtual().LogMessage(format, args...)
}

// LogMessage writes one line to the server's ErrorLog (standard error by
// default): the client's address, the local time and the message formatted
// with fmt.Sprintf, its control characters and backslashes escaped as Python
// 3.11 does (\x1b, \\).
func (h *BaseHTTPRequestHandler) LogMessage(format string, args ...any) {
	line := h.AddressString() + " - - [" + h.LogDateTimeString() + "] " +
		escapeControl(fmt.Sprintf(format, args...)) + "\n"
	var w io.Writer = os.Stderr
	if h.Server != nil && h.Server.ErrorLog != nil {
		w = h.Server.ErrorLog
	}
	io.WriteString(w, line)
}

// escapeControl is Python's message.translate(_control_char_table).
func escapeControl(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x20 || 0x7f <= r && r < 0xa0:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// VersionString returns the Server header's value: ServerVersion and SysVersion.
func (h *BaseHTTPRequestHandler) VersionString() string {
	return h.ServerVersion + " " + h.SysVersion
}

// AddressString returns the client's host, without the port.
func (h *BaseHTTPRequestHandler) AddressString() string {
	if h.ClientAddress == nil {
		return ""
	}
	s := h.ClientAddress.String()
	if host, _, err := net.SplitHostPort(s); err == nil {
		return host
	}
	return s
}
