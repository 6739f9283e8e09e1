package main

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"testing"
)

// TestServeAnswersEachHead writes two requests, the end of the second's
// head split between two writes, and reads exactly two replies.
func TestServeAnswersEachHead(t *testing.T) {
	client, srv := net.Pipe()
	answer := reply(false)
	go serve(srv, answer, false)
	go func() {
		io.WriteString(client, "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r")
		io.WriteString(client, "\n")
	}()
	r := bufio.NewReader(client)
	got := make([]byte, 2*len(answer))
	if _, err := io.ReadFull(r, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, append(append([]byte(nil), answer...), answer...)) {
		t.Errorf("replies:\n%q\nwant the canned reply twice", got)
	}
	client.Close()
}

// TestServeClosing answers once, saying Connection: close, and closes.
func TestServeClosing(t *testing.T) {
	client, srv := net.Pipe()
	answer := reply(true)
	if !bytes.Contains(answer, []byte("\r\nConnection: close\r\n")) {
		t.Fatalf("closing reply without Connection: close: %q", answer)
	}
	go serve(srv, answer, true)
	go io.WriteString(client, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	got, err := io.ReadAll(client)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, answer) {
		t.Errorf("reply %q, want %q", got, answer)
	}
}
