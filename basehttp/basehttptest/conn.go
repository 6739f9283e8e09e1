package basehttptest

import (
	"bytes"
	"io"
	"net"
	"strings"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp"
	"github.com/basehttpserver/basehttpserver/socketserver"
)

// Clock is the clock of the servers of Serve and ServeConn, for Date
// headers and log lines: it always says 9 December 2007, 16:00:34 UTC, the
// time of the article's sessions. It fits HTTPServer.Clock.
func Clock() time.Time {
	return time.Date(2007, 12, 9, 16, 0, 34, 0, time.UTC)
}

// A Conn is a connection whose client side is in memory: reads come from
// In, writes collect in Out. Its addresses are 127.0.0.1:8080 (the server)
// and 127.0.0.1:51275 (the client); its deadlines are ignored.
type Conn struct {
	In  io.Reader
	Out bytes.Buffer
}

// Read reads from In.
func (c *Conn) Read(p []byte) (int, error) { return c.In.Read(p) }

// Write appends p to Out.
func (c *Conn) Write(p []byte) (int, error) { return c.Out.Write(p) }

// Close does nothing.
func (c *Conn) Close() error { return nil }

// LocalAddr returns 127.0.0.1:8080.
func (c *Conn) LocalAddr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080} }

// RemoteAddr returns 127.0.0.1:51275.
func (c *Conn) RemoteAddr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 51275} }

// SetDeadline does nothing.
func (c *Conn) SetDeadline(time.Time) error { return nil }

// SetReadDeadline does nothing.
func (c *Conn) SetReadDeadline(time.Time) error { return nil }

// SetWriteDeadline does nothing.
func (c *Conn) SetWriteDeadline(time.Time) error { return nil }

// Serve serves request, the bytes a client sends, on one Conn with a
// handler from newHandler, and returns what the handler wrote on the
// connection and in the log; see ServeConn.
func Serve(newHandler func() basehttp.Handler, request string) (response, log string, err error) {
	conn := &Conn{In: strings.NewReader(request)}
	log, err = ServeConn(newHandler, conn)
	return conn.Out.String(), log, err
}

// ServeConn serves conn with a handler from newHandler, as an HTTP server
// whose Clock is this package's Clock would, and returns what it logged. err is what
// the server's HandleError would receive (nil if it is not called): the
// handler's error, a *socketserver.PanicError, or NewHandlerFunc's error
// for a handler type it refuses. The error is not in the log.
func ServeConn(newHandler func() basehttp.Handler, conn net.Conn) (log string, err error) {
	var logBuf bytes.Buffer
	srv := &basehttp.HTTPServer{
		Server: &socketserver.Server{
			ErrorLog: &logBuf,
			HandleError: func(_ *socketserver.Request, e error) {
				err = e
			},
		},
		Clock: Clock,
	}
	srv.NewHandler, err = basehttp.NewHandlerFunc(srv, newHandler)
	if err != nil {
		return "", err
	}
	srv.FinishRequest(&socketserver.Request{Conn: conn, ClientAddress: conn.RemoteAddr(), Server: srv.Server})
	return logBuf.String(), err
}
