//go:build solution

package errorlog

import (
	"errors"
	"fmt"
	"io"

	"github.com/basehttpserver/basehttpserver/socketserver"
)

// handleError returns the server's HandleError hook. It writes one line to
// log per failed request: the client's address (as "127.0.0.1:51275"), then
//
//	failed: <the error>     when the handler returned an error
//	panicked: <the value>   when the handler panicked (a *socketserver.PanicError)
func handleError(log io.Writer) func(req *socketserver.Request, err error) {
	return func(req *socketserver.Request, err error) {
		// A panic arrives as an error too; errors.As tells it apart, as
		// Python's handle_error would look at sys.exc_info().
		var p *socketserver.PanicError
		if errors.As(err, &p) {
			fmt.Fprintf(log, "%s panicked: %v\n", req.ClientAddress, p.Value)
			return
		}
		fmt.Fprintf(log, "%s failed: %v\n", req.ClientAddress, err)
	}
}
