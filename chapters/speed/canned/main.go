// Canned is the ceiling make bench measures the HTTP servers against: a
// TCP server that parses nothing. For each "\r\n\r\n" that ends a request's
// head it writes the same fixed reply, as long as the echo's; with -close it
// closes the connection after the first. It prints "listening on ADDR" once
// it listens.
//
//	go run ./chapters/speed/canned -addr 127.0.0.1:0
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"strconv"
)

// body is the size and shape of the GET echo's reply.
const body = "CLIENT VALUES:\r\n" +
	"client_address=('127.0.0.1', 54321) (127.0.0.1)\r\n" +
	"command=GET\r\npath=/?foo=bar\r\nreal path=/\r\nquery=foo=bar\r\nrequest_version=HTTP/1.1\r\n\r\n" +
	"SERVER VALUES:\r\nserver_version=BaseHTTP/0.6\r\nsys_version=Go\r\nprotocol_version=HTTP/1.1\r\n\r\n" +
	"HEADERS RECEIVED:\r\nAccept=*/*\r\nHost=127.0.0.1:54321\r\nUser-Agent=curl/7.88.1\r\n"

// reply is the fixed response, keeping the connection or closing it.
func reply(close bool) []byte {
	head := "HTTP/1.1 200 OK\r\nServer: BaseHTTP/0.6 Go\r\nDate: Tue, 01 Dec 2026 00:00:00 GMT\r\n"
	if close {
		head += "Connection: close\r\n"
	}
	return []byte(head + "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body)
}

// endOfHead is what ends a request's head.
var endOfHead = []byte("\r\n\r\n")

// serve answers conn: one reply for each end of a head read, carrying the
// last three bytes over so that an end split between two reads counts.
func serve(conn net.Conn, answer []byte, close bool) {
	defer conn.Close()
	buf := make([]byte, 4096)
	carry := 0
	for {
		n, err := conn.Read(buf[carry:])
		if n > 0 {
			data := buf[:carry+n]
			for i := bytes.Count(data, endOfHead); i > 0; i-- {
				if _, err := conn.Write(answer); err != nil || close {
					return
				}
			}
			keep := len(data) - 3
			if keep < 0 {
				keep = 0
			}
			carry = copy(buf, data[keep:])
		}
		if err != nil {
			return
		}
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	closeConn := flag.Bool("close", false, "close each connection after its first reply")
	flag.Parse()

	answer := reply(*closeConn)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("listening on", ln.Addr())
	os.Stdout.Sync()
	for {
		conn, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go serve(conn, answer, *closeConn)
	}
}
