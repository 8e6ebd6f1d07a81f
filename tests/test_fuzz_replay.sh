#!/bin/sh
# test_fuzz_replay.sh: every input the fuzzers found a bug with
# (tests/fuzz/regress/NAME/: a crash, a leak, a broken promise or an input
# slower than the fuzz timeout) is replayed through its target, built with
# tests/fuzz/replay.c instead of libFuzzer, and must now go through: exit
# status 0 within a CPU limit of 3 s (the fuzz timeout is 1 s for text;
# this build may run under the sanitizers, in make test-asan).  The hand-
# written seeds of tests/fuzz/seeds/NAME/ are replayed too, one check per
# target, and so is the seed corpus seeds.sh makes from the fixtures.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
targets=$(for f in tests/fuzz/fuzz_*.c; do n=${f##*/fuzz_}; echo "${n%.c}"; done)
ntargets=$(echo "$targets" | wc -w)
nregress=$(find tests/fuzz/regress -type f | wc -l)
echo "1..$((1 + nregress + 2 * ntargets))"
ok() { if [ "$1" = "$2" ]; then echo "ok - $3"; else echo "not ok - $3"; echo "    got [$1], expected [$2]"; fi; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Under make test-asan, LeakSanitizer passes over what fontconfig keeps
# (tests/fuzz/lsan.supp): fuzz_pdf's own pages name fonts they do not
# embed, which poppler looks up through it.
LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS

ok "$([ "$ntargets" -ge 11 ] && echo yes)" yes "at least 11 fuzz targets ($ntargets)"

# run LIMIT NAME FILE...: fuzz_NAME's exit status on the files, under a
# CPU limit of LIMIT seconds; what it printed is in $work/err.
run() {
    limit=$1 name=$2
    shift 2
    (ulimit -t "$limit"; "$B/tests/fuzz/fuzz_$name" "$@" 2>"$work/err" >/dev/null) 2>/dev/null
    echo $?
}
said() { [ "$1" -ne 0 ] && printf ': %s' "$(tail -3 "$work/err" | tr '\n' ' ')"; }
sh tests/fuzz/seeds.sh "$work/seeds" || echo "seeds.sh failed" >&2
for name in $targets; do
    for f in tests/fuzz/regress/$name/*; do
        [ -f "$f" ] || continue
        rc=$(run 3 "$name" "$f")
        ok "$rc" 0 "fuzz_$name replays $f$(said "$rc")"
    done
    set -- tests/fuzz/seeds/$name/*
    rc=$(run 20 "$name" "$@")
    ok "$rc" 0 "fuzz_$name reads its $# hand-written seeds (tests/fuzz/seeds/$name/)$(said "$rc")"
    set -- "$work/seeds/$name"/*
    rc=$(run 120 "$name" "$@")
    ok "$rc" 0 "fuzz_$name reads the $# seeds made from the fixtures$(said "$rc")"
done
