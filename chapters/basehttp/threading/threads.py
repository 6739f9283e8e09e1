"""Answer each request in a thread of its own, named in the reply: the Python 3 twin of main.go.

Not threading.py: Python would import this file for the threading module.

    python3 chapters/basehttp/threading/threads.py -addr localhost:8080
"""

import argparse
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


# ANCHOR: handler
class Handler(BaseHTTPRequestHandler):
    """A request handler that names the thread serving it."""

    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        # Python 2's threading.currentThread().getName(), spelled as Python 3 spells it.
        name = threading.current_thread().name
        self.wfile.write(f"{name}\n".encode("utf-8"))
# ANCHOR_END: handler


def main():
    flags = argparse.ArgumentParser()
    flags.add_argument("-addr", default="localhost:8080", help="address to listen on")
    host, _, port = flags.parse_args().addr.rpartition(":")

    # ANCHOR: main
    # Python 3.7 added ThreadingHTTPServer: ThreadingMixIn and HTTPServer, daemon threads.
    with ThreadingHTTPServer((host, int(port)), Handler) as server:
        print("Starting server, use <Ctrl-C> to stop", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass  # Ctrl-C ends the server quietly, as the Go example ends
    # ANCHOR_END: main


if __name__ == "__main__":
    main()
