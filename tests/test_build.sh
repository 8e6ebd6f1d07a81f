#!/bin/sh
# test_build.sh: `site-gen build` and the portal's pages, on the test site
# of tests/build_test_site.sh (the five real reports and the XSS fixtures).
# Expected values are read from the site's own database, so every check
# compares a page against what was stored, never against a copied answer.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
SITE_GEN=${SITE_GEN:-$PWD/$B/site-gen}
export B SITE_GEN

ok() { echo "ok - $1"; }
fail() { echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else fail "$1"; fi; }

pub=$(sh tests/build_test_site.sh) || { echo "1..1"; fail "test site builds"; exit 1; }
db=$(dirname "$pub")/site.db
q() { sqlite3 -batch -noheader "$db" "$1"; }
# 67 checks, one per check or ok line below (the two loops over four
# fixed pages counting four each), plus one per year and one per region
# of the site; the check after "test site builds" holds those two counts
# to the three years and seven regions that the test inputs and
# content/regions.csv give.
n_years=$(q "SELECT count(DISTINCT year) FROM report_pages")
n_regions=$(q "SELECT count(*) FROM regions")
echo "1..$((67 + n_years + n_regions))"
ok "test site builds from the five reports and the XSS fixtures"
check "the site has $n_years years (at least 3) and $n_regions regions (at least 7)" \
    '[ "$n_years" -ge 3 ] && [ "$n_regions" -ge 7 ]'
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ---- every page exists -------------------------------------------------
n_reports=$(q "SELECT count(*) FROM report_pages")
n_pages=$(q "SELECT count(*) FROM report_pages r JOIN agencies a ON a.id = r.agency_id" )
found=0
for row in $(q "SELECT a.slug || '/' || r.year FROM report_pages r JOIN agencies a ON a.id = r.agency_id"); do
    [ -f "$pub/agencies/$row/index.html" ] && found=$((found + 1))
done
check "a page for each of the $n_reports reports ($found found)" '[ "$n_reports" -ge 7 ] && [ "$found" -eq "$n_pages" ]'
for p in index.html agencies/index.html compare/index.html search/index.html; do
    check "page $p exists" '[ -s "$pub/$p" ]'
done
for y in $(q "SELECT DISTINCT year FROM report_pages"); do
    check "year page $y exists" '[ -s "$pub/years/$y/index.html" ]'
done
for s in $(q "SELECT slug FROM regions"); do
    check "region page $s exists" '[ -s "$pub/regions/$s/index.html" ]'
done
check "every page says it is Chinese" \
    '[ -z "$(find "$pub" -name "*.html" -exec grep -L "<html lang=\"zh-CN\">" {} +)" ]'
css=$(ls "$pub"/static/style.*.css 2>/dev/null | head -1)
check "style sheet copied with a fingerprint in its name" \
    '[ -n "$css" ] && cmp -s "$css" templates/static/style.css && grep -q "href=\"./static/$(basename "$css")\"" "$pub/index.html"'

# ---- values where they belong -----------------------------------------
hsb=$(q "SELECT a.slug || '/' || r.year FROM report_pages r JOIN agencies a ON a.id = r.agency_id
         WHERE a.name = '红寺堡区卫生健康局' AND r.year = 2023")
page="$pub/agencies/$hsb/index.html"
check "红寺堡区 2023 page shows 行政许可 160" \
    'grep -q "<th scope=\"row\">行政许可</th><td class=\"num\">160</td>" "$page"'
check "红寺堡区 2023 page shows 行政处罚 14" \
    'grep -q "<th scope=\"row\">行政处罚</th><td class=\"num\">14</td>" "$page"'
row=$(grep "红寺堡区卫生健康局" "$pub/years/2023/index.html")
check "2023 year table shows 红寺堡区 行政许可 160" 'echo "$row" | grep -q "<td class=\"num\"[^>]*>160</td>"'
check "2023 year table shows 红寺堡区 行政处罚 14" 'echo "$row" | grep -q "<td class=\"num\"[^>]*>14</td>"'
added=$(q "SELECT substr(r.ingested_at, 1, 10) FROM report_pages r JOIN agencies a ON a.id = r.agency_id
           WHERE a.name = '红寺堡区卫生健康局' AND r.year = 2023")
check "红寺堡区 2023 page says when the portal added it ($added)" \
    'grep -q "本站收录：<time datetime=\"$added\">$added</time>" "$page"'
check "report tables have captions and scoped headers" \
    'grep -q "<caption>" "$page" && grep -q "<th scope=\"col\">" "$page" && grep -q "<th scope=\"row\">" "$page"'

# 利通区 2023 lost a column in every row of table 三, and every row it
# shows reads zeros (../shared/reports/001_…): all 175 cells are decided
# by the table's own rules, stored as deduced, and shown apart.
lt_id=$(q "SELECT r.id FROM report_pages r JOIN agencies a ON a.id = r.agency_id WHERE a.name = '利通区卫生健康局' AND r.year = 2023")
lt=$(q "SELECT a.slug || '/' || r.year FROM report_pages r JOIN agencies a ON a.id = r.agency_id WHERE r.id = $lt_id")
check "利通区 2023: the 175 cells of table 三 are stored as 0 and as deduced" \
    '[ "$(q "SELECT count(*) FROM cells c JOIN deduced d USING (report_id, tbl, row, col) WHERE c.report_id = $lt_id AND c.tbl = '"'requests'"' AND c.value = 0")" = 175 ]'
check "利通区 2023 page marks the 175 deduced cells and explains the mark once" \
    '[ "$(grep -o "class=\"deduced\"" "$pub/agencies/$lt/index.html" | wc -l)" = 175 ] && [ "$(grep -c "table-legend" "$pub/agencies/$lt/index.html")" = 1 ]'
check "利通区 2023 page has one columns finding and one deduced finding for table 三, not 25" \
    '[ "$(grep -c "有 25 行的单元格数与表格列数不符" "$pub/agencies/$lt/index.html")" = 1 ] && [ "$(grep -c "有 175 个数值报告未填或缺失" "$pub/agencies/$lt/index.html")" = 1 ]'

# 屈原管理区: every cell stored as unknown shows as unknown, none as 0.
qy_id=$(q "SELECT r.id FROM report_pages r JOIN agencies a ON a.id = r.agency_id WHERE a.name = '屈原管理区卫生健康局'")
qy=$(q "SELECT a.slug || '/' || r.year FROM report_pages r JOIN agencies a ON a.id = r.agency_id WHERE r.id = $qy_id")
nulls=$(q "SELECT count(*) FROM cells WHERE report_id = $qy_id AND value IS NULL")
shown=$(grep -o 'class="unknown"' "$pub/agencies/$qy/index.html" | wc -l)
check "屈原管理区 has unknown cells ($nulls) and the page shows each as unknown ($shown)" \
    '[ "$nulls" -gt 0 ] && [ "$shown" -eq "$nulls" ]'
check "unknown cells carry text for screen readers" \
    'grep -q "<span class=\"sr-only\">未知</span>" "$pub/agencies/$qy/index.html"'
qy_new=$(q "SELECT count(*) FROM cells WHERE report_id = $qy_id AND tbl = 'requests' AND row = 'new' AND col = 'total' AND value IS NULL")
qrow=$(grep "屈原管理区卫生健康局" "$pub/years/2023/index.html")
check "屈原管理区's 新收申请 total is stored as unknown (the two checks below need it)" '[ "$qy_new" -eq 1 ]'
check "2023 year table shows 屈原管理区's unknown 新收申请 as unknown" \
    'echo "$qrow" | grep -q "<td class=\"num\"[^>]*><span class=\"unknown\""'
tfoot=$(sed -n '/<tfoot>/,/<\/tfoot>/p' "$pub/years/2023/index.html")
check "2023 total over an unknown cell says it is partial" 'echo "$tfoot" | grep -q "class=\"partial\""'
lic=$(q "SELECT CAST(sum(c.value) AS INTEGER) FROM cells c JOIN report_pages r ON r.id = c.report_id
         WHERE r.year = 2023 AND c.tbl = 'active' AND c.row = 'licensing' AND c.col = 'value'")
lic=$(printf '%s' "$lic" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')     # digits grouped as the pages print them
check "2023 行政许可 total ($lic) is the sum of the stored values" \
    'sed -n "/<tfoot>/,/<\/tfoot>/p" "$pub/years/2023/index.html" | grep -q "<td class=\"num\">$lic</td>"'

# ---- escaping -----------------------------------------------------------
# The only scripts are files from /static/ (the search page's, the
# comparison tables' sorting), loaded with src and defer, and the reading
# modes' (modes.js), loaded in the head without defer so that a page is
# first drawn in the reader's mode: no page holds a script element with
# code in it.  Links are relative (test_links.sh follows them), so the
# way up to the site's root (./, ../, ../../) is read as "/" here.
up='s#src="\(\./\|\(\.\./\)*\)static/#src="/static/#'
scripts=$(grep -rhoi "<script[^>]*>" "$pub" --include="*.html" | sed "$up" | sort -u)
modes_js=$(ls "$pub"/static/modes.*.js | sed "s|^$pub||")
search_js=$(ls "$pub"/static/search.*.js | sed "s|^$pub||")
check "no page holds an inline script; a script element only loads a file from /static/ ($(echo "$scripts" | tr '\n' ' '))" \
    '! echo "$scripts" | grep -v "^<script src=\"/static/[a-z0-9_-]*\.[0-9a-f]*\.js\" defer>$" |
       grep -vx "<script src=\"$modes_js\">" | grep -q . &&
     [ -z "$(grep -rhoi "<script[^>]*>[^<]" "$pub" --include="*.html")" ]'
check "the search page's scripts are the site's own, from /static/: the modes', then the search's with defer" \
    '[ "$(grep -o "<script[^>]*>" "$pub/search/index.html" | sed "$up" | tr "\n" " ")" = "<script src=\"$modes_js\"> <script src=\"$search_js\" defer> " ]'
check "no page holds an injected img element" '! grep -rqi "<img src=x" "$pub" --include="*.html"'
xss=$(q "SELECT a.slug || '/' || r.year FROM report_pages r JOIN agencies a ON a.id = r.agency_id
         WHERE r.source_path LIKE '%xss-report%'")
check "prose with <script> is shown escaped on its report page" \
    'grep -q "&lt;script&gt;alert(1)&lt;/script&gt;" "$pub/agencies/$xss/index.html"'
check "prose with \"><img onerror> is shown escaped on its report page" \
    'grep -q "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" "$pub/agencies/$xss/index.html"'
xa=$(q "SELECT slug FROM agencies WHERE name LIKE '%<script>%'")
for p in "agencies/$xa/index.html" agencies/index.html compare/quality/index.html years/2024/index.html; do
    check "agency name with <script> is escaped on $p" 'grep -q "测试&lt;script&gt;alert(1)&lt;/script&gt;局" "$pub/$p"'
done
svg=$(sed -n '/<svg/,/<\/svg>/p' "$pub/agencies/$xa/index.html")
check "agency name with <script> is escaped inside the SVG chart" \
    'echo "$svg" | grep -q "<title>测试&lt;script&gt;alert(1)&lt;/script&gt;局"'

check "no template but the Markdown page uses unescaped {{{ }}} or {{& }}" \
    '[ -z "$(grep -l -e "{{{" -e "{{&" templates/*.mustache templates/partials/*.mustache | grep -v "^templates/page.mustache$")" ]'
check "every page has a skip link to its main landmark" \
    '[ -z "$(find "$pub" -name "*.html" -exec grep -L "<a class=\"skip-link\" href=\"#main\">" {} +)" ] &&
     [ -z "$(find "$pub" -name "*.html" -exec grep -L "<main id=\"main\"" {} +)" ]'

# ---- links between years ------------------------------------------------
bad=0
for line in $(q "SELECT a.slug || '|' || r.year || '|' ||
                   coalesce((SELECT max(year) FROM report_pages x WHERE x.agency_id = r.agency_id AND x.year < r.year), '') || '|' ||
                   coalesce((SELECT min(year) FROM report_pages x WHERE x.agency_id = r.agency_id AND x.year > r.year), '')
                 FROM report_pages r JOIN agencies a ON a.id = r.agency_id"); do
    slug=${line%%|*}; rest=${line#*|}; year=${rest%%|*}; rest=${rest#*|}; prev=${rest%%|*}; next=${rest#*|}
    f="$pub/agencies/$slug/$year/index.html"
    if [ -n "$prev" ]; then grep -q "rel=\"prev\" href=\"../../../agencies/$slug/$prev/\"" "$f" || bad=$((bad + 1));
    else ! grep -q 'rel="prev"' "$f" || bad=$((bad + 1)); fi
    if [ -n "$next" ]; then grep -q "rel=\"next\" href=\"../../../agencies/$slug/$next/\"" "$f" || bad=$((bad + 1));
    else ! grep -q 'rel="next"' "$f" || bad=$((bad + 1)); fi
done
check "every report page links to the previous and next year where they exist ($bad wrong)" '[ "$bad" -eq 0 ]'
hq=$(q "SELECT slug FROM agencies WHERE name = '红旗区卫生健康委员会'")
check "红旗区 2024 links to 2025 as next" 'grep -q "rel=\"next\" href=\"../../../agencies/$hq/2025/\"" "$pub/agencies/$hq/2024/index.html"'
check "report page links to its JSON, CSV and original file" \
    'grep -q "href=\"../../../agencies/$hsb/report.json\"" "$page" && grep -q "href=\"../../../agencies/$hsb/report.csv\"" "$page" && grep -q "href=\"../../../agencies/$hsb/original.txt\"" "$page"'
check "original file is the stored bytes" 'cmp -s "$pub/agencies/$hsb/original.txt" tests/gold/000_7a7a80364ff2eb63.txt'

# ---- agencies index grouped by province ---------------------------------
# Section number of the first line matching $1 in the index (sections split at <section).
section_of() { awk -v s="$1" '/<section/ { n++ } index($0, s) { print n; exit }' "$pub/agencies/index.html"; }
bad=0
IFS='
'
for line in $(q "SELECT name || '|' || province FROM agencies WHERE province IS NOT NULL"); do
    a=${line%%|*}; p=${line#*|}
    [ "$(section_of ">$a<")" = "$(section_of "<h2 id=\"p-$p\">")" ] || bad=$((bad + 1))
done
unset IFS
check "agencies index lists each agency under its province ($bad wrong)" '[ "$bad" -eq 0 ]'
check "an agency that could not be placed is listed under 所属地区未定" \
    '[ "$(section_of "测试&lt;script&gt;")" = "$(section_of "所属地区未定")" ]'
check "agency page has an inline SVG chart" 'grep -q "<svg" "$pub/agencies/$hq/index.html"'

# ---- failures leave the previous site alone -----------------------------
cp -r "$pub" "$work/public"
(cd "$work/public" && find . -type f | LC_ALL=C sort | xargs sha256sum) > "$work/before"
cp -r templates "$work/templates"
printf '%s\n' '{{<layout}}' '{{$content}}' '<p>{{agency.name}}</p>' '{{#sections}}' '{{/content}}' '{{/layout}}' \
    > "$work/templates/report.mustache"
"$SITE_GEN" build --db "$db" --templates "$work/templates" --content content --out "$work/public" \
    --quiet 2>"$work/err"
rc=$?
(cd "$work/public" && find . -type f | LC_ALL=C sort | xargs sha256sum) > "$work/after"
check "build with a template syntax error exits non-zero" '[ "$rc" -ne 0 ]'
check "the error names the template and line ($(head -1 "$work/err"))" 'grep -q "report[^ ]*:[45]:" "$work/err"'
check "the previous public/ is left byte for byte" 'cmp -s "$work/before" "$work/after"'
check "no temporary folder is left beside it" '[ "$(ls "$work" | grep -c "public\.")" -eq 0 ]'

printf '%s\n' '{{<layout}}' '{{$content}}' '{{>partials/no-such-partial}}' '{{/content}}' '{{/layout}}' \
    > "$work/templates/report.mustache"
"$SITE_GEN" build --db "$db" --templates "$work/templates" --content content --out "$work/public" \
    --quiet 2>"$work/err"
rc=$?
(cd "$work/public" && find . -type f | LC_ALL=C sort | xargs sha256sum) > "$work/after"
check "a template naming an unknown partial fails the build ($(head -1 "$work/err"))" \
    '[ "$rc" -ne 0 ] && grep -q "no-such-partial" "$work/err" && cmp -s "$work/before" "$work/after"'

# ---- a good rebuild replaces the site ------------------------------------
echo stale > "$work/public/stale.html"
"$SITE_GEN" build --db "$db" --templates templates --content content --out "$work/public" --force \
    2>"$work/err"
rc=$?
check "rebuild over an existing site succeeds" '[ "$rc" -eq 0 ]'
check "rebuild replaces the old site (stale file gone)" '[ ! -e "$work/public/stale.html" ] && [ -s "$work/public/index.html" ]'
check "no .old or .tmp folder is left" '[ "$(ls "$work" | grep -c "public\.")" -eq 0 ]'
check "a summary line ends the build" 'grep -q "pages written" "$work/err"'
"$SITE_GEN" build --db "$db" --templates templates --content content --out "$work/public" --quiet 2>"$work/err"
check "--quiet prints nothing on success" '[ ! -s "$work/err" ]'
# A terminal for the progress line: util-linux's script (Debian bsdutils,
# from scripts/deps.sh test).  -e passes on the build's status, so a
# missing script or a failed build fails both checks.
script -eqc "'$SITE_GEN' build --db '$db' --templates templates --content content --out '$work/public' --force" \
    /dev/null > "$work/tty" 2>&1
rc=$?
# The progress line counts the pages of the view stage: every HTML page of
# the site but the data page, the 404 page and the Markdown pages.
total=$(( $(find "$pub" -name '*.html' | wc -l) - $(ls content/pages/*.md | wc -l) - 2 ))
check "on a terminal a progress line counts pages up to $total (status $rc)" \
    '[ "$rc" -eq 0 ] && tr "\r" "\n" < "$work/tty" | grep -q "^\[$total/$total\] pages"'
script -eqc "'$SITE_GEN' build --db '$db' --templates templates --content content --out '$work/public' --quiet --force" \
    /dev/null > "$work/tty" 2>&1
rc=$?
check "--quiet silences the progress line on a terminal (status $rc)" '[ "$rc" -eq 0 ] && ! grep -q "pages" "$work/tty"'
check "build refuses a missing database" \
    '! "$SITE_GEN" build --db "$work/none.db" --out "$work/public" --quiet 2>/dev/null && [ -s "$work/public/index.html" ]'

# ---- rebuilds: nothing changed, a template changed, a report changed ----
# Each file's name, inode and time: a file linked from the published site
# keeps its inode, one written anew gets another.
files() { (cd "$1" && find . -type f -printf '%P %i %T@\n' | LC_ALL=C sort); }
inode() { stat -c %i "$1"; }
build_into() {  # DB TEMPLATES OUT
    "$SITE_GEN" build --db "$1" --templates "$2" --content content --out "$3" 2>"$work/err"
}
files "$work/public" > "$work/files.before"
build_into "$db" templates "$work/public"
check "a build with nothing changed says so ($(cat "$work/err"))" \
    'grep -q "^site-gen build: nothing changed since $work/public was built" "$work/err"'
check "and leaves every file as it was (names, inodes, times)" \
    'files "$work/public" | cmp -s - "$work/files.before"'

cp -r templates "$work/t2"
printf '<!-- a changed 404 page -->\n' >> "$work/t2/404.mustache"
home=$(inode "$work/public/index.html")
build_into "$db" "$work/t2" "$work/public"
check "a changed template: its page is written anew and holds the change" \
    'grep -q "a changed 404 page" "$work/public/404.html"'
check "a page it does not change is the published file, linked ($(cat "$work/err"))" \
    '[ "$(inode "$work/public/index.html")" = "$home" ]'
build_into "$db" "$work/t2" "$work/clean"
check "and the site equals a clean build of the same inputs, byte for byte" \
    'diff -r "$work/clean" "$work/public" >/dev/null'

# One report's publication date changes in a copy of the database.
cp "$db" "$work/db2"
sqlite3 "$work/db2" "PRAGMA journal_mode = DELETE" >/dev/null
changed=$(sqlite3 "$work/db2" "SELECT a.slug || '/' || r.year FROM report_pages r JOIN agencies a ON a.id = r.agency_id
    ORDER BY a.slug, r.year LIMIT 1")
other=$(sqlite3 "$work/db2" "SELECT a.slug || '/' || r.year FROM report_pages r JOIN agencies a ON a.id = r.agency_id
    ORDER BY a.slug DESC, r.year LIMIT 1")
sqlite3 "$work/db2" "UPDATE reports SET published_on = '2019-12-31' WHERE id = (SELECT r.id FROM report_pages r
    JOIN agencies a ON a.id = r.agency_id WHERE a.slug || '/' || r.year = '$changed')"
before_changed=$(inode "$work/public/agencies/$changed/index.html")
before_other=$(inode "$work/public/agencies/$other/index.html")
build_into "$work/db2" "$work/t2" "$work/public"
check "a changed report is built ($(cat "$work/err"))" 'grep -q "pages written" "$work/err"'
check "its page ($changed) is written anew with the new date" \
    '[ "$(inode "$work/public/agencies/$changed/index.html")" != "$before_changed" ] &&
     grep -q "发布日期：<time datetime=\"2019-12-31\">" "$work/public/agencies/$changed/index.html"'
check "another agency's report page ($other) is the published file, linked" \
    '[ "$(inode "$work/public/agencies/$other/index.html")" = "$before_other" ]'
rm -rf "$work/clean"
build_into "$work/db2" "$work/t2" "$work/clean"
check "and the site equals a clean build of the same inputs, byte for byte" \
    'diff -r "$work/clean" "$work/public" >/dev/null'

# ---- threads: the same site whatever their number -----------------------
"$SITE_GEN" build --db "$work/db2" --templates "$work/t2" --content content --out "$work/one" --quiet \
    --jobs 1 2>"$work/err"
check "a build in one thread writes the same bytes as one in several" \
    'diff -r "$work/clean" "$work/one" >/dev/null'
"$SITE_GEN" build --db "$db" --out "$work/none" --jobs 0 2>"$work/err"
check "--jobs 0 is refused with a message (status $?)" \
    'grep -q "^site-gen build: --jobs wants a number from 1 to 64, not .0.$" "$work/err" && [ ! -e "$work/none" ]'
exit 0
