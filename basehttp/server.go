package basehttp

import (
	"net"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/basehttpserver/basehttpserver/socketserver"
)

// HTTPServer is Python's HTTPServer: a TCP server from socketserver that
// remembers its name and port once bound, and gives its handlers a clock.
type HTTPServer struct {
	*socketserver.Server

	// ServerName and ServerPort are set by Bind: the bound host's fully
	// qualified name (as Python's socket.getfqdn finds it) and port.
	ServerName string
	ServerPort int

	// Clock, if set, is the time the handlers put in Date headers and log
	// lines instead of time.Now: tests pin it without the handlers knowing.
	Clock func() time.Time
}

// NewHTTPServer binds and activates an HTTP server on addr ("host:port") that
// answers each connection in turn with a fresh handler from newHandler.
// As in Python, it sets AllowReuseAddress, and its RequestQueueSize is 0,
// Python's 5.
func NewHTTPServer(addr string, newHandler func() Handler) (*HTTPServer, error) {
	return start(NewUnstartedHTTPServer(addr, newHandler, nil))
}

// NewThreadingHTTPServer is NewHTTPServer answering each connection in its
// own goroutine (Python's ThreadingHTTPServer, daemon_threads = True).
// Unlike Python's, it listens with the system's largest backlog
// (socketserver.SystemQueueSize), as net/http's servers do: a server meant
// for many clients at once should queue a burst of connections that
// outruns its accept loop, where a queue of 5 drops all but a few, and the
// clients it drops try again only a second later.
func NewThreadingHTTPServer(addr string, newHandler func() Handler) (*HTTPServer, error) {
	m := &socketserver.ThreadingMixIn{DaemonThreads: true, BlockOnClose: true}
	s, err := NewUnstartedHTTPServer(addr, newHandler, m)
	if err == nil {
		s.RequestQueueSize = socketserver.SystemQueueSize
	}
	return start(s, err)
}

// NewForkingHTTPServer is NewHTTPServer answering each connection in a child
// process (ForkingMixIn with HTTPServer); see socketserver.ForkingMixIn for
// how Go does without fork.
func NewForkingHTTPServer(addr string, newHandler func() Handler) (*HTTPServer, error) {
	return start(NewUnstartedHTTPServer(addr, newHandler, &socketserver.ForkingMixIn{BlockOnClose: true}))
}

// NewUnstartedHTTPServer returns the server NewHTTPServer would, processing
// requests with mixin (nil: in the serving goroutine), before it binds: a
// program sets the fields Bind and Activate use, such as RequestQueueSize,
// and then calls Start, as a Python program passes bind_and_activate=False
// to set request_queue_size before server_activate.
func NewUnstartedHTTPServer(addr string, newHandler func() Handler, mixin socketserver.MixIn) (*HTTPServer, error) {
	s := &HTTPServer{}
	handlerFunc, err := NewHandlerFunc(s, newHandler)
	if err != nil {
		return nil, err
	}
	s.Server = &socketserver.Server{
		Network:           "tcp",
		Address:           addr,
		AllowReuseAddress: true,
		MixIn:             mixin,
		NewHandler:        handlerFunc,
	}
	return s, nil
}

// Start binds and activates the server (Python's server_bind and
// server_activate), and closes it if either fails.
func (s *HTTPServer) Start() error {
	if err := s.Bind(); err != nil {
		s.Server.Close()
		return err
	}
	if err := s.Activate(); err != nil {
		s.Server.Close()
		return err
	}
	return nil
}

// start starts s, which the constructors built, unless err is set.
func start(s *HTTPServer, err error) (*HTTPServer, error) {
	if err == nil {
		err = s.Start()
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// ANCHOR: newhandlerfunc
// NewHandlerFunc returns a socketserver NewHandler function that makes
// handlers with newHandler and introduces each to its outer value, whose Do
// methods and overrides it calls, and to srv (which may be nil). The
// constructors use it; a server built from socketserver directly, say on a
// Unix socket, needs it too: a handler it did not make fails in Setup.
//
// NewHandlerFunc calls newHandler once to learn the handler's type, and
// checks that type: a method whose name starts with "Do" that is not a
// func() or a func() error, or an override (HandleExpect100, LogRequest,
// LogError, LogMessage) of another signature than BaseHTTPRequestHandler's,
// is an error naming the method, its type and the type wanted. Should
// newHandler later return a handler of another type, that type is checked
// in turn, and the handler fails in Setup with the error.
func NewHandlerFunc(srv *HTTPServer, newHandler func() Handler) (func() socketserver.Handler, error) {
	first, err := resolve(reflect.TypeOf(newHandler()))
	if err != nil {
		return nil, err
	}
	return func() socketserver.Handler {
		h := newHandler()
		b := h.base()
		b.outer, b.HTTPServer, b.methods = h, srv, first
		if t := reflect.TypeOf(h); t != first.typ {
			b.methods, b.introErr = resolve(t)
		}
		return h
	}, nil
}

// ANCHOR_END: newhandlerfunc

// Bind binds the socket, then records ServerName and ServerPort.
func (s *HTTPServer) Bind() error {
	if err := s.Server.Bind(); err != nil {
		return err
	}
	host, port, _ := net.SplitHostPort(s.Addr().String())
	s.ServerPort, _ = strconv.Atoi(port)
	if name, ok := s.Inherited[serverNameKey]; ok {
		s.ServerName = name // a forked child: the parent looked it up
		return nil
	}
	s.ServerName = getfqdn(host)
	if s.Inherited == nil {
		s.Inherited = map[string]string{}
	}
	s.Inherited[serverNameKey] = s.ServerName
	return nil
}

// serverNameKey is where Bind keeps ServerName in Inherited, so that a
// forked child takes it over instead of looking it up again.
const serverNameKey = "basehttp.ServerName"

// getfqdn is Python's socket.getfqdn: the first name of the host that has a
// dot in it, else its primary name, else host itself.
func getfqdn(host string) string {
	names, err := net.LookupAddr(host)
	if err != nil || len(names) == 0 {
		return host
	}
	for _, n := range names {
		if n = strings.TrimSuffix(n, "."); strings.Contains(n, ".") {
			return n
		}
	}
	return strings.TrimSuffix(names[0], ".")
}
