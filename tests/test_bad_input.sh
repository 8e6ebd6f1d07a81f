#!/bin/sh
# test_bad_input.sh: files and settings that must each give one plain
# message while the rest goes on: a title with nothing under it, rows of
# 10,000 cells, a 1 MB line, HTML nested 10,000 deep, a database of
# garbage, an output folder whose parents do not exist, and a build that
# hits `ulimit -f` (the previous site stays).  Work is bounded: each parse
# runs under a CPU limit of 10 s, which a reader that does bounded work
# per byte never comes near (this is a hang guard, not a speed test).
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
SITE_GEN=${SITE_GEN:-$PWD/$B/site-gen}
echo "1..13"
ok() { if [ "$1" = "$2" ]; then echo "ok - $3"; else echo "not ok - $3"; echo "    got [$1], expected [$2]"; fi; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
parse() { (ulimit -t 10; "$SITE_GEN" parse "$1" >"$work/out" 2>"$work/err"); echo $?; }

printf '某某县卫生健康局2023年政府信息公开工作年度报告\n' > "$work/title.txt"
ok "$(parse "$work/title.txt"): $(cat "$work/err")" \
   "2: $work/title.txt: error: not an annual report: a title, but no statistical table and no numbered part (一、总体情况 …)" \
   "a file with only a title is not stored as a report"

python3 - "$work/wide.md" <<'PY'
import sys
row = "| x " * 10000 + "|\n"
open(sys.argv[1], "w").write("某某县卫生健康局2023年政府信息公开工作年度报告\n\n"
                             "| a | b | c |\n|---|---|---|\n" + row * 3)
PY
rc=$(parse "$work/wide.md")
ok "$([ "$rc" -le 2 ] && echo read)" read "three Markdown rows of 10,000 cells are read within the CPU limit (status $rc)"
ok "$(wc -l < "$work/err")" 1 "and give one message"

python3 -c "print('x' * 1000000)" > "$work/long.txt"
ok "$(parse "$work/long.txt"): $(cat "$work/err")" \
   "2: $work/long.txt: error: not an annual report: no title and no statistical table" "a 1 MB single line is one message"

python3 -c "print('<html><body>' + '<div>' * 10000 + '某某县卫生健康局2023年政府信息公开工作年度报告' + '</div>' * 10000 + '</body></html>')" > "$work/deep.html"
rc=$(parse "$work/deep.html")
ok "$rc" 2 "HTML nested 10,000 deep is refused, not a crash"
ok "$(grep -c "^$work/deep.html:1: warning: the page could not be read past here" "$work/err")" 1 \
   "with a message that says where reading stopped"

# A site to break.
pub=$(sh tests/build_test_site.sh) || { echo "not ok - test site builds"; exit 1; }
db=$(dirname "$pub")/site.db
build() { "$SITE_GEN" build --quiet --db "$1" --templates templates --content content --out "$2" ${3:+"$3"}; }

head -c 4096 /dev/urandom > "$work/garbage.db"
build "$work/garbage.db" "$work/g" 2>"$work/err"
ok "$?: $(head -1 "$work/err")" "1: $work/garbage.db: error: not a database: file is not a database" \
   "a database file of garbage bytes is named as such"

build "$db" "$work/a/b/c/public" 2>"$work/err"
ok "$?" 0 "--out under folders that do not exist yet: they are made"
ok "$([ -s "$work/a/b/c/public/index.html" ] && echo yes)" yes "and the site is in it"

build "$db" "$work/limited" 2>/dev/null
(ulimit -f 200; build "$db" "$work/limited" --force) 2>"$work/err"
rc=$?
ok "$rc" 1 "a build past ulimit -f fails with status 1, not a signal"
ok "$(grep -c "^site-gen build: failed; $work/limited left as it was" "$work/err")" 1 "and says the site was left as it was"
errors=$(grep -c ': error: ' "$work/err")
unnamed=$(grep ': error: ' "$work/err" | grep -vc "limited\.tmp-[0-9]*-[A-Za-z0-9]*/")
ok "$([ "$errors" -ge 1 ] && [ "$unnamed" -eq 0 ] && echo named)" named \
   "it says which files could not be written ($errors error lines, each naming one)"
ok "$(cmp -s "$pub/index.html" "$work/limited/index.html" && echo same)" same "the previous site is still there"
