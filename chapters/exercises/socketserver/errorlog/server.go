// Package errorlog is an exercise of the socketserver chapter: a HandleError
// hook (Python's handle_error) that logs one line per failed request instead
// of the default block with its stack.
//
// Edit exercise.go; grade it with
//
//	go test -tags grade ./chapters/exercises/socketserver/errorlog
package errorlog

import (
	"bytes"
	"errors"
	"io"

	"github.com/basehttpserver/basehttpserver/socketserver"
)

// CommandHandler reads one line: "fail" makes it return an error, "panic"
// makes it panic, anything else is answered upper-cased.
type CommandHandler struct {
	socketserver.StreamRequestHandler
}

// Handle runs the command on the first line of the connection.
func (h *CommandHandler) Handle() error {
	line, _ := h.Rfile.ReadSlice('\n')
	switch string(bytes.TrimSpace(line)) {
	case "fail":
		return errors.New("cannot handle fail")
	case "panic":
		panic("handler gave up")
	}
	_, err := h.Wfile.Write(bytes.ToUpper(line))
	return err
}

// NewServer returns a TCP server bound to addr that serves each connection
// with a CommandHandler and reports failed requests to log.
func NewServer(addr string, log io.Writer) (*socketserver.Server, error) {
	srv := &socketserver.Server{
		Network:     "tcp",
		Address:     addr,
		NewHandler:  func() socketserver.Handler { return new(CommandHandler) },
		ErrorLog:    log,
		HandleError: handleError(log),
	}
	if err := srv.Bind(); err != nil {
		return nil, err
	}
	if err := srv.Activate(); err != nil {
		srv.Close()
		return nil, err
	}
	return srv, nil
}
