#!/bin/sh
# test_browser_a11y.sh: every page type in a real browser: axe-core's
# WCAG 2.1 AA rules at 375 and 1440 px, no sideways scrolling of the page
# on a phone, wide tables scrolling in their own box with their labels
# and headings kept in view, every link and control reached by Tab with
# a visible focus, body text size and line spacing, no console errors, no
# web fonts; the large-text and high-contrast modes with and without
# script; the printouts of report, year and ranking pages; the tables'
# filter.  The checks are in tests/a11y/browser.js.
#
# Debian's chromium (scripts/deps.sh test), driven headless by npm's
# playwright-core, with npm's axe-core injected into each page (both in
# tests/package.json; no browser is downloaded).  The test site (the real
# reports) and the comparison site (tests/build_compare_site.sh) are
# served on 127.0.0.1 as Netlify serves them (tests/netlify_serve.py:
# netlify.toml's headers, the Content-Security-Policy among them, so that
# a page breaking it shows as a console error; gzip; the 404 page),
# started here and stopped on exit (and by `timeout` at the latest).  Screenshots of every page
# type at both widths are kept in $B/a11y/screens/, the printouts as PDF
# in $B/a11y/print/.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
case $B in /*) ;; *) B=$PWD/$B ;; esac
plan=174
work=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT

fail_all() { echo "1..1"; echo "not ok - $1"; exit 1; }

[ -x /usr/bin/chromium ] || fail_all "Debian's chromium is installed (scripts/deps.sh test)"
command -v node >/dev/null 2>&1 || fail_all "node is installed (scripts/deps.sh test)"
if [ ! -d tests/node_modules/playwright-core ] || [ ! -d tests/node_modules/axe-core ]; then
    npm install --prefix tests --no-audit --no-fund >"$work/npm.log" 2>&1 ||
        fail_all "playwright-core and axe-core installed (npm install --prefix tests; $(tail -1 "$work/npm.log"))"
fi
test_pub=$(sh tests/build_test_site.sh) || fail_all "the test site builds"
compare_pub=$(sh tests/build_compare_site.sh) || fail_all "the comparison site builds"

. tests/listen.sh
serve() { # serve DIR PORT
    timeout 600 python3 tests/netlify_serve.py "$1" "$2" --seconds 590 >"$work/http-$2.log" 2>&1 &
    pids="$pids $!"
    listening "$2"
}
p1=$(port)
serve "$test_pub" "$p1" || fail_all "a static server listens on 127.0.0.1:$p1"
p2=$(port)
serve "$compare_pub" "$p2" || fail_all "a static server listens on 127.0.0.1:$p2"

rm -rf "$B/a11y"
mkdir -p "$B/a11y"
echo "1..$plan"
node tests/a11y/browser.js "http://127.0.0.1:$p1" "http://127.0.0.1:$p2" "$B/a11y"
