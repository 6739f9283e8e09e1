//go:build race

package socketserver

// poolRaceEnabled tells TestFinishGivesBuffersBack that the race detector
// is on: sync.Pool then drops some of what it is given.
const poolRaceEnabled = true
