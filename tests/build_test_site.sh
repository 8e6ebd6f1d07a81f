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
# The reports go through `site-gen ingest`, and every one of them must be
# stored: any exit status but 0 (1 is "some files failed") stops here with
# a non-zero status and the ingest log on stderr, so the test scripts that
# use this site fail instead of looking at a site made of something else.
# B may be relative to the repository or absolute.
set -eu
cd "$(dirname "$0")/.."
B=${B:-build}
case $B in /*) ;; *) B=$PWD/$B ;; esac
SITE_GEN=${SITE_GEN:-$B/site-gen}
dir=$B/test-site
reports="tests/gold/*.txt tests/fixtures/xss-*.txt"

stamp=$( { cat $reports content/agencies.csv content/regions.csv site-gen/store/schema.sql "$SITE_GEN";
           find templates content -type f | LC_ALL=C sort | xargs cat; } | cksum)
if [ -d "$dir/public" ] && [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$stamp" ]; then
    echo "$dir/public"
    exit 0
fi

rm -rf "$dir/in" "$dir/site.db" "$dir/stamp"
mkdir -p "$dir/in"
cp $reports "$dir/in/"
cp content/agencies.csv content/regions.csv "$dir/"     # ingest reads them beside in/
rc=0
"$SITE_GEN" ingest --db "$dir/site.db" "$dir/in" >"$dir/ingest.log" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
    echo "build_test_site: ingest exited with status $rc; every input must be stored ($dir/ingest.log):" >&2
    sed 's/^/    /' "$dir/ingest.log" >&2
    exit 1
fi
"$SITE_GEN" build --db "$dir/site.db" --templates templates --content content \
    --out "$dir/public" --quiet >&2
echo "$stamp" > "$dir/stamp"
echo "$dir/public"
