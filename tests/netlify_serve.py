"""netlify_serve.py: serves a built site on 127.0.0.1 the way Netlify
would: the headers of netlify.toml (Content-Security-Policy, nosniff, the
immutable cache of /static/), its rewrites and redirects (status 200 and
301 rules, taken in order where no file lies at the path, so the
large-text folder /large/ works), text with its charset and compressed with gzip when the browser
accepts it, and the site's own 404.html (status 404) for a missing
path.  tests/test_browser_a11y.sh serves its sites with it,
so that a page breaking the Content-Security-Policy shows as a console
error; bench/audit.sh, so that Lighthouse's scores and the bytes it counts
describe the site as published.  Not a test itself; stops after
--seconds at the latest.

    python3 tests/netlify_serve.py DIR PORT [--seconds N]
"""
import argparse
import fnmatch
import gzip
import http.server
import os
import sys
import threading
import tomllib

TEXT = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv"}


def netlify_conf(path):
    """[(pattern, {name: value})] of netlify.toml's [[headers]], and
    [(from, to)] of its rewrites (status 200 [[redirects]])."""
    with open(path, "rb") as f:
        conf = tomllib.load(f)
    headers = [(h["for"], h.get("values", {})) for h in conf.get("headers", [])]
    rewrites = [(r["from"], r["to"], r["status"]) for r in conf.get("redirects", [])
                if r.get("status") in (200, 301)]
    return headers, rewrites


def rewrite(path, rewrites):
    """(PATH after the first rule whose "from" (a prefix ending in "/*")
    it falls under, ":splat" being the rest of it; that rule's status),
    or (PATH, 200)."""
    for frm, to, status in rewrites:
        if frm.endswith("/*") and path.startswith(frm[:-1]):
            return to.replace(":splat", path[len(frm) - 1:]), status
    return path, 200


def handler(root, rules, rewrites):
    class Handler(http.server.SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def __init__(self, *a, **k):
            super().__init__(*a, directory=root, **k)

        def log_message(self, *a):
            pass

        def do_GET(self):
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            asked = path
            fs = self.translate_path(path)
            if not os.path.exists(fs):
                path, moved = rewrite(path, rewrites)
                if moved == 301:
                    self.send_response(301)
                    self.send_header("Location", path)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                fs = self.translate_path(path)
            status = 200
            if os.path.isdir(fs):
                if not path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", asked + "/")
                    self.end_headers()
                    return
                fs = os.path.join(fs, "index.html")
            if not os.path.isfile(fs):
                fs, status = os.path.join(root, "404.html"), 404
            with open(fs, "rb") as f:
                body = f.read()
            ext = os.path.splitext(fs)[1]
            gz = ext in TEXT and "gzip" in self.headers.get("Accept-Encoding", "")
            if gz:
                body = gzip.compress(body, 9)
            ctype = self.guess_type(fs)
            if ext in TEXT and "charset" not in ctype:
                ctype += "; charset=utf-8"
            headers = {"Content-Type": ctype}
            for pattern, values in rules:
                if fnmatch.fnmatchcase(path, pattern):
                    headers.update(values)
            headers["Content-Length"] = str(len(body))
            if gz:
                headers["Content-Encoding"] = "gzip"
                headers["Vary"] = "Accept-Encoding"
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("port", type=int)
    ap.add_argument("--seconds", type=int, default=1800)
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    rules, rewrites = netlify_conf(os.path.join(here, "..", "netlify.toml"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", args.port),
                                            handler(os.path.abspath(args.dir), rules, rewrites))
    threading.Timer(args.seconds, httpd.shutdown).start()
    httpd.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
