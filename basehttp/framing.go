package basehttp

import "strings"

// framingExplain is the explanation of every refusal of refuseAmbiguousFraming.
const framingExplain = "Where the body of this request ends is ambiguous, " +
	"so the connection cannot carry another request"

// refuseAmbiguousFraming answers 400, and reports true, when the connection
// would stay open after a request whose body has no single plain length.
// The handler reads the body itself, as in Python, as far as Content-Length
// says, and the next request starts there: a proxy in front that measures
// the body another way passes on a request hidden in it, which Python then
// answers. net/http refuses such requests, and so does this where the
// connection stays open; one that closes after the request keeps Python's
// behaviour, since its end ends the body.
func (h *BaseHTTPRequestHandler) refuseAmbiguousFraming() (bool, error) {
	if h.CloseConnection {
		return false, nil
	}
	message := h.framingProblem()
	if message == "" {
		return false, nil
	}
	return true, h.SendError(400, message, framingExplain)
}

// framingProblem returns what is ambiguous about the framing of the request's
// body, or "" when nothing is: both Transfer-Encoding and Content-Length, a
// Transfer-Encoding the handler does not decode (any but chunked, and chunked
// unless ReadsChunked is set), a Content-Length that is not plain digits, or
// two different ones.
func (h *BaseHTTPRequestHandler) framingProblem() string {
	codings := h.Headers.Values("Transfer-Encoding")
	lengths := h.Headers.Values("Content-Length")
	if len(codings) > 0 && len(lengths) > 0 {
		return "Transfer-Encoding with Content-Length"
	}
	if len(codings) > 1 {
		return "Unsupported Transfer-Encoding"
	}
	if len(codings) == 1 && !(h.ReadsChunked && strings.EqualFold(codings[0], "chunked")) {
		return "Unsupported Transfer-Encoding"
	}
	for _, v := range lengths {
		if !plainLength(v) {
			return "Bad Content-Length"
		}
		if v != lengths[0] {
			return "Conflicting Content-Length"
		}
	}
	return ""
}

// plainLength reports whether v is a length as RFC 9110 writes one: ASCII
// digits only, no sign and no blanks (which Python's int takes and Go's
// strconv.Atoi does not, so that two handlers would read two lengths), and
// few enough to fit an int64.
func plainLength(v string) bool {
	return v != "" && len(v) <= 18 && strings.Trim(v, "0123456789") == ""
}
