#!/bin/sh
# audit.sh (make audit): Lighthouse's four scores for the home, report,
# year, ranking and search pages, the bytes a report page transfers and
# its first contentful paint.  Targets: every score at least 95, a report
# page at most 50 kB.  Prints the figures, and exits 1 when a target is
# missed (2 when it could not measure); slow (a run of Lighthouse per
# page), so not part of make test.
#
# The pages are those of the test sites (tests/build_test_site.sh, the
# real reports: home, report, search; tests/build_compare_site.sh, 43
# reports of 16 agencies: year and ranking), served on 127.0.0.1 as
# Netlify serves them (tests/netlify_serve.py: netlify.toml's headers,
# gzip).  Lighthouse is npm's (bench/package.json, installed here when
# missing), driving Debian's chromium (scripts/deps.sh test) headless,
# with its default mobile settings (a mid-range phone on a slow 4G
# connection, simulated).  Its JSON reports are kept in $B/audit/.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${B:-build}
case $B in /*) ;; *) B=$PWD/$B ;; esac
export B
tmp=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT

for tool in node python3 /usr/bin/chromium; do
    command -v "$tool" >/dev/null 2>&1 || { echo "audit: $tool is missing (scripts/deps.sh test)"; exit 2; }
done
if [ ! -x bench/node_modules/.bin/lighthouse ]; then
    npm install --prefix bench --no-package-lock --no-audit --no-fund --silent >"$tmp/npm.log" 2>&1 ||
        { echo "audit: npm install --prefix bench failed:"; tail -5 "$tmp/npm.log"; exit 2; }
fi
test_pub=$(sh tests/build_test_site.sh) || { echo "audit: the test site does not build"; exit 2; }
compare_pub=$(sh tests/build_compare_site.sh) || { echo "audit: the comparison site does not build"; exit 2; }

. tests/listen.sh
serve() { # serve DIR PORT
    timeout 1800 python3 tests/netlify_serve.py "$1" "$2" --seconds 1790 >"$tmp/http-$2.log" 2>&1 &
    pids="$pids $!"
    listening "$2" || { echo "audit: no server on 127.0.0.1:$2"; exit 2; }
}
p1=$(port)
serve "$test_pub" "$p1"
p2=$(port)
serve "$compare_pub" "$p2"

out=$B/audit
rm -rf "$out"
mkdir -p "$out"
T=http://127.0.0.1:$p1
C=http://127.0.0.1:$p2
q=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("红寺堡"))')
for page in "home $T/" "report $T/agencies/hongsibao-health/2023/" "year $C/years/2024/" \
            "ranking $C/compare/new-requests/2024/" "search $T/search/?q=$q"; do
    name=${page%% *}
    url=${page#* }
    CHROME_PATH=/usr/bin/chromium bench/node_modules/.bin/lighthouse "$url" --quiet \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
        --only-categories=performance,accessibility,best-practices,seo \
        --output=json --output-path="$out/$name.json" >"$tmp/lh-$name.log" 2>&1 ||
        { echo "audit: Lighthouse failed on $url:"; tail -5 "$tmp/lh-$name.log"; exit 2; }
done

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
cats = ["performance", "accessibility", "best-practices", "seo"]
missed = 0
print("%-8s %5s %5s %5s %5s %9s %6s  %s" % ("page", "perf", "a11y", "best", "seo", "bytes", "FCP", "audits below 1 (weighted)"))
for name in ["home", "report", "year", "ranking", "search"]:
    r = json.load(open("%s/%s.json" % (out, name)))
    scores = [round(100 * (r["categories"][c]["score"] or 0)) for c in cats]
    a = r["audits"]
    size = a["total-byte-weight"]["numericValue"]
    fcp = a["first-contentful-paint"]["numericValue"] / 1000
    low = sorted({ref["id"] for c in cats for ref in r["categories"][c]["auditRefs"]
                  if ref["weight"] > 0 and a[ref["id"]]["score"] is not None and a[ref["id"]]["score"] < 1})
    print("%-8s %5d %5d %5d %5d %8.1fk %5.2fs  %s" % ((name,) + tuple(scores) + (size / 1000, fcp, " ".join(low) or "-")))
    if min(scores) < 95:
        missed += 1
        print("    below the target of 95")
    if name == "report" and size > 50000:
        missed += 1
        print("    a report page transfers more than 50 kB")
print("report page: %.1f kB transferred (target 50 kB), first contentful paint %.2f s (Lighthouse mobile, simulated slow 4G)"
      % (json.load(open(out + "/report.json"))["audits"]["total-byte-weight"]["numericValue"] / 1000,
         json.load(open(out + "/report.json"))["audits"]["first-contentful-paint"]["numericValue"] / 1000))
print("Lighthouse %s; JSON reports in %s/" % (json.load(open(out + "/home.json"))["lighthouseVersion"], out))
sys.exit(1 if missed else 0)
PY
