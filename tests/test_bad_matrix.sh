#!/bin/sh
# test_bad_matrix.sh: bad files and bad settings, each with the exact
# message it must give while the rest of the run goes on.
#
# One ingest of a folder that holds, beside good reports: an empty file,
# a binary file, a 50 MB file, invalid UTF-8, a 1 MB single line, HTML
# nested 10,000 deep, a Word-text and an HTML report each with a table
# row of 10,000 cells, GBK text and a GBK page with no charset declared,
# a second file with the same agency and year, and an agency whose name
# holds '/', '..' and '<'.  Its messages must be exactly the expected
# lines, and every readable report must be stored.  Then builds: broken
# templates (a syntax error, a missing partial) are each said once and
# leave the previous site; an output folder that cannot be made; a
# read-only database, which a build reads and an ingest refuses; a
# database of garbage bytes; an ingest that hits a full disk (ulimit -f),
# after which the database is as it was.  Folders that must not be
# writable are made so for user nobody (setpriv) when the test runs as
# root, whom permissions do not stop.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
SITE_GEN=${SITE_GEN:-$PWD/$B/site-gen}
echo "1..29"
ok() { if [ "$1" = "$2" ]; then echo "ok - $3"; else echo "not ok - $3"; printf '%s\n' "got:" "$1" "expected:" "$2" | head -40 | sed 's/^/    /'; fi; }
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
chmod 755 "$work"
as_nobody() {
    if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else "$@"; fi
}
q() { sqlite3 "$1" "$2"; }

# ---- the folder ----
c=$work/content
in=$c/reports
mkdir -p "$in"
g=tests/gold
# (All reports are of 2023 but wide.html's, of 2024: two year pages.)
cp $g/000_7a7a80364ff2eb63.txt "$in/good.txt"
cp $g/000_7a7a80364ff2eb63.txt "$in/dup.txt"
# 利通区卫生健康局's report, its agency renamed on the title's line.
sed '0,/^利通区卫生健康局$/s//某某\/..\/局<b>/' $g/001_20ea5182de26b251.txt > "$in/slash.txt"
iconv -f UTF-8 -t GB18030 $g/002_3e7ce50622823025.txt > "$in/gbk.txt"
sed 's/<meta[^>]*charset[^>]*>//I' tests/fixtures/html-gbk-meta.html > "$in/gbk-nometa.html"
: > "$in/empty.txt"
printf '\177ELF\002\001\001\000\000\000' > "$in/binary.txt"
head -c 52428800 /dev/zero | tr '\0' 'x' > "$in/huge.txt"
printf '某某县卫生健康局2023年政府信息公开工作年度报告\n一、总体情况\n本年度\n\377\376\375 坏字节\n' > "$in/badutf8.txt"
python3 - "$in" <<'PY'
import sys
d = sys.argv[1]
title = "某某县卫生健康局2023年政府信息公开工作年度报告"
open(d + "/long.txt", "w").write("x" * 1000000 + "\n")
open(d + "/deep.html", "w").write("<html><body>" + "<div>" * 10000 + title + "</div>" * 10000 + "</body></html>")
# The 规章 row of a Word-text report and the first row of an HTML one,
# each with 10,000 cells more.
t = open("tests/fixtures/text-word-blank-zero.txt", encoding="utf-8").read().split("\n")
i = next(n for n, l in enumerate(t) if l.startswith("规章\t"))
t[i] += "\t1" * 10000
open(d + "/wide.txt", "w", encoding="utf-8").write("\n".join(t))
h = open("tests/fixtures/html-rowspan.html", encoding="utf-8").read()
h = h.replace("</tr>", "<td>1</td>" * 10000 + "</tr>", 1)
open(d + "/wide.html", "w", encoding="utf-8").write(h)
PY
wide_txt_line=$(grep -n "^规章	" "$in/wide.txt" | cut -d: -f1)
wide_html_line=$(grep -n "</tr>" "$in/wide.html" | head -1 | cut -d: -f1)
# The registry names the good reports' agencies; 某某/../局<b> is left out.
{
    echo 'name,slug,province,city,county'
    echo '红寺堡区卫生健康局,hongsibao-health,宁夏回族自治区,吴忠市,红寺堡区'
    echo '屈原管理区卫生健康局,quyuan-health,湖南省,岳阳市,'
    echo '西吉县教育局,xiji-edu,宁夏回族自治区,固原市,西吉县'
    echo '青铜峡市卫生健康局,qingtongxia-health,宁夏回族自治区,吴忠市,青铜峡市'
    echo '某某县卫生健康局,mouxian-health,,,'
    echo '青铜峡市自然资源局,qingtongxia-land,宁夏回族自治区,吴忠市,青铜峡市'
} > "$c/agencies.csv"
cp content/regions.csv content/site.yaml "$c/"
cp -r content/pages "$c/pages"

db=$work/site.db
(ulimit -t 60; "$SITE_GEN" ingest --db "$db" "$in") 2>"$work/err"
rc=$?
ok "$rc" 1 "the ingest exits 1: some files failed, the rest were stored"
cat > "$work/want" <<EOF
$in/badutf8.txt:4: error: invalid UTF-8, and not GBK either
$in/binary.txt:1: error: binary file (it contains NUL bytes), not a report
$in/deep.html:1: warning: the page could not be read past here: elements nested more than 256 deep
$in/deep.html:1: error: the page has no text in its body
$in/empty.txt: error: empty file
$in/huge.txt: error: file too large: more than 16777216 bytes; not read
$in/long.txt: error: not an annual report: no title and no statistical table
$in/slash.txt: warning: agency 某某/../局<b> is not in the registry; stored as unregistered
$in/wide.html:$wide_html_line: warning: table wider than 1000 columns; the rest is not read
$in/wide.txt:$wide_txt_line: warning: table wider than 256 columns; the rest is not read
$in/good.txt: error: 红寺堡区卫生健康局 2023 is also reported by $in/dup.txt; both are stored, the site shows $in/dup.txt
ingest: 7 added, 0 changed, 0 unchanged, 0 removed, 6 failed
EOF
ok "$(cat "$work/err")" "$(cat "$work/want")" "each bad file gives exactly its message, in walk order"
ok "$(q "$db" "SELECT group_concat(source_path, ' ') FROM (SELECT source_path FROM reports ORDER BY 1)")" \
   "dup.txt gbk-nometa.html gbk.txt good.txt slash.txt wide.html wide.txt" \
   "every readable report is stored"
ok "$(q "$db" "SELECT charset || ' ' || a.name FROM reports r JOIN agencies a ON a.id = r.agency_id
               WHERE source_path IN ('gbk.txt', 'gbk-nometa.html') ORDER BY source_path")" \
   "$(printf 'GB18030 西吉县教育局\nGB18030 屈原管理区卫生健康局')" \
   "GBK text and a GBK page with no charset declared are read as GB18030"
# Its 规章 row holds 10,003 numbers for three columns: which are right
# cannot be told, so the row is unknown; the rows after it are read.
ok "$(q "$db" "SELECT coalesce(json_extract(record_json, '$.active.rules.issued'), 'unknown') || ' ' ||
                      json_extract(record_json, '$.active.normative_docs.in_force') || ' ' ||
                      json_extract(record_json, '$.active.penalty')
               FROM reports WHERE source_path = 'wide.txt'")" "unknown 15 14" \
   "the report with a row of 10,000 cells is read past that row"

# ---- a site from it ----
pub=$work/public
touch "$work/mark"
"$SITE_GEN" build --quiet --db "$db" --templates templates --content "$c" --out "$pub" 2>"$work/err"
ok "$?: $(cat "$work/err")" "0: " "the site builds from what was stored"
slug=$(q "$db" "SELECT slug FROM agencies WHERE name = '某某/../局<b>'")
ok "$(echo "$slug" | grep -cx 'a-[0-9a-f]*')" 1 "the agency named 某某/../局<b> gets a generated slug ($slug)"
ok "$(grep -c '<h1[^>]*>某某/../局&lt;b&gt;' "$pub/agencies/$slug/index.html")" 1 \
   "its page names it with the '<' escaped"
ok "$(cd "$pub" && find . | grep -c '[^A-Za-z0-9._/-]\|/\.\./\|\.\.$')" 0 \
   "no file or folder of the site has a name outside [A-Za-z0-9._-] or a '..'"
ok "$(find "$work" -mindepth 1 -path "$pub" -prune -o -newer "$work/mark" -print | grep -vc "^$work/err$")" 0 \
   "nothing was written outside the site's folder"

# ---- broken templates ----
(cd "$pub" && find . -type f | LC_ALL=C sort | xargs sha256sum) > "$work/before"
t=$work/templates
cp -r templates "$t"
year_line=$(($(wc -l < "$t/year.mustache") + 1))
data_line=$(($(wc -l < "$t/data.mustache") + 1))
home_line=$(($(wc -l < "$t/home.mustache") + 1))
printf '{{#oops}}\n' >> "$t/year.mustache"
printf '{{/nope}}\n' >> "$t/data.mustache"
printf '{{>partials/nothere}}\n' >> "$t/home.mustache"
"$SITE_GEN" build --quiet --db "$db" --templates "$t" --content "$c" --out "$pub" 2>"$work/err"
rc=$?
ok "$rc" 1 "a build with broken templates exits 1"
ok "$(sort "$work/err")" "$(sort <<EOF
$t/home.mustache:$home_line:1: error: unknown partial 'partials/nothere' (page /)
$t/year.mustache:$year_line:1: error: unclosed section 'oops' (page /years/2023/)
$t/data.mustache:$data_line:1: error: closing tag 'nope' without an open section (page /data/)
$t: error: 4 pages could not be rendered
site-gen build: failed; $pub left as it was
EOF
)" "each broken template is said once, and the build goes on to find them all"
(cd "$pub" && find . -type f | LC_ALL=C sort | xargs sha256sum) > "$work/after"
ok "$([ -s "$work/before" ] && cmp -s "$work/before" "$work/after" && echo same)" same \
   "the previous site is left byte for byte"
ok "$(ls "$work" | grep -c 'public\.')" 0 "no temporary folder is left beside it"

# ---- an output folder that cannot be made ----
: > "$work/file"
"$SITE_GEN" build --quiet --db "$db" --templates templates --content "$c" --out "$work/file/public" 2>"$work/err"
rc=$?
ok "$rc: $(sed 's/public\.tmp-[0-9]*-[A-Za-z0-9]*/public.tmp-PID-XXXXXX/' "$work/err")" \
   "1: $work/file/public.tmp-PID-XXXXXX: error: cannot create: Not a directory
site-gen build: failed; $work/file/public left as it was" "an --out under a file: one message, exit 1"
mkdir -p "$work/locked" && chmod 555 "$work/locked"
as_nobody "$SITE_GEN" build --quiet --db "$db" --templates templates --content "$c" \
    --out "$work/locked/public" 2>"$work/err"
rc=$?
ok "$rc: $(sed 's/public\.tmp-[0-9]*-[A-Za-z0-9]*/public.tmp-PID-XXXXXX/' "$work/err")" \
   "1: $work/locked/public.tmp-PID-XXXXXX: error: cannot create: Permission denied
site-gen build: failed; $work/locked/public left as it was" "an --out in a folder that is not writable: one message, exit 1"

# ---- a read-only database ----
ro=$work/ro
mkdir -p "$ro"
"$SITE_GEN" ingest --quiet --db "$ro/site.db" "$in" 2>/dev/null
ok "$(ls "$ro")" site.db "the ingest closed its database: no -wal or -shm file beside it"
chmod 444 "$ro/site.db" && chmod 555 "$ro"
mkdir -p "$work/open" && chmod 777 "$work/open"
as_nobody "$SITE_GEN" build --quiet --db "$ro/site.db" --templates templates --content "$c" \
    --out "$work/open/public" 2>"$work/err"
rc=$?
ok "$rc: $(cat "$work/err")" "0: " "a build reads a read-only WAL database in a read-only folder"
ok "$([ -s "$work/open/public/agencies/$slug/index.html" ] && echo yes)" yes "and writes the site from it"
as_nobody "$SITE_GEN" ingest --quiet --db "$ro/site.db" "$in" 2>"$work/err"
rc=$?
ok "$rc: $(cat "$work/err")" \
   "2: $ro/site.db: error: read-only: ingest cannot write to it: attempt to write a readonly database" \
   "an ingest into a read-only database: one message, exit 2"
ok "$(q "$ro/site.db" 'SELECT count(*) FROM reports')" 7 "and the database is as it was"

# ---- a database of garbage bytes ----
head -c 8192 /dev/urandom > "$work/garbage.db"
"$SITE_GEN" ingest --quiet --db "$work/garbage.db" "$in" 2>"$work/err"
rc=$?
ok "$rc: $(cat "$work/err")" "2: $work/garbage.db: error: not a database: file is not a database" \
   "an ingest into a database of garbage bytes: one message, exit 2"
"$SITE_GEN" build --quiet --db "$work/garbage.db" --templates templates --content "$c" --out "$pub" 2>"$work/err"
rc=$?
ok "$rc: $(head -1 "$work/err")" "1: $work/garbage.db: error: not a database: file is not a database" \
   "a build from it: one message, exit 1"
ok "$(cmp -s "$work/before" "$work/after" && [ -s "$pub/index.html" ] && echo kept)" kept \
   "and the site stays"

# ---- a full disk while ingesting ----
full=$work/full
mkdir -p "$full/reports"
cp $g/*.txt "$full/reports/"
"$SITE_GEN" ingest --quiet --db "$full/site.db" "$full/reports" 2>/dev/null
before=$(q "$full/site.db" 'SELECT count(*) FROM reports')
cp tests/compare/reports/*.md "$full/reports/"
(ulimit -f 300; "$SITE_GEN" ingest --quiet --db "$full/site.db" "$full/reports") 2>"$work/err"
rc=$?
ok "$rc" 2 "an ingest past ulimit -f exits 2, not killed by SIGXFSZ"
ok "$(grep -c "^$full/reports/[a-z0-9-]*\.md: error: not stored: disk I/O error$" "$work/err")" 1 \
   "it names the file it could not store"
ok "$(tail -1 "$work/err")" \
   "$full/site.db: error: the database could not be written, and SQLite rolled the run back: nothing of this run is stored" \
   "and says that nothing of the run is stored"
ok "$before $(q "$full/site.db" 'SELECT count(*) FROM reports; PRAGMA integrity_check' | tr '\n' ' ')" "5 5 ok " \
   "the database holds what it held before, intact"
"$SITE_GEN" ingest --quiet --db "$full/site.db" "$full/reports" 2>"$work/err"
ok "$?: $(q "$full/site.db" 'SELECT count(*) FROM reports')" "0: 48" \
   "the next ingest with room stores the whole batch (5 + 43 reports)"
