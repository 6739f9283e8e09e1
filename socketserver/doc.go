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
// reads a datagram, asks VerifyRequest, and calls ProcessRequest, which
// runs FinishRequest (a fresh handler's Setup, Handle and Finish) and
// ShutdownRequest, in the serving goroutine or, through a Mixin, in a new
// goroutine or process. A handler's error or panic goes to HandleError,
// and the server serves on. Where Go differs from Python, the documentation
// of the name says so; ForkingMixIn shows what forking asks of a program.
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
