package cgiform

import (
	"errors"
	"math"
)

// Defaults of the Options bounds that Python's module lacks.
const (
	DefaultMaxBytes       = 4 << 30  // 4 GiB
	DefaultMaxMemory      = 32 << 20 // 32 MiB
	DefaultMaxHeaderBytes = 64 << 10 // 64 KiB
	DefaultMaxNumFields   = 10000
)

// MaxDepth is how deeply multipart parts may nest inside each other.
const MaxDepth = 32

// Options are FieldStorage's keyword arguments (KeepBlankValues is
// keep_blank_values, and so on), plus the bounds listed under Limits in the
// package documentation. The zero value, like a nil *Options, means
// Python's defaults and this package's bounds.
type Options struct {
	// KeepBlankValues keeps urlencoded fields whose value is empty.
	KeepBlankValues bool
	// StrictParsing makes a urlencoded field without '=' an error.
	StrictParsing bool
	// Limit, if positive, replaces Content-Length as the number of bytes
	// the parts of a multipart form may span.
	Limit int64
	// Encoding decodes text: "utf-8" (the default), "latin-1" or "ascii".
	Encoding string
	// Errors says what becomes of bytes Encoding cannot decode: "replace"
	// (the default) puts U+FFFD in their place, "ignore" drops them, and
	// "strict" fails with ErrDecode.
	Errors string
	// MaxNumFields bounds the number of fields: 0 means DefaultMaxNumFields
	// and a negative value no bound.
	MaxNumFields int
	// Separator splits urlencoded fields; the default is "&".
	Separator string

	// MaxBytes bounds the body; 0 means DefaultMaxBytes.
	MaxBytes int64
	// MaxMemory bounds what the form holds in memory; 0 means DefaultMaxMemory.
	MaxMemory int64
	// MaxHeaderBytes bounds one part's header block; 0 means DefaultMaxHeaderBytes.
	MaxHeaderBytes int
	// TempDir is where large values are spooled; "" means os.TempDir().
	TempDir string
}

// Errors returned by Parse. Python raises ValueError for the first four and
// UnicodeDecodeError for ErrDecode; it lacks the other checks.
var (
	// ErrInvalidBoundary means a multipart form's boundary is missing or not valid.
	ErrInvalidBoundary = errors.New("cgiform: invalid boundary in multipart form")
	// ErrTooManyFields means the form has more fields than MaxNumFields.
	ErrTooManyFields = errors.New("cgiform: max number of fields exceeded")
	// ErrBadQuery means StrictParsing met a urlencoded field without '='.
	ErrBadQuery = errors.New("cgiform: bad query field")
	// ErrTooLarge means the form exceeds MaxBytes or MaxMemory (or Python's maxlen).
	ErrTooLarge = errors.New("cgiform: maximum content length exceeded")
	// ErrDecode means Errors is "strict" and some bytes do not decode.
	ErrDecode = errors.New("cgiform: cannot decode")
	// ErrHeaderTooLarge means a part's header block exceeds MaxHeaderBytes.
	ErrHeaderTooLarge = errors.New("cgiform: part header too large")
	// ErrTooDeep means multipart parts nest more than MaxDepth deep.
	ErrTooDeep = errors.New("cgiform: multipart nested too deeply")
	// ErrBadContentLength means Content-Length is not a non-negative integer.
	ErrBadContentLength = errors.New("cgiform: bad Content-Length")
	// ErrTruncated means the body ended before the form did.
	ErrTruncated = errors.New("cgiform: body ended before the end of the form")
	// ErrEncoding means Encoding or Errors is not one this package knows.
	ErrEncoding = errors.New("cgiform: unknown encoding or error handler")
)

// resolve returns o with every zero bound replaced by its default.
func (o *Options) resolve() Options {
	var r Options
	if o != nil {
		r = *o
	}
	if r.Separator == "" {
		r.Separator = "&"
	}
	switch {
	case r.MaxNumFields == 0:
		r.MaxNumFields = DefaultMaxNumFields
	case r.MaxNumFields < 0:
		r.MaxNumFields = math.MaxInt
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
