package cgiform

import (
	"bytes"
	"io"
	"math/rand"
	"mime/multipart"
	"net/textproto"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"testing"
)

const benchBoundary = "------------------------d74496d66958873e"

// benchForm returns a multipart form as curl -F sends it: three short
// fields and, if fileSize > 0, a file of random bytes.
func benchForm(fileSize int) []byte {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	w.SetBoundary(benchBoundary)
	w.WriteField("name", "Larry")
	w.WriteField("email", "larry@example.com")
	w.WriteField("comment", "A short comment, as forms have.")
	if fileSize > 0 {
		f, _ := w.CreateFormFile("upload", "data.bin")
		data := make([]byte, fileSize)
		rand.New(rand.NewSource(1)).Read(data)
		f.Write(data)
	}
	w.Close()
	return b.Bytes()
}

var benchSizes = []struct {
	name string
	file int
}{{"small", 0}, {"1MiB", 1 << 20}, {"64MiB", 64 << 20}}

func benchHeader(n int) textproto.MIMEHeader {
	return textproto.MIMEHeader{
		"Content-Type":   {"multipart/form-data; boundary=" + benchBoundary},
		"Content-Length": {strconv.Itoa(n)},
	}
}

var postEnv = map[string]string{"REQUEST_METHOD": "POST"}

// BenchmarkParse parses each form with cgiform, which spools every part
// over 1000 bytes to a temporary file, and closes it.
func BenchmarkParse(b *testing.B) {
	for _, size := range benchSizes {
		size := size
		b.Run(size.name, func(b *testing.B) {
			body := benchForm(size.file)
			dir := b.TempDir()
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				fs, err := Parse(bytes.NewReader(body), benchHeader(len(body)), postEnv, &Options{TempDir: dir})
				if err != nil {
					b.Fatal(err)
				}
				fs.Close()
			}
		})
	}
}

// BenchmarkReadForm is the same work with mime/multipart: ReadForm with
// 1000 bytes of memory, so that it spools files as cgiform does.
func BenchmarkReadForm(b *testing.B) {
	for _, size := range benchSizes {
		size := size
		b.Run(size.name, func(b *testing.B) {
			body := benchForm(size.file)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				form, err := multipart.NewReader(bytes.NewReader(body), benchBoundary).ReadForm(1000)
				if err != nil {
					b.Fatal(err)
				}
				form.RemoveAll()
			}
		})
	}
}

// streamedForm is a multipart form with one file of size random bytes,
// made as it is read, so that the body itself takes no memory.
type streamedForm struct {
	head, tail []byte
	left       int64
	rnd        *rand.Rand
	sample     func()
	sampled    int64
}

func newStreamedForm(size int64, sample func()) *streamedForm {
	form := benchForm(1)
	i := bytes.Index(form, []byte("\r\n--"+benchBoundary+"--"))
	return &streamedForm{head: form[:i-1], tail: form[i:], left: size, rnd: rand.New(rand.NewSource(1)), sample: sample}
}

func (s *streamedForm) Read(b []byte) (int, error) {
	if s.sampled += int64(len(b)); s.sampled >= 1<<20 {
		s.sample()
		s.sampled = 0
	}
	switch {
	case len(s.head) > 0:
		n := copy(b, s.head)
		s.head = s.head[n:]
		return n, nil
	case s.left > 0:
		if int64(len(b)) > s.left {
			b = b[:s.left]
		}
		s.rnd.Read(b)
		s.left -= int64(len(b))
		return len(b), nil
	case len(s.tail) > 0:
		n := copy(b, s.tail)
		s.tail = s.tail[n:]
		return n, nil
	}
	return 0, io.EOF
}

// peakHeap runs parse on a streamed 64 MiB upload and returns the largest
// size of the live heap seen while it ran, less what it held before.
func peakHeap(t testing.TB, parse func(io.Reader) error) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	runtime.GC()
	metrics.Read(sample)
	base, peak := sample[0].Value.Uint64(), uint64(0)
	err := parse(newStreamedForm(64<<20, func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > peak {
			peak = v
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if peak < base {
		return 0
	}
	return peak - base
}

func parseStreamed(dir string) func(io.Reader) error {
	return func(r io.Reader) error {
		fs, err := Parse(r, textproto.MIMEHeader{"Content-Type": {"multipart/form-data; boundary=" + benchBoundary}}, postEnv, &Options{TempDir: dir})
		if err != nil {
			return err
		}
		if got := fs.Fields("upload")[0].File().Size(); got != 64<<20 {
			return io.ErrUnexpectedEOF
		}
		return fs.Close()
	}
}

// TestPeakHeap64MiB checks that a 64 MiB upload goes to disk as it is
// read: the heap never grows by more than 8 MiB.
func TestPeakHeap64MiB(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 64 MiB")
	}
	if peak := peakHeap(t, parseStreamed(t.TempDir())); peak > 8<<20 {
		t.Errorf("peak heap growth %d bytes, want at most 8 MiB", peak)
	}
}

// BenchmarkPeakHeap reports the peak heap growth while cgiform and
// mime/multipart's ReadForm take a 64 MiB upload.
func BenchmarkPeakHeap(b *testing.B) {
	b.Run("Parse", func(b *testing.B) {
		var peak uint64
		for i := 0; i < b.N; i++ {
			peak = peakHeap(b, parseStreamed(b.TempDir()))
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	})
	b.Run("ReadForm", func(b *testing.B) {
		dir := b.TempDir()
		old, _ := os.LookupEnv("TMPDIR")
		os.Setenv("TMPDIR", dir)
		defer os.Setenv("TMPDIR", old)
		var peak uint64
		for i := 0; i < b.N; i++ {
			peak = peakHeap(b, func(r io.Reader) error {
				form, err := multipart.NewReader(r, benchBoundary).ReadForm(1000)
				if err != nil {
					return err
				}
				return form.RemoveAll()
			})
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	})
}

// BenchmarkTempFileWrite is the floor under Parse's figures for large
// files: writing the body to a temporary file through a 64 KiB buffer,
// with no parsing at all.
func BenchmarkTempFileWrite(b *testing.B) {
	for _, size := range benchSizes[1:] {
		size := size
		b.Run(size.name, func(b *testing.B) {
			body := benchForm(size.file)
			dir := b.TempDir()
			b.SetBytes(int64(len(body)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				f, err := os.CreateTemp(dir, "floor-")
				if err != nil {
					b.Fatal(err)
				}
				os.Remove(f.Name())
				io.CopyBuffer(f, bytes.NewReader(body), make([]byte, 1<<16))
				f.Close()
			}
		})
	}
}
