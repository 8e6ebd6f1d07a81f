#!/bin/sh
# test_search_browser.sh: the search page in a real browser.  Debian's
# chromium (scripts/deps.sh test), driven headless by npm's playwright-core
# (tests/package.json; no browser is downloaded), over the test site
# served on 127.0.0.1 by python3's http.server, started here and stopped
# on exit (and by `timeout` at the latest).  A second copy of the site,
# built with base_url .../sub, is served under /sub/.  The checks are in
# tests/search/browser.js; what it compares the network log with (the
# files each query should fetch) is computed here, in Python, from the
# index's files and the substring baseline.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
case $B in /*) ;; *) B=$PWD/$B ;; esac
SITE_GEN=${SITE_GEN:-$B/site-gen}
plan=27
work=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT

fail_all() { echo "1..1"; echo "not ok - $1"; exit 1; }

[ -x /usr/bin/chromium ] || fail_all "Debian's chromium is installed (scripts/deps.sh test)"
command -v node >/dev/null 2>&1 || fail_all "node is installed (scripts/deps.sh test)"
command -v opencc >/dev/null 2>&1 || fail_all "opencc is installed (scripts/deps.sh test)"
if [ ! -d tests/node_modules/playwright-core ]; then
    npm install --prefix tests --no-audit --no-fund >"$work/npm.log" 2>&1 ||
        fail_all "playwright-core installed (npm install --prefix tests; $(tail -1 "$work/npm.log"))"
fi
pub=$(sh tests/build_test_site.sh) || fail_all "the test site builds"

# The same site under a sub-path.
cp -r content "$work/content"
sed -i 's|^base_url:.*|base_url: https://example.org/sub|' "$work/content/site.yaml"
mkdir -p "$work/root"
"$SITE_GEN" build --db "$(dirname "$pub")/site.db" --templates templates --content "$work/content" \
    --out "$work/root/sub" --quiet || fail_all "the test site builds under a sub-path"

. tests/listen.sh
serve() { # serve DIR PORT
    timeout 300 python3 -m http.server "$2" --bind 127.0.0.1 --directory "$1" >"$work/http-$2.log" 2>&1 &
    pids="$pids $!"
    listening "$2"
}
p1=$(port)
serve "$pub" "$p1" || fail_all "a static server listens on 127.0.0.1:$p1"
p2=$(port)
serve "$work/root" "$p2" || fail_all "a static server listens on 127.0.0.1:$p2"

# What each query whose network log is checked should fetch, worked out
# here from the files without the script under test: the shard of each
# of its terms, FNV-1a (64 bit) of the term's UTF-8 bytes modulo the
# number of shards (a run of CJK characters is looked up by the bigrams
# at every other position and the last pair), the normalisation table
# (whole, when the build wrote it whole, else the blocks of the query's
# characters), the chunks of the document table
# holding the documents that the substring baseline finds (all of them
# when the table is small enough to come with the page), and the chunks
# of the agencies those of them that are reports belong to.
python3 - "$pub" "$work/expect.json" <<'PY' || fail_all "the expected files are computed"
import json, re, sys
sys.path.insert(0, "tests/search")
import baseline
pub, out = sys.argv[1:]
site = baseline.Site(pub)
m = site.manifest
def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h
def cover(q):
    offs = list(range(0, len(q) - 1, 2))
    if offs[-1] != len(q) - 2:
        offs.append(len(q) - 2)
    return [q[o:o + 2] for o in offs]
expect = {}
per = m["table"]["per"]
for q in ("红寺堡", "内部事务", "信息公开 申请"):
    e = {"s": set(), "n": set(), "d": set(), "a": set()}
    for term in (c for part in q.split() for c in cover(part)):
        e["s"].add(m["shards"]["dir"] + "%d.bin" % (fnv1a64(term.encode("utf-8")) % m["shards"]["n"]))
    # The whole normalisation table, when the build wrote it (it is
    # small), comes with the page; else the blocks of the query's
    # characters.
    bits = m["norm"]["bits"]
    if "whole" in m["norm"]:
        e["n"] = {m["norm"]["whole"]}
    else:
        e["n"] = {m["norm"]["dir"] + "%d.bin" % (ord(c) >> bits) for c in q if ord(c) >> bits in m["norm"]["blocks"]}
    docs = site.matches(q)
    # A table the build wrote whole (it is small) is fetched with the page.
    if m["table"]["whole"]:
        e["d"] = {m["table"]["dir"] + "0.bin"}
    else:
        e["d"] = {m["table"]["dir"] + "%d.bin" % (d // per) for d in docs}
    for d in docs:
        row = site.table(d)
        if row["kind"] == 0:
            e["a"].add(m["agencies"]["dir"] + "%d.bin" % ((row["ref"] - 1) // m["agencies"]["per"]))
    e["f"] = [m["texts"] + "%d.bin" % d for d in docs]
    e["manifest"] = re.search(r'data-index="([^"]+)"', open(pub + "/search/index.html", encoding="utf-8").read()).group(1)
    expect[q] = {k: sorted(v) if isinstance(v, set) else v for k, v in e.items()}
json.dump(expect, open(out, "w"), ensure_ascii=False)
PY

echo "1..$plan"
node tests/search/browser.js "http://127.0.0.1:$p1" "http://127.0.0.1:$p2" "$work/expect.json"
