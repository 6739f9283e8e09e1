package socketserver

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/netip"
	"runtime/debug"
	"strings"
)

// A PanicError is a handler's panic, recovered by the server and passed to
// HandleError like an error returned.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the panicking goroutine's stack, from the panicking call down
}

func newPanicError(v any) *PanicError {
	// Keep the goroutine header, drop the frames of debug.Stack, the
	// deferred recover and the runtime's panic (two lines each): the stack
	// starts where the handler panicked, as a traceback ends there.
	stack := debug.Stack()
	if i := bytes.Index(stack, []byte("\npanic(")); i >= 0 {
		if rest := bytes.SplitAfterN(stack[i+1:], []byte("\n"), 3); len(rest) == 3 {
			stack = append(stack[:bytes.IndexByte(stack, '\n')+1], rest[2]...)
		}
	}
	return &PanicError{Value: v, Stack: stack}
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Unwrap returns the panic value if it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// PrintError writes err as Python's handle_error prints an exception: a
// line of 40 dashes, "Exception occurred during processing of request
// from" and the client address as Python shows it, the fault, and dashes
// again. The fault of a returned error is the line "error: " and its text;
// that of a *PanicError is "panic: " and its value, a blank line and the
// goroutine's stack, where Python prints a traceback. The block is written
// with one Write, so blocks of concurrent handlers do not interleave.
func PrintError(w io.Writer, req *Request, err error) {
	var b strings.Builder
	dashes := strings.Repeat("-", 40) + "\n"
	b.WriteString(dashes)
	var addr net.Addr
	if req != nil {
		addr = req.ClientAddress
	}
	fmt.Fprintf(&b, "Exception occurred during processing of request from %s\n", PythonAddr(addr))
	if pe, ok := err.(*PanicError); ok {
		fmt.Fprintf(&b, "panic: %v\n\n%s", pe.Value, pe.Stack)
	} else {
		fmt.Fprintf(&b, "error: %v\n", err)
	}
	b.WriteString(dashes)
	io.WriteString(w, b.String())
}

// PythonAddr formats a client address the way Python prints it:
// ('127.0.0.1', 51275) for IPv4, ('::1', 51275, 0, 0) for IPv6, the quoted
// path for a Unix socket (” when the peer has no name) and None for nil.
func PythonAddr(a net.Addr) string {
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
