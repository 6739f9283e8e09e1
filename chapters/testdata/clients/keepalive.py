"""Talks to the keepalive example as Python's own HTTP clients do.

Usage: python3 keepalive.py PORT

http.client.HTTPConnection sends GET, HEAD, POST and GET over one
connection; urllib.request then sends one more GET on a connection of its
own. Each response is printed as one line of JSON, for the Go test
(chapters/clients_test.go) to check.
"""

import http.client
import json
import sys
import urllib.request


def show(client, method, local_port, response, body):
    print(json.dumps({
        "client": client,
        "method": method,
        "local_port": local_port,
        "version": response.version,
        "status": response.status,
        "reason": response.reason,
        "headers": dict(response.getheaders()),
        "body": body.decode("utf-8"),
        "will_close": response.will_close,
    }), flush=True)


def main():
    port = int(sys.argv[1])
    conn = http.client.HTTPConnection("localhost", port, timeout=10)
    requests = [
        ("GET", "/first", None, {}),
        ("HEAD", "/second", None, {}),
        ("POST", "/third", b"name=value&empty=",
         {"Content-Type": "application/x-www-form-urlencoded"}),
        ("GET", "/fourth?q=1", None, {}),
    ]
    for method, path, body, headers in requests:
        conn.request(method, path, body=body, headers=headers)
        # The socket the request went on: http.client opens a new one,
        # silently, if the server closed the last.
        local_port = conn.sock.getsockname()[1]
        response = conn.getresponse()
        data = response.read()  # all of it, before the next request
        show("http.client", method, local_port, response, data)
    conn.close()

    url = "http://localhost:%d/urllib" % port
    with urllib.request.urlopen(url, timeout=10) as response:
        # urllib hides its socket: the reply names the port.
        show("urllib", "GET", None, response, response.read())


main()
