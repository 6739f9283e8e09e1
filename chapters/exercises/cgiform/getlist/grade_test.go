//go:build grade

package getlist

import (
	"errors"
	"io"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/basehttp/basehttptest"
)

func TestOrders(t *testing.T) {
	base := "http://" + start(t)
	for _, tt := range []struct{ query, want, hint string }{
		{"size=large&topping=ham", "size: large\ntoppings: ham\n", ""},
		{"size=small&topping=ham&topping=olives", "size: small\ntoppings: ham, olives\n",
			"a name sent twice has two values: GetList returns them all"},
		{"topping=egg&size=large&topping=spam&topping=egg", "size: large\ntoppings: egg, spam, egg\n",
			"keep every value, in the order sent, repeats included"},
		{"topping=extra+cheese&topping=sweet%20corn", "size: medium\ntoppings: extra cheese, sweet corn\n",
			"the values come decoded: + and %20 are spaces"},
		{"size=large", "size: large\ntoppings: none\n", "no topping at all reads \"none\""},
		{"", "size: medium\ntoppings: none\n", "an empty order is a medium pizza with no topping"},
	} {
		got := get(t, base+"/order?"+tt.query)
		if got != tt.want {
			t.Errorf("GET /order?%s\n got %q\nwant %q\n(%s)", tt.query, got, tt.want, tt.hint)
		}
	}
}

// guard bounds how long the client waits for an answer, so that a server
// that never answers fails the test instead of hanging it. It is no speed limit.
const guard = 10 * time.Second

// start serves NewServer until the test ends and returns its address.
func start(t *testing.T) string {
	t.Helper()
	srv, err := NewServer("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return basehttptest.Start(t, srv.Server)
}

// get fetches url with a client of its own and returns the body of a 200 answer.
func get(t *testing.T, url string) string {
	t.Helper()
	client := &http.Client{Timeout: guard, Transport: &http.Transport{DisableKeepAlives: true}}
	defer client.CloseIdleConnections()
	resp, err := client.Get(url)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("GET %s: waited %v, no answer", url, guard)
	} else if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading the body: %v", url, err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: status %s, want 200 OK\n%s", url, resp.Status, body)
	}
	return string(body)
}
