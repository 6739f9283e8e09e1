package socketserver

import (
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

type datagramUpper struct{ DatagramRequestHandler }

func (h *datagramUpper) Handle() error {
	b, err := io.ReadAll(h.Rfile)
	if err != nil {
		return err
	}
	_, err = h.Wfile.Write(bytes.ToUpper(b))
	return err
}

func newDatagramUpper() Handler { return new(datagramUpper) }

// datagramTrip sends msg from client to the server at addr and returns the reply.
func datagramTrip(t *testing.T, client net.PacketConn, addr net.Addr, msg string) string {
	t.Helper()
	if _, err := client.WriteTo([]byte(msg), addr); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 9000)
	client.SetReadDeadline(time.Now().Add(time.Minute)) // a bound on failure only: a lost reply fails the test
	defer client.SetReadDeadline(time.Time{})
	n, from, err := client.ReadFrom(buf)
	if err != nil {
		t.Fatal(err)
	}
	if from.String() != addr.String() {
		t.Errorf("reply from %v, want %v", from, addr)
	}
	return string(buf[:n])
}

func TestUDPEcho(t *testing.T) {
	checkLeaks(t)
	s, err := NewUDPServer("127.0.0.1:0", newDatagramUpper)
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := s.Addr().(*net.UDPAddr); !ok || a.Port == 0 {
		t.Fatalf("Addr() = %v", s.Addr())
	}
	serve(t, s)
	client, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	for _, msg := range []string{"hello", "", "second"} {
		if got, want := datagramTrip(t, client, s.Addr(), msg), string(bytes.ToUpper([]byte(msg))); got != want {
			t.Errorf("reply to %q = %q, want %q", msg, got, want)
		}
	}
	// A datagram longer than MaxPacketSize (Python's 8192) is cut.
	if got := datagramTrip(t, client, s.Addr(), string(bytes.Repeat([]byte("a"), 8200))); len(got) != 8192 {
		t.Errorf("reply to 8200 bytes has %d bytes, want 8192", len(got))
	}
}

func TestUnixDatagramEcho(t *testing.T) {
	checkLeaks(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "srv.sock")
	s, err := NewUnixDatagramServer(path, newDatagramUpper)
	if err != nil {
		t.Fatal(err)
	}
	serve(t, s)
	client, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: filepath.Join(dir, "cli.sock"), Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(filepath.Join(dir, "cli.sock"))
	defer client.Close()
	if got := datagramTrip(t, client, s.Addr(), "unixgram"); got != "UNIXGRAM" {
		t.Errorf("reply = %q", got)
	}
}
