package chapters

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A bookServer is a server the book starts on localhost:8080, and how its client talks to it.
type bookServer struct {
	pkg      string // chapters/<pkg>
	protocol string // "tcp" (a line), "http" (a GET) or "udp" (a datagram)
	where    string // chapter:line of its start line
}

// bookServers returns, in the book's order (SUMMARY.md, then each chapter from the top),
// every `go run ./chapters/... -addr localhost:8080` the chapters show, each with the
// protocol of the first client command the book runs against it.
func bookServers(t *testing.T) []bookServer {
	t.Helper()
	start := regexp.MustCompile(`^\$ go run \./chapters/(\S+) -addr localhost:` + shownPort + `$`)
	clients := []struct{ protocol, pattern string }{
		{"udp", `client udp localhost:` + shownPort},
		{"http", `http://localhost:` + shownPort},
		{"tcp", `telnet://localhost:` + shownPort + `|client tcp localhost:` + shownPort},
	}
	var servers []bookServer
	for _, chapter := range summaryChapters(t) {
		blocks, _ := fencedBlocks(chapter, readFile(t, chapter))
		for _, b := range blocks {
			if b.lang != "console" {
				continue
			}
			for i, line := range strings.Split(b.text, "\n") {
				if m := start.FindStringSubmatch(line); m != nil {
					servers = append(servers, bookServer{pkg: m[1], where: fmt.Sprintf("%s:%d", chapter, b.line+1+i)})
					continue
				}
				if n := len(servers); n > 0 && servers[n-1].protocol == "" {
					for _, c := range clients {
						if regexp.MustCompile(c.pattern).MatchString(line) {
							servers[n-1].protocol = c.protocol
							break
						}
					}
				}
			}
		}
	}
	// A server started again (the restart of the first example) is talked to as before.
	for i := range servers {
		for j := 0; j < i && servers[i].protocol == ""; j++ {
			if servers[j].pkg == servers[i].pkg {
				servers[i].protocol = servers[j].protocol
			}
		}
	}
	return servers
}

// summaryChapters returns the chapters in the order SUMMARY.md lists them.
func summaryChapters(t *testing.T) []string {
	var chapters []string
	for _, m := range regexp.MustCompile(`\]\(([^)]+\.md)\)`).FindAllStringSubmatch(readFile(t, "SUMMARY.md"), -1) {
		chapters = append(chapters, m[1])
	}
	return chapters
}

// TestBookSequence runs the servers of the book one after another on one port, as a
// reader does on localhost:8080: each is started, talked to by a client that closes
// only after the server has closed (so that the server's side of the connection is
// left in TIME_WAIT, where the system shows it), stopped with Ctrl-C, and the next is
// started at once. Each must bind at once: print its start line rather than exit with
// "address already in use".
func TestBookSequence(t *testing.T) {
	servers := bookServers(t)
	var pkgs []string
	for _, s := range servers {
		if s.protocol == "" {
			t.Fatalf("%s: no client command of the book talks to %s: want curl http:// or telnet://, or the client example", s.where, s.pkg)
		}
		pkgs = append(pkgs, "./chapters/"+s.pkg)
	}
	if len(servers) < 2 || servers[0].pkg != "socketserver/tcpecho" {
		t.Fatalf("the book's servers on port %s: %v; want several, from the first example, socketserver/tcpecho", shownPort, servers)
	}
	t.Logf("the book's servers on port %s, in order: %s", shownPort, strings.Join(pkgs, " "))
	bin := buildExamples(t, pkgs...)
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for i, s := range servers {
		p, err := startProgram(dir, os.Environ(), "'"+filepath.Join(bin, "chapters", s.pkg)+"' -addr localhost:"+port)
		if err != nil {
			t.Fatal(err)
		}
		stop := func() {
			p.signal(syscall.SIGKILL)
			<-p.exited
			p.output()
		}
		timeout := time.NewTimer(startTimeout)
		select {
		case <-p.out.firstLine:
		case <-p.exited:
			timeout.Stop()
			t.Fatalf("%s (%s) did not bind%s: %v\n%s", s.pkg, s.where, after(servers, i), p.err, p.output())
		case <-timeout.C:
			stop()
			t.Fatalf("%s printed no line in %v", s.pkg, startTimeout)
		}
		timeout.Stop()
		if out, want := p.out.String(), "Starting server, use <Ctrl-C> to stop\n"; !strings.HasPrefix(out, want) {
			stop()
			t.Fatalf("%s (%s) did not bind%s: it began with %q, want %q", s.pkg, s.where, after(servers, i), out, want)
		}
		if err := talk(s.protocol, "localhost:"+port); err != nil {
			stop()
			t.Fatalf("%s: %s client: %v", s.pkg, s.protocol, err)
		}
		p.signal(syscall.SIGINT)
		timeout = time.NewTimer(interruptTimeout)
		select {
		case <-p.exited:
		case <-timeout.C:
			stop()
			t.Fatalf("%s still running %v after Ctrl-C", s.pkg, interruptTimeout)
		}
		timeout.Stop()
		if out := p.output(); p.err != nil {
			t.Fatalf("%s: exit after Ctrl-C: %v\n%s", s.pkg, p.err, out)
		}
		if s.protocol != "udp" {
			checkTimeWait(t, s.pkg, port)
		}
	}
}

// after says which server ran before servers[i], for messages.
func after(servers []bookServer, i int) string {
	if i == 0 {
		return ""
	}
	return " right after " + servers[i-1].pkg + " stopped"
}

// talk sends a request to the server at addr and reads its answer; on a stream it
// reads until the server has closed, and closes only then.
func talk(protocol, addr string) error {
	network, request := "tcp", "hello\n"
	switch protocol {
	case "udp":
		network = "udp"
	case "http":
		request = "GET / HTTP/1.0\r\nHost: " + addr + "\r\n\r\n"
	}
	c, err := net.Dial(network, addr)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(runTimeout)) // a bound, not a delay
	if _, err := io.WriteString(c, request); err != nil {
		return err
	}
	if network == "udp" {
		_, err = c.Read(make([]byte, 65536))
		return err
	}
	answer, err := io.ReadAll(c)
	if err == nil && len(answer) == 0 {
		err = fmt.Errorf("the server closed without an answer to %q", request)
	}
	return err
}

// checkTimeWait fails the test if the system lists no connection of local port port
// in TIME_WAIT, where it can tell (Linux's /proc/net/tcp and tcp6): without one, the
// next server's bind would prove nothing.
func checkTimeWait(t *testing.T, pkg, port string) {
	t.Helper()
	n, _ := strconv.Atoi(port)
	want := fmt.Sprintf(":%04X ", n)
	const timeWait = "06" // the st column's value for TIME_WAIT
	readable := false
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			continue
		}
		readable = true
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) > 3 && strings.HasSuffix(fields[1]+" ", want) && fields[3] == timeWait {
				f.Close()
				return
			}
		}
		f.Close()
	}
	if !readable {
		t.Logf("%s: no /proc/net/tcp: cannot check that the server's connection is in TIME_WAIT", pkg)
		return
	}
	t.Fatalf("%s: after its client, no connection of port %s is in TIME_WAIT (/proc/net/tcp): the server did not close first", pkg, port)
}
