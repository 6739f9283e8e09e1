package socketserver

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"runtime/debug"
	"strings"

	"github.com/basehttpserver/basehttpserver/internal/py"
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
// processing of request from" the client's address as Python prints it,
// then "error:" and err, or for a *PanicError "panic:", its value, a blank
// line and the stack.
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
		dashes, py.Addr(addr), fault, dashes)
}
