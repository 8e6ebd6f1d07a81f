#!/bin/sh
# build.sh: how long `site-gen build` takes for a portal of N agencies with
# five reports each (default 1000 agencies, 5000 report pages).  The
# database is the test site's (tests/build_test_site.sh) with one real
# report copied to every synthetic agency and year, so each page has full
# tables and prose.  Prints figures only.
set -eu
cd "$(dirname "$0")/.."
B=${B:-build}
N=${N:-1000}
export B
pub=$(sh tests/build_test_site.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/site.db
cp "$(dirname "$pub")/site.db" "$db"
sqlite3 "$db" <<SQL
PRAGMA foreign_keys = OFF;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO agencies(name, slug, province, city, county, registered)
  SELECT '机构' || i, 'bench-' || i,
         CASE i % 3 WHEN 0 THEN '宁夏回族自治区' WHEN 1 THEN '河南省' ELSE '湖南省' END,
         CASE i % 3 WHEN 0 THEN '吴忠市' WHEN 1 THEN '新乡市' ELSE '岳阳市' END, '县' || i, 1 FROM n;
WITH RECURSIVE y(yr) AS (SELECT 2019 UNION ALL SELECT yr + 1 FROM y WHERE yr < 2023)
INSERT INTO reports(agency_id, year, source_path, content_hash, form, charset, title, bytes, ingested_at, record_json)
  SELECT a.id, yr, 'bench/' || a.slug || '-' || yr || '.txt', 'x', 'word_text', 'UTF-8', NULL, 1,
         '2026-01-01T00:00:00Z', '{}'
  FROM agencies a, y WHERE a.slug LIKE 'bench-%';
INSERT INTO cells SELECT r.id, c.tbl, c.row, c.col, c.value FROM reports r, cells c
  WHERE r.source_path LIKE 'bench/%' AND c.report_id = (SELECT min(id) FROM reports);
INSERT INTO sections SELECT r.id, s.ord, s.number, s.heading, s.body, s.line FROM reports r, sections s
  WHERE r.source_path LIKE 'bench/%' AND s.report_id = (SELECT min(id) FROM reports);
INSERT INTO originals SELECT r.id, o.bytes FROM reports r, originals o
  WHERE r.source_path LIKE 'bench/%' AND o.report_id = (SELECT min(id) FROM reports);
SQL
reports=$(sqlite3 "$db" "SELECT count(*) FROM report_pages")
start=$(date +%s.%N)
"$B/site-gen" build --db "$db" --templates templates --content content --out "$work/public" --quiet
end=$(date +%s.%N)
files=$(find "$work/public" -type f | wc -l)
size=$(du -sk "$work/public" | cut -f1)
awk -v r="$reports" -v f="$files" -v k="$size" -v s="$start" -v e="$end" 'BEGIN {
    t = e - s
    printf "build: %d report pages, %d files, %.1f MiB in %.2f s (%.0f files/s)\n", r, f, k / 1024, t, f / t
}'
