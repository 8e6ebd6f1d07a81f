#!/bin/sh
# test_ingest_kill.sh: an ingest is all or nothing.  A run that is killed
# with SIGKILL at any moment leaves the database as it was before (the
# report count is the old one or the new one, never between), intact and
# usable, and the next run completes it.  The reports are copies of the
# five gold reports under 240 agency names.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
SITE_GEN=${SITE_GEN:-$PWD/$B/site-gen}
kills=12
echo "1..$((2 * kills + 3))"
ok() { if [ "$1" = "$2" ]; then echo "ok - $3"; else echo "not ok - $3"; echo "    got [$1], expected [$2]"; fi; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
i=0
for g in tests/gold/*.txt; do
    agency=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["agency"])' "${g%.txt}.json")
    j=0
    while [ "$j" -lt 48 ]; do
        sed "s/$agency/${agency%局}${j}号局/g" "$g" > "$work/in/r$i-$j.txt"
        j=$((j + 1))
    done
    i=$((i + 1))
done
total=$(ls "$work/in" | wc -l)
mkdir -p "$work/first"
ls "$work/in" | head -100 | while read -r f; do cp "$work/in/$f" "$work/first/"; done
q() { sqlite3 "$work/site.db" "$1" 2>&1; }

"$SITE_GEN" ingest --quiet --db "$work/site.db" "$work/first" 2>/dev/null
ok "$(q 'SELECT count(*) FROM reports')" 100 "the first run stores 100 reports"

k=0
while [ "$k" -lt "$kills" ]; do
    "$SITE_GEN" ingest --quiet --db "$work/site.db" "$work/in" 2>/dev/null &
    pid=$!
    sleep "0.$(printf '%02d' $((k * 4 + 1)))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    n=$(q 'SELECT count(*) FROM reports')
    ok "$([ "$n" = 100 ] || [ "$n" = "$total" ] && echo whole)" whole \
       "killed after $((k * 40 + 10)) ms: $n reports, the old count or the new one"
    ok "$(q 'PRAGMA integrity_check')" ok "killed after $((k * 40 + 10)) ms: the database passes integrity_check"
    k=$((k + 1))
done

"$SITE_GEN" ingest --quiet --db "$work/site.db" "$work/in" 2>/dev/null
ok "$(q 'SELECT count(*) FROM reports')" "$total" "a run to the end stores all $total reports"
ok "$(q "SELECT count(*) FROM sqlite_master WHERE name = 'cells_by_key'")" 1 "the index that bulk loading drops is there"
