// Parts reads a multipart form from standard input one part at a time,
// with cgiform's Reader, and prints each part once it has gone by: a
// field's value, or a file's name, type, length and SHA-256, computed as
// its bytes are read. Nothing is stored: not in memory, not on disk.
//
//	go run ./chapters/cgiform/parts -boundary AaB03x < chapters/cgiform/fields/nested.txt
package main

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/basehttpserver/basehttpserver/cgiform"
)

func main() {
	boundary := flag.String("boundary", "", "the boundary parameter of the form's Content-Type")
	flag.Parse()

	r := cgiform.NewReader(os.Stdin, *boundary, nil)
	if err := show(r, ""); err != nil {
		fmt.Fprintln(os.Stderr, "parts:", err)
		os.Exit(1)
	}
}

// ANCHOR: show
// show prints the parts of r, and of the forms nested in them, as they end.
func show(r *cgiform.Reader, indent string) error {
	for {
		part, err := r.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if part.Type == "multipart/mixed" {
			fmt.Printf("%s%s: a nested form\n", indent, part.Name)
			nested, err := part.Multipart()
			if err != nil {
				return err
			}
			if err := show(nested, indent+"    "); err != nil {
				return err
			}
			continue
		}
		if part.Filename == "" {
			// A value is what a person typed: keep its first 1000 bytes,
			// and let NextPart skip the rest, if any.
			value, err := io.ReadAll(io.LimitReader(part, 1000))
			if err != nil {
				return err
			}
			fmt.Printf("%s%s=%s\n", indent, part.Name, value)
			continue
		}
		sum := sha256.New()
		n, err := io.Copy(sum, part)
		if err != nil {
			return err
		}
		label := indent
		if part.Name != "" { // the parts of a nested form have none
			label += part.Name + ": "
		}
		fmt.Printf("%sfile %q, %s, %d bytes, sha256 %x\n", label, part.Filename, part.Type, n, sum.Sum(nil))
	}
}

// ANCHOR_END: show
