// Parseform reads a form from standard input, as a CGI script reads a POST
// request's body, and prints its fields as the POST echo of the
// BaseHTTPServer article does: a value, or an uploaded file's length.
//
//	go run ./chapters/cgiform/parseform -type 'multipart/form-data; boundary=xyz' < chapters/cgiform/parseform/form.txt
//	go run ./chapters/cgiform/parseform -method GET -query 'a=1&b=2'
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/basehttpserver/basehttpserver/cgiform"
)

func main() {
	method := flag.String("method", "POST", "the request method, REQUEST_METHOD")
	ctype := flag.String("type", "application/x-www-form-urlencoded", "the body's type, CONTENT_TYPE")
	query := flag.String("query", "", "the query string, QUERY_STRING")
	maxFields := flag.Int("max-fields", 0, "the most fields to accept (0: cgiform's default)")
	flag.Parse()

	// ANCHOR: parse
	environ := map[string]string{
		"REQUEST_METHOD": *method,
		"CONTENT_TYPE":   *ctype,
		"QUERY_STRING":   *query,
	}
	form, err := cgiform.Parse(os.Stdin, nil, environ, &cgiform.Options{MaxNumFields: *maxFields})
	if err != nil {
		fmt.Fprintln(os.Stderr, "parseform:", err)
		os.Exit(1)
	}
	defer form.Close()
	// ANCHOR_END: parse

	// ANCHOR: echo
	fmt.Println("Form data:")
	for _, key := range form.Keys() {
		for _, field := range form.Fields(key) {
			if field.Filename != "" {
				n, _ := io.Copy(io.Discard, field.File())
				fmt.Printf("\tUploaded %s as \"%s\" (%d bytes)\n", key, field.Filename, n)
			} else {
				fmt.Printf("\t%s=%s\n", key, field.Value())
			}
		}
	}
	// ANCHOR_END: echo
}
