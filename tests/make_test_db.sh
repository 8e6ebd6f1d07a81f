#!/bin/sh
# make_test_db.sh DB REPORT.txt...: a portal database made without
# `site-gen ingest`, for building test sites while ingest is not available.
#
# Each REPORT.txt needs its expected record beside it (REPORT.json, the
# shape of tests/gold/*.json; a fixture's JSON may also carry "sections"
# and "issues").  The values come from that JSON, the original bytes from
# the .txt; agencies and regions from content/*.csv.  A key the JSON leaves
# out becomes NULL (unknown), exactly as ingest stores an unreadable cell.
# Not a test: tests/build_test_site.sh falls back to it.
set -eu
db=$1
shift
rm -f "$db"
sql=$(mktemp)
trap 'rm -f "$sql"' EXIT

q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }

{
    cat site-gen/store/schema.sql
    cat <<'EOF'
CREATE TEMP TABLE a_csv(name, slug, province, city, county);
CREATE TEMP TABLE r_csv(name, slug, parent);
.mode csv
.import --skip 1 content/agencies.csv a_csv
.import --skip 1 content/regions.csv r_csv
INSERT INTO agencies(name, slug, province, city, county, registered)
    SELECT name, slug, nullif(province, ''), nullif(city, ''), nullif(county, ''), 1 FROM a_csv;
INSERT INTO regions(level, name, parent_id, slug)
    SELECT 'province', name, NULL, slug FROM r_csv WHERE parent = '';
INSERT INTO regions(level, name, parent_id, slug)
    SELECT 'city', c.name, p.id, c.slug FROM r_csv c JOIN regions p ON p.name = c.parent AND p.level = 'province'
    WHERE c.parent <> '';
CREATE TEMP TABLE cols(tbl, i, col);
INSERT INTO cols VALUES ('requests',0,'natural'),('requests',1,'business'),('requests',2,'research'),
    ('requests',3,'nonprofit'),('requests',4,'legal'),('requests',5,'other'),('requests',6,'total'),
    ('appeals',0,'upheld'),('appeals',1,'corrected'),('appeals',2,'other'),('appeals',3,'pending'),('appeals',4,'total');
CREATE TEMP TABLE rows_(tbl, row);
INSERT INTO rows_ VALUES ('requests','new'),('requests','carried_in'),('requests','granted'),('requests','partial'),
 ('requests','denied_secret'),('requests','denied_law'),('requests','denied_safety'),('requests','denied_third_party'),
 ('requests','denied_internal'),('requests','denied_process'),('requests','denied_enforcement'),('requests','denied_query'),
 ('requests','unable_not_held'),('requests','unable_create'),('requests','unable_unclear'),
 ('requests','rejected_petition'),('requests','rejected_duplicate'),('requests','rejected_publication'),
 ('requests','rejected_excessive'),('requests','rejected_confirm'),
 ('requests','other_no_correction'),('requests','other_no_fee'),('requests','other_other'),
 ('requests','processed_total'),('requests','carried_out'),
 ('appeals','review'),('appeals','suit_direct'),('appeals','suit_after_review');
EOF
    n=0
    for txt in "$@"; do
        n=$((n + 1))
        json=${txt%.txt}.json
        src=$(basename "$txt")
        cat <<EOF
CREATE TEMP TABLE IF NOT EXISTS j(v);
DELETE FROM j;
INSERT INTO j VALUES (readfile($(q "$json")));
INSERT OR IGNORE INTO agencies(name, slug, registered)
    SELECT json_extract(v, '\$.agency'), 'agency-$n', 0 FROM j;
INSERT INTO reports(id, agency_id, year, source_path, content_hash, form, charset, title, bytes, ingested_at, record_json)
    SELECT $n, (SELECT id FROM agencies WHERE name = json_extract(v, '\$.agency')),
           json_extract(v, '\$.year'), $(q "$src"), 'test', 'word_text', 'UTF-8',
           json_extract(v, '\$.agency') || ' ' || json_extract(v, '\$.year'),
           length(readfile($(q "$txt"))), '2026-01-01T00:00:00Z', v FROM j;
INSERT INTO originals VALUES ($n, readfile($(q "$txt")));
INSERT INTO cells SELECT $n, 'active', r.key, d.col, json_extract(v, '\$.active.' || r.key || '.' || d.col)
    FROM j, (SELECT 'rules' AS key UNION ALL SELECT 'normative_docs') r,
         (SELECT 'issued' AS col UNION ALL SELECT 'repealed' UNION ALL SELECT 'in_force') d;
INSERT INTO cells SELECT $n, 'active', k.key, 'value', json_extract(v, '\$.active.' || k.key)
    FROM j, (SELECT 'licensing' AS key UNION ALL SELECT 'penalty' UNION ALL SELECT 'coercion' UNION ALL SELECT 'fees') k;
INSERT INTO cells SELECT $n, r.tbl, r.row, c.col, json_extract(v, '\$.' || r.tbl || '.' || r.row || '[' || c.i || ']')
    FROM j, rows_ r JOIN cols c ON c.tbl = r.tbl;
INSERT INTO sections SELECT $n, e.key, json_extract(e.value, '\$.number'), json_extract(e.value, '\$.heading'),
    json_extract(e.value, '\$.body'), 1 FROM j, json_each(j.v, '\$.sections') e;
INSERT INTO findings(report_id, code, location, message, line)
    SELECT $n, json_extract(e.value, '\$.code'), json_extract(e.value, '\$.where'), json_extract(e.value, '\$.message'), NULL
    FROM j, json_each(j.v, '\$.issues') e;
INSERT INTO findings(report_id, code, location, message, line)
    SELECT $n, e.value, 'document', e.value, NULL FROM j, json_each(j.v, '\$.issues_codes') e;
EOF
    done
} > "$sql"
sqlite3 -bail "$db" < "$sql"
