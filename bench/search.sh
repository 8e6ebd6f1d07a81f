#!/bin/sh
# search.sh: the site's search against Pagefind on a generated site.
#
# Generates N reports (default 10,000; N=200 for a quick look) from the
# seed reports in tests/gold (bench_corpus: renamed agencies, moved
# years, shifted figures; every 10th agency registered), ingests them,
# builds the site (which prints the search index's time and size), and
# indexes the same public/ with Pagefind (npm pagefind, bench/package.json).
# Then, served on 127.0.0.1 by nginx (Debian's nginx-light, a plain
# static host with keep-alive, as Netlify or any CDN; started here,
# stopped on exit), for each of the queries 行政许可, 红寺堡, 依申请公开,
# 2023 and 信息公开 申请, in headless Chromium with a fresh profile
# (bench/search_browser.js): bytes transferred, requests, and the time
# to the first results, for both.  Last, recall of the report pages
# against the substring baseline of tests/search/baseline.py, for both.
# Targets: at most a third of Pagefind's bytes per query, first results
# within 100 ms on loopback, recall 100%.  Prints figures only.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${B:-build}
case $B in /*) ;; *) B=$PWD/$B ;; esac
N=${N:-10000}
SITE_GEN=$B/site-gen
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

for tool in node python3 opencc /usr/bin/chromium nginx; do
    command -v "$tool" >/dev/null 2>&1 || { echo "search: $tool is missing (scripts/deps.sh test)"; exit 0; }
done
if [ ! -x bench/node_modules/.bin/pagefind ] || [ ! -d bench/node_modules/playwright-core ]; then
    npm install --prefix bench --no-package-lock --no-audit --no-fund --silent >"$tmp/npm.log" 2>&1 ||
        { echo "search: npm install --prefix bench failed, no comparison"; exit 0; }
fi

mkdir -p "$tmp/content"
cp -r content/pages content/site.yaml content/regions.csv "$tmp/content/"
"$B/bench/bench_corpus" tests/gold "$tmp/content/reports" "$N" 10 || exit 1
"$SITE_GEN" ingest --quiet --db "$tmp/site.db" "$tmp/content/reports" 2>"$tmp/ingest.log"
echo "corpus: $(sqlite3 "$tmp/site.db" 'SELECT count(*) FROM report_pages') report pages"
"$SITE_GEN" build --db "$tmp/site.db" --templates templates --content "$tmp/content" --out "$tmp/public" 2>&1 |
    sed -n 's/^site-gen build: //p'
echo "search/: $(find "$tmp/public/search" -type f | wc -l) files, $(du -sk "$tmp/public/search" | cut -f1) kB on disk"

t0=$(date +%s.%N)
bench/node_modules/.bin/pagefind --site "$tmp/public" >"$tmp/pagefind.log" 2>&1 ||
    { echo "search: pagefind failed:"; tail -5 "$tmp/pagefind.log"; exit 0; }
t1=$(date +%s.%N)
echo "Pagefind: $(find "$tmp/public/pagefind" -type f | wc -l) files, $(du -sk "$tmp/public/pagefind" | cut -f1) kB," \
     "in $(echo "$t1 - $t0" | bc) s"
cat >"$tmp/public/pagefind-bench.html" <<'HTML'
<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Pagefind</title></head><body></body></html>
HTML

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
chmod 755 "$tmp"
cat >"$tmp/nginx.conf" <<NGINX
daemon off;
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path $tmp/nginx-tmp;
    proxy_temp_path $tmp/nginx-tmp;
    fastcgi_temp_path $tmp/nginx-tmp;
    uwsgi_temp_path $tmp/nginx-tmp;
    scgi_temp_path $tmp/nginx-tmp;
    server { listen 127.0.0.1:$port; root $tmp/public; }
}
NGINX
timeout 7200 nginx -c "$tmp/nginx.conf" -p "$tmp" >"$tmp/http.log" 2>&1 &
pid=$!
python3 -c '
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close(); sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)' "$port" || { echo "search: the static server did not start:"; cat "$tmp/http.log" "$tmp/nginx-error.log"; exit 0; }

set -- 行政许可 红寺堡 依申请公开 2023 "信息公开 申请"
node bench/search_browser.js "http://127.0.0.1:$port" "$tmp/browser.json" "$@" ||
    { echo "search: the browser run failed"; exit 0; }
node tests/search/engine.js "$tmp/public" "$@" >"$tmp/ours.jsonl" || { echo "search: engine.js failed"; exit 0; }

python3 - "$tmp/public" "$tmp/browser.json" "$tmp/ours.jsonl" <<'PY'
import json, sys
sys.path.insert(0, "tests/search")
import baseline
pub, browser, ours = sys.argv[1:]
site = baseline.Site(pub)
def url(doc):
    return site.urls[doc]
reports = {url(i) for i in range(site.ndocs) if site.table(i)["kind"] == 0}
pf = json.load(open(browser))
mine = {json.loads(l)["q"]: json.loads(l) for l in open(ours)}
def pct(a, b):
    return "%.1f%%" % (100.0 * a / b) if b else "-"
for q in pf:
    want = {url(i) for i in site.matches(q) if site.table(i)["kind"] == 0}
    if not pf[q]["pagefind_urls"]:
        o = {h["url"] for h in mine[q]["hits"] if h["kind"] == 0}
        print("%s: baseline %d reports; ours %d found (recall %s, %d not in the baseline); Pagefind gave no answer" %
              (q, len(want), len(o & want), pct(len(o & want), len(want)), len(o - want)))
        continue
    o = {h["url"] for h in mine[q]["hits"] if h["kind"] == 0}
    p = {u.replace("index.html", "") for u in pf[q]["pagefind_urls"]} & reports
    print("%s: baseline %d reports; ours %d found (recall %s, %d not in the baseline); "
          "Pagefind %d found (recall %s, %d not in the baseline)" %
          (q, len(want), len(o & want), pct(len(o & want), len(want)), len(o - want),
           len(p & want), pct(len(p & want), len(want)), len(p - want)))
PY
