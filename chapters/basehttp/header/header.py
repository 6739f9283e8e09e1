"""Answer every GET with a Last-Modified header of the current time: the Python 3 twin of main.go.

    python3 chapters/basehttp/header/header.py -addr localhost:8080
"""

import argparse
import time
from http.server import BaseHTTPRequestHandler, HTTPServer


# ANCHOR: handler
class HeaderHandler(BaseHTTPRequestHandler):
    """A request handler that adds a header of its own."""

    def do_GET(self):
        self.send_response(200)
        # date_time_string writes GMT as the zone, where Python 2 wrote -0000.
        self.send_header("Last-Modified", self.date_time_string(time.time()))
        self.end_headers()
        self.wfile.write(b"Response body\n")
# ANCHOR_END: handler


def main():
    flags = argparse.ArgumentParser()
    flags.add_argument("-addr", default="localhost:8080", help="address to listen on")
    host, _, port = flags.parse_args().addr.rpartition(":")

    with HTTPServer((host, int(port)), HeaderHandler) as server:
        print("Starting server, use <Ctrl-C> to stop", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass  # Ctrl-C ends the server quietly, as the Go example ends


if __name__ == "__main__":
    main()
