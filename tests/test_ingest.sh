#!/bin/sh
# test_ingest.sh: `site-gen ingest` end to end on copies of the seed reports.
#
# Builds a content folder in a temporary directory (reports from
# tests/gold, a registry that leaves one seed agency out and has a few bad
# lines), ingests it, and checks the database through the sqlite3 CLI:
# counts, a known value, regions, idempotent re-runs, change, removal,
# duplicates, an unregistered agency, bad input files, and bad arguments.
set -u
B=${B:-build}
SITE_GEN=${SITE_GEN:-$PWD/$B/site-gen}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; [ -n "${2:-}" ] && echo "    $2"; }
# is WHAT GOT WANT
is() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', want '$3'"; fi; }
has() { if grep -q -- "$3" "$2"; then ok "$1"; else not_ok "$1" "'$3' not in: $(head -c 600 "$2")"; fi; }

# 69 checks: one per is/has/ok line below, the loop over five bad files
# counting five.
echo "1..69"

content=$tmp/content
dir=$content/reports
db=$tmp/site.db
err=$tmp/stderr
mkdir -p "$dir"
cp tests/gold/*.txt "$dir"/
q() { sqlite3 "$db" "$1"; }
ingest() { "$SITE_GEN" ingest --db "$db" "$@" "$dir" 2>"$err"; }

# The registry: four of the five seed agencies (红旗区卫生健康委员会 is left
# out), one quoted name with a comma in a city that the division tree of
# regions.csv lacks, and three bad lines.
{
    echo 'name,slug,province,city,county'
    grep -v '^红旗区卫生健康委员会,' content/agencies.csv | tail -n +2
    echo '"测试局,分局",test-quoted,宁夏回族自治区,贺兰新区,'
    echo '坏机构,../escape,宁夏回族自治区,吴忠市,'
    echo '缺字段,missing-fields,宁夏回族自治区'
    echo '大写,Upper-Case,,,'
} >"$content/agencies.csv"
cp content/regions.csv "$content/regions.csv"
nlines=$(wc -l <"$content/agencies.csv")

# ---- first run ----
ingest; rc=$?
is "first ingest exits 0" "$rc" 0
has "summary counts five added" "$err" "5 added, 0 changed, 0 unchanged, 0 removed, 0 failed"
has "a registry slug that could escape its folder is refused with its line" "$err" \
    "agencies.csv:$((nlines - 2)): .*slug '../escape'"
has "a registry line with too few fields is reported with its line" "$err" \
    "agencies.csv:$((nlines - 1)): .*3 fields, expected 5"
has "a registry slug with capitals is refused" "$err" "agencies.csv:$nlines: .*Upper-Case"
is "bad registry lines are skipped" \
   "$(q "SELECT count(*) FROM agencies WHERE name IN ('坏机构','缺字段','大写')")" 0
is "a quoted registry field keeps its comma" \
   "$(q "SELECT slug FROM agencies WHERE name = '测试局,分局'")" test-quoted
# Slugs of the tree, as content/regions.csv (code,name,level,parent,slug) gives them.
slug_of() { awk -F, -v n="$1" -v l="$2" '$2 == n && $3 == l { print $5 }' content/regions.csv; }
is "a city missing from regions.csv gets a generated r- slug" \
   "$(q "SELECT slug GLOB 'r-[0-9a-f]*' FROM regions WHERE name = '贺兰新区'")" 1
is "its parent is the agency's province, with its slug from regions.csv" \
   "$(q "SELECT p.slug FROM regions c JOIN regions p ON p.id = c.parent_id WHERE c.name = '贺兰新区'")" \
   "$(slug_of 宁夏回族自治区 province)"
is "five reports stored" "$(q 'SELECT count(*) FROM reports')" 5
is "every cell of the four tables stored: 5 x (10+175+15)" "$(q 'SELECT count(*) FROM cells')" 1000
is "红寺堡区卫生健康局 2023 licensing = 160" \
   "$(q "SELECT printf('%g', c.value) FROM cells c JOIN reports r ON r.id = c.report_id
         JOIN agencies a ON a.id = r.agency_id
         WHERE a.name = '红寺堡区卫生健康局' AND r.year = 2023
           AND c.tbl = 'active' AND c.row = 'licensing' AND c.col = 'value'")" 160
is "record_json holds the same value" \
   "$(q "SELECT json_extract(record_json, '$.active.licensing') FROM reports
         WHERE source_path = '000_7a7a80364ff2eb63.txt'")" 160
is "红寺堡区卫生健康局 is in region 吴忠市" \
   "$(q "SELECT g.name FROM agencies a JOIN regions g ON g.id = a.region_id
         WHERE a.name = '红寺堡区卫生健康局'")" 吴忠市
is "吴忠市 has its slug from regions.csv" \
   "$(q "SELECT slug FROM regions WHERE name = '吴忠市'")" "$(slug_of 吴忠市 city)"
size=$(wc -c <"$dir/000_7a7a80364ff2eb63.txt" | tr -d ' ')
is "the original file is stored byte for byte" \
   "$(q "SELECT length(o.bytes) || '/' || r.bytes FROM originals o JOIN reports r ON r.id = o.report_id
         WHERE r.source_path = '000_7a7a80364ff2eb63.txt'")" "$size/$size"
# The expected hash comes from Python (scripts/deps.sh test installs it); a
# Python that fails or is missing fails this check, it does not skip it.
want=$(python3 -c '
import sys
h = 0xcbf29ce484222325
for b in open(sys.argv[1], "rb").read():
    h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
print("%016x" % h)' "$dir/000_7a7a80364ff2eb63.txt")
prc=$?
if [ "$prc" -ne 0 ]; then
    not_ok "content_hash is FNV-1a 64 of the bytes: the python3 FNV-1a block exited with status $prc"
else
    is "content_hash is FNV-1a 64 of the bytes" \
       "$(q "SELECT content_hash FROM reports WHERE source_path = '000_7a7a80364ff2eb63.txt'")" "$want"
fi
is "form and charset are stored" \
   "$(q "SELECT count(*) FROM reports WHERE form <> '' AND charset IN ('UTF-8', 'GB18030')")" 5

# The unregistered agency.
is "红旗区卫生健康委员会 is stored unregistered with an a- slug, placed in 新乡市 by its name" \
   "$(q "SELECT registered || ' ' || (slug GLOB 'a-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]')
         || ' ' || (SELECT g.name FROM regions g WHERE g.id = region_id) || ' ' || placed_by
         FROM agencies WHERE name = '红旗区卫生健康委员会'")" "0 1 新乡市 name"
is "its report has an unregistered finding in the document" \
   "$(q "SELECT f.location FROM findings f JOIN reports r ON r.id = f.report_id
         WHERE f.code = 'unregistered' AND r.source_path = '003_3ec79e02cf78507f.txt'")" document
is "registered agencies' reports have no unregistered finding" \
   "$(q "SELECT count(*) FROM findings WHERE code = 'unregistered'")" 1
has "the unregistered agency is named on stderr" "$err" "003_3ec79e02cf78507f.txt: .*红旗区卫生健康委员会"

# ---- second run: nothing changes ----
before=$(q "SELECT id, source_path, ingested_at, content_hash FROM reports ORDER BY id;
            SELECT id, report_id, code FROM findings ORDER BY id")
sleep 1
ingest; rc=$?
is "second ingest exits 0" "$rc" 0
has "second run: all unchanged" "$err" "0 added, 0 changed, 5 unchanged, 0 removed, 0 failed"
after=$(q "SELECT id, source_path, ingested_at, content_hash FROM reports ORDER BY id;
           SELECT id, report_id, code FROM findings ORDER BY id")
is "second run rewrote nothing (ids, ingested_at, findings)" "$after" "$before"

# ---- a changed file is replaced ----
printf '\n附：本报告已更正。\n' >>"$dir/001_20ea5182de26b251.txt"
old_hash=$(q "SELECT content_hash FROM reports WHERE source_path = '001_20ea5182de26b251.txt'")
sleep 1
ingest; rc=$?
is "ingest after a change exits 0" "$rc" 0
has "the changed file is counted" "$err" "0 added, 1 changed, 4 unchanged, 0 removed, 0 failed"
new_hash=$(q "SELECT content_hash FROM reports WHERE source_path = '001_20ea5182de26b251.txt'")
if [ "$new_hash" != "$old_hash" ] && [ -n "$new_hash" ]; then ok "its hash is updated"
else not_ok "its hash is updated" "$old_hash -> $new_hash"; fi
is "still five reports and 1000 cells" "$(q 'SELECT count(*) FROM reports; SELECT count(*) FROM cells' | tr '\n' ' ')" "5 1000 "
is "the other reports keep their ingested_at" \
   "$(q "SELECT count(DISTINCT ingested_at) FROM reports WHERE source_path <> '001_20ea5182de26b251.txt'")" 1

# ---- a deleted file is removed ----
rm "$dir/002_3e7ce50622823025.txt"
ingest; rc=$?
is "ingest after a deletion exits 0" "$rc" 0
has "the removal is counted" "$err" "0 added, 0 changed, 4 unchanged, 1 removed, 0 failed"
is "its report is gone" "$(q "SELECT count(*) FROM reports WHERE source_path = '002_3e7ce50622823025.txt'")" 0
is "no cells, findings or originals are left behind" \
   "$(q "SELECT (SELECT count(*) FROM cells WHERE report_id NOT IN (SELECT id FROM reports))
              + (SELECT count(*) FROM findings WHERE report_id NOT IN (SELECT id FROM reports))
              + (SELECT count(*) FROM originals WHERE report_id NOT IN (SELECT id FROM reports))")" 0

# ---- duplicate agency and year ----
mkdir -p "$dir/later"
cp "$dir/000_7a7a80364ff2eb63.txt" "$dir/later/copy.txt"
ingest; rc=$?
is "ingest with a duplicate exits 0 (both stored)" "$rc" 0
dupline=$(grep 'later/copy.txt' "$err" | grep '000_7a7a80364ff2eb63.txt')
if [ -n "$dupline" ]; then ok "one error line names both files"
else not_ok "one error line names both files" "$(cat "$err")"; fi
is "both reports are stored" \
   "$(q "SELECT count(*) FROM reports r JOIN agencies a ON a.id = r.agency_id
         WHERE a.name = '红寺堡区卫生健康局' AND r.year = 2023")" 2
is "each has a duplicate finding naming the other" \
   "$(q "SELECT r.source_path || '>' || (f.message LIKE '%later/copy.txt%') || (f.message LIKE '%000_7a7a80364ff2eb63.txt%')
         FROM findings f JOIN reports r ON r.id = f.report_id WHERE f.code = 'duplicate' ORDER BY 1" | tr '\n' ' ')" \
   "000_7a7a80364ff2eb63.txt>10 later/copy.txt>01 "
is "report_pages shows the path that sorts first" \
   "$(q "SELECT p.source_path FROM report_pages p JOIN agencies a ON a.id = p.agency_id
         WHERE a.name = '红寺堡区卫生健康局' AND p.year = 2023")" 000_7a7a80364ff2eb63.txt
rm "$dir/later/copy.txt"
ingest
is "removing the copy removes both duplicate findings" \
   "$(q "SELECT count(*) FROM findings WHERE code = 'duplicate'")" 0

# ---- bad input files ----
: >"$dir/empty.txt"
head -c 4096 "$SITE_GEN" >"$dir/binary.txt"
printf '会议纪要\n\n今天天气很好，大家讨论了午饭。\n' >"$dir/notreport.txt"
{ head -c 2000 "$dir/000_7a7a80364ff2eb63.txt"; printf '\377\376\375 坏字节\n'; } >"$dir/badutf8.txt"
head -c 52428800 /dev/zero | tr '\0' 'x' >"$dir/huge.txt"
mkdir -p "$dir/.hidden"
cp "$dir/003_3ec79e02cf78507f.txt" "$dir/.hidden/dot.txt"
ingest; rc=$?
is "ingest with bad files exits 1" "$rc" 1
has "five files failed, the rest unchanged" "$err" "0 added, 0 changed, 4 unchanged, 0 removed, 5 failed"
for f in empty.txt binary.txt notreport.txt badutf8.txt huge.txt; do
    is "$f: exactly one message naming it" "$(grep -c "^$dir/$f:" "$err")" 1
done
is "dotfolders are skipped" "$(grep -c '.hidden' "$err")" 0
is "the good reports are all still there" "$(q 'SELECT count(*) FROM reports')" 4
is "integrity_check ok" "$(q 'PRAGMA integrity_check')" ok
is "foreign_key_check empty" "$(q 'PRAGMA foreign_key_check')" ""
rm -f "$dir/empty.txt" "$dir/binary.txt" "$dir/notreport.txt" "$dir/badutf8.txt" "$dir/huge.txt"

# ---- a published report that breaks keeps its stored version ----
cp "$dir/000_7a7a80364ff2eb63.txt" "$tmp/keep.txt"
head -c 4096 "$SITE_GEN" >"$dir/000_7a7a80364ff2eb63.txt"
ingest; rc=$?
is "a broken published file makes the run exit 1" "$rc" 1
has "the message says the old version stays" "$err" "000_7a7a80364ff2eb63.txt: .*stays published"
is "its old version is still stored" \
   "$(q "SELECT json_extract(record_json, '$.active.licensing') FROM reports
         WHERE source_path = '000_7a7a80364ff2eb63.txt'")" 160
cp "$tmp/keep.txt" "$dir/000_7a7a80364ff2eb63.txt"

# ---- a GBK file: changed, stored with its charset ----
iconv -f UTF-8 -t GB18030 "$dir/004_93ae09122aa543fb.txt" >"$tmp/gbk.txt"
cp "$tmp/gbk.txt" "$dir/004_93ae09122aa543fb.txt"
ingest; rc=$?
is "re-encoding a report as GBK counts as a change" "$rc/$(grep -c '1 changed' "$err")" "0/1"
is "its charset is GB18030 and its values are the same" \
   "$(q "SELECT charset || ' ' || json_extract(record_json, '$.active.licensing') FROM reports
         WHERE source_path = '004_93ae09122aa543fb.txt'")" \
   "GB18030 $(q "SELECT printf('%g', c.value) FROM cells c JOIN reports r ON r.id = c.report_id
                 WHERE r.source_path = '004_93ae09122aa543fb.txt' AND c.row = 'licensing'")"

# ---- registering the unregistered agency ----
grep '^红旗区卫生健康委员会,' content/agencies.csv >>"$content/agencies.csv"
ingest; rc=$?
is "after registering it: registered, its registry slug, its region" \
   "$(q "SELECT a.registered || ' ' || a.slug || ' ' || g.name FROM agencies a
         JOIN regions g ON g.id = a.region_id WHERE a.name = '红旗区卫生健康委员会'")" \
   "1 hongqi-health 新乡市"
is "and its report's unregistered finding is gone" \
   "$(q "SELECT count(*) FROM findings WHERE code = 'unregistered'")" 0
is "the unchanged report was not re-ingested for it" \
   "$(grep -c '0 added, 0 changed, 4 unchanged' "$err")" 1

# ---- the old regions.csv (name,slug,parent) is still read ----
old=$tmp/old
mkdir -p "$old/reports"
cp tests/gold/000_7a7a80364ff2eb63.txt "$old/reports/"
printf '%s\n' 'name,slug,province,city,county' '红寺堡区卫生健康局,hongsibao-health,宁夏回族自治区,吴忠市,红寺堡区' \
    > "$old/agencies.csv"
printf '%s\n' 'name,slug,parent' '宁夏回族自治区,ningxia,' '吴忠市,ningxia-wuzhong,宁夏回族自治区' > "$old/regions.csv"
"$SITE_GEN" ingest --db "$old/site.db" "$old/reports" 2>"$err"; rc=$?
is "an old name,slug,parent regions.csv ingests (exit 0)" "$rc" 0
is "its regions keep its slugs, and the agency its region" \
   "$(sqlite3 "$old/site.db" "SELECT g.slug || ' ' || p.slug || ' ' || (SELECT count(*) FROM divisions)
      FROM agencies a JOIN regions g ON g.id = a.region_id JOIN regions p ON p.id = g.parent_id")" \
   "ningxia-wuzhong ningxia 0"

# ---- bad arguments and unusable databases ----
"$SITE_GEN" ingest 2>/dev/null; is "no folder: exit 2" "$?" 2
"$SITE_GEN" ingest --frobnicate "$dir" 2>/dev/null; is "unknown option: exit 2" "$?" 2
"$SITE_GEN" ingest --db "$db" "$tmp/nonexistent" 2>/dev/null; is "missing folder: exit 2" "$?" 2
"$SITE_GEN" ingest --db "$db" --registry "$tmp/none.csv" "$dir" 2>/dev/null
is "a named registry that does not exist: exit 2" "$?" 2
echo "not a database, just some text that is long enough to be a header" >"$tmp/junk.db"
"$SITE_GEN" ingest --db "$tmp/junk.db" "$dir" 2>"$err"; rc=$?
is "a file that is not a database: exit 2" "$rc" 2
has "with a message naming it" "$err" "junk.db"
"$SITE_GEN" ingest --help >"$tmp/help" 2>&1; rc=$?
is "--help exits 0" "$rc" 0
has "--help describes --registry" "$tmp/help" "--registry"
