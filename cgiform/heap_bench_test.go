package cgiform

import (
	"bytes"
	"mime/multipart"
	"runtime"
	"strconv"
	"testing"
)

// heapFields is the number of fields of BenchmarkHeapPerField's form.
const heapFields = 100000

// manyFieldsForm returns a multipart form of n short text fields, each
// with its own name, as a browser sends a long form.
func manyFieldsForm(n int) []byte {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	w.SetBoundary(benchBoundary)
	for i := 0; i < n; i++ {
		w.WriteField("field"+strconv.Itoa(i), "value "+strconv.Itoa(i))
	}
	w.Close()
	return b.Bytes()
}

// liveHeap returns the bytes of the live heap, after a collection.
func liveHeap() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkHeapPerField parses a form of 100k short fields and reports
// the live heap the parsed form holds, per field ("B/field"): cgiform's
// Parse, and mime/multipart's ReadForm, which keeps only a map of names
// to values (GODEBUG multipartmaxparts lets it take 100k parts).
func BenchmarkHeapPerField(b *testing.B) {
	body := manyFieldsForm(heapFields)
	b.Run("cgiform", func(b *testing.B) {
		opts := &Options{MaxNumFields: -1, TempDir: b.TempDir()}
		var perField float64
		for i := 0; i < b.N; i++ {
			before := liveHeap()
			fs, err := Parse(bytes.NewReader(body), benchHeader(len(body)), postEnv, opts)
			if err != nil {
				b.Fatal(err)
			}
			after := liveHeap()
			if len(fs.List) != heapFields {
				b.Fatalf("parsed %d fields, want %d", len(fs.List), heapFields)
			}
			perField = float64(after-before) / heapFields
			fs.Close()
		}
		b.ReportMetric(perField, "B/field")
	})
	b.Run("ReadForm", func(b *testing.B) {
		// ReadForm refuses more than 10000 parts unless told otherwise.
		b.Setenv("GODEBUG", "multipartmaxparts="+strconv.Itoa(2*heapFields))
		var perField float64
		for i := 0; i < b.N; i++ {
			before := liveHeap()
			form, err := multipart.NewReader(bytes.NewReader(body), benchBoundary).ReadForm(64 << 20)
			if err != nil {
				b.Fatal(err)
			}
			after := liveHeap()
			if len(form.Value) != heapFields {
				b.Fatalf("parsed %d fields, want %d", len(form.Value), heapFields)
			}
			perField = float64(after-before) / heapFields
			form.RemoveAll()
		}
		b.ReportMetric(perField, "B/field")
	})
}
