// Command lineecho is the transcript runner's own test program, not part of the book.
// Like the book's first example it answers one line per connection with the line upper-cased,
// and its log line holds every value the transcripts substitute.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	goodbye := flag.Bool("goodbye", false, "say goodbye on Ctrl-C, as python3 -m http.server does")
	crash := flag.Bool("crash", false, "exit with status 4 on the first connection, as a crashing server would")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lineecho:", err)
		os.Exit(1)
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	fmt.Println("Starting server, use <Ctrl-C> to stop")
	go serve(ln, *crash)
	<-signals
	ln.Close()
	if *goodbye {
		fmt.Println("\nKeyboard interrupt received, exiting.")
	}
}

func serve(ln net.Listener, crash bool) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		if crash {
			os.Exit(4)
		}
		go handle(conn)
	}
}

// ANCHOR: handle
// handle logs, then answers, so that the log line is written before the client sees the answer.
func handle(conn net.Conn) {
	defer conn.Close()
	line, _ := bufio.NewReader(conn).ReadString('\n')
	client := conn.RemoteAddr().(*net.TCPAddr)
	server := conn.LocalAddr().(*net.TCPAddr)
	now := time.Now().UTC()
	fmt.Fprintf(os.Stderr, "%s - - [%s] %q from ('%s', %d) to ('%s', %d) Go/%s Date: %s\n",
		client.IP, now.Format("02/Jan/2006 15:04:05"), strings.TrimSpace(line),
		client.IP, client.Port, server.IP, server.Port,
		strings.TrimPrefix(runtime.Version(), "go"), now.Format("Mon, 02 Jan 2006 15:04:05 GMT"))
	fmt.Fprint(conn, strings.ToUpper(line))
}

// ANCHOR_END: handle
