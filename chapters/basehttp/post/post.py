"""Answer every POST with the fields of the form it carries: the Python 3 twin of main.go.

    python3 chapters/basehttp/post/post.py -addr localhost:8080
"""

import argparse
import warnings
from http.server import BaseHTTPRequestHandler, HTTPServer

with warnings.catch_warnings():
    # Python 3.11 warns that cgi is deprecated (Python 3.13 removed it).
    # The chapter says so; the warning would only make this session longer.
    warnings.simplefilter("ignore", DeprecationWarning)
    import cgi


# ANCHOR: handler
class PostHandler(BaseHTTPRequestHandler):
    """A request handler that echoes the fields of a posted form."""

    def do_POST(self):
        form = cgi.FieldStorage(
            fp=self.rfile,  # bytes in Python 3: FieldStorage decodes the values
            headers=self.headers,
            environ={
                "REQUEST_METHOD": "POST",
                "CONTENT_TYPE": self.headers["Content-Type"],
            },
        )

        self.send_response(200)
        self.end_headers()
        out = [
            f"Client: {self.client_address}",
            f"User-agent: {self.headers['User-Agent']}",
            f"Path: {self.path}",
            "Form data:",
        ]
        # form.keys() is a set in Python 3.11, in an order that changes from run
        # to run; the fields' own order is what cgiform's Keys returns.
        names = dict.fromkeys(field.name for field in form.list)
        for name in names:
            field = form[name]
            if field.filename:
                # An uploaded file: count its bytes, keep none of them.
                size = 0
                while chunk := field.file.read(8192):
                    size += len(chunk)
                out.append(f'\tUploaded {name} as "{field.filename}" ({size} bytes)')
            else:
                out.append(f"\t{name}={field.value}")
        self.wfile.write(("\n".join(out) + "\n").encode("utf-8"))
# ANCHOR_END: handler


def main():
    flags = argparse.ArgumentParser()
    flags.add_argument("-addr", default="localhost:8080", help="address to listen on")
    host, _, port = flags.parse_args().addr.rpartition(":")

    with HTTPServer((host, int(port)), PostHandler) as server:
        print("Starting server, use <Ctrl-C> to stop", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass  # Ctrl-C ends the server quietly, as the Go example ends


if __name__ == "__main__":
    main()
