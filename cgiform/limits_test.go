package cgiform

import (
	"errors"
	"strings"
	"testing"
)

// endless is a body that starts with head and then repeats unit forever,
// counting the bytes read.
type endless struct {
	head, unit string
	off        int
	n          int64
}

func (e *endless) Read(b []byte) (int, error) {
	k := 0
	for k < len(b) {
		if e.head != "" {
			c := copy(b[k:], e.head)
			e.head, k = e.head[c:], k+c
			continue
		}
		c := copy(b[k:], e.unit[e.off:])
		e.off, k = (e.off+c)%len(e.unit), k+c
	}
	e.n += int64(k)
	return k, nil
}

// TestHostileInputIsBounded feeds bodies that never end, or claim far more
// than they hold, and checks each stops at its bound, having read at most
// maxRead bytes.
func TestHostileInputIsBounded(t *testing.T) {
	multipart := map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": "multipart/form-data; boundary=b"}
	urlenc := map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": urlencoded}
	nest := "--b\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
	for _, c := range []struct {
		name    string
		body    *endless
		env     map[string]string
		opts    Options
		want    error
		maxRead int64
	}{
		{"endless parts", &endless{head: "--b\r\n", unit: fd + "name=\"a\"\r\n\r\nx\r\n--b\r\n"}, multipart, Options{}, ErrTooManyFields, 1 << 20},
		{"endless header lines", &endless{head: "--b\r\n", unit: "X-Junk: aaaaaaaaaaaaaaaaaaaa\r\n"}, multipart, Options{}, ErrHeaderTooLarge, 256 << 10},
		{"endless header line", &endless{head: "--b\r\n" + fd + "name=", unit: "a"}, multipart, Options{}, ErrHeaderTooLarge, 256 << 10},
		{"endless preamble", &endless{unit: "no boundary here "}, multipart, Options{MaxBytes: 1 << 20}, ErrTooLarge, 1<<20 + 1},
		{"endless preamble lines", &endless{unit: "--c\r\n"}, multipart, Options{MaxBytes: 1 << 20}, ErrTooLarge, 1<<20 + 1},
		{"endless file", &endless{head: "--b\r\n" + fd + "name=\"f\"; filename=\"f\"\r\n\r\n", unit: "data\r\n"}, multipart, Options{MaxBytes: 4 << 20}, ErrTooLarge, 4<<20 + 1},
		{"endless urlencoded", &endless{unit: "a=1&"}, urlenc, Options{MaxMemory: 1 << 20}, ErrTooLarge, 1<<20 + 1<<16 + 1},
		{"endless nesting", &endless{unit: nest}, multipart, Options{}, ErrTooDeep, 64 << 10},
		{"headers beyond memory", &endless{head: "--b\r\n", unit: fd + "name=\"a\"\r\nX-Pad: " + strings.Repeat("p", 1000) + "\r\n\r\nx\r\n--b\r\n"}, multipart, Options{MaxMemory: 1 << 20}, ErrTooLarge, 2 << 20},
		{"length beyond MaxBytes", &endless{unit: "a=1&"}, post(urlencoded, strings.Repeat("x", 1000)), Options{MaxBytes: 999}, ErrTooLarge, 0},
		{"length beyond memory", &endless{unit: "a=1&"}, map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": urlencoded, "CONTENT_LENGTH": "1073741824"}, Options{}, ErrTooLarge, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.opts.TempDir = t.TempDir()
			before := openFiles(t)
			fs, err := Parse(c.body, nil, c.env, &c.opts)
			if !errors.Is(err, c.want) {
				t.Fatalf("Parse = %v, %v; want %v", fs, err, c.want)
			}
			if c.body.n > c.maxRead {
				t.Errorf("read %d bytes, want at most %d", c.body.n, c.maxRead)
			}
			checkClean(t, c.opts.TempDir, before)
		})
	}
}

// TestLengthFarLargerThanBody: a complete form under a huge Content-Length
// parses; a cut one is ErrTruncated, whatever the length claims.
func TestLengthFarLargerThanBody(t *testing.T) {
	form := mp("b", fd+`name="a"`+"\r\n\r\n1")
	env := map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": "multipart/form-data; boundary=b", "CONTENT_LENGTH": "3000000000"}
	fs, err := Parse(strings.NewReader(form), nil, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := fs.GetFirst("a", ""); got != "1" {
		t.Errorf("a = %q, want 1", got)
	}
	fs.Close()
	for _, body := range []string{form[:30], form[:len(form)-4], ""} {
		if _, err := Parse(strings.NewReader(body), nil, post(urlencoded, strings.Repeat("x", 1000)), nil); !errors.Is(err, ErrTruncated) {
			t.Errorf("urlencoded body %q under a longer Content-Length: err = %v, want ErrTruncated", body, err)
		}
	}
	if _, err := Parse(strings.NewReader(form[:40]), nil, env, nil); !errors.Is(err, ErrTruncated) {
		t.Errorf("cut multipart form: err = %v, want ErrTruncated", err)
	}
}

func TestBadContentLength(t *testing.T) {
	for _, v := range []string{"abc", "-1", "1.5", "0x10", "1__0", "_1", "++1", ""} {
		env := map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": urlencoded, "CONTENT_LENGTH": v}
		if _, err := Parse(strings.NewReader("a=1"), nil, env, nil); !errors.Is(err, ErrBadContentLength) {
			t.Errorf("Content-Length %q: err = %v, want ErrBadContentLength", v, err)
		}
	}
	for _, v := range []string{" 3 ", "+3", "0_3", "99999999999999999999999"} {
		env := map[string]string{"REQUEST_METHOD": "POST", "CONTENT_TYPE": urlencoded, "CONTENT_LENGTH": v}
		fs, err := Parse(strings.NewReader("a=1"), nil, env, &Options{MaxBytes: 1 << 62})
		if v == "99999999999999999999999" {
			if !errors.Is(err, ErrTooLarge) {
				t.Errorf("Content-Length %q: err = %v, want ErrTooLarge", v, err)
			}
			continue
		}
		if err != nil || fs.GetFirst("a", "") != "1" {
			t.Errorf("Content-Length %q (Python's int accepts it): %v", v, err)
		}
	}
}

func TestUnknownEncoding(t *testing.T) {
	for _, o := range []Options{{Encoding: "utf-16"}, {Errors: "backslashreplace"}} {
		if _, err := Parse(nil, nil, nil, &o); !errors.Is(err, ErrEncoding) {
			t.Errorf("%+v: err = %v, want ErrEncoding", o, err)
		}
	}
}
