package cgiform_test

import (
	"crypto/sha256"
	"fmt"
	"io"
	"log"
	"net/textproto"
	"strings"

	"github.com/basehttpserver/basehttpserver/cgiform"
)

// The POST echo of the book's basehttp chapter: for each field, a file's
// length, or a value.
func ExampleParse() {
	body := "--xyz\r\n" +
		"Content-Disposition: form-data; name=\"name\"\r\n\r\n" +
		"Larry\r\n" +
		"--xyz\r\n" +
		"Content-Disposition: form-data; name=\"upload\"; filename=\"notes.txt\"\r\n" +
		"Content-Type: text/plain\r\n\r\n" +
		"line one\r\nline two\r\n\r\n" +
		"--xyz--\r\n"
	header := textproto.MIMEHeader{
		"Content-Type":   {"multipart/form-data; boundary=xyz"},
		"Content-Length": {fmt.Sprint(len(body))},
	}
	form, err := cgiform.Parse(strings.NewReader(body), header, map[string]string{"REQUEST_METHOD": "POST"}, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer form.Close()
	for _, key := range form.Keys() {
		for _, field := range form.Fields(key) {
			if field.Filename != "" {
				n, _ := io.Copy(io.Discard, field.File())
				fmt.Printf("\tUploaded %s as %q (%d bytes)\n", key, field.Filename, n)
			} else {
				fmt.Printf("\t%s=%s\n", key, field.Value())
			}
		}
	}
	// Output:
	// 	name=Larry
	// 	Uploaded upload as "notes.txt" (20 bytes)
}

// A GET request's form is its query string.
func ExampleFieldStorage_GetList() {
	form, err := cgiform.Parse(nil, nil, map[string]string{"QUERY_STRING": "tag=go&tag=python&q=forms+%26+files&empty="}, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer form.Close()
	fmt.Println(form.Keys(), form.Len())
	fmt.Println(form.GetList("tag"))
	fmt.Println(form.GetFirst("q", ""), form.Contains("empty"), form.GetValue("empty", "(none)"))
	// Output:
	// [tag q] 2
	// [go python]
	// forms & files false (none)
}

func ExampleParseHeader() {
	value, params := cgiform.ParseHeader(`form-data; name="upload"; filename="C:\\My \"Notes\".txt"`)
	fmt.Println(value)
	fmt.Println(params["name"])
	fmt.Println(params["filename"])
	// Output:
	// form-data
	// upload
	// C:\My "Notes".txt
}

// A Reader hands over each part as it arrives: here each file's bytes are
// hashed as they are read, and never stored.
func ExampleReader() {
	body := "--xyz\r\n" +
		"Content-Disposition: form-data; name=\"name\"\r\n\r\n" +
		"Larry\r\n" +
		"--xyz\r\n" +
		"Content-Disposition: form-data; name=\"upload\"; filename=\"notes.txt\"\r\n" +
		"Content-Type: text/plain\r\n\r\n" +
		"line one\r\nline two\r\n\r\n" +
		"--xyz--\r\n"
	r := cgiform.NewReader(strings.NewReader(body), "xyz", nil)
	for {
		part, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		if part.Filename == "" {
			value, err := io.ReadAll(part)
			if err != nil {
				log.Fatal(err)
			}
			fmt.Printf("%s=%s\n", part.Name, value)
			continue
		}
		sum := sha256.New()
		n, err := io.Copy(sum, part)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %q, %s, %d bytes, sha256 %.8x...\n", part.Name, part.Filename, part.Type, n, sum.Sum(nil))
	}
	// Output:
	// name=Larry
	// upload: "notes.txt", text/plain, 20 bytes, sha256 6612d9c94c2da8d2...
}
