#!/bin/sh
# test_serve.sh: `site-gen serve` (cmd/serve.c) on a copy of content/ and
# templates/: it builds, answers pages and 404s on 127.0.0.1, rebuilds
# after a template or a report changes, shows a failed build's message
# (template:line:column) in place of every page until the template is
# fixed, and stops on SIGTERM.  Every wait is bounded; the server is
# killed on exit whatever happens.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
SITE_GEN=${SITE_GEN:-$PWD/$B/site-gen}
echo "1..16"
ok() { if [ "$1" = "$2" ]; then echo "ok - $3"; else echo "not ok - $3"; echo "    got [$1], expected [$2]"; fi; }
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/content/reports"
cp -r templates "$work/templates"
cp content/site.yaml content/agencies.csv content/regions.csv "$work/content/"
cp -r content/pages "$work/content/pages"
cp tests/gold/000_*.txt tests/gold/001_*.txt "$work/content/reports/"

"$SITE_GEN" serve --port 0 --db "$work/site.db" --templates "$work/templates" \
    --content "$work/content" --out "$work/public" 2>"$work/log" &
pid=$!
port=
i=0
while [ -z "$port" ] && [ "$i" -lt 100 ]; do
    port=$(sed -n 's|^serve: http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/log")
    [ -z "$port" ] && sleep 0.2
    i=$((i + 1))
done
ok "$([ -n "$port" ] && echo listening)" listening "it builds and listens on 127.0.0.1 (port ${port:-none})"
url=http://127.0.0.1:${port:-1}
get() { curl -s --max-time 5 "$url$1"; }
code() { curl -s --max-time 5 -o /dev/null -w '%{http_code}' "$url$1"; }
# Waits until the build counter reads $1 (at most 20 s).
wait_for() {
    j=0
    while [ "$(get /__site-gen/generation)" != "$1" ] && [ "$j" -lt 100 ]; do sleep 0.2; j=$((j + 1)); done
    get /__site-gen/generation
}

ok "$(code /)" 200 "the home page is served"
ok "$(get / | grep -c 'src="/__site-gen/reload.js"')" 1 "a served page carries the reload script"
ok "$(code /no/such/page/)" 404 "a missing page is a 404"
ok "$(get /no/such/page/ | grep -c '<html lang="zh-CN">')" 1 "the 404 is the site's own 404 page"
ok "$(code /../../etc/passwd)" 404 "nothing outside the output folder is served"
ok "$(get /large/agencies/ | grep -c 'href="../large/agencies/"')" 1 "the large-text folder serves the page at its path (as netlify.toml rewrites it)"
css=$(cd "$work/public/static" && ls style.*.css)
ok "$(get "/large/static/$css" | grep -c 'html { font-size: 125%; }')" 1 "and its style sheet is the large-text one"

echo '<p>serve-marker-1</p>' >> "$work/templates/home.mustache"
ok "$(wait_for 2)" 2 "a changed template brings a second build"
ok "$(get / | grep -c 'serve-marker-1')" 1 "and the page shows the change"

cp "$work/templates/home.mustache" "$work/home.good"
printf '{{#oops}}\n' >> "$work/templates/home.mustache"
ok "$(wait_for '3 failed')" "3 failed" "a template with a syntax error gives a failed build"
ok "$(code /)" 500 "while it is broken, pages are replaced by the error page"
ok "$(get /agencies/ | grep -c 'home.mustache:[0-9]*:[0-9]*:')" 1 "the error page names the template, line and column"

cp "$work/home.good" "$work/templates/home.mustache"
cp tests/gold/002_*.txt "$work/content/reports/"
ok "$(wait_for 4)" 4 "fixing the template (and adding a report) brings a good build"
ok "$(code /)" 200 "the site is back"

kill -TERM "$pid"
j=0
while kill -0 "$pid" 2>/dev/null && [ "$j" -lt 50 ]; do sleep 0.2; j=$((j + 1)); done
wait "$pid"
ok "$?" 0 "SIGTERM stops it cleanly"
pid=
