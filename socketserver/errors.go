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
	// Value is the value passed to panic.
	Value any

	// Stack is the panicking goroutine's stack, from the panicking call
	// down.
	Stack []byte
}

func newPanicError(v any) *PanicError {
	// Keep the goroutine header; drop the frames down to the runtime's
	// panic, two lines each, so that the stack starts at the panicking call.
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

// PrintError writes err in one Write as Python's handle_error prints an
// exception: between lines of 40 dashes, "Exception occurred during
// processing of request from" the client's PythonAddr, then "error:" and
// err, or for a *PanicError "panic:", its value, a blank line and the stack.
func PrintError(w io.Writer, req *Request, err error) {
	var addr net.Addr
	if req != nil {
		addr = req.ClientAddress
	}
	fault := fmt.Sprintf("error: %v\n", err)
	if pe, ok := err.(*PanicError); ok {
		fault = fmt.Sprintf("panic: %v\n\n%s", pe.Value, pe.Stack)
	}
	dashes := strings.Repeat("-", 40)
	fmt.Fprintf(w, "%s\nException occurred during processing of request from %s\n%s%s\n",
		dashes, PythonAddr(addr), fault, dashes)
}

// PythonAddr formats a client address as Python prints it: ('127.0.0.1',
// 51275) for IPv4, ('::1', 51275, 0, 0) for IPv6, the quoted path for a
// Unix socket (empty for an unnamed peer), and None for nil.
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
