#!/bin/sh
# test_docx.sh: Word files as the office drops them in.  Bad ones (a
# .docx that is not a zip, zip bombs, a zip that is not a Word document,
# the old binary .doc, a truncated .docx) each get exactly one
# "file: message" line on stderr, exit 2 and no record; a good .docx goes
# through `site-gen ingest` into the database with its original bytes.
# The bombs are made here with python3's zipfile: 20 MB of spaces deflate
# to about 20 KB, so nothing large is committed.
set -u
: "${SITE_GEN:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
good=tests/fixtures/office/docx-basic.docx

ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; [ -n "${2:-}" ] && echo "    $2"; }
expect() {  # expect WHAT CONDITION-STATUS [DETAIL]
    if [ "$2" -eq 0 ]; then ok "$1"; else notok "$1" "${3:-}"; fi
}

# refused WHAT FILE PATTERN: three checks.  Exit 2; stderr is one line,
# "FILE: error: ..." matching PATTERN; stdout (the record) is empty.
refused() {
    "$SITE_GEN" parse "$2" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    expect "$1: exits 2" $((rc != 2)) "rc=$rc"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "^$2: error: .*$3" "$tmp/err"
    expect "$1: one line '$2: ...$3...'" $? "$(head -c 400 "$tmp/err")"
    [ ! -s "$tmp/out" ]
    expect "$1: no record" $? "$(head -c 200 "$tmp/out")"
}

# 3 checks for each of the 7 refused files, 2 for the bombs' sizes,
# 6 for ingest.
echo "1..29"

printf '永宁县市场监督管理局2024年政府信息公开工作年度报告\n' >"$tmp/text.docx"
refused "a .docx that is not a zip" "$tmp/text.docx" "not a Word file.*zip archive"

# word/document.xml of 20 MB (over FS_MAX_FILE, 16 MiB) in a small zip:
# once as zipfile writes it, once with the sizes in its headers changed
# to 1000 bytes, as a bomb would lie.
python3 - "$tmp/bomb.docx" "$tmp/lying.docx" "$tmp/sheet.docx" <<'EOF'
import struct, sys, zipfile

def bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", '<?xml version="1.0"?>' + " " * (20 << 20))

def lie(path, name, size):
    """Sets the uncompressed size of `name` in its local and central headers."""
    data = bytearray(open(path, "rb").read())
    for sig, size_at, name_len_at, name_at in ((b"PK\x03\x04", 22, 26, 30),
                                               (b"PK\x01\x02", 24, 28, 46)):
        i = data.find(sig)
        while i >= 0:
            n = struct.unpack_from("<H", data, i + name_len_at)[0]
            if data[i + name_at:i + name_at + n] == name.encode():
                struct.pack_into("<I", data, i + size_at, size)
            i = data.find(sig, i + 4)
    open(path, "wb").write(data)

bomb(sys.argv[1])
bomb(sys.argv[2])
lie(sys.argv[2], "word/document.xml", 1000)
# A zip that is an Excel file, not a Word document.
with zipfile.ZipFile(sys.argv[3], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/workbook.xml", "<workbook/>")
EOF
expect "the bombs were made by python3" $? "python3 block exited with status $?"
[ "$(wc -c <"$tmp/bomb.docx")" -lt 100000 ] && [ "$(wc -c <"$tmp/lying.docx")" -lt 100000 ]
expect "the bombs are small files" $? "$(wc -c "$tmp/bomb.docx" "$tmp/lying.docx" 2>&1)"
refused "a zip bomb" "$tmp/bomb.docx" "word/document.xml inflates to more than 16 MiB"
refused "a zip bomb that states a small size" "$tmp/lying.docx" \
    "word/document.xml inflates to more than 16 MiB"

refused "a zip without word/document.xml" "$tmp/sheet.docx" "not a report.*without word/document.xml"
cp "$tmp/sheet.docx" "$tmp/sheet.zip"
refused "the same zip under another name" "$tmp/sheet.zip" "not a report.*without word/document.xml"

# The OLE2 compound file magic, then padding to one 512-byte sector.
{ printf '\320\317\021\340\241\261\032\341'; head -c 504 /dev/zero; } >"$tmp/old.doc"
refused "an old binary .doc" "$tmp/old.doc" "old Word .doc format.*save it as .docx or PDF"

head -c $(($(wc -c <"$good") / 2)) "$good" >"$tmp/truncated.docx"
refused "a truncated .docx" "$tmp/truncated.docx" "damaged or truncated Word file"

# ---- a .docx ingested end to end ----
mkdir -p "$tmp/reports/2024"
cp "$good" "$tmp/reports/2024/"
db=$tmp/site.db
"$SITE_GEN" ingest --db "$db" "$tmp/reports" 2>"$tmp/err"
rc=$?
expect "ingest of a folder holding a .docx exits 0" "$rc" "rc=$rc: $(head -c 400 "$tmp/err")"
grep -q "1 added, 0 changed, 0 unchanged, 0 removed, 0 failed" "$tmp/err"
expect "ingest counts it added" $? "$(head -c 400 "$tmp/err")"
q() { sqlite3 "$db" "$1" 2>&1; }
n=$(q "SELECT count(*) FROM reports")
expect "one report stored" $(($(echo "$n" | grep -cx 1) != 1)) "count: $n"
got=$(q "SELECT a.name || '|' || r.year || '|' || r.form FROM reports r JOIN agencies a ON a.id = r.agency_id")
[ "$got" = "永宁县市场监督管理局|2024|docx" ]
expect "its agency, year and form docx" $? "got '$got'"
got=$(q "SELECT printf('%g', value) FROM cells WHERE tbl = 'requests' AND row = 'new' AND col = 'total'")
[ "$got" = 28 ]
expect "a table cell read from the Word table (requests.new total = 28)" $? "got '$got'"
got=$(q "SELECT writefile('$tmp/original.docx', bytes) FROM originals")
cmp -s "$good" "$tmp/original.docx"
expect "the original .docx is stored byte for byte" $? "writefile: $got; $(cmp "$good" "$tmp/original.docx" 2>&1)"
