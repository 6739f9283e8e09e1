"""The Python side of basehttp's differential test (diff_test.go).

Serves the same handler as diffHandler in diff_test.go with CPython's
http.server, in four variants (see servers in diff_test.go), each on a free
port of 127.0.0.1. Prints the four ports and sys_version on stdout, logs on
stderr, and exits when stdin closes.
"""
import http.server
import sys
import threading
import urllib.parse


class Base(http.server.BaseHTTPRequestHandler):

    def echo(self, extra=''):
        lines = [
            'client_address=%s' % (self.client_address,),
            'address_string=%s' % self.address_string(),
            'command=%r' % self.command,
            'path=%r' % self.path,
            'request_version=%r' % self.request_version,
            'requestline=%r' % self.requestline,
            'close_connection=%s' % self.close_connection,
            'server_version=%s' % self.server_version,
            'protocol_version=%s' % self.protocol_version,
            'headers:',
        ]
        for name, value in self.headers.items():
            lines.append('%r: %r' % (name, value))
        lines.append(extra)
        return '\r\n'.join(lines).encode('utf-8')

    def answer(self, body, send_body=True):
        if self.path.startswith('/error/'):
            args = [urllib.parse.unquote(p) for p in self.path.split('/')[2:]]
            self.send_error(int(args[0]), *args[1:])
            return
        self.send_response(200)
        if self.path == '/connection-close':
            self.send_header('Connection', 'close')
        if self.path == '/connection-keep-alive':
            self.send_header('Connection', 'keep-alive')
        self.send_header('Content-Type', 'text/plain; charset=utf-8')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def do_GET(self):
        self.answer(self.echo())

    do_SPAM = do_GET

    def do_POST(self):
        n = int(self.headers.get('Content-Length', '0'))
        data = self.rfile.read(n)
        self.answer(self.echo('body=%r' % str(data, 'iso-8859-1')))


class Handler(Base):

    def do_HEAD(self):
        self.answer(self.echo(), send_body=False)


class Handler11(Handler):
    protocol_version = 'HTTP/1.1'


class CustomHandler(Base):
    """Other settings, and no do_HEAD."""
    protocol_version = 'HTTP/1.1'
    error_message_format = '%(code)d|%(code)s|%(message)s|%(explain)s|100%%\n'
    error_content_type = 'text/plain'
    server_version = 'Custom/1.0'
    default_request_version = 'HTTP/1.0'


class TimeoutHandler(Handler):
    timeout = 0.2


def main():
    classes = (Handler, Handler11, CustomHandler, TimeoutHandler)
    servers = [http.server.HTTPServer(('127.0.0.1', 0), h) for h in classes]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print(*[s.server_port for s in servers], Handler.sys_version, flush=True)
    sys.stdin.read()
    for s in servers:
        s.shutdown()
        s.server_close()


if __name__ == '__main__':
    main()
