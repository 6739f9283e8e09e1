"""Answer each request in a process of its own, named in the reply: the Python 3 twin of main.go.

    python3 chapters/basehttp/forking/forking.py -addr localhost:8080
"""

import argparse
import os
import socketserver
from http.server import BaseHTTPRequestHandler, HTTPServer


# ANCHOR: server
class ForkingHTTPServer(socketserver.ForkingMixIn, HTTPServer):
    """An HTTP server that forks a child for each request, and counts them."""

    children = 0  # requests handed to a child so far

    def process_request(self, request, client_address):
        # Count before the fork: the child starts with the count that includes it.
        self.children += 1
        super().process_request(request, client_address)
# ANCHOR_END: server


# ANCHOR: handler
class Handler(BaseHTTPRequestHandler):
    """A request handler that names the process serving it."""

    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        reply = f"Process-{self.server.children} (pid {os.getpid()})\n"
        self.wfile.write(reply.encode("utf-8"))
# ANCHOR_END: handler


def main():
    flags = argparse.ArgumentParser()
    flags.add_argument("-addr", default="localhost:8080", help="address to listen on")
    host, _, port = flags.parse_args().addr.rpartition(":")

    with ForkingHTTPServer((host, int(port)), Handler) as server:
        print("Starting server, use <Ctrl-C> to stop", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass  # Ctrl-C ends the server quietly, as the Go example ends


if __name__ == "__main__":
    main()
