package cgiform

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"os"
	"runtime"
	"runtime/metrics"
	"testing"
)

// heapFields is the number of fields in the form BenchmarkHeapPerField parses.
const heapFields = 100_000

// manyFieldsForm returns a multipart form of n short text fields, f0=v0,
// f1=v1 and so on, as a browser sends a long form.
func manyFieldsForm(n int) []byte {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	w.SetBoundary(benchBoundary)
	for i := 0; i < n; i++ {
		w.WriteField(fmt.Sprintf("f%d", i), fmt.Sprintf("v%d", i))
	}
	w.Close()
	return b.Bytes()
}

// liveHeap returns the bytes of live heap objects after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}

// heapPerField parses body with parse, which returns what it parsed, and
// reports the live heap the result holds, divided by the fields it has,
// in the metric heap-B/field. The body itself is live before and after,
// so it does not count.
func heapPerField(b *testing.B, body []byte, parse func([]byte) (any, error)) {
	var perField float64
	for i := 0; i < b.N; i++ {
		before := liveHeap()
		form, err := parse(body)
		if err != nil {
			b.Fatal(err)
		}
		after := liveHeap()
		runtime.KeepAlive(form)
		perField = (float64(after) - float64(before)) / heapFields
	}
	b.ReportMetric(perField, "heap-B/field")
}

// BenchmarkHeapPerField reports the live heap that a form of 100k short
// fields takes once parsed: cgiform.Parse with every bound lifted, and
// mime/multipart's ReadForm, whose part limits GODEBUG lifts.
func BenchmarkHeapPerField(b *testing.B) {
	body := manyFieldsForm(heapFields)
	b.Run("Parse", func(b *testing.B) {
		opts := &Options{MaxNumFields: -1, MaxMemory: 1 << 40, MaxTextBytes: 1 << 40, TempDir: b.TempDir()}
		heapPerField(b, body, func(body []byte) (any, error) {
			fs, err := Parse(bytes.NewReader(body), benchHeader(len(body)), postEnv, opts)
			if err == nil && len(fs.List) != heapFields {
				err = fmt.Errorf("%d fields parsed, want %d", len(fs.List), heapFields)
			}
			return fs, err
		})
	})
	b.Run("ReadForm", func(b *testing.B) {
		old, had := os.LookupEnv("GODEBUG")
		os.Setenv("GODEBUG", fmt.Sprintf("multipartmaxparts=%d,multipartmaxheaders=%d", 2*heapFields, 2*heapFields))
		defer func() {
			if had {
				os.Setenv("GODEBUG", old)
			} else {
				os.Unsetenv("GODEBUG")
			}
		}()
		heapPerField(b, body, func(body []byte) (any, error) {
			form, err := multipart.NewReader(bytes.NewReader(body), benchBoundary).ReadForm(1 << 40)
			if err == nil && len(form.Value) != heapFields {
				err = fmt.Errorf("%d fields parsed, want %d", len(form.Value), heapFields)
			}
			return form, err
		})
	})
}
