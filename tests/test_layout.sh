#!/bin/sh
# test_layout.sh: site-gen's sources keep the layout of the README: one
# folder per stage, includes that point one way, a header per stage that
# later stages use, a comment opening every file (tests/layout_check.sh
# says which rules).  The checker is also run on copies of the tree with
# each rule broken once, to show that it catches each.
set -u
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

nfiles=$(find site-gen -type f \( -name '*.c' -o -name '*.h' \) | wc -l)
echo "1..$((2 + 5 + 8))"

ok() { if [ "$1" = "$2" ]; then echo "ok - $3"; else echo "not ok - $3"; printf '%s\n' "$1" | head -20 | sed 's/^/    /'; fi; }

ok "$([ "$nfiles" -ge 60 ] && echo yes)" yes "site-gen/ holds at least 60 source files (it holds $nfiles)"
ok "$(sh tests/layout_check.sh .)" "" "every source file keeps the layout rules"

# Each rule broken once, in a copy.
broken() { # broken NAME: a fresh copy of site-gen/ in $work/NAME
    rm -rf "$work/$1"; mkdir -p "$work/$1"; cp -r site-gen "$work/$1/"
}
broken back
sed -i '0,/^#include "/s//#include "out\/site.h"\n#include "/' "$work/back/site-gen/view/home.c"
ok "$(sh tests/layout_check.sh "$work/back" | grep -c 'points back: view comes before out')" 1 \
   "an include from view/ into out/ is caught"
broken private
sed -i '0,/^#include "/s//#include "record\/labels.h"\n#include "/' "$work/private/site-gen/store/db.c"
ok "$(sh tests/layout_check.sh "$work/private" | grep -c 'is private to record/')" 1 \
   "an include of another stage's private header is caught"
broken flat
cp site-gen/base/buf.c "$work/flat/site-gen/stray.c"
ok "$(sh tests/layout_check.sh "$work/flat" | grep -c '^stray.c: not in a stage folder')" 1 \
   "a source file outside the stage folders is caught"
broken comment
sed -i '1,3d' "$work/comment/site-gen/base/hash.c"
ok "$(sh tests/layout_check.sh "$work/comment" | grep -c '^base/hash.c:1: does not open')" 1 \
   "a file that does not open with a comment naming it is caught"
broken missing
sed -i '0,/^#include "/s//#include "base\/nothing.h"\n#include "/' "$work/missing/site-gen/base/buf.c"
ok "$(sh tests/layout_check.sh "$work/missing" | grep -c 'names no header')" 1 \
   "an include of a header that does not exist is caught"

# The README's layout table names each stage folder.
for s in base read record store view template out cmd; do
    ok "$(grep -c "^| \`site-gen/$s/\`" README.md)" 1 "README's layout table names site-gen/$s/"
done
