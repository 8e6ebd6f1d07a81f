#!/bin/sh
# build_test_site.sh: builds the test site that test scripts look at, and
# prints the path of its public/ folder.  Not a test itself.
#
# Input: the five real reports (tests/gold/*.txt) and the hostile fixtures
# (tests/fixtures/xss-*.txt: prose and an agency name holding markup).
# Output: $B/test-site/site.db and $B/test-site/public/.  The site is
# rebuilt only when an input changed (the reports, templates, content,
# schema or the tool itself), so several test scripts can share it.
#
# The reports go through `site-gen ingest`; while ingest is not available
# the database is made by tests/make_test_db.sh from the expected values.
set -eu
cd "$(dirname "$0")/.."
B=${B:-build}
SITE_GEN=${SITE_GEN:-$PWD/$B/site-gen}
dir=$B/test-site
reports="tests/gold/*.txt tests/fixtures/xss-*.txt"

stamp=$( { cat $reports content/agencies.csv content/regions.csv tests/fixtures/xss-*.json tests/gold/*.json site-gen/store/schema.sql \
               tests/make_test_db.sh "$SITE_GEN";
           find templates content -type f | LC_ALL=C sort | xargs cat; } | cksum)
if [ -d "$dir/public" ] && [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$stamp" ]; then
    echo "$PWD/$dir/public"
    exit 0
fi

rm -rf "$dir/in" "$dir/site.db" "$dir/stamp"
mkdir -p "$dir/in"
cp $reports "$dir/in/"
cp content/agencies.csv content/regions.csv "$dir/"     # ingest reads them beside in/
if ! "$SITE_GEN" ingest --db "$dir/site.db" "$dir/in" >"$dir/ingest.log" 2>&1; then
    echo "build_test_site: ingest failed (see $dir/ingest.log); using tests/make_test_db.sh" >&2
    sh tests/make_test_db.sh "$dir/site.db" $reports
fi
"$SITE_GEN" build --db "$dir/site.db" --templates templates --content content \
    --out "$dir/public" --quiet >&2
echo "$stamp" > "$dir/stamp"
echo "$PWD/$dir/public"
