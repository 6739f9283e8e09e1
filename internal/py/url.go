package py

import (
	"errors"
	"strings"
)

// A URL is what Python's urllib.parse.urlparse returns: six strings, none
// of them decoded.
type URL struct {
	Scheme, Netloc, Path, Params, Query, Fragment string
}

// usesParams are the schemes whose path urlparse splits at ';' (its
// uses_params list).
var usesParams = map[string]bool{
	"": true, "ftp": true, "hdl": true, "prospero": true, "http": true, "imap": true,
	"https": true, "shttp": true, "rtsp": true, "rtsps": true, "rtspu": true,
	"sip": true, "sips": true, "mms": true, "sftp": true, "tel": true,
}

// URLParse is Python 3.11's urllib.parse.urlparse(url): leading control
// characters and spaces are dropped and tabs and line ends removed; a
// scheme is the letters, digits, '+', '-' and '.' before the first ':', if
// the first is a letter; after "//" the netloc runs to the first '/', '?' or
// '#'; then the fragment is cut at the first '#', the query at the first
// '?', and the parameters at the first ';' of the path's last segment. The
// error is Python's ValueError for a netloc with an unmatched '[' or ']'.
func URLParse(url string) (URL, error) {
	var u URL
	url = strings.TrimLeft(url, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f"+
		"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	if strings.ContainsAny(url, "\t\r\n") {
		url = unsafeBytes.Replace(url)
	}
	if i := strings.IndexByte(url, ':'); i > 0 && isASCIILetter(url[0]) &&
		strings.Trim(url[:i], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.") == "" {
		u.Scheme, url = strings.ToLower(url[:i]), url[i+1:]
	}
	if strings.HasPrefix(url, "//") {
		end := len(url)
		if i := strings.IndexAny(url[2:], "/?#"); i >= 0 {
			end = 2 + i
		}
		u.Netloc, url = url[2:end], url[end:]
		if strings.Contains(u.Netloc, "[") != strings.Contains(u.Netloc, "]") {
			return URL{}, errors.New("Invalid IPv6 URL")
		}
	}
	url, u.Fragment, _ = strings.Cut(url, "#")
	url, u.Query, _ = strings.Cut(url, "?")
	if usesParams[u.Scheme] && strings.Contains(url, ";") {
		i := strings.LastIndexByte(url, '/')
		if i < 0 {
			i = 0
		}
		if j := strings.IndexByte(url[i:], ';'); j >= 0 {
			url, u.Params = url[:i+j], url[i+j+1:]
		}
	}
	u.Path = url
	return u, nil
}

// unsafeBytes removes the tabs and line ends that urlparse strips
// anywhere in a URL (its _UNSAFE_URL_BYTES_TO_REMOVE).
var unsafeBytes = strings.NewReplacer("\t", "", "\r", "", "\n", "")

func isASCIILetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
