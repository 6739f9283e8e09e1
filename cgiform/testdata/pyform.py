"""Dump forms as CPython's cgi.FieldStorage parses them.

Reads a JSON list of cases on stdin, writes a JSON list of dumps on stdout.
A case is {"body": base64, "environ": {...}, "headers": {...} or null,
"options": {...}}; a dump is {"error": kind} or a tree of fields (see
differential_test.go, which builds the same dump from cgiform).
"""
import base64, cgi, hashlib, io, json, sys, warnings

warnings.simplefilter("ignore")


class Body(io.BytesIO):
    """The body: it notes a short read and the last two lines read."""
    short = False  # a read(n) returned less than n bytes
    cut = False  # the last part read did not end at a boundary line
    lines = 0
    last = prev = b""

    def read(self, n=-1):
        data = super().read(n)
        if n is not None and n >= 0 and len(data) < n:
            self.short = True
        return data

    def readline(self, size=-1):
        line = super().readline(size)
        self.prev, self.last = self.last, line
        self.lines += 1
        return line


class Form(cgi.FieldStorage):
    """FieldStorage that notes on its body whether the last part read
    ended at a boundary line: cgiform's ErrTruncated is a body that ends
    inside a part's content."""

    def read_lines_to_outerboundary(self):
        fp = self.fp
        start = fp.lines
        super().read_lines_to_outerboundary()
        # The line that ended the part is a boundary only after a line break.
        lfend = fp.lines - start == 1 or fp.prev.endswith(b"\n")
        boundary = b"--" + self.outerboundary
        at_next = self.done == 0 and fp.lines > start and lfend and \
            fp.last.startswith(b"--") and fp.last.rstrip() == boundary
        fp.cut = not (self.done == 1 or at_next)

    def read_urlencoded(self):
        super().read_urlencoded()
        self.fp.cut = False


def raw(v):
    # surrogateescape turns the lone surrogates of errors="surrogateescape"
    # back into the bytes they stand for, which cgiform keeps.
    return v.encode("utf-8", "surrogateescape") if isinstance(v, str) else v


def dump(f):
    d = {"name": f.name or "", "filename": getattr(f, "filename", None) or ""}
    if isinstance(f, cgi.MiniFieldStorage):
        d["kind"] = "mini"
        d["value"] = f.value
        return d
    d["kind"] = "part"
    d["type"] = f.type
    d["type_options"] = f.type_options
    d["disposition"] = f.disposition
    d["disposition_options"] = f.disposition_options
    h = {}
    for k, v in f.headers.items():
        h.setdefault(k.lower(), []).append(str(v))
    d["headers"] = h
    if f.list is not None:
        d["list"] = [dump(x) for x in f.list]
        return d
    v = raw(f.value)
    d["size"] = len(v)
    d["sha256"] = hashlib.sha256(v).hexdigest()
    d["spooled"] = not isinstance(f.file, (io.StringIO, io.BytesIO))
    if len(v) <= 200:
        d["value"] = v.decode("latin-1")
    return d



def kind(e):
    msg = str(e)
    if isinstance(e, UnicodeDecodeError):
        return "decode"
    for text, k in [("Invalid boundary", "invalid-boundary"),
                    ("Max number of fields", "too-many-fields"),
                    ("bad query field", "bad-query"),
                    ("Maximum content length", "too-large")]:
        if text in msg:
            return k
    return "python %s: %s" % (type(e).__name__, msg)


def run(case):
    if "parse_header" in case:
        key, params = cgi.parse_header(case["parse_header"])
        return {"key": key, "params": params}
    body = Body(base64.b64decode(case["body"] or ""))
    opts = case.get("options") or {}
    headers = case.get("headers")
    try:
        fs = Form(fp=body, headers=headers, environ=case["environ"],
                              keep_blank_values=opts.get("keep_blank_values", False),
                              strict_parsing=opts.get("strict_parsing", False),
                              encoding=opts.get("encoding", "utf-8"),
                              errors=opts.get("errors", "replace"),
                              max_num_fields=opts.get("max_num_fields"),
                              separator=opts.get("separator", "&"),
                              limit=opts.get("limit"))
    except Exception as e:
        return {"error": kind(e)}
    if body.short or body.cut:
        return {"error": "truncated"}
    return dump(fs)


json.dump([run(c) for c in json.load(sys.stdin)], sys.stdout, indent=1, sort_keys=True)
