// Package basehttptest provides what tests of basehttp handlers need, as
// net/http/httptest does for net/http handlers: Serve answers one
// connection whose client side is bytes in memory, with a pinned clock, and
// returns the response and the log; Start and NewServer serve on a loopback
// port until the test ends, and RoundTrip and Exchange talk to such a
// server.
//
// The files: conn.go (Conn, Serve, ServeConn) and server.go (Start,
// NewServer, RoundTrip, Exchange).
package basehttptest
