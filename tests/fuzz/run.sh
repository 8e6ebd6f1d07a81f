#!/bin/sh
# run.sh: runs every fuzz target built in $B/fuzzers (make fuzz builds
# them) for FUZZ_SECONDS seconds each (default 60), one after the other,
# and prints for each the executions, the corpus (files and size) and the
# coverage libFuzzer reached (cov: code edges, ft: features), then the
# total executions.
#
# A target starts from its corpus in $B/corpus/NAME, kept between runs so
# that coverage builds up, and reads its seeds beside it: tests/fuzz/
# seeds.sh's (from the fixtures), tests/fuzz/seeds/NAME/ and
# tests/fuzz/regress/NAME/, with tests/fuzz/NAME.dict when there is one.
# An input that takes longer than the target's timeout (1 s; 5 s for a
# Word file, 20 s for a PDF, which poppler parses and cairo draws) is a
# failure like a crash or a leak.  Any failure is kept in
# $B/crashes/NAME/, its report printed, and the exit status is 1 once
# every target has run; tests/fuzz/regress/NAME/ is where such an input
# goes once the bug is fixed, so that make test replays it.
#
#   B=build/fuzz FUZZ_SECONDS=30 sh tests/fuzz/run.sh [NAME...]
set -u
cd "$(dirname "$0")/../.." || exit 2
B=${B:?B must name the fuzz build folder}
secs=${FUZZ_SECONDS:-60}
seeds=$B/seeds
sh tests/fuzz/seeds.sh "$seeds" || { echo "fuzz: seeds.sh failed" >&2; exit 2; }
names=${*:-$(for f in tests/fuzz/fuzz_*.c; do n=${f##*/fuzz_}; echo "${n%.c}"; done)}

LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS

timeout_of() {
    case $1 in pdf) echo 20 ;; docx) echo 5 ;; *) echo 1 ;; esac
}

total=0
failed=0
printf '%-13s %12s %9s %8s %10s %7s %7s  %s\n' target executions exec/s files corpus cov ft result
for name in $names; do
    bin=$B/fuzzers/fuzz_$name
    if [ ! -x "$bin" ]; then
        echo "fuzz: $bin was not built" >&2
        failed=$((failed + 1))
        continue
    fi
    corpus=$B/corpus/$name
    crashes=$B/crashes/$name
    log=$B/logs/$name.log
    mkdir -p "$corpus" "$crashes" "$B/logs"
    set -- "$corpus"
    for d in "$seeds/$name" "tests/fuzz/seeds/$name" "tests/fuzz/regress/$name"; do
        [ -d "$d" ] && set -- "$@" "$d"
    done
    dict=
    [ -f "tests/fuzz/$name.dict" ] && dict=-dict=tests/fuzz/$name.dict
    "$bin" -max_total_time="$secs" -timeout="$(timeout_of "$name")" -rss_limit_mb=2048 \
           -print_final_stats=1 -artifact_prefix="$crashes/" $dict "$@" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+.* cov: [0-9]+' "$log" | tail -1)
    cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    files=$(find "$corpus" -type f | wc -l)
    size=$(du -sk "$corpus" | cut -f1)
    result=ok
    if [ "$rc" -ne 0 ]; then
        result="FAILED (status $rc)"
        failed=$((failed + 1))
    fi
    printf '%-13s %12s %9s %8s %9sK %7s %7s  %s\n' "$name" "${execs:-?}" "${speed:-?}" "$files" \
           "$size" "${cov:-?}" "${ft:-?}" "$result"
    if [ "$rc" -ne 0 ]; then
        grep -E '^(==[0-9]+==|SUMMARY|artifact_prefix|Test unit written|ALARM|fuzz: |    #[0-9]+ )' "$log" \
            | head -40 | sed 's/^/    /' >&2
        echo "    (whole log: $log)" >&2
    fi
    total=$((total + ${execs:-0}))
done
echo "total executions: $total"
if [ "$failed" -gt 0 ]; then
    echo "fuzz: $failed target(s) failed; inputs kept in $B/crashes/" >&2
    exit 1
fi
