#!/bin/sh
# Runs every benchmark script in bench/ (bench/*.sh except this one and
# audit.sh, which is make audit's) and prints their figures.  Benchmarks
# measure; they never pass or fail.
set -u
cd "$(dirname "$0")/.." || exit 2
for b in bench/*.sh; do
    case $b in bench/run.sh|bench/corpus.sh) continue ;; esac
    [ "$b" = bench/audit.sh ] && continue     # make audit runs it
    echo "== $b"
    sh "$b" || echo "(benchmark $b failed with status $?)"
done
