#!/bin/sh
# parse_ingest.sh: parse throughput and ingest time on a generated corpus.
#
# Generates 10,000 reports from the seed reports in tests/gold (renamed
# agencies, moved years, shifted figures; every 10th agency registered),
# then prints: parse throughput on one core (bench_parse, files in
# memory), wall time and peak memory of a first ingest into a fresh
# database, and of a second ingest where every file is unchanged.
# Targets: >= 5,000 reports/s parse, ingest < 10 s.
. "$(dirname "$0")/corpus.sh"
echo "corpus: $N reports, $(du -sm "$dir" | cut -f1) MB, every 10th agency registered"

"$B/bench/bench_parse" "$dir"

# wall seconds and peak RSS of one ingest run
run_ingest() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%e %M' -o "$tmp/time" \
            "$SITE_GEN" ingest --quiet --db "$tmp/site.db" "$dir" 2>"$tmp/err"
        rc=$?
        read -r secs kb <"$tmp/time"
        echo "$1: $secs s wall, peak RSS $((kb / 1024)) MB, exit $rc," \
             "$(grep -c 'error:' "$tmp/err") error lines"
    else
        t0=$(date +%s.%N)
        "$SITE_GEN" ingest --quiet --db "$tmp/site.db" "$dir" 2>"$tmp/err"
        rc=$?
        t1=$(date +%s.%N)
        echo "$1: $(echo "$t1 - $t0" | bc) s wall, exit $rc"
    fi
}
run_ingest "ingest (fresh database)"
echo "stored: $(sqlite3 "$tmp/site.db" 'SELECT count(*) FROM reports') reports," \
     "$(sqlite3 "$tmp/site.db" 'SELECT count(*) FROM cells') cells," \
     "$(du -m "$tmp/site.db" | cut -f1) MB"
run_ingest "ingest again (all unchanged)"
