"""Answer every GET with 404 Not Found, the whole response made by send_error:
the Python 3 twin of main.go.

    python3 chapters/basehttp/error/error.py -addr localhost:8080
"""

import argparse
from http.server import BaseHTTPRequestHandler, HTTPServer


# ANCHOR: handler
class ErrorHandler(BaseHTTPRequestHandler):
    """A request handler that finds nothing."""

    def do_GET(self):
        if self.path == "/":
            self.send_error(404)
            return
        # The message goes into the status line, the log and the page;
        # the explanation into the page alone, which adds a full stop.
        self.send_error(404, "Nothing here", f"No page is called {self.path}")
# ANCHOR_END: handler


def main():
    flags = argparse.ArgumentParser()
    flags.add_argument("-addr", default="localhost:8080", help="address to listen on")
    host, _, port = flags.parse_args().addr.rpartition(":")

    with HTTPServer((host, int(port)), ErrorHandler) as server:
        print("Starting server, use <Ctrl-C> to stop", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass  # Ctrl-C ends the server quietly, as the Go example ends


if __name__ == "__main__":
    main()
