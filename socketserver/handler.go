package socketserver

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"sync"
	"time"
)

// A Request is what a server hands a handler: Python's request,
// client_address and server.
type Request struct {
	// Conn is a stream server's accepted connection.
	Conn net.Conn

	// Packet is the datagram a datagram server received.
	Packet []byte

	// Socket is a datagram server's socket, for the reply.
	Socket net.PacketConn

	// ClientAddress is the client's address (Python's client_address).
	ClientAddress net.Addr

	// Server is the server that received the request.
	Server *Server

	// Worker numbers the requests a MixIn takes over from 1, like the N of
	// Python's thread name "Thread-N"; it is 0 without a MixIn.
	Worker int
}

// A Handler is the life cycle of one request, Python's BaseRequestHandler:
// the server calls Setup and, if it succeeds, Handle and then Finish, even
// if Handle fails or panics (Python's try/finally).
type Handler interface {
	Setup(req *Request) error
	Handle() error
	Finish() error
}

// BaseRequestHandler is the Handler to embed: a type embedding it needs
// only a Handle method.
type BaseRequestHandler struct {
	// Request is the request being handled (Python's self.request).
	Request *Request

	// ClientAddress is Request.ClientAddress.
	ClientAddress net.Addr

	// Server is Request.Server.
	Server *Server
}

// Setup records req in h.
func (h *BaseRequestHandler) Setup(req *Request) error {
	h.Request = req
	h.ClientAddress = req.ClientAddress
	h.Server = req.Server
	return nil
}

// Handle does nothing.
func (h *BaseRequestHandler) Handle() error { return nil }

// Finish does nothing.
func (h *BaseRequestHandler) Finish() error { return nil }

// StreamRequestHandler is Python's StreamRequestHandler. Unlike Python's
// wfile, Wfile holds what is written until Flush or Finish: a handler that
// talks back and forth flushes each reply.
//
// Rfile and Wfile, with their 4 KiB buffers, are taken from pools in Setup
// and given back in Finish, which sets both to nil, as net/http reuses its
// connections' buffers: neither may be used after Finish, by the handler
// or by a goroutine it started.
type StreamRequestHandler struct {
	BaseRequestHandler

	// Conn is Request.Conn (Python's self.connection).
	Conn net.Conn

	// Rfile reads the connection, buffered.
	Rfile *bufio.Reader

	// Wfile writes the connection, buffered.
	Wfile *bufio.Writer

	// Timeout, if not zero, bounds each read through Rfile and each write
	// through Wfile, like Python's socket timeout (os.IsTimeout reports it).
	Timeout time.Duration

	// DisableNagleAlgorithm sets TCP_NODELAY; false leaves Nagle's algorithm
	// on, as Python does, where Go's net package would turn it off.
	DisableNagleAlgorithm bool

	pooledR *bufio.Reader // the Rfile Setup took from readers, if still Rfile
	pooledW *bufio.Writer // the Wfile Setup took from writers, if still Wfile
}

// readers and writers hold the buffered readers and writers of finished
// stream handlers, for the next connections' Rfile and Wfile.
var (
	readers sync.Pool
	writers sync.Pool
)

// Setup records the request, applies DisableNagleAlgorithm and wraps the
// connection in the buffered Rfile and Wfile.
func (h *StreamRequestHandler) Setup(req *Request) error {
	h.BaseRequestHandler.Setup(req)
	h.Conn = req.Conn
	if tc, ok := h.Conn.(*net.TCPConn); ok {
		if err := tc.SetNoDelay(h.DisableNagleAlgorithm); err != nil {
			return err
		}
	}
	var rw io.ReadWriter = h.Conn
	if h.Timeout > 0 {
		rw = timeoutConn{h.Conn, h.Timeout}
	}
	h.Rfile = takeReader(rw)
	h.Wfile = takeWriter(rw)
	h.pooledR = h.Rfile
	h.pooledW = h.Wfile
	return nil
}

// Finish flushes Wfile, then gives Rfile and Wfile back to the pools they
// came from (one the handler put in their place is left alone) and sets
// both to nil.
func (h *StreamRequestHandler) Finish() error {
	if h.Wfile == nil {
		return nil // finished already
	}
	err := h.Wfile.Flush()
	if h.Rfile == h.pooledR {
		h.Rfile.Reset(nil)
		readers.Put(h.Rfile)
	}
	if h.Wfile == h.pooledW {
		h.Wfile.Reset(nil)
		writers.Put(h.Wfile)
	}
	h.Rfile, h.Wfile, h.pooledR, h.pooledW = nil, nil, nil, nil
	return err
}

// takeReader returns a reader of r with a buffer of 4096 bytes, a pooled
// one if there is one.
func takeReader(r io.Reader) *bufio.Reader {
	if br, ok := readers.Get().(*bufio.Reader); ok {
		br.Reset(r)
		return br
	}
	return bufio.NewReader(r)
}

// takeWriter returns a writer to w with a buffer of 4096 bytes, a pooled
// one if there is one.
func takeWriter(w io.Writer) *bufio.Writer {
	if bw, ok := writers.Get().(*bufio.Writer); ok {
		bw.Reset(w)
		return bw
	}
	return bufio.NewWriter(w)
}

// timeoutConn gives each Read and Write a deadline of its own. Where
// setting it fails, so does the operation.
type timeoutConn struct {
	net.Conn
	d time.Duration
}

func (c timeoutConn) Read(p []byte) (int, error) {
	c.SetReadDeadline(time.Now().Add(c.d))
	return c.Conn.Read(p)
}

func (c timeoutConn) Write(p []byte) (int, error) {
	c.SetWriteDeadline(time.Now().Add(c.d))
	return c.Conn.Write(p)
}

// DatagramRequestHandler is Python's DatagramRequestHandler: Rfile reads
// the datagram, and Finish sends Wfile back in one datagram, even if empty.
type DatagramRequestHandler struct {
	BaseRequestHandler

	// Packet is Request.Packet.
	Packet []byte

	// Socket is Request.Socket, through which Finish replies.
	Socket net.PacketConn

	// Rfile reads Packet.
	Rfile *bytes.Reader

	// Wfile collects the reply.
	Wfile *bytes.Buffer
}

// Setup records the request and makes Rfile and Wfile.
func (h *DatagramRequestHandler) Setup(req *Request) error {
	h.BaseRequestHandler.Setup(req)
	h.Packet = req.Packet
	h.Socket = req.Socket
	h.Rfile = bytes.NewReader(h.Packet)
	h.Wfile = new(bytes.Buffer)
	return nil
}

// Finish sends Wfile's contents to the client.
func (h *DatagramRequestHandler) Finish() error {
	_, err := h.Socket.WriteTo(h.Wfile.Bytes(), h.ClientAddress)
	return err
}
