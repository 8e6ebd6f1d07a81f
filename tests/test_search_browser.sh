#!/bin/sh
# test_search_browser.sh: the search page in a real browser.  Debian's
# chromium (scripts/deps.sh test), driven headless by npm's playwright-core
# (tests/package.json; no browser is downloaded), over the test site
# served on 127.0.0.1 by python3's http.server, started here and stopped
# on exit (and by `timeout` at the latest).  A second copy of the site,
# built with base_url .../sub, is served under /sub/.  The checks are in
# tests/search/browser.js; what it compares the network log with (the
# shard of each term of a query) is computed here, in Python, from the
# manifest.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
case $B in /*) ;; *) B=$PWD/$B ;; esac
SITE_GEN=${SITE_GEN:-$B/site-gen}
plan=20
work=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT

fail_all() { echo "1..1"; echo "not ok - $1"; exit 1; }

[ -x /usr/bin/chromium ] || fail_all "Debian's chromium is installed (scripts/deps.sh test)"
command -v node >/dev/null 2>&1 || fail_all "node is installed (scripts/deps.sh test)"
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

port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
serve() { # serve DIR PORT
    timeout 300 python3 -m http.server "$2" --bind 127.0.0.1 --directory "$1" >"$work/http-$2.log" 2>&1 &
    pids="$pids $!"
    python3 -c '
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)' "$2"
}
p1=$(port)
serve "$pub" "$p1" || fail_all "a static server listens on 127.0.0.1:$p1"
p2=$(port)
serve "$work/root" "$p2" || fail_all "a static server listens on 127.0.0.1:$p2"

# The shard that holds each term of the queries whose network log is
# checked: a run of CJK characters is looked up by the bigrams at every
# other position and the last pair.
python3 - "$pub" "$work/expect.json" <<'PY' || fail_all "the expected shards are computed"
import bisect, json, re, sys, zlib
pub, out = sys.argv[1:]
page = open(pub + "/search/index.html", encoding="utf-8").read()
index = re.search(r'data-index="([^"]+)"', page).group(1)
m = json.loads(zlib.decompress(open(pub + index, "rb").read()))
def cover(q):
    offs = list(range(0, len(q) - 1, 2))
    if offs[-1] != len(q) - 2:
        offs.append(len(q) - 2)
    return [q[o:o + 2] for o in offs]
expect = {}
for q in ("红寺堡", "内部事务"):
    shards = {m["dir"] + m["shards"][bisect.bisect_right(m["first"], t) - 1] + ".bin" for t in cover(q)}
    expect[q] = sorted(shards)
json.dump(expect, open(out, "w"), ensure_ascii=False)
PY

echo "1..$plan"
node tests/search/browser.js "http://127.0.0.1:$p1" "http://127.0.0.1:$p2" "$work/expect.json"
