//go:build !solution

package errorlog

import (
	"io"

	"github.com/basehttpserver/basehttpserver/socketserver"
)

// ANCHOR: todo
// handleError returns the server's HandleError hook. It writes one line to
// log per failed request: the client's address (as "127.0.0.1:51275"), then
//
//	failed: <the error>     when the handler returned an error
//	panicked: <the value>   when the handler panicked (a *socketserver.PanicError)
func handleError(log io.Writer) func(req *socketserver.Request, err error) {
	// TODO: return a hook. Nil keeps Python's default: a block of dashes
	// around the error, and for a panic the whole stack.
	return nil
}

// ANCHOR_END: todo
