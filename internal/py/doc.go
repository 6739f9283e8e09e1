// Package py holds the pieces of Python's behaviour that several packages of
// this module need alike, so that each is written once: the repr of a str,
// the tuple Python prints for a socket address, Latin-1 decoding and
// encoding, str.isspace, the email package's parser of a header block, and
// the rule by which an unset setting takes Python's default.
//
// It is internal: nothing here is part of the module's API. Packages
// basehttp and cgiform, and the book's programs under chapters/, import it;
// cgiform imports it and no server package.
//
// The files follow the list: repr.go (Repr), addr.go (Addr), latin1.go
// (DecodeLatin1, EncodeLatin1), space.go (IsSpace), header.go (Field,
// ParseHeaderBlock, EachHeaderField) and default.go (OrDefault).
package py
