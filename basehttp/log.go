package basehttp

import (
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"unicode/utf8"
)

// LogRequest logs an answered request: the request line, the code and the size
// ("-" when not given). SendResponse calls it.
func (h *BaseHTTPRequestHandler) LogRequest(code int, size ...int) {
	if len(size) == 0 {
		// Python's default size, given as a constant: an argument's value is
		// copied to the heap to be passed as an any, a constant's is not.
		h.virtual().LogMessage(`"%s" %d %s`, h.RequestLine, code, "-")
		return
	}
	h.virtual().LogMessage(`"%s" %d %s`, h.RequestLine, code, strconv.Itoa(size[0]))
}

// LogError logs a request that could not be fulfilled; it calls LogMessage.
func (h *BaseHTTPRequestHandler) LogError(format string, args ...any) {
	h.virtual().LogMessage(format, args...)
}

// LogMessage writes one line to the server's ErrorLog (standard error by
// default): the client's address, the local time and the message formatted
// as fmt.Sprintf would, its control characters and backslashes escaped as
// Python 3.11 does (\x1b, \\). The line is made in buffers the handler keeps
// from line to line, and not at all when ErrorLog is io.Discard.
func (h *BaseHTTPRequestHandler) LogMessage(format string, args ...any) {
	var w io.Writer = os.Stderr
	if h.Server != nil && h.Server.ErrorLog != nil {
		w = h.Server.ErrorLog
	}
	if w == io.Discard {
		return
	}
	message := fmt.Appendf(h.logMessage[:0], format, args...)
	line := append(h.logLine[:0], h.AddressString()...)
	line = append(line, " - - ["...)
	line = append(line, h.LogDateTimeString()...)
	line = append(line, "] "...)
	line = appendEscaped(line, message)
	line = append(line, '\n')
	w.Write(line)
	h.logMessage, h.logLine = message, line
	if cap(line) > maxKeptBuffer {
		h.logMessage, h.logLine = nil, nil
	}
}

// appendEscaped appends message to line as Python's
// message.translate(_control_char_table) gives it.
func appendEscaped(line, message []byte) []byte {
	for _, r := range string(message) {
		switch {
		case r == '\\':
			line = append(line, `\\`...)
		case r < 0x20 || 0x7f <= r && r < 0xa0:
			line = fmt.Appendf(line, `\x%02x`, r)
		default:
			line = utf8.AppendRune(line, r)
		}
	}
	return line
}

// VersionString returns the Server header's value: ServerVersion and SysVersion.
func (h *BaseHTTPRequestHandler) VersionString() string {
	return h.ServerVersion + " " + h.SysVersion
}

// AddressString returns the client's host, without the port. The host of
// a *net.TCPAddr, the address a TCP server's connections have, is worked
// out once and kept while ClientAddress holds that address.
func (h *BaseHTTPRequestHandler) AddressString() string {
	if h.ClientAddress == nil {
		return ""
	}
	tcp, isTCP := h.ClientAddress.(*net.TCPAddr)
	if isTCP && tcp == h.addressOf {
		return h.address
	}
	host := h.ClientAddress.String()
	if hostOnly, _, err := net.SplitHostPort(host); err == nil {
		host = hostOnly
	}
	if isTCP {
		h.addressOf, h.address = tcp, host
	}
	return host
}
