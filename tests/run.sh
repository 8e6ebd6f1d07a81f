#!/bin/sh
# Runs every test program ($B/tests/test_*, B defaulting to build, relative
# to the repository or absolute) and every test script (tests/test_*.sh),
# shows what failed, and ends with the line "N passed, N failed".
#
# Each check is one line "ok - …" or "not ok - …", and each program or
# script first prints its TAP plan "1..N", the number of checks it will
# make.  One failure more is counted, with its own "not ok - " line:
#   - for a program that crashes or exits non-zero without printing a
#     failure ("exited with status");
#   - for output with no plan, more than one plan, or a number of checks
#     other than the plan ("planned N, ran M");
#   - for a tests/test_*.c whose program was not built.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${B:-build}
case $B in /*) SITE_GEN=$B/site-gen ;; *) SITE_GEN=$PWD/$B/site-gen ;; esac
export B SITE_GEN
passed=0
failed=0
log=$(mktemp)
own=$(mktemp)     # this script's own "not ok" lines for the test at hand
trap 'rm -f "$log" "$own"' EXIT

for src in tests/test_*.c tests/test_*.sh; do
    [ -e "$src" ] || continue
    case "$src" in
        *.sh) t=$src cmd="sh $src" ;;
        *) t=$B/tests/$(basename "$src" .c) cmd=$t ;;
    esac
    : >"$own"
    built=yes
    if [ "$t" = "$src" ] || [ -x "$t" ]; then
        $cmd >"$log" 2>&1
        rc=$?
    else
        : >"$log"
        echo "not ok - $t was not built from $src" >>"$own"
        built=no rc=127
    fi
    p=$(grep -c '^ok - ' "$log")
    f=$(grep -c '^not ok - ' "$log")
    ran=$((p + f))
    plans=$(grep -c '^1\.\.[0-9][0-9]*$' "$log")
    plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$log" | head -1)
    if [ "$built" = yes ]; then    # else "not built" is its one failure
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
            echo "not ok - $t exited with status $rc" >>"$own"
        fi
        if [ "$plans" -eq 0 ]; then
            echo "not ok - $t: planned nothing (no 1..N line), ran $ran" >>"$own"
        elif [ "$plans" -gt 1 ]; then
            echo "not ok - $t: planned $plans times ($(grep '^1\.\.[0-9][0-9]*$' "$log" | tr '\n' ' ' | sed 's/ $//')), ran $ran" >>"$own"
        elif [ "$plan" -ne "$ran" ]; then
            echo "not ok - $t: planned $plan, ran $ran" >>"$own"
        fi
    fi
    f=$((f + $(grep -c '^not ok - ' "$own")))
    printf '%-40s %4d passed, %d failed (plan 1..%s)\n' "$t" "$p" "$f" "${plan:-?}"
    if [ "$f" -gt 0 ]; then
        grep -A3 '^not ok - ' "$log" | head -60 | sed 's/^/    /'
        [ "$rc" -ne 0 ] && tail -5 "$log" | sed 's/^/    | /'
        sed 's/^/    /' "$own"
    fi
    passed=$((passed + p))
    failed=$((failed + f))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
