package basehttp

import "bytes"

// lineEnds counts the header lines in line, one line as readLine reads it,
// through its LF. Python's http.client counts those against its bound of 100,
// but then hands the block to the email parser, which ends a line at CR LF,
// at LF and at a bare CR alike: "A:\rB:\r\n" is one line to http.client and
// two fields to the parser. readHeaders counts these lines too, so that the
// bound on lines also bounds the fields, whatever ends them.
func lineEnds(line []byte) int {
	n := bytes.Count(line, []byte("\r")) + bytes.Count(line, []byte("\n")) -
		bytes.Count(line, []byte("\r\n"))
	if last := len(line) - 1; last >= 0 && line[last] != '\r' && line[last] != '\n' {
		n++ // the last line, cut short by the end of input
	}
	return n
}

// maxKeptBuffer is the most memory a handler keeps in each of its buffers
// (the header block, the log line) from one request to the next: a buffer a
// larger request made is left to the garbage collector once used.
const maxKeptBuffer = 16 << 10
