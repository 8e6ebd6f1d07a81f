#!/bin/sh
# test_build_kill.sh: a build killed with SIGKILL at any moment leaves the
# published site whole (out/build.c swaps the new site in with one atomic
# rename), and the next build removes the temporary folder the killed one
# left, knowing it by the dead PID in its name, while a live build's
# folder is left alone.  On the test site of tests/build_test_site.sh.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
SITE_GEN=${SITE_GEN:-$PWD/$B/site-gen}
kills=20
echo "1..$((kills + 5))"
ok() { echo "ok - $1"; }
fail() { echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else fail "$1"; fi; }

pub=$(sh tests/build_test_site.sh) || { fail "test site builds"; exit 1; }
db=$(dirname "$pub")/site.db
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build() { "$SITE_GEN" build --quiet --db "$db" --templates templates --content content --out "$work/public"; }
listing() { (cd "$work/public" && find . -type f | LC_ALL=C sort | xargs md5sum); }

build 2>"$work/err"
check "the first build publishes the site" '[ -s "$work/public/index.html" ]'
listing > "$work/before"

# Kill a rebuild at moments spread over its run (it takes about 0.1 s).
i=0
while [ "$i" -lt "$kills" ]; do
    # site-gen itself in the background (not a subshell running it), so
    # that the kill reaches the build.
    "$SITE_GEN" build --quiet --db "$db" --templates templates --content content \
        --out "$work/public" 2>/dev/null &
    pid=$!
    sleep "0.0$(printf '%02d' $((i * 5)))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    listing > "$work/after"
    check "killed after $((i * 5)) ms: the published site is whole and unchanged" \
        'cmp -s "$work/before" "$work/after"'
    i=$((i + 1))
done

# Folders a killed build left, one of a PID that runs (this shell's) and
# one of a PID that does not.
mkdir -p "$work/public.tmp-$$-live00" "$work/public.tmp-999999999-dead00"
touch "$work/public.tmp-999999999-dead00/index.html"
build 2>"$work/err"
check "the next build succeeds" '[ -s "$work/public/index.html" ] && cmp -s "$work/before" "$(listing > "$work/again"; echo "$work/again")"'
check "it removes every folder left by a killed build" \
    '[ "$(ls "$work" | grep "^public\.tmp-" | grep -vc "live00")" -eq 0 ]'
check "it leaves the folder of a build that still runs" '[ -d "$work/public.tmp-$$-live00" ]'
check "it says nothing about them" '[ ! -s "$work/err" ]'
