package cgiform

import "errors"

// Defaults for the bounds that Python's cgi module does not have. Each one
// accepts any form a browser or curl sends in ordinary use.
const (
	// DefaultMaxBytes is the default for Options.MaxBytes: 4 GiB of body.
	DefaultMaxBytes = 4 << 30
	// DefaultMaxMemory is the default for Options.MaxMemory: 32 MiB.
	DefaultMaxMemory = 32 << 20
	// DefaultMaxHeaderBytes is the default for Options.MaxHeaderBytes: 64 KiB.
	DefaultMaxHeaderBytes = 64 << 10
	// DefaultMaxNumFields is the default for Options.MaxNumFields.
	DefaultMaxNumFields = 10000
	// MaxDepth is how deeply multipart parts may nest inside each other.
	MaxDepth = 32
)

// spoolThreshold is Python's: a part whose data grows past 1000 bytes moves
// from memory to a temporary file.
const spoolThreshold = 1000

// Options are FieldStorage's keyword arguments, plus the bounds a Go server
// needs. The zero value, like a nil *Options, means Python's defaults and
// this package's bounds.
type Options struct {
	// KeepBlankValues keeps urlencoded fields whose value is empty
	// (Python's keep_blank_values).
	KeepBlankValues bool
	// StrictParsing makes a urlencoded field without '=' an error
	// (Python's strict_parsing).
	StrictParsing bool
	// Limit, if positive, replaces Content-Length as the number of bytes
	// the parts of a multipart form may span (Python's limit).
	Limit int64
	// Encoding decodes names, headers and non-file values: "utf-8" (the
	// default), "latin-1" or "ascii" (Python's encoding).
	Encoding string
	// Errors says what to do with bytes Encoding cannot decode: "replace"
	// (the default) puts U+FFFD in their place, "ignore" drops them and
	// "strict" fails with ErrDecode (Python's errors).
	Errors string
	// MaxNumFields bounds the number of fields, counted as Python counts
	// max_num_fields. Zero means DefaultMaxNumFields; a negative value
	// means no bound, which is Python's default.
	MaxNumFields int
	// Separator splits urlencoded fields; the default is "&" (Python's
	// separator).
	Separator string

	// MaxBytes bounds the body: a larger Content-Length, or more bytes
	// read, fail with ErrTooLarge. Zero means DefaultMaxBytes.
	MaxBytes int64
	// MaxMemory bounds what the form holds in memory: urlencoded bodies,
	// part headers and the small values not spooled to disk. Zero means
	// DefaultMaxMemory.
	MaxMemory int64
	// MaxHeaderBytes bounds the header block of one part. Zero means
	// DefaultMaxHeaderBytes.
	MaxHeaderBytes int
	// TempDir is where large values are spooled; empty means os.TempDir().
	TempDir string
}

// Errors returned by Parse. Python raises ValueError for the first four
// (the fourth for its maxlen) and UnicodeDecodeError for ErrDecode; the
// others are bounds and checks it lacks.
var (
	// ErrInvalidBoundary means a multipart Content-Type has no boundary,
	// or one that RFC 2046 does not allow.
	ErrInvalidBoundary = errors.New("cgiform: invalid boundary in multipart form")
	// ErrTooManyFields means the form has more fields than MaxNumFields.
	ErrTooManyFields = errors.New("cgiform: max number of fields exceeded")
	// ErrBadQuery means StrictParsing met a urlencoded field without '='.
	ErrBadQuery = errors.New("cgiform: bad query field")
	// ErrTooLarge means the body exceeds MaxBytes, or the form's memory
	// exceeds MaxMemory.
	ErrTooLarge = errors.New("cgiform: maximum content length exceeded")
	// ErrDecode means Errors is "strict" and some bytes do not decode.
	ErrDecode = errors.New("cgiform: cannot decode")
	// ErrHeaderTooLarge means a part's header block exceeds MaxHeaderBytes.
	ErrHeaderTooLarge = errors.New("cgiform: part header too large")
	// ErrTooDeep means multipart parts nest more than MaxDepth deep.
	ErrTooDeep = errors.New("cgiform: multipart nested too deeply")
	// ErrBadContentLength means Content-Length is not a non-negative
	// integer. Python ignores such a header and reads to the end of input.
	ErrBadContentLength = errors.New("cgiform: bad Content-Length")
	// ErrTruncated means the body ended before the form did: before
	// Content-Length bytes, or before a part's closing boundary. Python
	// keeps what it read (its parts' done attribute is -1).
	ErrTruncated = errors.New("cgiform: body ended before the end of the form")
	// ErrEncoding means Options.Encoding or Options.Errors is not one this
	// package knows.
	ErrEncoding = errors.New("cgiform: unknown encoding or error handler")
)

// resolve returns o with every zero bound replaced by its default.
func (o *Options) resolve() Options {
	var r Options
	if o != nil {
		r = *o
	}
	if r.Encoding == "" {
		r.Encoding = "utf-8"
	}
	if r.Errors == "" {
		r.Errors = "replace"
	}
	if r.Separator == "" {
		r.Separator = "&"
	}
	if r.MaxNumFields == 0 {
		r.MaxNumFields = DefaultMaxNumFields
	}
	if r.MaxBytes <= 0 {
		r.MaxBytes = DefaultMaxBytes
	}
	if r.MaxMemory <= 0 {
		r.MaxMemory = DefaultMaxMemory
	}
	if r.MaxHeaderBytes <= 0 {
		r.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	return r
}
