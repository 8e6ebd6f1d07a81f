#!/bin/sh
# test_cli_parse.sh: 'site-gen parse' as a user runs it: help, version,
# exit codes (0 ok, 1 findings with --strict, 2 unusable input), one JSON
# object for one file and an array for several, and one clear
# "file:line: message" for a binary, empty or oversized file.
set -u
: "${SITE_GEN:?}" "${B:=build}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gold=tests/gold/003_3ec79e02cf78507f.txt     # a report without findings
lost=tests/gold/001_20ea5182de26b251.txt     # a report with 'columns' findings

ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; [ -n "${2:-}" ] && echo "    $2"; }
expect() {  # expect WHAT CONDITION-STATUS [DETAIL]
    if [ "$2" -eq 0 ]; then ok "$1"; else notok "$1" "${3:-}"; fi
}

# 25 checks, one per expect line below.  The python3 blocks are checks
# themselves: their exit status is the check's, so a block that fails or
# cannot run fails its check and names its status.
echo "1..25"

"$SITE_GEN" parse --help >"$tmp/out" 2>&1
rc=$?
grep -q 'usage: site-gen parse' "$tmp/out"
expect "parse --help prints usage and exits 0" $((rc + $?)) "rc=$rc"

"$SITE_GEN" parse --version >"$tmp/out" 2>&1
rc=$?
grep -q '^site-gen [0-9]' "$tmp/out"
expect "parse --version prints the version and exits 0" $((rc + $?)) "rc=$rc"

"$SITE_GEN" parse >"$tmp/out" 2>&1
expect "parse without files exits 2" $(($? != 2))

"$SITE_GEN" parse --bogus "$gold" >"$tmp/out" 2>&1
expect "an unknown option exits 2" $(($? != 2))

"$SITE_GEN" parse "$gold" >"$tmp/one.json" 2>"$tmp/err"
rc=$?
expect "a clean report exits 0" "$rc" "rc=$rc: $(cat "$tmp/err")"
python3 - "$tmp/one.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, dict), "not an object"
assert d["agency"] == "红旗区卫生健康委员会" and d["year"] == 2025, (d["agency"], d["year"])
assert list(d)[:5] == ["agency", "year", "active", "requests", "appeals"], list(d)
assert d["requests"]["new"] == [1, 0, 0, 0, 0, 0, 1], d["requests"]["new"]
EOF
expect "one file prints one JSON object with its values" $? "python3 block exited with status $?"

grep -q '^  "agency"' "$tmp/one.json"
expect "the JSON is indented" $?

"$SITE_GEN" parse --strict "$gold" >/dev/null 2>&1
expect "--strict on a report without findings exits 0" $?

"$SITE_GEN" parse "$lost" >/dev/null 2>&1
expect "findings without --strict exit 0" $?

"$SITE_GEN" parse --strict "$lost" >/dev/null 2>"$tmp/err"
rc=$?
expect "--strict with findings exits 1" $((rc != 1)) "rc=$rc"
grep -q "^$lost:[0-9][0-9]*: .*columns" "$tmp/err"
expect "--strict prints each finding as file:line: message" $? "$(head -3 "$tmp/err")"

"$SITE_GEN" parse "$gold" "$lost" >"$tmp/two.json" 2>/dev/null
rc=$?
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list) and len(d) == 2, type(d)
assert [r["agency"] for r in d] == ["红旗区卫生健康委员会", "利通区卫生健康局"]
' "$tmp/two.json"
expect "several files print a JSON array in order" $((rc + $?)) "rc=$rc, python3 block exited with status $?"

# (Word files, zips included, have their own reader: test_docx.sh.)
printf '\177ELF\002\001\001\000binary\000data\n' >"$tmp/report.bin"
"$SITE_GEN" parse "$tmp/report.bin" >"$tmp/out" 2>"$tmp/err"
rc=$?
expect "a binary file exits 2" $((rc != 2)) "rc=$rc"
grep -q "^$tmp/report.bin:1: .*binary" "$tmp/err"
expect "a binary file gets one file:line: message" $? "$(cat "$tmp/err")"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && [ ! -s "$tmp/out" ]
expect "a binary file gets exactly one line and no JSON" $?

printf 'title\nline two \200\n' >"$tmp/bad.txt"
"$SITE_GEN" parse "$tmp/bad.txt" >/dev/null 2>"$tmp/err"
rc=$?
expect "bytes that are neither UTF-8 nor GBK exit 2" $((rc != 2)) "rc=$rc"
grep -q "^$tmp/bad.txt:2: .*invalid UTF-8" "$tmp/err"
expect "undecodable text names the line" $? "$(cat "$tmp/err")"

: >"$tmp/empty.txt"
"$SITE_GEN" parse "$tmp/empty.txt" >/dev/null 2>"$tmp/err"
rc=$?
expect "an empty file exits 2" $((rc != 2)) "rc=$rc"
grep -q "^$tmp/empty.txt: .*empty file" "$tmp/err"
expect "an empty file says so" $? "$(cat "$tmp/err")"

"$SITE_GEN" parse "$tmp/missing.txt" >/dev/null 2>"$tmp/err"
rc=$?
grep -q "^$tmp/missing.txt: .*cannot open" "$tmp/err"
expect "a missing file exits 2 with a message" $((rc != 2 || $? != 0)) "$(cat "$tmp/err")"

"$SITE_GEN" parse tests/fixtures/text-not-report.txt >/dev/null 2>"$tmp/err"
rc=$?
grep -q "text-not-report.txt: .*not an annual report" "$tmp/err"
expect "text that is not a report exits 2 and says so" $((rc != 2 || $? != 0)) "$(cat "$tmp/err")"

"$SITE_GEN" parse "$gold" "$tmp/empty.txt" >"$tmp/out" 2>/dev/null
rc=$?
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d) == 1' "$tmp/out"
expect "one bad file among several: exit 2, the others still printed" $((rc != 2 || $? != 0)) \
    "rc=$rc, python3 block exited with status $?"

# 50 MB: refused from its size, before reading, with one line.
head -c 52428800 /dev/zero | tr '\0' 'a' >"$tmp/big.txt"
start=$(date +%s)
"$SITE_GEN" parse "$tmp/big.txt" >/dev/null 2>"$tmp/err"
rc=$?
elapsed=$(( $(date +%s) - start ))
expect "a 50 MB file exits 2" $((rc != 2)) "rc=$rc"
grep -q "^$tmp/big.txt: .*file too large" "$tmp/err" && [ "$(wc -l <"$tmp/err")" -eq 1 ]
expect "a 50 MB file gets one clear line" $? "$(head -c 300 "$tmp/err")"
[ "$elapsed" -le 2 ]
expect "a 50 MB file is refused at once" $? "took ${elapsed}s"
