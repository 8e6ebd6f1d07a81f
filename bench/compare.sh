#!/bin/sh
# compare.sh: the comparison pages on the generated corpus of N reports
# (default 10,000, bench/bench_corpus.c, as in parse_ingest.sh; every
# 10th agency registered), with the division tree of content/regions.csv
# so that agencies are placed.  Ingests the corpus, builds the whole site
# once with --timings, and prints how many comparison pages (and files)
# were written, their size, and the time their writer adds to the build
# beside the time of the whole build.  Prints figures only.
. "$(dirname "$0")/corpus.sh"
cp content/regions.csv "$tmp/content/regions.csv"
"$SITE_GEN" ingest --quiet --db "$tmp/site.db" "$dir" 2>"$tmp/ingest.err"
rc=$?
if [ "$rc" -gt 1 ]; then
    echo "compare: ingest failed (status $rc)"; tail -3 "$tmp/ingest.err"; exit 1
fi
echo "corpus: $N reports, $(sqlite3 "$tmp/site.db" 'SELECT count(*) FROM report_pages') shown," \
     "$(sqlite3 "$tmp/site.db" 'SELECT count(*) FROM agencies') agencies," \
     "$(sqlite3 "$tmp/site.db" 'SELECT count(*) FROM agencies WHERE region_id IS NOT NULL') placed," \
     "$(sqlite3 "$tmp/site.db" 'SELECT count(*) FROM regions') regions," \
     "$(sqlite3 "$tmp/site.db" 'SELECT count(DISTINCT year) FROM report_pages') years"

t0=$(date +%s.%N)
"$SITE_GEN" build --db "$tmp/site.db" --templates templates --content content --out "$tmp/public" \
    --quiet --timings 2>"$tmp/timings"
rc=$?
t1=$(date +%s.%N)
if [ "$rc" -ne 0 ]; then
    echo "compare: build failed (status $rc)"; tail -3 "$tmp/timings"; exit 1
fi
line=$(grep '^build: comparison pages ' "$tmp/timings")
secs=$(echo "$line" | sed 's/^build: comparison pages \([0-9.]*\) s, \([0-9]*\) pages$/\1/')
pages=$(echo "$line" | sed 's/^build: comparison pages \([0-9.]*\) s, \([0-9]*\) pages$/\2/')
files=$(find "$tmp/public/compare" -type f | wc -l)
size=$(find "$tmp/public/compare" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s / 1024 }')
all=$(find "$tmp/public" -type f | wc -l)
awk -v p="$pages" -v f="$files" -v k="$size" -v c="$secs" -v s="$t0" -v e="$t1" -v a="$all" 'BEGIN {
    t = e - s
    printf "comparison pages: %d pages, %d files (with data.csv), %.1f MiB of bytes under /compare/\n", p, f, k / 1024
    printf "time they add: %.2f s of a %.2f s build (%.0f%%; %d files in all)\n", c, t, (t > 0 ? 100 * c / t : 0), a
}'
