#!/bin/sh
# build_site.sh NAME REGISTRY REPORT...: builds a test site from real
# ingest and prints the path of its public/ folder.  Not a test itself:
# tests/build_test_site.sh and tests/build_compare_site.sh name what goes
# in, and the test scripts use those.
#
# Output: $B/NAME/site.db and $B/NAME/public/.  The site is rebuilt only
# when an input changed (the reports, the registry, the division tree,
# templates, content, the schemas or the tool itself), so several test
# scripts can share it.  The reports go through `site-gen ingest`, and
# every one of them must be stored: any exit status but 0 (1 is "some
# files failed") stops here with a non-zero status and the ingest log on
# stderr, so the test scripts that use the site fail instead of looking at
# a site made of something else.  B may be relative to the repository or
# absolute.
set -eu
cd "$(dirname "$0")/.."
B=${B:-build}
case $B in /*) ;; *) B=$PWD/$B ;; esac
SITE_GEN=${SITE_GEN:-$B/site-gen}
name=$1 registry=$2
shift 2
dir=$B/$name

stamp=$( { cat "$@" "$registry" content/regions.csv site-gen/store/*.sql "$SITE_GEN";
           find templates content/pages content/site.yaml -type f | LC_ALL=C sort | xargs cat; } | cksum)
if [ -d "$dir/public" ] && [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$stamp" ]; then
    echo "$dir/public"
    exit 0
fi

rm -rf "$dir/in" "$dir/site.db" "$dir/site.db-wal" "$dir/site.db-shm" "$dir/stamp"
mkdir -p "$dir/in"
cp "$@" "$dir/in/"
cp "$registry" "$dir/agencies.csv"              # ingest reads them beside in/
cp content/regions.csv "$dir/"
rc=0
"$SITE_GEN" ingest --db "$dir/site.db" "$dir/in" >"$dir/ingest.log" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
    echo "build_site: $name: ingest exited with status $rc; every input must be stored ($dir/ingest.log):" >&2
    sed 's/^/    /' "$dir/ingest.log" >&2
    exit 1
fi
"$SITE_GEN" build --db "$dir/site.db" --templates templates --content content \
    --out "$dir/public" --quiet --force >&2
echo "$stamp" > "$dir/stamp"
echo "$dir/public"
