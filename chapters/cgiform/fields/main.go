// Fields reads a form on standard input and prints all that cgiform tells
// about each field: the attributes of Python's FieldStorage.
//
//	go run ./chapters/cgiform/fields -type 'multipart/form-data; boundary=AaB03x' < chapters/cgiform/fields/nested.txt
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"

	"github.com/basehttpserver/basehttpserver/cgiform"
)

func main() {
	ctype := flag.String("type", "application/x-www-form-urlencoded", "the body's type, CONTENT_TYPE")
	flag.Parse()
	environ := map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": *ctype}
	form, err := cgiform.Parse(os.Stdin, nil, environ, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fields:", err)
		os.Exit(1)
	}
	defer form.Close()
	for _, field := range form.List {
		show(field, "")
	}
}

// ANCHOR: show
// show prints a field's attributes, and those of the parts in its List.
func show(f *cgiform.FieldStorage, indent string) {
	fmt.Printf("%sName: %q  Filename: %q\n", indent, f.Name, f.Filename)
	fmt.Printf("%sType: %q %v\n", indent, f.Type(), f.TypeOptions())
	fmt.Printf("%sDisposition: %q %v\n", indent, f.Disposition(), f.DispositionOptions())
	header := f.Header()
	keys := make([]string, 0, len(header))
	for k := range header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Printf("%sHeader: %q\n", indent, keys)
	if f.List != nil {
		fmt.Printf("%sList:\n", indent)
		for _, part := range f.List {
			show(part, indent+"    ")
		}
		return
	}
	fmt.Printf("%sValue: %q\n", indent, f.Value())
}

// ANCHOR_END: show
