#!/bin/sh
# Runs every test program ($B/tests/test_*, B defaulting to build) and every test script
# (tests/test_*.sh), shows what failed, and ends with the line
# "N passed, N failed".  Each check is one line "ok - …" or "not ok - …";
# a program that crashes or exits non-zero without printing a failure
# counts as one failure more.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${B:-build}
export B SITE_GEN="$PWD/$B/site-gen"
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$B"/tests/test_* tests/test_*.sh; do
    [ -e "$t" ] || continue
    case "$t" in *.sh) cmd="sh $t" ;; *) cmd="$t" ;; esac
    $cmd >"$log" 2>&1
    rc=$?
    p=$(grep -c '^ok - ' "$log")
    f=$(grep -c '^not ok - ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok - $t exited with status $rc" >>"$log"
        f=1
    fi
    printf '%-40s %4d passed, %d failed\n' "$t" "$p" "$f"
    if [ "$f" -gt 0 ]; then
        grep -A3 '^not ok - ' "$log" | head -60 | sed 's/^/    /'
        [ "$rc" -ne 0 ] && tail -5 "$log" | sed 's/^/    | /'
    fi
    passed=$((passed + p))
    failed=$((failed + f))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
