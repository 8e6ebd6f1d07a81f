#!/bin/sh
# test_pdf_bad.sh: PDFs that cannot be read each get exactly one clear
# "file: message" line, and the rest of the run goes on.
#
# Four bad files: a PDF with no text layer (made here: one page that only
# draws a rectangle, as a scan holds only an image), a password-protected
# one (tests/fixtures/pdf/bad/encrypted.pdf, made by make.sh with qpdf),
# one cut in half (made here from a fixture) and one whose body is
# garbage.  Each is parsed together with a good PDF: stderr must hold one
# line, naming the file and what is wrong, and stdout the good report
# alone.  Then `site-gen ingest` takes a folder of all five: the good one
# is added, the four fail with one line each, and the exit status is 1.
set -u
: "${SITE_GEN:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
good=tests/fixtures/pdf/lo-html-rowspan.pdf

ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; [ -n "${2:-}" ] && echo "    $2"; }
expect() {  # expect WHAT STATUS [DETAIL]
    if [ "$2" -eq 0 ]; then ok "$1"; else notok "$1" "${3:-}"; fi
}

# 4 files x 4 checks, the python3 block that makes the text-less PDF, and
# 4 ingest checks.
echo "1..21"

# A valid PDF whose only page fills a rectangle: no text at all.
python3 - "$tmp/scanned.pdf" <<'EOF'
import sys
content = b"0.5 g 72 72 451 698 re f"
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
out = bytearray(b"%PDF-1.4\n")
offsets = []
for i, o in enumerate(objs, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for off in offsets:
    out += b"%010d 00000 n \n" % off
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open(sys.argv[1], "wb").write(out)
EOF
expect "a PDF with no text layer is made" $? "python3 block exited with status $?"

cp tests/fixtures/pdf/bad/encrypted.pdf "$tmp/encrypted.pdf"
size=$(wc -c <"$good")
head -c $((size / 2)) "$good" >"$tmp/truncated.pdf"
{ printf '%%PDF-1.7\n'; head -c 3000 /dev/zero | tr '\0' 'x'; printf '\n%%%%EOF\n'; } >"$tmp/broken.pdf"

check() {  # check NAME MESSAGE-PATTERN
    f=$tmp/$1.pdf
    "$SITE_GEN" parse "$f" "$good" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    expect "$1: parse exits 2 (one file unusable)" $((rc != 2)) "rc=$rc"
    lines=$(wc -l <"$tmp/err")
    expect "$1: exactly one line on stderr" $((lines != 1)) "$(cat "$tmp/err")"
    grep -q "^$f: error: $2" "$tmp/err"
    expect "$1: the line is 'FILE: error: $2...'" $? "$(cat "$tmp/err")"
    python3 - "$tmp/out" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list) and len(d) == 1, d
assert d[0]["agency"] == "青铜峡市自然资源局", d[0]["agency"]
EOF
    expect "$1: the good PDF beside it is still read" $? "python3 block exited with status $?"
}

check scanned "scanned PDF: no text layer; run OCR first"
check encrypted "password-protected PDF"
check truncated "truncated PDF"
check broken "broken PDF"

dir=$tmp/reports
mkdir -p "$dir"
cp "$tmp"/scanned.pdf "$tmp"/encrypted.pdf "$tmp"/truncated.pdf "$tmp"/broken.pdf "$good" "$dir"/
"$SITE_GEN" ingest --db "$tmp/site.db" "$dir" 2>"$tmp/err"
rc=$?
expect "ingest with four bad PDFs exits 1" $((rc != 1)) "rc=$rc"
grep -q "1 added, 0 changed, 0 unchanged, 0 removed, 4 failed" "$tmp/err"
expect "ingest adds the good PDF and fails the four" $? "$(cat "$tmp/err")"
n=$(grep -c "^$dir/[a-z]*\.pdf: " "$tmp/err")
expect "ingest says one line per bad PDF" $((n != 4)) "$(cat "$tmp/err")"
q=$(sqlite3 "$tmp/site.db" "select count(*) from reports" 2>&1)
expect "the database holds the good report" $((q != 1)) "$q"
