#!/bin/sh
# hugo.sh: site-gen beside Hugo on the same records.  Generates N reports
# (default 1,000; bench/bench_corpus.c, as in parse_ingest.sh, every 10th
# agency registered), ingests them, and builds the portal twice: with
# site-gen (`site-gen build --force`), and with Hugo from content that
# bench/hugo/convert.py writes out of the same ingested database (one file
# per report, agency, year and region) through the templates of
# bench/hugo/, which render the same page kinds as templates/*.mustache
# with the same tables and prose: home, agencies index, agency, report,
# year and region pages.  site-gen writes more than Hugo does (comparison
# pages, the search index, downloads); the figures say how many pages of
# the six kinds both write.
#
# Prints, for site-gen's ingest, its build and both together, and for
# convert.py, `hugo --quiet` and both together: wall time, CPU time
# (user + sys), HTML pages per second, peak RSS, files and bytes written;
# the ratios ours / Hugo; the time site-gen's writers of the six kinds
# took (--timings) beside Hugo's CPU time; a rebuild with nothing changed;
# a rebuild after one number in one report changed (site-gen: ingest +
# build; Hugo: that report's content file written again + hugo), with how
# many files each wrote; and the bytes per report of each site, downloads
# left out.  N=10000 gives the figures at the scale of make bench's other
# corpora, in several times as long.
#
# Benchmarks measure; they never pass or fail: this exits 0, and a tool
# that is missing or fails is said in the output.
set -u
cd "$(dirname "$0")/.." || exit 0
B=${B:-build}
N=${N:-1000}
SITE_GEN=$PWD/$B/site-gen
tmp=$(mktemp -d) || exit 0
trap 'rm -rf "$tmp"' EXIT
dir=$tmp/content/reports
sg=$tmp/site-gen-public
hs=$tmp/hugo-site
hp=$tmp/hugo-public

# measure NAME COMMAND...: runs COMMAND; "wall user sys max_kb status" into $tmp/m.NAME.
measure() {
    name=$1
    shift
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" >"$tmp/out.$name" 2>"$tmp/err.$name"
        rc=$?
        # GNU time says "Command exited with non-zero status" on a line of its own first.
        echo "$(tail -n 1 "$tmp/time") $rc" >"$tmp/m.$name"
    else
        t0=$(date +%s.%N)
        "$@" >"$tmp/out.$name" 2>"$tmp/err.$name"
        rc=$?
        t1=$(date +%s.%N)
        echo "$(awk -v s="$t0" -v e="$t1" 'BEGIN { print e - s }') 0 0 0 $rc" >"$tmp/m.$name"
    fi
    return "$rc"
}

# failed NAME WHAT: says that a step failed, with the end of what it printed.
failed() {
    echo "FAILED: $2 (status $(cut -d' ' -f5 "$tmp/m.$1"))"
    tail -n 3 "$tmp/err.$1" | sed 's/^/    /'
}

# field NAME K: the Kth figure of a measurement (1 wall, 2 user, 3 sys, 4 peak KB).
field() {
    cut -d' ' -f"$2" "$tmp/m.$1"
}

# list DIR: "size path" of every file under DIR into $tmp/list (one walk;
# the figures below are read from it).
list() { find "$1" -type f -printf '%s %P\n' >"$tmp/list"; }
html_pages() { awk '$2 ~ /\.html$/ { n++ } END { printf "%d", n }' "$tmp/list"; }
all_files() { awk 'END { printf "%d", NR }' "$tmp/list"; }
all_bytes() { awk '{ s += $1 } END { printf "%d", s }' "$tmp/list"; }

# The pages of the six kinds both sites have.
shared_pages() {
    awk '$2 ~ /^(index\.html|agencies\/index\.html|agencies\/[^\/]+\/index\.html|agencies\/[^\/]+\/[0-9]+\/index\.html|years\/[0-9]+\/index\.html|regions\/[^\/]+\/index\.html)$/ { n++ }
         END { printf "%d", n }' "$tmp/list"
}

# Bytes of everything but the downloads: /data/, each report's report.csv,
# report.json and original file, the data.json and data.csv beside pages.
page_bytes() {
    awk '$2 !~ /^data\// && $2 !~ /(^|\/)(report\.csv|report\.json|data\.json|data\.csv|original\.[^\/]*)$/ { s += $1 }
         END { printf "%d", s }' "$tmp/list"
}
report_page_bytes() {
    awk '$2 ~ /^agencies\/[^\/]+\/[0-9]+\/index\.html$/ { s += $1 } END { printf "%d", s }' "$tmp/list"
}

# Files written since the marker file $tmp/mark was touched.
written_since_mark() { find "$1" -type f -newer "$tmp/mark" | wc -l; }

# row LABEL NAMES PAGES: one line of the table; NAMES are measurements
# run one after the other (summed; peak RSS is their largest).
row() {
    label=$1 names=$2 pages=$3
    for n in $names; do cat "$tmp/m.$n"; done | awk -v l="$label" -v p="$pages" '
        { w += $1; c += $2 + $3; if ($4 > m) m = $4 }
        END {
            printf "%-34s %8.2f %8.2f ", l, w, c
            if (p > 0 && w > 0) printf "%9.0f ", p / w; else printf "%9s ", "-"
            printf "%8.1f\n", m / 1024
        }'
}

# ratio A B: ours (measurements A) over Hugo's (measurements B), per column.
ratio() {
    { for n in $1; do echo "a $(cat "$tmp/m.$n")"; done
      for n in $2; do echo "b $(cat "$tmp/m.$n")"; done; } | awk -v l="$3" -v pa="$4" -v pb="$5" '
        $1 == "a" { wa += $2; ca += $3 + $4; if ($5 > ma) ma = $5 }
        $1 == "b" { wb += $2; cb += $3 + $4; if ($5 > mb) mb = $5 }
        END {
            w = c = p = m = "-"
            if (wb > 0) w = sprintf("%.2f", wa / wb)
            if (cb > 0) c = sprintf("%.2f", ca / cb)
            if (wa > 0 && wb > 0 && pb > 0) p = sprintf("%.2f", (pa / wa) / (pb / wb))
            if (mb > 0) m = sprintf("%.2f", ma / mb)
            printf "%-34s %8s %8s %9s %8s\n", l, w, c, p, m
        }'
}

mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
per() { awk -v b="$1" -v n="$2" 'BEGIN { k = 0; if (n > 0) k = b / n / 1024; printf "%.1f KiB", k }'; }
over() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }

for tool in "$SITE_GEN" "$B/bench/bench_corpus"; do
    [ -x "$tool" ] || { echo "FAILED: $tool is not built (make B=$B bench builds it)"; exit 0; }
done
have_hugo=1
if ! command -v hugo >/dev/null 2>&1; then
    echo "FAILED: hugo is not installed (scripts/deps.sh bench installs it); Hugo's figures are left out"
    have_hugo=0
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "FAILED: python3 is not installed (scripts/deps.sh test installs it); Hugo's figures are left out"
    have_hugo=0
fi
[ -x /usr/bin/time ] || echo "note: /usr/bin/time is missing (scripts/deps.sh bench installs it): wall time only"

mkdir -p "$tmp/content"
cp content/regions.csv "$tmp/content/regions.csv"
"$B/bench/bench_corpus" tests/gold "$dir" "$N" 10 >/dev/null || { echo "FAILED: bench_corpus"; exit 0; }

# ---- site-gen: ingest, then the whole site --------------------------------
measure sg_ingest "$SITE_GEN" ingest --quiet --db "$tmp/site.db" "$dir"
if [ "$(field sg_ingest 5)" -gt 1 ]; then failed sg_ingest "site-gen ingest"; exit 0; fi
reports=$(sqlite3 "$tmp/site.db" 'SELECT count(*) FROM report_pages')
echo "corpus: $N reports, $reports shown," \
     "$(sqlite3 "$tmp/site.db" 'SELECT count(*) FROM agencies') agencies," \
     "$(sqlite3 "$tmp/site.db" 'SELECT count(DISTINCT year) FROM report_pages') years," \
     "$(sqlite3 "$tmp/site.db" 'SELECT count(*) FROM regions') regions" \
     "(machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"

sg_ok=1
measure sg_build "$SITE_GEN" build --db "$tmp/site.db" --templates templates --content content \
    --out "$sg" --quiet --force --timings || { failed sg_build "site-gen build --force"; sg_ok=0; }

# ---- Hugo: content from the same database, then the site -------------------
hugo_ok=0
if [ "$have_hugo" -eq 1 ]; then
    mkdir -p "$hs/static/static"
    cp -R bench/hugo/hugo.toml bench/hugo/data bench/hugo/layouts "$hs/"
    cp templates/static/* "$hs/static/static/"
    hugo_ok=1
    measure convert python3 bench/hugo/convert.py "$tmp/site.db" "$hs/content" ||
        { failed convert "bench/hugo/convert.py"; hugo_ok=0; }
    if [ "$hugo_ok" -eq 1 ]; then
        measure hugo hugo --quiet --source "$hs" --destination "$hp" --cacheDir "$tmp/hugo-cache" ||
            { failed hugo "hugo --quiet"; hugo_ok=0; }
    fi
fi

# Every figure of a site's output, from one listing of it.
sg_pages=0 h_pages=0
if [ "$sg_ok" -eq 1 ]; then
    list "$sg"
    sg_pages=$(html_pages) sg_files=$(all_files) sg_bytes=$(all_bytes) sg_shared=$(shared_pages)
    sg_per=$(page_bytes) sg_report=$(report_page_bytes)
fi
if [ "$hugo_ok" -eq 1 ]; then
    list "$hp"
    h_pages=$(html_pages) h_files=$(all_files) h_bytes=$(all_bytes) h_shared=$(shared_pages)
    h_per=$(page_bytes) h_report=$(report_page_bytes)
fi

echo
printf '%-34s %8s %8s %9s %8s\n' "" "wall s" "CPU s" "pages/s" "RSS MiB"
row "site-gen ingest" sg_ingest 0
if [ "$sg_ok" -eq 1 ]; then
    row "site-gen build --force" sg_build "$sg_pages"
    row "site-gen ingest + build" "sg_ingest sg_build" "$sg_pages"
fi
if [ "$hugo_ok" -eq 1 ]; then
    row "convert.py (database to content)" convert 0
    row "hugo --quiet" hugo "$h_pages"
    row "convert.py + hugo" "convert hugo" "$h_pages"
fi
if [ "$sg_ok" -eq 1 ] && [ "$hugo_ok" -eq 1 ]; then
    ratio sg_build hugo "ratio: build / hugo" "$sg_pages" "$h_pages"
    ratio "sg_ingest sg_build" "convert hugo" "ratio: ingest+build / convert+hugo" "$sg_pages" "$h_pages"
fi
echo "(CPU: user + sys; pages/s: every HTML page each one writes, over its wall time;" \
     "RSS: the peak of one process)"
# The six kinds alone: site-gen's writers of them, from --timings (each
# writer's time in the thread that ran it), beside Hugo's CPU time.
if [ "$sg_ok" -eq 1 ]; then
    awk '/^build: (home|agencies|agency pages|report pages|year pages|region pages) [0-9.]+ s, [0-9]+ pages$/ {
             s += $(NF - 3); p += $(NF - 1) }
         END { if (s > 0) printf "the six kinds alone, site-gen: %d pages in %.2f s of its writers (--timings), %.0f pages/s\n", p, s, p / s }' \
        "$tmp/err.sg_build"
fi
if [ "$hugo_ok" -eq 1 ]; then
    awk -v p="$h_pages" -v u="$(field hugo 2)" -v y="$(field hugo 3)" 'BEGIN {
        if (u + y > 0) printf "the six kinds alone, Hugo:     %d pages in %.2f s of CPU, %.0f pages/s\n", p, u + y, p / (u + y) }'
fi

echo
if [ "$sg_ok" -eq 1 ]; then
    echo "site-gen output: $sg_files files, $sg_pages HTML pages ($sg_shared of the six kinds" \
         "Hugo also builds), $(mib "$sg_bytes")"
fi
if [ "$hugo_ok" -eq 1 ]; then
    echo "Hugo output:     $h_files files, $h_pages HTML pages ($h_shared of the six kinds), $(mib "$h_bytes")"
fi
if [ "$sg_ok" -eq 1 ] && [ "$hugo_ok" -eq 1 ]; then
    echo "ratio ours / Hugo: files $(over "$sg_files" "$h_files"), HTML pages $(over "$sg_pages" "$h_pages")," \
         "bytes $(over "$sg_bytes" "$h_bytes")"
fi
if [ "$sg_ok" -eq 1 ]; then
    echo "per report, downloads left out: site-gen $(per "$sg_per" "$reports")" \
         "(its report page alone $(per "$sg_report" "$reports"))"
fi
if [ "$hugo_ok" -eq 1 ]; then
    echo "per report, downloads left out: Hugo     $(per "$h_per" "$reports")" \
         "(its report page alone $(per "$h_report" "$reports"))"
fi
if [ "$sg_ok" -eq 1 ] && [ "$hugo_ok" -eq 1 ]; then
    echo "ratio ours / Hugo per report: $(over "$sg_per" "$h_per"), report page alone $(over "$sg_report" "$h_report")"
fi

# ---- a rebuild with nothing changed ---------------------------------------
echo
sleep 1
touch "$tmp/mark"
if [ "$sg_ok" -eq 1 ]; then
    if measure sg_noop "$SITE_GEN" build --db "$tmp/site.db" --templates templates --content content \
        --out "$sg" --quiet; then
        echo "no change, site-gen build: $(field sg_noop 1) s wall, $(written_since_mark "$sg") files written"
    else
        failed sg_noop "site-gen build (nothing changed)"
    fi
fi
if [ "$hugo_ok" -eq 1 ]; then
    if measure hugo_noop hugo --quiet --source "$hs" --destination "$hp" --cacheDir "$tmp/hugo-cache"; then
        echo "no change, hugo:           $(field hugo_noop 1) s wall, $(written_since_mark "$hp") files written"
    else
        failed hugo_noop "hugo (nothing changed)"
    fi
fi

# ---- one number in one report changed -------------------------------------
# The first report that states its 行政许可 count on a line of its own gets one more.
file=$(cd "$dir" && grep -rlE '^行政许可 [0-9]+$' . | sort | head -n 1)
file=${file#./}
if [ -z "$file" ]; then
    echo "FAILED: no report in the corpus states 行政许可 on a line of its own; no change measured"
    exit 0
fi
old=$(grep -m 1 -E '^行政许可 [0-9]+$' "$dir/$file" | sed 's/^行政许可 //')
new=$((old + 1))
sed -i "0,/^行政许可 $old\$/s//行政许可 $new/" "$dir/$file"
page=$(sqlite3 "$tmp/site.db" "SELECT '/agencies/' || a.slug || '/' || r.year || '/index.html'
    FROM report_pages r JOIN agencies a ON a.id = r.agency_id WHERE r.source_path = '$file'")
shown=$(awk -v n="$new" 'BEGIN { s = sprintf("%d", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]$/, ",&", s); print s }')
cell="<tr><th scope=\"row\">行政许可</th><td class=\"num\">$shown</td></tr>"
echo
echo "one report changed: $file, 行政许可 $old to $new (page ${page:-none})"
sleep 1
touch "$tmp/mark"
# Both sites are made from the database: the changed file is ingested once,
# before site-gen's build and before convert.py.
measure sg_ingest2 "$SITE_GEN" ingest --quiet --db "$tmp/site.db" "$dir"
if [ "$(field sg_ingest2 5)" -gt 1 ]; then
    failed sg_ingest2 "site-gen ingest (one report changed)"
    exit 0
fi
if [ "$sg_ok" -eq 1 ]; then
    if measure sg_build2 "$SITE_GEN" build --db "$tmp/site.db" --templates templates --content content \
        --out "$sg" --quiet; then
        grep -qF "$cell" "$sg$page" && seen=yes || seen=NO
        echo "  site-gen ingest + build: $(field sg_ingest2 1) + $(field sg_build2 1) s wall," \
             "$(written_since_mark "$sg") files written, new value on its page: $seen"
    else
        failed sg_build2 "site-gen build (one report changed)"
    fi
fi
if [ "$hugo_ok" -eq 1 ]; then
    if ! measure convert2 python3 bench/hugo/convert.py "$tmp/site.db" "$hs/content" --report "$file"; then
        failed convert2 "convert.py --report (one report changed)"
    elif measure hugo2 hugo --quiet --source "$hs" --destination "$hp" --cacheDir "$tmp/hugo-cache"; then
        grep -qF "$cell" "$hp$page" && seen=yes || seen=NO
        echo "  convert.py --report + hugo: $(field convert2 1) + $(field hugo2 1) s wall," \
             "$(written_since_mark "$hp") files written, new value on its page: $seen"
    else
        failed hugo2 "hugo (one report changed)"
    fi
fi
exit 0
