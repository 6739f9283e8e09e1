/*
Package cgiform parses HTML form submissions as CPython 3.11's
cgi.FieldStorage does: a query string, an application/x-www-form-urlencoded
body, or a multipart/form-data body with file uploads, given the request's
headers and CGI environment.

It is a teaching and reference implementation: where Python's module
behaves in a particular way (which line breaks end a part, how a bad byte
is decoded, what becomes of a blank value), this package does the same, and
a test compares the two on a corpus of forms. The API is Go's, with names a
reader of the Python documentation finds in one step:

	Python                        cgiform
	cgi.FieldStorage(fp, ...)     Parse(body, header, environ, opts)
	form.getvalue / getfirst      (*FieldStorage).GetValue / GetFirst
	form.getlist / keys           (*FieldStorage).GetList / Keys
	key in form / len(form)       (*FieldStorage).Contains / Len
	form[key]                     (*FieldStorage).Fields
	field.value / field.file      (*FieldStorage).Value / File
	cgi.MiniFieldStorage          MiniFieldStorage
	cgi.parse_header              ParseHeader
	read_multi, a part at a time  NewReader, (*Reader).NextPart

# Parse or Reader

Parse reads the whole form before it returns, as Python does, and keeps
it: every field, each value in memory or in a temporary file. A Reader
reads a multipart body one part at a time, as mime/multipart's does: each
part's headers, then its data as an io.Reader, straight from the body,
stored nowhere. Parse is built on it, so both find the same parts and the
same bytes in them (except in a urlencoded part, which Parse, like Python,
reads on to the end of the body). Use Parse for a form whose fields a
handler looks up by name; use a Reader to handle an upload as it arrives
(to copy it where it belongs, hash it, or refuse the request at its first
bad part), or when even a temporary file is too much. A part's Read
returns the bytes as sent; text is Parse's to decode.

A multipart/mixed part (several files under one name) is a form nested in
the form. Part.Multipart reads it as Python 3.11 does, with a nested
Reader that shares the bounds, and like Python it takes the rest of the
body: the enclosing Reader ends after it. To read it as RFC 2046 has it,
ending at the enclosing boundary line so that the parts after it are
kept, give the Part to NewReader with the boundary of its Content-Type (a
Reader with bounds of its own).

# Layout

Parse reads the whole form before it returns. The plain name=value fields
of a query string or a urlencoded body are held in memory, and so is the
data of a multipart form's part while it is at most 1000 bytes, as in
Python: past that, it moves to a temporary file, so that a large upload
never sits in memory. Where Python opens a file per value, the values of
one form share one file, each a section of it, so that a form holds one
descriptor however many files it brings. The file is unlinked when created
(where the system allows it), and (*FieldStorage).Close closes it. An
error about the file (a full disk, no descriptor left) wraps its
*os.PathError but leaves the path out of its message, which a server may
send to its client.

A form may have many thousands of fields, so each keeps little: a
96-byte FieldStorage, its place in a List, and its header block and value
as text, which the form's fields share in a few large strings; Header,
Type and the options are parsed from that text when called. A form of
100,000 short fields holds about 170 bytes a field.

Text is decoded with Options.Encoding and Options.Errors, as in Python:
field names and values, part headers, and the data of parts without a
filename. The data of a part with a filename is kept as the bytes sent.

# Differences from Python

Parse returns an error where Python silently keeps part of a form: when a
urlencoded body ends before Content-Length bytes, or a multipart one inside
a part's data, before a boundary line (ErrTruncated), and when
Content-Length is not a number (ErrBadContentLength). As in Python, a
multipart body that ends before its first part is an empty form, and one
that ends after a part's boundary line, with no closing one, keeps its
parts. It never reads past Content-Length, where Python may read on to the next
boundary line. A body of known length that is no form
is read as text, where Python 3.11 fails. Keys keeps the order in which
names first appear, GetValue returns the first value where Python returns
a list, and a missing name is "" rather than None. Only UTF-8, Latin-1 and
ASCII are known. As in Python 3.11, a multipart part (multipart/mixed, for
several files under one name) and a urlencoded part consume the rest of
the body.

# Limits

Parse bounds what it reads and holds, to protect a server from hostile
input (Python's module has only max_num_fields, off by default, and
maxlen). Each bound is an Options field whose zero value is a default
that accepts any form a browser or curl sends in ordinary use:

  - MaxBytes (DefaultMaxBytes, 4 GiB): the body, so the disk and time it
    takes; ErrTooLarge at once for a larger Content-Length, or on reading.
  - MaxMemory (DefaultMaxMemory, 32 MiB): the bytes held in memory, that
    is urlencoded bodies, part headers, values not spooled, and each
    field's FieldStorage and place in a List (104 bytes), so that it bounds
    the heap a form of many small fields takes; ErrTooLarge.
  - MaxHeaderBytes (DefaultMaxHeaderBytes, 64 KiB): a part's header block;
    ErrHeaderTooLarge.
  - MaxNumFields (DefaultMaxNumFields, 10000): fields and parts, counted as
    Python counts them; ErrTooManyFields. Negative is Python's None.
  - MaxTextBytes (DefaultMaxTextBytes, 10 MiB, net/http's figure): the
    text of parts without a filename, and of a body that is no form, all
    together, held in memory or spooled, since Value returns it whole;
    ErrTextTooLarge as soon as it is read.
  - MaxLines (DefaultMaxLines, 32 Mi): the lines read from a multipart or
    plain body, so the time it takes however short its lines (a body of
    nothing but line breaks is refused after 32 MiB, in about a second of
    CPU, where MaxBytes alone let it run for minutes); ErrTooManyLines.
  - MaxDepth (32, a constant): how deeply multipart parts nest; ErrTooDeep.

Lines are read at most 64 KiB at a time, as Python's readline(1<<16) does,
so a body without line breaks needs no more memory than one that has them;
such a piece counts as a line. A form holds one temporary file, so one
descriptor, while it is open.

A Reader applies MaxBytes, MaxHeaderBytes, MaxNumFields (the parts it
returns, nested ones included), MaxLines and MaxDepth. MaxMemory and
MaxTextBytes do not apply to it: it holds one part's header block at a
time, and what it reads is the caller's to keep or not.
*/
package cgiform
