"""Answer every GET with what the request handler knows: the Python 3 twin of main.go.

    python3 chapters/basehttp/get/get.py -addr localhost:8080
"""

import argparse
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlparse


class GetHandler(BaseHTTPRequestHandler):
    """A request handler whose only method is GET."""

    def do_GET(self):
        url = urlparse(self.path)  # Python 2's urlparse module is urllib.parse now
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
        body = "\r\n".join(lines).encode("utf-8")  # wfile takes bytes, not str

        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)


def main():
    flags = argparse.ArgumentParser()
    flags.add_argument("-addr", default="localhost:8080", help="address to listen on")
    host, _, port = flags.parse_args().addr.rpartition(":")

    with HTTPServer((host, int(port)), GetHandler) as server:
        print("Starting server, use <Ctrl-C> to stop", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass  # Ctrl-C ends the server quietly, as the Go example ends


if __name__ == "__main__":
    main()
