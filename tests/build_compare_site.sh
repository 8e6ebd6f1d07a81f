#!/bin/sh
# build_compare_site.sh: builds the comparison test site and prints the
# path of its public/ folder.  Not a test itself (tests/test_compare.sh
# and tests/test_site_html.sh use it).
#
# Input: the comparison fixtures, 43 Markdown reports of 16 agencies in
# three provinces and three years (tests/compare/reports/, written by
# tests/compare/make_reports.py from the numbers in tests/compare/*.tsv),
# their registry tests/compare/agencies.csv and the division tree
# content/regions.csv.  Output: $B/compare-site/site.db and public/,
# rebuilt only when an input changed.  Like tests/build_test_site.sh, the
# site comes from `site-gen ingest` alone: any exit status but 0 stops
# here with the ingest log on stderr.
set -eu
cd "$(dirname "$0")/.."
B=${B:-build}
case $B in /*) ;; *) B=$PWD/$B ;; esac
SITE_GEN=${SITE_GEN:-$B/site-gen}
dir=$B/compare-site

stamp=$( { cat tests/compare/reports/*.md tests/compare/agencies.csv content/regions.csv \
               site-gen/store/schema.sql "$SITE_GEN";
           find templates content/pages content/site.yaml -type f | LC_ALL=C sort | xargs cat; } | cksum)
if [ -d "$dir/public" ] && [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$stamp" ]; then
    echo "$dir/public"
    exit 0
fi

rm -rf "$dir/in" "$dir/site.db" "$dir/site.db-wal" "$dir/site.db-shm" "$dir/stamp"
mkdir -p "$dir/in"
cp tests/compare/reports/*.md "$dir/in/"
cp tests/compare/agencies.csv content/regions.csv "$dir/"
rc=0
"$SITE_GEN" ingest --db "$dir/site.db" "$dir/in" >"$dir/ingest.log" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
    echo "build_compare_site: ingest exited with status $rc; every input must be stored ($dir/ingest.log):" >&2
    sed 's/^/    /' "$dir/ingest.log" >&2
    exit 1
fi
"$SITE_GEN" build --db "$dir/site.db" --templates templates --content content \
    --out "$dir/public" --quiet >&2
echo "$stamp" > "$dir/stamp"
echo "$dir/public"
