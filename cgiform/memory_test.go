package cgiform

import (
	"bytes"
	"errors"
	"testing"
)

// TestMaxMemoryCountsFields parses a form of 20,000 short fields, measures
// the live heap the parsed form holds, and checks that MaxMemory counts
// at least that: a bound 10% below it refuses the form, one twice as
// large accepts it.
func TestMaxMemoryCountsFields(t *testing.T) {
	const n = 20000
	body := manyFieldsForm(n)
	parse := func(maxMemory int64) (*FieldStorage, error) {
		opts := &Options{MaxNumFields: -1, MaxMemory: maxMemory, TempDir: t.TempDir()}
		return Parse(bytes.NewReader(body), benchHeader(len(body)), postEnv, opts)
	}
	before := liveHeap()
	fs, err := parse(0)
	if err != nil {
		t.Fatal(err)
	}
	held := int64(liveHeap() - before)
	if len(fs.List) != n {
		t.Fatalf("parsed %d fields, want %d", len(fs.List), n)
	}
	fs.Close()
	if _, err := parse(held * 9 / 10); !errors.Is(err, ErrTooLarge) {
		t.Errorf("MaxMemory %d, 90%% of the %d bytes the form holds: %v, want ErrTooLarge", held*9/10, held, err)
	}
	fs, err = parse(2 * held)
	if err != nil {
		t.Errorf("MaxMemory %d, twice the %d bytes the form holds: %v", 2*held, held, err)
	} else {
		fs.Close()
	}
}
