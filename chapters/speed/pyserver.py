"""CPython's side of make bench: the GET echo example's handler on ThreadingHTTPServer or a ForkingMixIn server.

    python3 chapters/speed/pyserver.py -addr 127.0.0.1:0 -mixin threading

The handler is chapters/basehttp/get/get.py's, answering in HTTP/1.1 with a Content-Length
so that a client may keep the connection, and logging nothing, as the Go servers make bench
runs log nowhere. It prints "listening on HOST:PORT" once it listens.

CPython leaves Nagle's algorithm on (StreamRequestHandler.disable_nagle_algorithm is False), and
the handler writes the headers and the body in two writes: on a kept-alive connection the second
waits for the client's delayed acknowledgement of the first, some 40 ms. -nodelay turns it off,
as Go does on every TCP connection, to show what CPython costs without that wait.
"""

import argparse
import socketserver
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from urllib.parse import urlparse


class ForkingHTTPServer(socketserver.ForkingMixIn, HTTPServer):
    """An HTTP server that forks a child for each connection."""


class EchoHandler(BaseHTTPRequestHandler):
    """The GET example's handler, with a Content-Length."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        url = urlparse(self.path)
        lines = [
            "CLIENT VALUES:",
            f"client_address={self.client_address} ({self.address_string()})",
            f"command={self.command}",
            f"path={self.path}",
            f"real path={url.path}",
            f"query={url.query}",
            f"request_version={self.request_version}",
            "",
            "SERVER VALUES:",
            f"server_version={self.server_version}",
            f"sys_version={self.sys_version}",
            f"protocol_version={self.protocol_version}",
            "",
            "HEADERS RECEIVED:",
        ]
        for name, value in sorted(self.headers.items()):
            lines.append(f"{name}={value.rstrip()}")
        lines.append("")
        body = "\r\n".join(lines).encode("utf-8")

        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # the log goes nowhere


def main():
    flags = argparse.ArgumentParser()
    flags.add_argument("-addr", default="127.0.0.1:0", help="address to listen on")
    flags.add_argument("-mixin", default="threading", choices=["threading", "forking"])
    flags.add_argument("-nodelay", action="store_true",
                       help="set TCP_NODELAY on each connection (disable_nagle_algorithm = True), as Go does")
    args = flags.parse_args()
    EchoHandler.disable_nagle_algorithm = args.nodelay
    host, _, port = args.addr.rpartition(":")
    server_class = ThreadingHTTPServer if args.mixin == "threading" else ForkingHTTPServer

    with server_class((host, int(port)), EchoHandler) as server:
        bound_host, bound_port = server.server_address[:2]
        print(f"listening on {bound_host}:{bound_port}", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
