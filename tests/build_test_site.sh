#!/bin/sh
# build_test_site.sh: builds the test site that test scripts look at, and
# prints the path of its public/ folder (tests/build_site.sh).  Not a
# test itself.
#
# Input: the five real reports (tests/gold/*.txt) and the hostile fixtures
# (tests/fixtures/xss-*.txt: prose and an agency name holding markup),
# with content/agencies.csv.  Output: $B/test-site/site.db and public/.
set -eu
cd "$(dirname "$0")/.."
exec sh tests/build_site.sh test-site content/agencies.csv tests/gold/*.txt tests/fixtures/xss-*.txt
