package basehttp_test

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	runHelperProcess() // forkchild_test.go: in a forked child or a signal test's server, exits
	code := m.Run()
	if leaked := leakedGoroutines(); code == 0 && leaked != "" {
		fmt.Fprintf(os.Stderr, "goroutines left running:\n%s\n", leaked)
		code = 1
	}
	os.Exit(code)
}

// leakedGoroutines returns the stacks of goroutines running this package's
// code, its tests' or basehttptest's, after letting those that are ending
// end.
func leakedGoroutines() string {
	var leaked []string
	for i := 0; i < 10000; i++ {
		buf := make([]byte, 1<<20)
		leaked = leaked[:0]
		for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
			ours := strings.Contains(g, "/basehttp.") || strings.Contains(g, "/basehttp_test.") || strings.Contains(g, "/basehttptest.")
			if ours && !strings.Contains(g, "leakedGoroutines") {
				leaked = append(leaked, g)
			}
		}
		if len(leaked) == 0 {
			break
		}
		runtime.Gosched()
	}
	return strings.Join(leaked, "\n\n")
}
