// Package basehttp is Python's http.server without its file-serving
// handlers: BaseHTTPRequestHandler, HTTPServer and ThreadingHTTPServer (and
// a forking server), built on package socketserver and behaving as CPython
// 3.11 does, byte for byte on the wire and in the log.
//
// A request flows like this. The server (HTTPServer, a socketserver.Server)
// accepts a connection and makes a fresh handler with its NewHandler
// function: a pointer to the user's type, which embeds
// BaseHTTPRequestHandler. Setup wraps the connection in Rfile and Wfile.
// Handle calls HandleOneRequest until CloseConnection is set: it reads the
// request line (ParseRequest checks it and reads the headers), then calls
// the method named "Do" and the request's method on the user's type — DoGET
// for GET, DoSPAM for SPAM — or answers 501 when there is none. The method
// answers with SendResponse, SendHeader and EndHeaders, then writes the body
// to Wfile; SendError does all of it for an error page. Finish flushes Wfile
// and the server closes the connection.
//
// The files follow the same path: handler.go (the handler's settings and
// fields, Handle, HandleOneRequest, ParseRequest), parse.go (Header, and
// reading lines and header fields as http.client and the email package do),
// dispatch.go (finding the Do methods and overrides of the user's type),
// response.go (SendResponse, SendHeader, EndHeaders, SendError), log.go
// (LogMessage and the strings it prints), clock.go (the times in the Date
// header and the log, each formatted once a second), responses.go
// (StatusText and Python's table) and server.go (HTTPServer, its
// constructors, and NewHandlerFunc for servers built from socketserver
// directly). Package basehttptest serves handlers in tests.
//
// # Finding the Do methods
//
// NewHandlerFunc, which every constructor calls, looks at the user's type
// once, as net/rpc looks at a receiver in Register: it finds the type's
// methods whose name starts with "Do" with reflect (Type.Method(i); they are
// a run of the sorted method set, found by bisection, so the other methods
// cost nothing) and refuses the type if one of them, or an override, has
// the wrong signature. A request then finds its method in that table; a command
// without one is answered 501, as in Python.
//
// The method found stays bound to the handler for the connection's next
// request, which most often has the same command. GET, HEAD and POST are
// bound through an interface, as the compiler binds any method value; the
// other commands through reflect, whose method values cost each call about
// 350 ns and an allocation more (a fifth of what the framework spends on a
// request, measured with BenchmarkKeepAliveFixed).
//
// Listing methods by index at run time makes the linker keep every
// exported method of every type that may be held in an interface, which
// costs binary size: the GET example builds to 5.28 MB and the POST example
// to 5.39 MB (go1.26, linux/amd64), against 5.55 and 5.66 MB when a
// MethodByName call on each request found the method. Asking only for
// interfaces for fixed verbs (DoGET, DoPOST, DoHEAD, DoPUT, DoDELETE) was
// measured, when this design was chosen, at about 1.1 MB less; but the
// fixed verbs would lose Python's dispatch of any method name (DoSPAM
// answers SPAM), so this package pays that. Of the designs that keep it,
// checking once is the smaller, allocates less per request, and reports a
// wrong signature when the server is built.
//
// # Responses
//
// A response is well-formed or not sent. SendResponse, SendResponseOnly,
// SendHeader, EndHeaders and FlushHeaders keep the response's first error,
// as a bufio.Writer does: after it they do nothing and return it again, the
// lines buffered so far are discarded, so is what the Do method writes to
// Wfile afterwards, and the connection ends. HandleOneRequest returns the
// error, for the server's HandleError, even if the Do method dropped it. A
// handler may therefore check errors once, at EndHeaders, as the examples
// do, the way a Python handler lets an exception end it.
//
// Where Go and Python differ: Python's class attributes are the handler's
// fields, which Setup fills in; the request, which Python decodes as
// Latin-1, is held in UTF-8 strings of the same characters ("caf\xe9" in a
// request line reads "café"); Wfile is buffered; SendHeader and
// SendResponseOnly refuse CR and LF (ErrHeaderInjection); the methods Python
// users override are methods of the user's type (see
// BaseHTTPRequestHandler); SysVersion names Go; and HTTPServer.Clock, which
// tests pin, gives the time for Date headers and log lines.
//
// # What a request costs
//
// On a kept-alive connection the framework allocates six times for a
// request (TestKeepAliveAllocs holds it to at most eight): the request line
// as read and as decoded, the header block decoded once (every field's name
// and value are parts of that one string), the Header, and the two
// arguments LogRequest passes to LogMessage. LogMessage builds its line in
// buffers the handler keeps, and builds none when ErrorLog is io.Discard;
// the Date header's and the log's times are formatted once a second. A
// connection adds its handler, the buffers for its header block and its
// response's header lines, and the bound Do method; Rfile and Wfile come
// from a pool (see socketserver.StreamRequestHandler). BenchmarkKeepAliveFixed
// and BenchmarkConnFixed measure these, BenchmarkFixed the same handler
// over loopback beside a server sending a canned reply and net/http.
//
// When a connection ends, the server shuts it down for writing
// (shutdown(2)) before closing it, which costs a system call: Python's
// shutdown_request does the same, and so the client sees the same end of
// the connection as from Python.
//
// # Limits
//
// A request line longer than 65536 bytes is answered with 414. A header
// line longer than 65536 bytes, or a header block of more than 99 lines
// (Python counts the blank line that ends it against its 100), is answered
// with 431. A line ends at LF, as http.client reads it, and also at a bare
// CR, as the email parser that Python hands the block to splits it: one
// line read up to LF may hold thousands of fields in Python, here it counts
// as as many lines, so that the bound holds for fields too. A request's line
// and header block are therefore at most about 6.5 MB; parsing the largest
// allocates less than 50 MB in all (the Header holds a Latin-1 byte above
// 0x7f as two bytes of UTF-8, and the block's buffer grows as it is read),
// much of it garbage before the parse ends. A handler keeps buffers of at
// most 16 KiB from one request to the next.
//
// On a connection that stays open after the request, a request whose body
// has no single plain length is answered with 400 and the connection
// closed: Transfer-Encoding with Content-Length, two different
// Content-Lengths, one that is not plain digits ("+5", "5 "), or a
// Transfer-Encoding the handler does not decode (any but chunked, and
// chunked unless ReadsChunked is set). Python answers these, and then the
// request a proxy in front may have taken for part of the body. A
// connection that closes after the request keeps Python's behaviour.
//
// The body is the handler's to read, as much as it chooses. Nothing else
// bounds time unless the handler's Timeout (each read and write, as in
// Python) or HeaderTimeout (the whole request line and header block, Go's
// addition) is set; a timed-out request is logged as Python logs one and its
// connection closed. The number of connections at once is the server's
// (socketserver) business.
package basehttp
