#!/bin/sh
# Template engine throughput: the same page (a layout of partials around a
# table of 1,000 rows x 10 fields) rendered by site-gen's engine and by
# mustache.js under node, one core each, one after the other in this run.
# Prints MB/s of output for both, their ratio, and whether the two pages
# are byte-identical.  Figures only: nothing here passes or fails.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${B:-build}
SECONDS_EACH=${BENCH_SECONDS:-3}
dir="$B/bench/mustache"
mkdir -p "$dir"
"$B/bench/bench_mustache" --write "$dir" || exit 2

c_line=$(taskset -c 0 "$B/bench/bench_mustache" "$dir" "$SECONDS_EACH" 2>&1 ||
         "$B/bench/bench_mustache" "$dir" "$SECONDS_EACH")
echo "$c_line"

if ! command -v node >/dev/null 2>&1; then
    echo "mustache.js: node is not installed, no comparison"
    exit 0
fi
if [ ! -d bench/node_modules/mustache ]; then
    npm install --prefix bench --no-package-lock --no-audit --no-fund --silent >/dev/null 2>&1 ||
        { echo "mustache.js: npm install failed, no comparison"; exit 0; }
fi
js_line=$(taskset -c 0 node bench/mustache.js "$dir" "$SECONDS_EACH" 2>&1 ||
          node bench/mustache.js "$dir" "$SECONDS_EACH")
echo "$js_line"

c_mbs=$(echo "$c_line" | sed -n 's/.*: \([0-9.]*\) MB\/s.*/\1/p')
js_mbs=$(echo "$js_line" | sed -n 's/.*: \([0-9.]*\) MB\/s.*/\1/p')
if [ -n "$c_mbs" ] && [ -n "$js_mbs" ]; then
    awk -v c="$c_mbs" -v j="$js_mbs" 'BEGIN { printf "ratio: %.1fx mustache.js\n", c / j }'
fi
if cmp -s "$dir/out.c.html" "$dir/out.js.html"; then
    echo "pages: byte-identical"
else
    echo "pages: DIFFER (see $dir/out.c.html and $dir/out.js.html)"
fi
