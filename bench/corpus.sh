# corpus.sh: sourced by the benchmarks that run on the generated corpus
# (compare.sh, parse_ingest.sh); not a benchmark itself, so bench/run.sh,
# which runs *.sh, passes over it by name.  Sets B, N (default 10,000
# reports), SITE_GEN, a temporary folder tmp (removed on exit) and
# dir=$tmp/content/reports, and writes the corpus there
# (bench/bench_corpus: the seed reports of tests/gold renamed, moved and
# shifted; every 10th agency registered).
set -u
cd "$(dirname "$0")/.." || exit 2
B=${B:-build}
N=${N:-10000}
SITE_GEN=$PWD/$B/site-gen
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dir=$tmp/content/reports
mkdir -p "$tmp/content"
"$B/bench/bench_corpus" tests/gold "$dir" "$N" 10 || exit 1
