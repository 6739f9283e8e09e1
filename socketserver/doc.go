// Package socketserver is Python's socketserver module (CPython 3.11) in Go:
// servers that accept requests on a socket and hand each one to a fresh
// handler, one at a time, in a goroutine each, or in a process each.
//
// # Layout
//
// Python's module builds servers from classes: BaseServer, its socket
// subclasses TCPServer, UDPServer, UnixStreamServer and UnixDatagramServer,
// the ThreadingMixIn and ForkingMixIn mix-ins, and the handler classes
// BaseRequestHandler, StreamRequestHandler and DatagramRequestHandler. A
// program subclasses a handler, overrides handle(), and may override the
// server's methods or set its class attributes. Here that becomes:
//
//	Python                                 Go
//	BaseServer and its four subclasses     Server; Network says "tcp", "udp", "unix" or "unixgram"
//	server_address, RequestHandlerClass    Server.Address, Server.NewHandler (a fresh Handler per request)
//	class attributes                       fields: AllowReuseAddress, RequestQueueSize, Timeout, MaxPacketSize
//	server_bind, server_activate           Bind, Activate (the constructors call both)
//	server_address after binding           Addr
//	serve_forever, shutdown                ServeForever (or Serve with a context), Shutdown
//	serve_forever until KeyboardInterrupt  ServeUntilInterrupt, which then calls Close
//	handle_request                         HandleRequest
//	server_close and the with statement    Close, usually deferred
//	verify_request, handle_error,          hooks: func fields VerifyRequest, HandleError,
//	handle_timeout, service_actions        HandleTimeout, ServiceActions (nil means Python's default)
//	process_request, finish_request,       methods ProcessRequest, FinishRequest, ShutdownRequest,
//	shutdown_request, close_request        CloseRequest, which a Mixin calls
//	ThreadingMixIn, ForkingMixIn           Server.Mixin: &ThreadingMixIn{}, &ForkingMixIn{}
//	ThreadingTCPServer and the rest        constructors: NewThreadingTCPServer and the rest
//	BaseRequestHandler                     the Handler interface: Setup, Handle, Finish
//	BaseRequestHandler, StreamRequestHandler,
//	DatagramRequestHandler (to subclass)   structs of the same names, to embed
//	self.request, client_address, server   Request (Conn or Packet and Socket), ClientAddress, Server
//	self.rfile, self.wfile                 Rfile, Wfile
//
// A request travels as in Python: the serve loop accepts a connection or
// reads a datagram (get_request), asks VerifyRequest, and gives it to
// ProcessRequest, which without a Mixin calls FinishRequest (a new
// handler's Setup, Handle and Finish) and then ShutdownRequest, in the
// serving goroutine. A Mixin does the same in a new goroutine or process.
// An error a handler returns, and a panic, go to HandleError, whose default
// prints Python's block (see PrintError); the connection is closed and the
// server serves on.
//
// # Forking
//
// A Go program cannot fork(2) itself, so ForkingMixIn starts the running
// executable again with the request's socket as an inherited file, and the
// child's first Bind of a forking Server serves it and exits. A program
// must therefore build that server, with the same handler, before doing
// anything only the parent should do. A test binary cooperates in
// TestMain, before m.Run, choosing the server from an environment variable
// its test set (children inherit the environment):
//
//	func TestMain(m *testing.M) {
//		if socketserver.IsForkedChild() {
//			s := servers[os.Getenv("MY_TEST_SERVER")]() // as the test built it, unbound
//			log.Fatal(s.Bind())                         // serves and exits; returns only on error
//		}
//		os.Exit(m.Run())
//	}
//
// On systems where a child cannot inherit a socket (Windows, Plan 9,
// js, wasip1), Bind of a forking server returns ErrForkUnsupported.
//
// # Differences from Python
//
// Go's net package binds and listens in one call, so Bind already listens,
// with the system's backlog; Activate sets RequestQueueSize by calling
// listen(2) again. As in Python, SO_REUSEADDR is off unless
// AllowReuseAddress is set (Go's own default is on). A stream handler's
// Wfile is buffered: Finish flushes it, and a handler that converses flushes
// each reply (Python's default wfile writes at once). StreamRequestHandler
// turns Nagle's algorithm on unless DisableNagleAlgorithm, as the kernel's
// default is in Python. Shutdown with no loop running returns at once
// instead of blocking. Close removes the Unix socket file the server
// created (Python leaves it, and the next bind fails until it is removed).
// The zero ThreadingMixIn and ForkingMixIn do not block on close; the
// constructors set BlockOnClose, Python's default.
//
// # Limits
//
// What a hostile or slow client can make a server spend:
//
//   - A datagram longer than MaxPacketSize (default 8192 bytes) is cut to
//     that size, as Python's max_packet_size does.
//   - Rfile buffers 4096 bytes. Reading a line with ReadString or ReadBytes
//     grows without bound until a newline, as Python's readline() without a
//     limit; ReadSlice stops at the buffer's size.
//   - Nothing times a client out unless StreamRequestHandler.Timeout is set:
//     a client that sends nothing holds a synchronous server, a goroutine or a
//     process for as long as it stays connected.
//   - ThreadingMixIn starts a goroutine per request without bound, as
//     Python starts threads. ForkingMixIn runs at most MaxChildren (default
//     40) children and then accepts nothing until one exits; the kernel
//     queues up to RequestQueueSize (default 5) further connections.
//   - A forked child gets its datagram through its environment, so a
//     forking datagram server's packets are bounded by the system's limit on
//     the environment's size as well as by MaxPacketSize.
package socketserver
