package chapters

// Real clients against the examples, besides the curl of the transcripts: Python's
// http.client and urllib talking HTTP/1.1 keep-alive to the keepalive example, and
// headless Chromium submitting a form with a file to the POST example.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/basehttpserver/basehttpserver/internal/cpython"
)

// clientTimeout bounds a client's whole session with an example: a bound, never a delay.
const clientTimeout = 30 * time.Second

// needTool returns the path of the first of names on $PATH, or skips the test if there is
// none, unless CI=true: then it fails.
func needTool(t *testing.T, names ...string) string {
	t.Helper()
	for _, name := range names {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed (CI=true: every tool must be)", strings.Join(names, " or "))
	}
	t.Skipf("%s is not installed", strings.Join(names, " or "))
	return ""
}

// An example is an example program running on a free port of localhost.
type example struct {
	*program
	port string
}

// startExample builds the example in ./chapters/pkg, starts it with -addr localhost:PORT and
// waits for its start line. The test kills it at the end if it is still running.
func startExample(t *testing.T, pkg string) *example {
	t.Helper()
	bin := buildExamples(t, "./chapters/"+pkg)
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	p, err := startProgram(t.TempDir(), os.Environ(),
		"'"+filepath.Join(bin, "chapters", pkg)+"' -addr localhost:"+port)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			p.signal(syscall.SIGKILL)
			<-p.exited
			p.output()
		}
	})
	timeout := time.NewTimer(startTimeout)
	defer timeout.Stop()
	select {
	case <-p.out.firstLine:
	case <-p.exited:
		t.Fatalf("%s exited before its start line: %v\n%s", pkg, p.err, p.output())
	case <-timeout.C:
		t.Fatalf("%s printed no line in %v", pkg, startTimeout)
	}
	if out, want := p.out.String(), "Starting server, use <Ctrl-C> to stop\n"; !strings.HasPrefix(out, want) {
		t.Fatalf("%s began with %q, want %q", pkg, out, want)
	}
	return &example{p, port}
}

// interrupt presses Ctrl-C, waits for the example to exit with status 0, and returns
// its log lines: what it wrote after its start line.
func (e *example) interrupt(t *testing.T) []string {
	t.Helper()
	e.signal(syscall.SIGINT)
	timeout := time.NewTimer(interruptTimeout)
	defer timeout.Stop()
	select {
	case <-e.exited:
	case <-timeout.C:
		t.Fatalf("still running %v after Ctrl-C", interruptTimeout)
	}
	out := e.output()
	if e.err != nil {
		t.Errorf("exit after Ctrl-C: %v\n%s", e.err, out)
	}
	_, log, _ := strings.Cut(out, "\n")
	return strings.Split(strings.TrimSuffix(logDate.ReplaceAllString(log, "[DATE]"), "\n"), "\n")
}

// TestPythonHTTPClientKeepAlive has Python's http.client send four requests over one
// connection to the HTTP/1.1 example, then urllib.request one more on its own connection
// (testdata/clients/keepalive.py), and checks what Python saw and what the server logged.
func TestPythonHTTPClientKeepAlive(t *testing.T) {
	python := cpython.Require(t, "http.client", "urllib.request")
	srv := startExample(t, "basehttp/keepalive")

	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "testdata/clients/keepalive.py", srv.port)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("keepalive.py: %v\n%s%s", err, out, &stderr)
	}

	type response struct {
		Client, Method, Reason, Body string
		Version, Status              int // Version 11 is HTTP/1.1
		LocalPort                    int `json:"local_port"`
		Headers                      map[string]string
		WillClose                    bool `json:"will_close"`
	}
	var got []response
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r response
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("keepalive.py printed %q: %v", line, err)
		}
		got = append(got, r)
	}
	want := []struct{ client, method, path, body string }{
		{"http.client", "GET", "/first", ""},
		{"http.client", "HEAD", "/second", ""},
		{"http.client", "POST", "/third", `body "name=value&empty="` + "\n"},
		{"http.client", "GET", "/fourth?q=1", ""},
		{"urllib", "GET", "/urllib", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("keepalive.py printed %d responses, want %d:\n%s", len(got), len(want), out)
	}
	firstPort := got[0].LocalPort
	for i, w := range want {
		r := got[i]
		name := fmt.Sprintf("response %d (%s %s %s)", i+1, w.client, w.method, w.path)
		if r.Client != w.client || r.Method != w.method {
			t.Errorf("%s: Python printed it as %s %s", name, r.Client, r.Method)
		}
		if r.Version != 11 || r.Status != 200 || r.Reason != "OK" {
			t.Errorf("%s: version %d status %d %q, want 11 200 \"OK\"", name, r.Version, r.Status, r.Reason)
		}
		// The same connection for every http.client request: the same local port as Python
		// saw it, the server's count going up, and http.client expecting it to stay open.
		request := i + 1
		port := firstPort
		if w.client == "urllib" {
			request = 1 // a connection of its own
			port = clientPortIn(t, r.Body)
		} else {
			if r.LocalPort != firstPort {
				t.Errorf("%s: on local port %d, want %d as the first request: a new connection", name, r.LocalPort, firstPort)
			}
			if r.WillClose {
				t.Errorf("%s: http.client's will_close is true: it closes the connection", name)
			}
		}
		text := fmt.Sprintf("%s %s from ('127.0.0.1', %d): request %d on this connection\n%s",
			w.method, w.path, port, request, w.body)
		wantBody := text
		if w.method == "HEAD" {
			wantBody = ""
		}
		if r.Body != wantBody {
			t.Errorf("%s: body %q, want %q", name, r.Body, wantBody)
		}
		wantHeaders := map[string]string{
			"Server":         "BaseHTTP/0.6 Go/" + strings.TrimPrefix(goVersion, "go"),
			"Date":           r.Headers["Date"],
			"Content-Type":   "text/plain; charset=utf-8",
			"Content-Length": strconv.Itoa(len(text)), // HEAD: the length GET would have sent
		}
		if !httpDate.MatchString(r.Headers["Date"]) {
			t.Errorf("%s: Date %q is no HTTP date", name, r.Headers["Date"])
		}
		if fmt.Sprint(r.Headers) != fmt.Sprint(wantHeaders) {
			t.Errorf("%s: headers\n%v\nwant\n%v", name, r.Headers, wantHeaders)
		}
	}

	log := srv.interrupt(t)
	wantLog := []string{
		`127.0.0.1 - - [DATE] "GET /first HTTP/1.1" 200 -`,
		`127.0.0.1 - - [DATE] "HEAD /second HTTP/1.1" 200 -`,
		`127.0.0.1 - - [DATE] "POST /third HTTP/1.1" 200 -`,
		`127.0.0.1 - - [DATE] "GET /fourth?q=1 HTTP/1.1" 200 -`,
		`127.0.0.1 - - [DATE] "GET /urllib HTTP/1.1" 200 -`,
	}
	if strings.Join(log, "\n") != strings.Join(wantLog, "\n") {
		t.Errorf("server log:\n%s\nwant:\n%s", strings.Join(log, "\n"), strings.Join(wantLog, "\n"))
	}
}

// clientPortIn returns the port of the client address ('127.0.0.1', N) in text.
func clientPortIn(t *testing.T, text string) int {
	t.Helper()
	m := clientAddress.FindStringSubmatch(text)
	if m == nil {
		t.Errorf("no client address in %q", text)
		return 0
	}
	port, _ := strconv.Atoi(m[1])
	return port
}

// TestChromiumSubmitsForm has headless Chromium load a page with a multipart form
// (testdata/clients/form.html) whose action is the POST example, fill in its text field,
// attach a file and submit it, then checks the page the example answered with.
func TestChromiumSubmitsForm(t *testing.T) {
	chromium := needTool(t, "chromium", "chromium-browser")
	srv := startExample(t, "basehttp/post")
	action := "http://localhost:" + srv.port + "/"

	dir := t.TempDir()
	page := filepath.Join(dir, "form.html")
	writeFormPage(t, page, action)
	// The file holds what a multipart parser could trip on: CR LF, NUL, bytes that are no
	// UTF-8, a line that looks like a boundary; and is longer than a read buffer.
	var upload bytes.Buffer
	for i := 0; upload.Len() < 100000; i++ {
		fmt.Fprintf(&upload, "line %d\r\n--\r\n------WebKitFormBoundary\x00\xff\xfe\n", i)
	}
	file := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(file, upload.Bytes(), 0o666); err != nil {
		t.Fatal(err)
	}
	const name = "Doug Hellmann & co. <dhellmann>"

	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	b := startBrowser(t, chromium)
	var version struct{ UserAgent string }
	err := b.call(ctx, "", "Browser.getVersion", nil, &version)
	var text string
	if err == nil {
		text, err = b.submitForm(ctx, "file://"+page, action, name, file)
	}
	if err != nil {
		t.Fatalf("%v\nchromium's stderr:\n%s", err, b.close())
	}
	b.close()
	t.Logf("the page Chromium shows:\n%s", text)

	// The example's answer, which Chromium shows as plain text (it has no Content-Type):
	// the client's port is the only unknown.
	want := fmt.Sprintf("Client: ('127.0.0.1', %d)\nUser-agent: %s\nPath: /\nForm data:\n\tname=%s\n"+
		"\tUploaded datafile as \"notes.txt\" (%d bytes)", clientPortIn(t, text), version.UserAgent, name, upload.Len())
	if got := strings.TrimRight(text, "\n"); got != want {
		t.Errorf("the page Chromium shows:\n%s\nwant:\n%s", got, want)
	}
	log := srv.interrupt(t)
	if log[0] != `127.0.0.1 - - [DATE] "POST / HTTP/1.1" 200 -` {
		t.Errorf("server log begins %q, want the POST", log)
	}
	t.Logf("server log:\n%s", strings.Join(log, "\n"))
}

// writeFormPage writes testdata/clients/form.html to path, its form's action the given URL.
func writeFormPage(t *testing.T, path, action string) {
	t.Helper()
	tmpl, err := template.ParseFiles("testdata/clients/form.html")
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := tmpl.Execute(&page, struct{ Action string }{action}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, page.Bytes(), 0o666); err != nil {
		t.Fatal(err)
	}
}

// submitForm loads the page at pageURL in a new tab, types value into the form's text
// field, attaches file to its file input, presses its submit button, waits for the page
// at resultURL to load, and returns that page's text.
func (b *browser) submitForm(ctx context.Context, pageURL, resultURL, value, file string) (string, error) {
	var target struct{ TargetID string }
	if err := b.call(ctx, "", "Target.createTarget", obj{"url": "about:blank"}, &target); err != nil {
		return "", err
	}
	var attached struct{ SessionID string }
	if err := b.call(ctx, "", "Target.attachToTarget", obj{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		return "", err
	}
	tab := attached.SessionID // the tab's commands and events carry its session
	if err := b.call(ctx, tab, "Page.enable", nil, nil); err != nil {
		return "", err
	}
	var nav struct{ ErrorText string }
	if err := b.call(ctx, tab, "Page.navigate", obj{"url": pageURL}, &nav); err != nil {
		return "", err
	}
	if nav.ErrorText != "" {
		return "", fmt.Errorf("navigate to %s: %s", pageURL, nav.ErrorText)
	}
	if err := b.waitLoad(ctx, tab, pageURL); err != nil {
		return "", err
	}

	// A script cannot choose a file for a file input; the DevTools protocol can.
	var doc struct{ Root struct{ NodeID int } }
	if err := b.call(ctx, tab, "DOM.getDocument", nil, &doc); err != nil {
		return "", err
	}
	var input struct{ NodeID int }
	if err := b.call(ctx, tab, "DOM.querySelector", obj{"nodeId": doc.Root.NodeID, "selector": "input[type=file]"}, &input); err != nil {
		return "", err
	}
	if err := b.call(ctx, tab, "DOM.setFileInputFiles", obj{"nodeId": input.NodeID, "files": []string{file}}, nil); err != nil {
		return "", err
	}
	quoted, _ := json.Marshal(value) // a JavaScript string literal
	if _, err := b.evaluate(ctx, tab, `document.querySelector("input[type=text]").value = `+string(quoted)+`;
		document.querySelector("button[type=submit]").click()`); err != nil {
		return "", err
	}
	if err := b.waitLoad(ctx, tab, resultURL); err != nil {
		return "", err
	}
	return b.evaluate(ctx, tab, "document.body.innerText")
}

// waitLoad waits until the tab's main frame has navigated to url and that page has loaded.
func (b *browser) waitLoad(ctx context.Context, session, url string) error {
	for {
		var nav struct {
			Frame struct{ ParentID, URL string }
		}
		if err := b.event(ctx, session, "Page.frameNavigated", &nav); err != nil {
			return err
		}
		if nav.Frame.ParentID == "" && nav.Frame.URL == url {
			break
		}
	}
	return b.event(ctx, session, "Page.loadEventFired", nil)
}

// evaluate runs a JavaScript expression in the tab and returns its value, a string.
func (b *browser) evaluate(ctx context.Context, session, expression string) (string, error) {
	var r struct {
		Result           struct{ Value any }
		ExceptionDetails *struct{ Text string }
	}
	if err := b.call(ctx, session, "Runtime.evaluate", obj{"expression": expression, "returnByValue": true}, &r); err != nil {
		return "", err
	}
	if r.ExceptionDetails != nil {
		return "", fmt.Errorf("javascript %q: %s", expression, r.ExceptionDetails.Text)
	}
	s, _ := r.Result.Value.(string)
	return s, nil
}

// The Chrome DevTools Protocol (CDP) over pipes: the smallest client that drives a page.
//
// Chromium started with --remote-debugging-pipe reads commands on its file descriptor 3 and
// writes replies and events on its descriptor 4, each message a JSON object ended by a NUL
// byte. A command {"id": N, "method": "Domain.name", "params": {...}} gets the reply
// {"id": N, "result": {...}} or {"id": N, "error": {...}}; events {"method": ..., "params": ...}
// come in between. Commands to a tab carry the "sessionId" Target.attachToTarget gave (with
// flatten: true, the tab's messages share the browser's pipe), and so do its events.

// obj is a command's parameters.
type obj map[string]any

// A cdpMessage is any message on the pipe: command, reply or event.
type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int
		Message string
	} `json:"error,omitempty"`
}

// A browser is a headless Chromium driven over its DevTools pipe, one command at a time.
type browser struct {
	cmd    *exec.Cmd
	stderr bytes.Buffer    // Chromium's chatter, shown when a test fails
	toPipe *os.File        // Chromium's fd 3
	msgs   chan cdpMessage // what Chromium wrote on its fd 4, read by b.read
	quit   chan struct{}   // closed when no one reads msgs any more
	done   chan struct{}   // closed when b.read returned
	lastID int
	events []cdpMessage // events that came while a command waited for its reply
	closed bool
}

// startBrowser starts headless Chromium in a process group of its own, with a fresh profile
// in a temporary directory. The test closes it at the end, if the caller has not.
func startBrowser(t *testing.T, chromium string) *browser {
	t.Helper()
	cmdR, cmdW, err := os.Pipe() // commands: we write, Chromium reads on fd 3
	if err != nil {
		t.Fatal(err)
	}
	msgR, msgW, err := os.Pipe() // messages: Chromium writes on fd 4, we read
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{toPipe: cmdW, msgs: make(chan cdpMessage), quit: make(chan struct{}), done: make(chan struct{})}
	b.cmd = exec.Command(chromium,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		// Without these, Chromium calls home, and this closed network refuses its connections.
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--remote-debugging-pipe")
	b.cmd.ExtraFiles = []*os.File{cmdR, msgW} // fds 3 and 4
	b.cmd.Stderr = &b.stderr
	b.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // it and its helpers, to kill at once
	b.cmd.WaitDelay = time.Second                           // a helper left holding stderr
	err = b.cmd.Start()
	cmdR.Close() // Chromium's ends
	msgW.Close()
	if err != nil {
		cmdW.Close()
		msgR.Close()
		t.Fatal(err)
	}
	go b.read(msgR)
	t.Cleanup(func() { b.close() }) // if the test has not
	return b
}

// read passes each message Chromium writes to b.msgs, until the pipe ends or b.quit closes.
func (b *browser) read(r *os.File) {
	defer close(b.done)
	defer r.Close()
	br := bufio.NewReader(r)
	for {
		data, err := br.ReadBytes(0)
		if err != nil {
			close(b.msgs)
			return
		}
		var m cdpMessage
		if err := json.Unmarshal(data[:len(data)-1], &m); err != nil {
			m = cdpMessage{Method: "unreadable", Params: json.RawMessage(strconv.Quote(string(data)))}
		}
		select {
		case b.msgs <- m:
		case <-b.quit:
			return
		}
	}
}

// receive returns the next message Chromium wrote.
func (b *browser) receive(ctx context.Context) (cdpMessage, error) {
	select {
	case m, ok := <-b.msgs:
		if !ok {
			return m, errors.New("chromium closed its DevTools pipe")
		}
		return m, nil
	case <-ctx.Done():
		return cdpMessage{}, ctx.Err()
	}
}

// call sends a command (to the browser, or to a tab's session) and decodes its reply's
// result into result, unless that is nil.
func (b *browser) call(ctx context.Context, session, method string, params, result any) error {
	b.lastID++
	id := b.lastID
	raw, err := json.Marshal(params)
	if err != nil {
		return err
	}
	if params == nil {
		raw = nil
	}
	data, err := json.Marshal(cdpMessage{ID: id, SessionID: session, Method: method, Params: raw})
	if err != nil {
		return err
	}
	if _, err := b.toPipe.Write(append(data, 0)); err != nil {
		return fmt.Errorf("%s: %v", method, err)
	}
	for {
		m, err := b.receive(ctx)
		if err != nil {
			return fmt.Errorf("%s: %v", method, err)
		}
		switch {
		case m.ID == 0:
			b.events = append(b.events, m)
		case m.ID != id:
			return fmt.Errorf("%s: reply to command %d, want %d", method, m.ID, id)
		case m.Error != nil:
			return fmt.Errorf("%s: error %d: %s", method, m.Error.Code, m.Error.Message)
		case result != nil:
			return json.Unmarshal(m.Result, result)
		default:
			return nil
		}
	}
}

// event waits for the next event named method in session and decodes its parameters into
// params, unless that is nil. Events before it are dropped.
func (b *browser) event(ctx context.Context, session, method string, params any) error {
	for {
		var m cdpMessage
		if len(b.events) > 0 {
			m, b.events = b.events[0], b.events[1:]
		} else {
			var err error
			if m, err = b.receive(ctx); err != nil {
				return fmt.Errorf("waiting for %s: %v", method, err)
			}
		}
		if m.ID != 0 || m.Method != method || m.SessionID != session {
			continue
		}
		if params == nil {
			return nil
		}
		return json.Unmarshal(m.Params, params)
	}
}

// close asks Chromium to quit, kills whatever is left of its process group, waits for it,
// and returns what it wrote on its standard error.
func (b *browser) close() string {
	if b.closed {
		return b.stderr.String()
	}
	b.closed = true
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	b.call(ctx, "", "Browser.close", nil, nil) // it may quit before it replies
	exited := make(chan struct{})
	go func() {
		b.cmd.Wait()
		close(exited)
	}()
	select {
	case <-exited:
	case <-ctx.Done():
	}
	syscall.Kill(-b.cmd.Process.Pid, syscall.SIGKILL) // helpers that outlived it, if any
	<-exited
	close(b.quit)
	b.toPipe.Close()
	<-b.done
	return b.stderr.String()
}
