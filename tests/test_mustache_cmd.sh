#!/bin/sh
# `site-gen mustache DATA.json TEMPLATE [--partials DIR] [--strict]`:
# renders to stdout.  An unknown partial renders as nothing, as the spec
# says, with one "template:line:column: warning: …" on stderr; under
# --strict it is an error.  An error (a bad template, an unknown partial
# under --strict, output that cannot be written) is one message on
# stderr, nothing on stdout and exit status 2.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { if [ "$1" = "$2" ]; then echo "ok - $3"; else echo "not ok - $3: expected [$2], got [$1]"; fi; }
echo "1..8"   # one per ok line below

mkdir "$tmp/parts"
printf '{"title": "年报 & 附表", "rows": [{"n": 1}, {"n": 2.5}]}' > "$tmp/data.json"
printf '<h1>{{title}}</h1>\n{{#rows}}\n  {{> row}}\n{{/rows}}\n' > "$tmp/page.mustache"
printf '<td>{{n}}</td>\n' > "$tmp/parts/row.mustache"
printf '<td>[{{n}}]</td>\n' > "$tmp/row.mustache"

out=$("$SITE_GEN" mustache "$tmp/data.json" "$tmp/page.mustache" --partials "$tmp/parts")
ok "$out" "$(printf '<h1>年报 &amp; 附表</h1>\n  <td>1</td>\n  <td>2.5</td>')" "renders with partials from --partials"

out=$("$SITE_GEN" mustache "$tmp/data.json" "$tmp/page.mustache")
ok "$out" "$(printf '<h1>年报 &amp; 附表</h1>\n  <td>[1]</td>\n  <td>[2.5]</td>')" "partials default to the template's directory"

printf 'x\n  {{> nav}}\n{{#rows}}[{{> nav}}]{{/rows}}\n' > "$tmp/bad.mustache"
out=$("$SITE_GEN" mustache "$tmp/data.json" "$tmp/bad.mustache" 2>"$tmp/err"); rc=$?
ok "$rc: $out" "0: $(printf 'x\n[][]')" "an unknown partial renders as nothing"
ok "$(cat "$tmp/err")" "$tmp/bad.mustache:2:3: warning: unknown partial 'nav'" \
    "an unknown partial is one warning, at the first tag that names it"

out=$("$SITE_GEN" mustache "$tmp/data.json" "$tmp/bad.mustache" --strict 2>"$tmp/err"); rc=$?
ok "$rc: [$out] $(cat "$tmp/err")" "2: [] $tmp/bad.mustache:2:3: unknown partial 'nav'" \
    "under --strict an unknown partial is an error and nothing is written"

# /dev/full (Linux) refuses every write with ENOSPC.
"$SITE_GEN" mustache "$tmp/data.json" "$tmp/page.mustache" >/dev/full 2>"$tmp/err"; rc=$?
err=$(cat "$tmp/err")
ok "$rc: ${err%: *}" "2: site-gen mustache: cannot write the output" \
    "output that cannot be written is an error"

printf '{{#rows}}\n{{n}}\n' > "$tmp/open.mustache"
err=$("$SITE_GEN" mustache "$tmp/data.json" "$tmp/open.mustache" 2>&1 >/dev/null); rc=$?
ok "$rc: $err" "2: $tmp/open.mustache:1:1: unclosed section 'rows'" "an unclosed section is an error"

"$SITE_GEN" mustache "$tmp/data.json" >/dev/null 2>&1; rc=$?
ok "$rc" "2" "a missing argument is a usage error"
