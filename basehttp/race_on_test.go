//go:build race

package basehttp

// raceEnabled tells the tests that count allocations that the race
// detector is on, and allocates.
const raceEnabled = true
