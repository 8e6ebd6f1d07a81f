#!/bin/sh
# Installs the Debian packages that site-gen needs to build, test and
# benchmark, and only those that are missing.  As root it runs apt-get;
# otherwise it prints the one command to run and fails, so that `make`
# stops with a clear message instead of a compiler error.
#
#   scripts/deps.sh build   libraries and tools to build site-gen
#   scripts/deps.sh test    the above, plus what the test scripts run:
#                           Java and Node.js (the HTML checker), Python 3
#                           (CSV, JSON and hash checks) and bsdutils
#                           (util-linux's script, a terminal for the
#                           progress-line checks), chromium (the search
#                           page in a real browser), opencc (its
#                           command-line tool, for the search's recall
#                           baseline) and qpdf (pages turned for
#                           test_pdf_rules.sh); a test whose tool is
#                           missing fails, it is not skipped
#   scripts/deps.sh asan    the test set, plus clang and its sanitizer
#                           runtimes (make test-asan)
#   scripts/deps.sh bench   the test set, plus what the benchmarks run
#                           beside site-gen: Hugo (bench/hugo.sh builds the
#                           same site with it), GNU time (peak memory) and
#                           nginx (the static host bench/search.sh serves
#                           both search engines from)
#   scripts/deps.sh fixtures
#                           what tests/fixtures/office/make.py needs to
#                           rebuild the Word and PDF fixtures (python3-docx,
#                           LibreOffice Writer, CJK fonts); the tests read
#                           the committed files and need none of them
set -eu

build_pkgs="gcc make pkg-config libsqlite3-dev sqlite3 libcmark-gfm-dev \
libcmark-gfm-extensions-dev libxml2-dev libxml2-utils libjansson-dev libutf8proc-dev libyaml-dev \
libzip-dev libmicrohttpd-dev libopencc-dev zlib1g-dev libpoppler-glib-dev libcairo2-dev libicu-dev"
asan_pkgs="clang libclang-rt-14-dev"
bench_pkgs="hugo time nginx-light"
test_pkgs="default-jre-headless nodejs npm python3 bsdutils chromium opencc qpdf"
fixtures_pkgs="python3-docx libreoffice-writer-nogui fonts-noto-cjk qpdf"

want="$build_pkgs"
[ "${1:-build}" = test ] && want="$build_pkgs $test_pkgs"
[ "${1:-build}" = asan ] && want="$build_pkgs $test_pkgs $asan_pkgs"
[ "${1:-build}" = bench ] && want="$build_pkgs $test_pkgs $bench_pkgs"
[ "${1:-build}" = fixtures ] && want="$build_pkgs $fixtures_pkgs"

missing=""
for p in $want; do
    # nodejs from another repository may already provide npm.
    if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
    if [ "$p" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
    if [ "$p" = default-jre-headless ] && command -v java >/dev/null 2>&1; then continue; fi
    if [ "$p" = python3 ] && command -v python3 >/dev/null 2>&1; then continue; fi
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "deps: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || true
    # shellcheck disable=SC2086
    apt-get install -y -qq $missing >/dev/null
else
    echo "deps: missing Debian packages:$missing" >&2
    echo "deps: run: sudo apt-get install -y$missing" >&2
    exit 1
fi
