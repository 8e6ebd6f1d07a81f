#!/bin/sh
# test_site_html.sh: every page of the built test sites (the test site and
# the comparison test site) is valid HTML and every internal link and
# asset leads to a file.
#
# Validity is the Nu Html Checker (npm vnu-jar, installed into
# tests/node_modules on first use; Java from scripts/deps.sh), run once over
# all .html files in one JVM: one check per page, with each error listed
# under a failing page.  Links are checked by $B/tests/tools/tool_linkcheck
# (tests/tool_linkcheck.c), which also follows the feed's and sitemap's
# absolute URLs under the site's base_url.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
export B
SITE_GEN=${SITE_GEN:-$PWD/$B/site-gen}
export SITE_GEN

# Two sites: the test site (tests/build_test_site.sh) and the comparison
# test site (tests/build_compare_site.sh), whose pages are mostly the
# comparison pages.
if ! pub=$(sh tests/build_test_site.sh 2>"$B/test_site_html.build.log") ||
   ! cmp_pub=$(sh tests/build_compare_site.sh 2>>"$B/test_site_html.build.log"); then
    echo "1..1"
    echo "not ok - test sites build (see $B/test_site_html.build.log)"
    tail -5 "$B/test_site_html.build.log" | sed 's/^/    /'
    exit 1
fi
# One check per page, counted here before the first check and held to the
# 31 pages of the test site and the 2,000 of the comparison site, plus
# the builds, those floors, "vnu ran cleanly" and a link check per site.
pages=$(find "$pub" -name '*.html' | wc -l)
cmp_pages=$(find "$cmp_pub" -name '*.html' | wc -l)
echo "1..$((pages + cmp_pages + 6))"
echo "ok - test sites build"
if [ "$pages" -ge 31 ]; then echo "ok - the test site has $pages HTML pages (at least 31)"
else echo "not ok - the test site has $pages HTML pages (at least 31)"; fi
if [ "$cmp_pages" -ge 2000 ]; then echo "ok - the comparison site has $cmp_pages HTML pages (at least 2000)"
else echo "not ok - the comparison site has $cmp_pages HTML pages (at least 2000)"; fi
base=$(sed -n 's/^base_url: *//p' content/site.yaml | sed 's:/*$::')

# ---- Nu Html Checker --------------------------------------------------------
jar=tests/node_modules/vnu-jar/build/dist/vnu.jar
if [ ! -f "$jar" ]; then
    npm install --prefix tests --no-audit --no-fund >"$B/test_site_html.npm.log" 2>&1
fi
log=$(mktemp)
list=$(mktemp)
trap 'rm -f "$log" "$list"' EXIT
find "$pub" "$cmp_pub" -name '*.html' | LC_ALL=C sort > "$list"
pages=$(wc -l < "$list")
if [ ! -f "$jar" ]; then
    echo "not ok - vnu.jar installed (npm install --prefix tests; see $B/test_site_html.npm.log)"
elif ! command -v java >/dev/null 2>&1; then
    echo "not ok - java available for vnu.jar (scripts/deps.sh test)"
elif [ "$pages" -eq 0 ]; then
    echo "not ok - the site has HTML pages"
else
    # shellcheck disable=SC2046
    java -jar "$jar" --errors-only --format text $(cat "$list") >"$log.raw" 2>&1
    vrc=$?   # 0: no errors, 1: errors (listed below); anything else: vnu itself failed
    # The text format gives each error as two lines:
    #   Error: MESSAGE
    #   From line 57, column 1; to line 57, column 4 in resource file:/abs/page.html
    # which become one line "/abs/page.html<TAB>line 57, column 1: MESSAGE".
    awk '
        /^Error: / { msg = $0; next }
        / in resource file:/ {
            f = $0; sub(/.* in resource file:/, "", f)
            loc = $0; sub(/ in resource file:.*/, "", loc); sub(/^(From|At) /, "", loc)
            print f "\t" loc ": " msg; msg = ""; next
        }
        msg != "" { print "?\t" msg; msg = "" }
        /^Document checking completed/ { next }
        /[^ ]/ && !/^Error: / { print "?\t" $0 }
    ' "$log.raw" >"$log"
    tab=$(printf '\t')
    while read -r f; do
        case $f in "$cmp_pub"/*) rel=compare-site:${f#"$cmp_pub"/} ;; *) rel=${f#"$pub"/} ;; esac
        errs=$(grep -F "$f$tab" "$log" | cut -f2-)
        if [ -z "$errs" ]; then
            echo "ok - vnu: $rel"
        else
            echo "not ok - vnu: $rel"
            printf '%s\n' "$errs" | sed 's/^/    /'
        fi
    done < "$list"
    if grep -q '^?' "$log" || [ "$vrc" -gt 1 ] || { [ "$vrc" -eq 1 ] && [ ! -s "$log" ]; }; then
        echo "not ok - vnu ran cleanly (status $vrc)"
        grep '^?' "$log" | cut -f2- | head -10 | sed 's/^/    /'
    else
        echo "ok - vnu ran cleanly"
    fi
    rm -f "$log.raw"
fi

# ---- links ------------------------------------------------------------------
lc=$B/tests/tools/tool_linkcheck
for site in "$pub" "$cmp_pub"; do
    name=$(basename "$(dirname "$site")")
    if [ ! -x "$lc" ]; then
        echo "not ok - $lc built (make test builds it)"
    elif "$lc" --base "$base" "$site" >"$log" 2>&1; then
        echo "ok - $name: no broken internal link or asset ($(tail -1 "$log"))"
    else
        echo "not ok - $name: no broken internal link or asset"
        grep -v '^tool_linkcheck:' "$log" | head -40 | sed 's/^/    /'
        tail -1 "$log" | sed 's/^/    /'
    fi
done
