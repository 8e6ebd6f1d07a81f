#!/bin/sh
# layout_check.sh ROOT: prints one line per rule of site-gen's layout that
# the sources under ROOT/site-gen break, and nothing when they keep them
# all.  Not a test itself: tests/test_layout.sh runs it on the real tree
# and on copies with a rule broken on purpose.
#
# The rules (README, "Layout"):
#   - every source file lives in a stage folder: base read record store
#     view template out cmd, in the data's order;
#   - an #include "STAGE/NAME.h" names a file that exists, and points one
#     way: to the file's own stage, to base/, or to the public header of an
#     earlier stage (read/read.h, record/record.h, store/db.h, view/view.h,
#     template/mustache.h, out/out.h); any other header is private to its
#     stage;
#   - every file opens with a comment that names it ("/* NAME.c: ..." or
#     "/*\n * NAME.c: ...").
root=${1:?usage: layout_check.sh ROOT}
cd "$root/site-gen" || exit 2

rank() {
    case $1 in
        base) echo 0 ;; read) echo 1 ;; record) echo 2 ;; store) echo 3 ;;
        view) echo 4 ;; template) echo 5 ;; out) echo 6 ;; cmd) echo 7 ;; *) echo -1 ;;
    esac
}
public() {
    case $1 in
        read) echo read/read.h ;; record) echo record/record.h ;; store) echo store/db.h ;;
        view) echo view/view.h ;; template) echo template/mustache.h ;; out) echo out/out.h ;;
        *) echo none ;;
    esac
}

find . -type f \( -name '*.c' -o -name '*.h' \) | sed 's|^\./||' | LC_ALL=C sort | while read -r f; do
    stage=${f%%/*}
    if [ "$stage" = "$f" ] || [ "$(rank "$stage")" -lt 0 ]; then
        echo "$f: not in a stage folder"
        continue
    fi
    name=${f##*/}
    if ! head -2 "$f" | tr '\n' ' ' | grep -Eq "^/\*( +\*)? $name:"; then
        echo "$f:1: does not open with a comment naming $name"
    fi
    grep -n '^#include "' "$f" | while IFS=: read -r line text; do
        inc=$(echo "$text" | sed 's/^#include "\([^"]*\)".*/\1/')
        to=${inc%%/*}
        if [ "$to" = "$inc" ] || [ ! -f "$inc" ]; then
            echo "$f:$line: #include \"$inc\" names no header of site-gen/"
        elif [ "$to" = "$stage" ] || [ "$to" = base ]; then
            :
        elif [ "$(rank "$to")" -gt "$(rank "$stage")" ]; then
            echo "$f:$line: #include \"$inc\" points back: $stage comes before $to"
        elif [ "$inc" != "$(public "$to")" ]; then
            echo "$f:$line: #include \"$inc\" is private to $to/; use $(public "$to")"
        fi
    done
done
