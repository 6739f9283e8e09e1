package socketserver

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestForkedRequestRoundTrip checks that what a parent tells its child
// comes back whole, whatever bytes a datagram or an inherited value holds.
func TestForkedRequestRoundTrip(t *testing.T) {
	for _, fr := range []forkedRequest{
		{},
		{Network: "tcp", Addr: "127.0.0.1:8080", GOMAXPROCS: true,
			Inherited: map[string]string{"basehttp.ServerName": "localhost", "a=b&c;d": "%\x00\xff\r\n"}},
		{Client: "[::1]:5353", Packet: []byte("\x00;&=+%\xff ping\r\n"), Worker: 7},
	} {
		var got forkedRequest
		if err := got.decode(fr.encode()); err != nil {
			t.Fatalf("decode(%q): %v", fr.encode(), err)
		}
		if diff := cmp.Diff(fr, got); diff != "" {
			t.Errorf("round trip of %q (-sent +got):\n%s", fr.encode(), diff)
		}
	}
}

// TestForkedRequestDecodeErrors checks that a child refuses what no
// parent of its version wrote, rather than serving with half of it.
func TestForkedRequestDecodeErrors(t *testing.T) {
	for _, text := range []string{"worker=x", "color=blue", "network=%zz"} {
		var fr forkedRequest
		if err := fr.decode(text); err == nil {
			t.Errorf("decode(%q) = nil error, want one", text)
		}
	}
}
