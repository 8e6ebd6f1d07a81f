#!/bin/sh
# test_pdf_rules.sh: a PDF page's ruling lines read from its content
# (read/pdf_paths.c) and found by drawing the page (read/pdf_rules.c, the
# way the reader falls back to) give the same report, on every PDF
# fixture; and on those fixtures, all printed by LibreOffice and
# Chromium, the rules are read from the content, never drawn, except on
# the pages of *-hand-bgcolor-grid.pdf, whose lines are the gaps between
# boxes (no path draws them), which must be drawn.
set -u
cd "$(dirname "$0")/.."
: "${SITE_GEN:?}"
files=$(ls tests/fixtures/pdf/*.pdf tests/fixtures/office/*.pdf)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=$(printf '%s\n' "$files" | wc -l)
echo "1..$((2 * n + 1))"
[ "$n" -ge 40 ] && echo "ok - at least 40 PDF fixtures ($n)" || echo "not ok - only $n PDF fixtures"
for f in $files; do
    "$SITE_GEN" parse "$f" >"$work/read" 2>/dev/null
    SITE_GEN_PDF_DRAW=1 "$SITE_GEN" parse "$f" >"$work/drawn" 2>/dev/null
    if [ -s "$work/read" ] && cmp -s "$work/read" "$work/drawn"; then
        echo "ok - $f: the same report with rules read and with rules drawn"
    else
        echo "not ok - $f: the report differs with rules read and with rules drawn"
        diff "$work/read" "$work/drawn" | head -10 | sed 's/^/    /'
    fi
    how=$(SITE_GEN_PDF_DUMP=3 "$SITE_GEN" parse "$f" 2>&1 >/dev/null | grep -c '^page [0-9]* rules found by drawing')
    read=$(SITE_GEN_PDF_DUMP=3 "$SITE_GEN" parse "$f" 2>&1 >/dev/null | grep -c '^page [0-9]* rules read from its content')
    case "$f" in
        *-hand-bgcolor-grid.pdf)
            if [ "$how" -ge 1 ] && [ "$read" -eq 0 ]; then
                echo "ok - $f: its $how pages drawn, their lines being gaps between boxes"
            else
                echo "not ok - $f: $how pages drawn, $read read (lines drawn as gaps must be drawn)"
            fi ;;
        *)
            if [ "$how" -eq 0 ] && [ "$read" -ge 1 ]; then
                echo "ok - $f: rules read from the content of $read pages"
            else
                echo "not ok - $f: $how pages drawn, $read read"
            fi ;;
    esac
done
