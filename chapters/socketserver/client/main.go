// Client sends its standard input to a server and prints the reply: the
// client for the sessions curl cannot play, UDP and Unix datagrams.
//
//	echo hello | go run ./chapters/socketserver/client udp localhost:8080
//	echo hello | go run ./chapters/socketserver/client unixgram echo.sock
//
// On a datagram network it sends the input as one datagram and prints the
// one datagram that comes back; on a stream network (tcp, unix) it sends
// the input, shuts its side down and prints all it reads.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"path/filepath"
	"time"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("client: ")
	timeout := flag.Duration("timeout", 5*time.Second, "how long to wait for the reply")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: client [-timeout d] tcp|udp|unix|unixgram address < request")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), flag.Arg(1), *timeout); err != nil {
		log.Fatal(err)
	}
}

func run(network, addr string, timeout time.Duration) error {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		return err
	}
	var d net.Dialer
	if network == "unixgram" {
		// A Unix datagram client needs a name of its own for the reply.
		dir, err := os.MkdirTemp("", "client")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		d.LocalAddr = &net.UnixAddr{Name: filepath.Join(dir, "client.sock"), Net: network}
	}
	c, err := d.Dial(network, addr)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(timeout))
	if _, err := c.Write(input); err != nil {
		return err
	}
	var reply []byte
	switch network {
	case "udp", "udp4", "udp6", "unixgram": // a datagram: read one
		buf := make([]byte, 65536)
		var n int
		n, err = c.Read(buf)
		reply = buf[:n]
	default: // a stream: shut down our side, read to the end
		c.(interface{ CloseWrite() error }).CloseWrite()
		reply, err = io.ReadAll(c)
	}
	os.Stdout.Write(reply)
	return err
}
