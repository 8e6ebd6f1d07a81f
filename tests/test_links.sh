#!/bin/sh
# test_links.sh: every link of every page leads somewhere, and large text
# persists without script.  On the test site (tests/build_test_site.sh:
# the five real reports, the hostile fixtures and the Markdown pages) and
# the comparison site (tests/build_compare_site.sh: rankings, regions,
# trends), each page is read as the host serves it at its own path and
# in the large-text folder (/large/PATH, netlify.toml's rewrites), and
# every href, src and form action is resolved against that address:
#   - it must reach a file of the built site (after the host's
#     rewrites), or be the site's own address (canonical links);
#   - from the large-text folder it must stay in the folder, save the one
#     link back to standard text, which must lead to the same page
#     outside it;
#   - the switch to large text must lead to the same page in the folder;
#   - and the folder's style sheet must be the standard one with
#     mode-large.css after it.
# Prints "ok - …" / "not ok - …".
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
export B

echo "1..14"   # 7 per site

for site in test compare; do
    if ! pub=$(sh "tests/build_${site}_site.sh" 2>"$B/test_links.$site.log"); then
        echo "not ok - $site site builds (see $B/test_links.$site.log)"
        continue
    fi
    echo "ok - $site site builds"
    if ! python3 - "$pub" "$site" <<'EOF'
import os, re, sys, tomllib
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

pub, site = sys.argv[1], sys.argv[2]
with open("netlify.toml", "rb") as f:
    conf = tomllib.load(f)
rewrites = [(r["from"], r["to"]) for r in conf.get("redirects", []) if r.get("status") in (200, 301)]
with open("content/site.yaml", encoding="utf-8") as f:
    base_url = re.search(r"^base_url: *(\S+)", f.read(), re.M).group(1).rstrip("/")

def served(path):
    """The file the host serves at PATH, or None."""
    for hop in range(3):         # a redirect, then a rewrite
        fs = os.path.join(pub, path.lstrip("/"))
        if os.path.exists(fs):
            break
        for frm, to in rewrites:
            if path.startswith(frm[:-1]):
                path = to.replace(":splat", path[len(frm) - 1:])
                break
        else:
            break
        fs = os.path.join(pub, path.lstrip("/"))
    if os.path.isdir(fs):
        fs = os.path.join(fs, "index.html")
    return fs if os.path.isfile(fs) else None

class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []          # (url, class of the element)
        self.base = self.index = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("href", "src", "action"):
            if a.get(k) is not None:
                self.links.append((a[k], a.get("class") or ""))
        if a.get("data-base") is not None:
            self.base, self.index = a["data-base"], a.get("data-index")

pages = []
for root, _, files in os.walk(pub):
    for n in files:
        if n.endswith(".html") and n != "404.html":
            rel = os.path.relpath(os.path.join(root, n), pub)
            url = "/" + (rel[:-len("index.html")] if rel.endswith("index.html") else rel)
            pages.append((url, os.path.join(root, n)))
pages.sort()

broken, strays, switch_bad, back_bad = [], [], [], []
links = 0
for url, fs in pages:
    p = Links()
    with open(fs, encoding="utf-8") as f:
        p.feed(f.read())
    found = list(p.links)
    if p.base is not None and p.index:
        found.append((p.base + p.index, "search-index"))
    for where in (url, "/large" + url):
        for v, cls in found:
            if v.startswith("#") or v.startswith("mailto:"):
                continue
            links += 1
            if v.startswith(base_url + "/"):
                target = v[len(base_url):]
                if urlsplit(target).path.split("#")[0] != url:
                    target = urlsplit(target).path
                    if not served(target):
                        broken.append((where, v))
                continue
            if re.match(r"^[a-z]+:", v):
                broken.append((where, v + " (another site)"))
                continue
            target = urlsplit(urljoin("http://host" + where, v)).path
            if not served(target):
                broken.append((where, v))
            in_folder = where.startswith("/large/")
            if "mode-on" in cls.split():
                if not in_folder and target != "/large" + url:
                    switch_bad.append((where, v))
            elif "mode-off" in cls.split():
                if target != url:
                    back_bad.append((where, v))
            elif in_folder and not target.startswith("/large/"):
                strays.append((where, v))

def report(ok, what, bad):
    print(("ok - " if ok else "not ok - ") + "%s site: %s" % (site, what))
    for b in bad[:5]:
        print("    %s -> %s" % b)

report(not broken and links > 1000, "all %d links of %d pages, as served and in the large-text folder, reach a file"
       % (links, len(pages)), broken)
report(not strays, "from the large-text folder every link stays in it", strays)
report(not switch_bad, "the switch to large text leads to the same page in the folder", switch_bad)
report(not back_bad, "the link back to standard text leads to the same page outside the folder", back_bad)

css = [n for n in os.listdir(os.path.join(pub, "static")) if n.startswith("style.") and n.endswith(".css")]
large = os.path.join(pub, "static", "large", css[0]) if len(css) == 1 else None
with open("templates/static/style.css", "rb") as f:
    want = f.read()
with open("templates/static/mode-large.css", "rb") as f:
    want += f.read()
got = open(large, "rb").read() if large and os.path.isfile(large) else b""
report(got == want, "the large-text folder's style sheet is style.css then mode-large.css", [])
home = open(os.path.join(pub, "index.html"), encoding="utf-8").read()
report('href="./large/"' in home and served("/large/") and served("/large/static/" + css[0]) == large,
       "the home page links to /large/, which the host serves", [])
EOF
    then
        echo "not ok - $site site: the link checks ran to their end"
    fi
done
