#!/bin/sh
# build_compare_site.sh: builds the comparison test site and prints the
# path of its public/ folder (tests/build_site.sh).  Not a test itself
# (tests/test_compare.sh and tests/test_site_html.sh use it).
#
# Input: the comparison fixtures, 43 Markdown reports of 16 agencies in
# three provinces and three years (tests/compare/reports/, written by
# tests/compare/make_reports.py from the numbers in tests/compare/*.tsv),
# their registry tests/compare/agencies.csv and the division tree
# content/regions.csv.  Output: $B/compare-site/site.db and public/.
set -eu
cd "$(dirname "$0")/.."
exec sh tests/build_site.sh compare-site tests/compare/agencies.csv tests/compare/reports/*.md
