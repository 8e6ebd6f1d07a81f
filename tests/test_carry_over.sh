#!/bin/sh
# test_carry_over.sh: an agency's 结转下年度继续办理 of year Y against its
# 上年结转 of Y+1 (code carry_over, store/reports.c), on two reports of one
# agency made from tests/fixtures/md-lost-column.md (贺兰县住房和城乡建设局
# 2023: 结转下年 自然人 1, 总计 1).  The 2024 copy says 上年结转 自然人 2,
# 总计 2: both reports get the finding, naming both years and both
# numbers; the report pages show it.  Fixed to 1 and 1, it goes away from
# both.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
SITE_GEN=${SITE_GEN:-$PWD/$B/site-gen}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "1..9"
ok() { if [ "$1" = "$2" ]; then echo "ok - $3"; else echo "not ok - $3"; echo "    got [$1], expected [$2]"; fi; }
q() { sqlite3 "$work/site.db" "$1"; }

mkdir -p "$work/in"
cp tests/fixtures/md-lost-column.md "$work/in/a2023.md"
carried_in='| 二、上年结转政府信息公开申请数量 |  |  | 1 | 0 | 0 | 0 | 0 | 1 |'
sed -e 's/2023年/2024年/g' \
    -e "s/^$carried_in\$/| 二、上年结转政府信息公开申请数量 |  |  | 2 | 0 | 0 | 0 | 0 | 0 | 2 |/" \
    tests/fixtures/md-lost-column.md > "$work/in/a2024.md"
"$SITE_GEN" ingest --quiet --db "$work/site.db" "$work/in" 2>"$work/err"
ok "$?" 0 "both reports ingest"

ok "$(q "SELECT group_concat(r.year || ':' || f.location, ' ') FROM findings f JOIN reports r ON r.id = f.report_id WHERE f.code = 'carry_over' ORDER BY r.year")" \
   "2023:requests 2024:requests" "each of the two reports has one carry_over finding, beside table 三"
want24='表三「二、上年结转政府信息公开申请数量」与本机关 2023 年度报告的「四、结转下年度继续办理」不一致：自然人列：2024 年上年结转 2 件，2023 年结转下年 1 件；总计列：2024 年上年结转 2 件，2023 年结转下年 1 件（本年的上年结转应等于上年的结转下年）'
ok "$(q "SELECT f.message FROM findings f JOIN reports r ON r.id = f.report_id WHERE f.code = 'carry_over' AND r.year = 2024")" \
   "$want24" "the 2024 report's finding names 2023 and the two columns that differ"
ok "$(q "SELECT count(*) FROM findings f JOIN reports r ON r.id = f.report_id WHERE f.code = 'carry_over' AND r.year = 2023 AND f.message LIKE '%2024 年度报告%自然人列：2024 年上年结转 2 件，2023 年结转下年 1 件%'")" \
   1 "the 2023 report's finding names 2024 and the same numbers"

"$SITE_GEN" build --quiet --db "$work/site.db" --templates templates --content content --out "$work/public" 2>>"$work/err"
ok "$?" 0 "the site builds"
slug=$(q "SELECT slug FROM agencies")
ok "$(grep -c '2024 年上年结转 2 件' "$work/public/agencies/$slug/2023/index.html")" 1 "the 2023 report page shows the finding"
ok "$(grep -c '2023 年结转下年 1 件' "$work/public/agencies/$slug/index.html" | awk '{print ($1 >= 1)}')" 1 \
   "the agency page shows it"

sed -i -e "s/^| 二、上年结转政府信息公开申请数量 |  |  | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\$/| 二、上年结转政府信息公开申请数量 |  |  | 1 | 0 | 0 | 0 | 0 | 0 | 1 |/" "$work/in/a2024.md"
"$SITE_GEN" ingest --quiet --db "$work/site.db" "$work/in" 2>>"$work/err"
ok "$?" 0 "the corrected 2024 report ingests"
ok "$(q "SELECT count(*) FROM findings WHERE code = 'carry_over'")" 0 \
   "once 2024's 上年结转 equals 2023's 结转下年, neither report has the finding"
