// Package socketserver is Python's socketserver module (CPython 3.11) in Go:
// servers that accept requests on a socket and hand each one to a fresh
// handler, one at a time, in a goroutine each, or in a process each.
//
// # Layout
//
// Python builds servers from classes that a program subclasses or mixes;
// Go has a few types instead:
//
//	Python                                 Go
//	BaseServer and its four subclasses     Server; Network is "tcp", "udp", "unix" or "unixgram"
//	class attributes, methods to override  fields, and hooks: func fields (nil: Python's default)
//	ThreadingMixIn, ForkingMixIn           Server.MixIn: &ThreadingMixIn{}, &ForkingMixIn{}
//	ThreadingTCPServer and the rest        NewThreadingTCPServer and the rest
//	RequestHandlerClass                    Server.NewHandler: a fresh Handler per request
//	BaseRequestHandler's protocol          Handler: Setup, Handle, Finish
//	the handler classes, to subclass       structs of the same names, to embed
//	self.request, client_address, server   Request
//
// Methods and hooks keep Python's names, spelled as Go spells them
// (serve_forever is ServeForever), and their documentation says where they
// differ from Python's. A request travels as in Python: the serve loop
// accepts a connection or reads a datagram, asks VerifyRequest, and calls
// ProcessRequest, which runs FinishRequest (a fresh handler's Setup, Handle
// and Finish) and ShutdownRequest, in the serving goroutine or, through a
// MixIn, in a new goroutine or process. A handler's error or panic goes to
// HandleError, and the server serves on.
//
// # Stopping and faults
//
// ServeUntilInterrupt stops on the first SIGINT or SIGTERM: it stops the
// loop and closes the socket at once, so that no new client gets in, and
// gives the requests still running InterruptTimeout to end. A second
// signal, or the end of that time, makes it return ErrInterrupted at once,
// and the program is expected to exit; a forked child still serving ends
// with its request.
//
// When getting a request fails for another reason than a timeout or a
// closed socket, such as accept's "too many open files", a serve loop does
// not retry at once as Python's does, spinning: it logs the error once to
// ErrorLog and waits 5 ms, twice as long after each further failure, up to
// a second. The first request it gets ends the episode.
//
// # Limits
//
// What a hostile or slow client can make a server spend:
//
//   - A datagram longer than MaxPacketSize (default 8192 bytes) is cut to
//     that size.
//   - Rfile buffers 4096 bytes. ReadString and ReadBytes grow without bound
//     until a newline, as Python's readline() without a limit; ReadSlice
//     stops at the buffer's size.
//   - Unless StreamRequestHandler.Timeout is set, a client that sends
//     nothing holds a synchronous server, a goroutine or a process for as
//     long as it stays connected; after a SIGINT or SIGTERM,
//     ServeUntilInterrupt waits for it at most InterruptTimeout (default 5
//     seconds).
//   - ThreadingMixIn starts a goroutine per request without bound, as
//     Python starts threads. ForkingMixIn runs at most MaxChildren (default
//     40) children, its spare included, and then accepts nothing until
//     one exits; the kernel queues up to RequestQueueSize (default 5)
//     further connections.
//   - A forking datagram server passes each datagram to its child in the
//     environment, which the system bounds as well.
package socketserver
