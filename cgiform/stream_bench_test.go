package cgiform

import (
	"bytes"
	"io"
	"mime/multipart"
	"testing"
)

// BenchmarkStreamNextPart reads each form with cgiform's Reader: a
// NextPart loop that copies each part's data to io.Discard, with nothing
// stored, as BenchmarkMultipartNextPart does with mime/multipart.
func BenchmarkStreamNextPart(b *testing.B) {
	benchNextPart(b, func(body []byte) error {
		r := NewReader(bytes.NewReader(body), benchBoundary, nil)
		for {
			part, err := r.NextPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if _, err := io.Copy(io.Discard, part); err != nil {
				return err
			}
		}
	})
}

// BenchmarkMultipartNextPart is the same loop with mime/multipart.
func BenchmarkMultipartNextPart(b *testing.B) {
	benchNextPart(b, func(body []byte) error {
		r := multipart.NewReader(bytes.NewReader(body), benchBoundary)
		for {
			part, err := r.NextPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if _, err := io.Copy(io.Discard, part); err != nil {
				return err
			}
		}
	})
}

// BenchmarkStreamRead is BenchmarkStreamNextPart through Read alone, with
// a 32 KiB buffer, hiding the Part's WriteTo from io.Copy: the cost of
// one more copy of the data.
func BenchmarkStreamRead(b *testing.B) {
	buf := make([]byte, 32<<10)
	benchNextPart(b, func(body []byte) error {
		r := NewReader(bytes.NewReader(body), benchBoundary, nil)
		for {
			part, err := r.NextPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{part}, buf); err != nil {
				return err
			}
		}
	})
}

// benchNextPart runs read on each of benchSizes' forms.
func benchNextPart(b *testing.B, read func([]byte) error) {
	for _, size := range benchSizes {
		size := size
		b.Run(size.name, func(b *testing.B) {
			body := benchForm(size.file)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := read(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
