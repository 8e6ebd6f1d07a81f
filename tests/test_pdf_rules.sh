#!/bin/sh
# test_pdf_rules.sh: a PDF page's ruling lines read from its content
# (read/pdf_paths.c) and found by drawing the page (read/pdf_rules.c, the
# way the reader falls back to) give the same report, on every PDF
# fixture; and on those fixtures, all printed by LibreOffice and
# Chromium, the rules are read from the content, never drawn, except on
# the pages of *-hand-bgcolor-grid.pdf, whose lines are the gaps between
# boxes (no path draws them), which must be drawn.  Two files made here
# try what the fixtures do not show: a file updated in place (a section of
# cross references appended, pointing back with /Prev) is still read, and
# a turned page (/Rotate) is drawn.
set -u
cd "$(dirname "$0")/.."
: "${SITE_GEN:?}"
files=$(ls tests/fixtures/pdf/*.pdf tests/fixtures/office/*.pdf)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=$(printf '%s\n' "$files" | wc -l)
echo "1..$((2 * n + 3))"
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

# An update appended: a new /Info object and a classic cross-reference
# section whose /Prev is the file's own (here a cross-reference stream).
base=tests/fixtures/pdf/chromium-hand-sans-unknown.pdf
python3 - "$base" "$work/updated.pdf" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
size = int(re.findall(rb"/Size (\d+)", data)[-1])
root = re.findall(rb"/Root (\d+ \d+ R)", data)[-1]
if not data.endswith(b"\n"):
    data += b"\n"
off = len(data)
data += b"%d 0 obj\n<< /Producer (an update) >>\nendobj\n" % size
xref = len(data)
data += b"xref\n%d 1\n%010d 00000 n \n" % (size, off)
data += b"trailer\n<< /Size %d /Root %s /Info %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
    size + 1, root, size, prev, xref)
open(sys.argv[2], "wb").write(data)
PY
"$SITE_GEN" parse "$base" >"$work/base.json" 2>/dev/null
"$SITE_GEN" parse "$work/updated.pdf" >"$work/updated.json" 2>/dev/null
drawn=$(SITE_GEN_PDF_DUMP=3 "$SITE_GEN" parse "$work/updated.pdf" 2>&1 >/dev/null | grep -c 'found by drawing')
read=$(SITE_GEN_PDF_DUMP=3 "$SITE_GEN" parse "$work/updated.pdf" 2>&1 >/dev/null | grep -c 'read from its content')
if [ -s "$work/base.json" ] && cmp -s "$work/base.json" "$work/updated.json" && [ "$drawn" -eq 0 ] && [ "$read" -ge 1 ]; then
    echo "ok - a file updated in place: cross references followed back through /Prev, rules read ($read pages), the same report"
else
    echo "not ok - a file updated in place: $drawn pages drawn, $read read, reports $(cmp -s "$work/base.json" "$work/updated.json" && echo equal || echo differ)"
fi

# Every page turned a quarter (qpdf): those pages are drawn.
qpdf --rotate=+90 tests/fixtures/office/docx-basic.pdf "$work/turned.pdf"
drawn=$(SITE_GEN_PDF_DUMP=3 "$SITE_GEN" parse "$work/turned.pdf" 2>&1 >/dev/null | grep -c 'found by drawing')
read=$(SITE_GEN_PDF_DUMP=3 "$SITE_GEN" parse "$work/turned.pdf" 2>&1 >/dev/null | grep -c 'read from its content')
if [ "$drawn" -ge 1 ] && [ "$read" -eq 0 ]; then
    echo "ok - turned pages are drawn ($drawn), not read from their content"
else
    echo "not ok - turned pages: $drawn drawn, $read read"
fi
