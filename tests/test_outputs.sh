#!/bin/sh
# test_outputs.sh: the downloads, Markdown pages and feeds of a built site
# (downloads.c, mdpages.c, feeds.c), checked on the test site of
# tests/build_test_site.sh: the five real reports plus the hostile fixtures.
# Expected values are read from tests/gold/*.json and the site's own
# database, never typed in here.  Prints "ok - …" / "not ok - …".
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
export B
SITE_GEN=${SITE_GEN:-$PWD/$B/site-gen}
export SITE_GEN

ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; }
check() { # check "what" command...
    what=$1
    shift
    if "$@" >/dev/null 2>&1; then ok "$what"; else nok "$what"; fi
}

# 96 checks: 7 before the first python3 block, 60 in it, 14 between the
# blocks (the loop over seven tables counting seven), 9 in the second
# block and 6 after it.  A python3 block that exits non-zero (a crash,
# or no python3) is one failure more, named, and its missing checks
# show as a short run against this plan.
echo "1..111"   # 96 + the formula checks (4) and the BOM check of the two CSVs they read, + lastmod,
                # + 6 on the download database, + the feed's times and the data date (2)

if ! pub=$(sh tests/build_test_site.sh 2>"$B/test_outputs.build.log"); then
    nok "test site builds (see $B/test_outputs.build.log)"
    tail -5 "$B/test_outputs.build.log" | sed 's/^/    /'
    exit 1
fi
ok "test site builds"
db=$B/test-site/site.db
base=$(sed -n 's/^base_url: *//p' content/site.yaml | sed 's:/*$::')

# ---- the database copy ----------------------------------------------------
sdb=$pub/data/site.db
check "data/site.db exists" test -s "$sdb"
check "data/site.db is read-only (mode 444)" test "$(stat -c %a "$sdb")" = 444
check "data/site.db passes integrity_check" \
    test "$(sqlite3 "file:$sdb?mode=ro" 'PRAGMA integrity_check' 2>&1)" = ok
check "data/site.db refuses writes when opened read-only" \
    sh -c "! sqlite3 'file:$sdb?mode=ro' 'DELETE FROM reports' 2>/dev/null"
gold_names=$(for f in tests/gold/*.txt; do printf "'%s'," "$(basename "$f")"; done)
n=$(sqlite3 "file:$sdb?mode=ro" "SELECT count(*) FROM reports WHERE source_path IN (${gold_names%,})" 2>&1)
check "data/site.db holds the 5 gold reports (got $n)" test "$n" = 5
n_all=$(sqlite3 "file:$sdb?mode=ro" "SELECT count(*) FROM reports")
check "data/site.db holds as many reports as the build's database" \
    test "$n_all" = "$(sqlite3 "file:$db?mode=ro" 'SELECT count(*) FROM reports')"
# The download database's compact cells, read back through its views, say
# what the build's database says.
for q in "SELECT count(*) FROM cells" "SELECT count(*) FROM deduced" \
         "SELECT count(*) FROM metric_values WHERE status = 'known'" "SELECT count(*) FROM findings"; do
    check "data/site.db answers '$q' as the build's database does" \
        test "$(sqlite3 "file:$sdb?mode=ro" "$q" 2>&1)" = "$(sqlite3 "file:$db?mode=ro" "$q")"
done
check "data/site.db holds no report files" \
    test "$(sqlite3 "file:$sdb?mode=ro" "SELECT count(*) FROM sqlite_master WHERE name = 'originals'")" = 0
n=$(sqlite3 "file:$sdb?mode=ro" "SELECT value FROM cells c JOIN reports r ON r.id = c.report_id
    WHERE r.source_path = '000_7a7a80364ff2eb63.txt' AND tbl = 'requests' AND row = 'new'
    AND col = 'total'" 2>&1)
check "data/site.db: 红寺堡区 2023 received 1 request in all, as its table 三 says (got $n)" \
    test "$n" = 1.0

# ---- CSV, JSON, feeds: checked with Python's csv, json and the XML parser --
python3 - "$pub" "$db" "$base" <<'PY' || nok "the python3 block on CSV, JSON and feeds exited with status $?"
import csv, io, json, os, sqlite3, sys, glob
import xml.etree.ElementTree as ET

pub, dbpath, base = sys.argv[1:4]
db = sqlite3.connect("file:%s?mode=ro" % dbpath, uri=True)

def check(cond, what, why=""):
    print(("ok - " if cond else "not ok - ") + what)
    if not cond and why:
        print("    " + str(why)[:400])
    return cond

def read(path):
    with open(os.path.join(pub, path), "rb") as f:
        return f.read()

def csv_rows(path):
    raw = read(path)
    check(raw.startswith(b"\xef\xbb\xbf"), path + " starts with the UTF-8 BOM")
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))

# Every table file: the same rows and values as the database.
tables = {"agencies": "SELECT * FROM agencies", "regions": "SELECT * FROM regions",
          "sections": "SELECT * FROM sections", "published": "SELECT * FROM published",
          "findings": "SELECT * FROM findings",
          "reports": "SELECT id, agency_id, year, source_path FROM reports",
          "cells": "SELECT report_id FROM cells"}
for name, sql in tables.items():
    path = "data/%s.csv" % name
    if not check(os.path.exists(os.path.join(pub, path)), path + " exists"):
        continue
    rows = csv_rows(path)
    want = db.execute(sql).fetchall()
    check(len(rows) - 1 == len(want), "%s has one row per database row (%d)" % (path, len(want)),
          "got %d" % (len(rows) - 1))
check("record_json" not in csv_rows("data/reports.csv")[0], "reports.csv leaves out record_json")
# tests/fixtures/xss-formula.txt names its agency =HYPERLINK(1)县卫生健康局:
# every CSV that holds the name holds it as text, behind a ', never as a formula.
formula = '=HYPERLINK(1)县卫生健康局'
names = [r[1] for r in csv_rows("data/agencies.csv")[1:]]
check("'" + formula in names and formula not in names,
      "agencies.csv holds the =HYPERLINK agency name as text ('=…), never as a formula", names)
starts = [c for r in csv_rows("data/findings.csv")[1:] for c in r if c and c[0] in "=+-@"]
check(starts == [], "no field of findings.csv starts with = + - or @", starts[:3])
# The same for every CSV of the site, the comparisons' and years' too
# (a number such as -5 is a number, not a formula).
def is_number(c):
    try:
        float(c)
        return True
    except ValueError:
        return False
every = [os.path.relpath(p, pub) for p in glob.glob(os.path.join(pub, "**", "*.csv"), recursive=True)]
bad, quoted = [], set()
for path in every:
    raw = read(path)
    for r in csv.reader(io.StringIO(raw.lstrip(b"\xef\xbb\xbf").decode("utf-8"), newline="")):
        for c in r:
            if c and c[0] in "=+-@\t\r" and not is_number(c):
                bad.append((path, c))
            if c == "'" + formula:
                quoted.add(path.split("/")[0])
check(bad == [], "no field of the site's %d CSV files is a formula" % len(every), bad[:3])
check({"data", "years", "compare"} <= quoted,
      "the =HYPERLINK name reaches the data, year and comparison CSVs, each time as text", quoted)
sec = csv_rows("data/sections.csv")
bodies = {(r[0], r[1]): r[4] for r in sec[1:]}
want = {(str(a), str(b)): c for a, b, c in db.execute("SELECT report_id, ord, body FROM sections")}
check(bodies == want, "sections.csv bodies (commas, quotes, line breaks) read back exactly")

gold = json.load(open(glob.glob("tests/gold/000_*.json")[0]))
agency, year = gold["agency"], gold["year"]
cells = csv_rows("data/cells.csv")
head = cells[0]
def cell(rows, head, **kw):
    for r in rows[1:]:
        d = dict(zip(head, r))
        if all(d.get(k) == str(v) for k, v in kw.items()):
            return d["value"]
    return None
for key in ("licensing", "penalty"):
    got = cell(cells, head, agency=agency, year=year, table="active", row=key, column="value")
    check(got == str(gold["active"][key]),
          "cells.csv: %s %d %s is %s" % (agency, year, key, gold["active"][key]), "got %r" % got)

# One report: report.json and report.csv beside its page.
slug = db.execute("SELECT slug FROM agencies WHERE name = ?", (agency,)).fetchone()[0]
rdir = "agencies/%s/%d/" % (slug, year)
rj = json.loads(read(rdir + "report.json"))
check(rj["active"]["licensing"] == gold["active"]["licensing"],
      "%sreport.json: active.licensing == %s" % (rdir, gold["active"]["licensing"]),
      rj["active"].get("licensing"))
check(rj.get("agency") == agency and rj.get("year") == year and rj.get("agency_slug") == slug,
      "report.json names its agency, year and slug")
check(isinstance(rj.get("region"), dict) and rj["region"].get("city"), "report.json gives the region")
src = db.execute("SELECT source_path FROM report_pages r JOIN agencies a ON a.id = r.agency_id"
                 " WHERE a.slug = ? AND r.year = ?", (slug, year)).fetchone()[0]
check(rj.get("source") == src, "report.json gives the source file", rj.get("source"))
rc = csv_rows(rdir + "report.csv")
check(rc[0] == ["table", "row", "column", "table_label", "row_label", "column_label", "value"],
      "report.csv header", rc[0])
check(len(rc) - 1 == 10 + 25 * 7 + 3 * 5, "report.csv has one row per cell of the format (200)",
      len(rc) - 1)
lic = [r for r in rc[1:] if r[:3] == ["active", "licensing", "value"]]
check(lic and lic[0][4] == "行政许可" and lic[0][6] == str(gold["active"]["licensing"]),
      "report.csv: licensing row has its Chinese label and value", lic)

# Unknown cells of 屈原管理区: empty in CSV, null in JSON.
q = db.execute("SELECT r.id, a.slug, r.year FROM report_pages r JOIN agencies a ON a.id = r.agency_id"
               " WHERE a.name LIKE '屈原管理区%'").fetchone()
unknown = db.execute("SELECT tbl, row, col FROM cells WHERE report_id = ? AND value IS NULL",
                     (q[0],)).fetchall()
check(len(unknown) > 0, "屈原管理区's report has unknown cells in the database (%d)" % len(unknown))
qdir = "agencies/%s/%d/" % (q[1], q[2])
qcsv = {tuple(r[:3]): r[6] for r in csv_rows(qdir + "report.csv")[1:]}
qjson = json.loads(read(qdir + "report.json"))
def json_value(rec, tbl, row, col):
    v = rec.get(tbl, {}).get(row)      # absent: no value either
    if v is None:
        return None
    if isinstance(v, list):
        keys = {"requests": ["natural", "business", "research", "nonprofit", "legal", "other", "total"],
                "appeals": ["upheld", "corrected", "other", "pending", "total"]}[tbl]
        return v[keys.index(col)]
    return v[col] if isinstance(v, dict) else v
bad_csv = [u for u in unknown if qcsv.get(tuple(u)) != ""]
bad_json = [u for u in unknown if json_value(qjson, *u) is not None]
check(not bad_csv, "屈原管理区: every unknown cell is empty in report.csv", bad_csv[:5])
check(not bad_json, "屈原管理区: every unknown cell is null in report.json", bad_json[:5])
qc = [r for r in cells[1:] if r[0] == str(q[0])]
nulls = sum(1 for r in qc if r[-1] == "")
check(nulls == len(unknown), "屈原管理区: cells.csv has %d empty values" % len(unknown), nulls)

# Per agency and per year.
shown = db.execute("SELECT a.slug, r.year, a.name FROM report_pages r"
                   " JOIN agencies a ON a.id = r.agency_id").fetchall()
bad = []
for s, y, name in shown:
    try:
        aj = json.loads(read("agencies/%s/data.json" % s))
        yj = json.loads(read("years/%d/data.json" % y))
        if y not in [r["year"] for r in aj["reports"]] or aj["agency"]["name"] != name:
            bad.append(("agency", s, y))
        if (s, name) not in [(r["agency_slug"], r["agency"]) for r in yj["reports"]]:
            bad.append(("year", s, y))
    except Exception as e:
        bad.append((s, y, str(e)))
check(not bad, "every shown report is in its agency's and its year's data.json", bad[:5])

# Feed and sitemap.
try:
    feed = ET.fromstring(read("feed.xml"))
    check(True, "feed.xml is well-formed XML")
except Exception as e:
    feed = None
    check(False, "feed.xml is well-formed XML", e)
A = "{http://www.w3.org/2005/Atom}"
if feed is not None:
    entries = feed.findall(A + "entry")
    ids = [e.findtext(A + "id") for e in entries]
    want = ["%s/agencies/%s/%d/" % (base, s, y) for s, y, _ in shown]
    check(sorted(ids) == sorted(want), "feed.xml has one entry per shown report (%d)" % len(want),
          set(want) ^ set(ids))
    links = [e.find(A + "link").get("href") for e in entries]
    check(links == ids, "each feed entry links to its report page")
    times = [e.findtext(A + "updated") for e in entries]
    check(times == sorted(times, reverse=True), "feed.xml is newest first")
    titles = [e.findtext(A + "title") for e in entries]
    check(all(any(name in t and str(y) in t for t in titles) for _, y, name in shown),
          "feed entry titles give agency and year")
try:
    sm = ET.fromstring(read("sitemap.xml"))
    check(True, "sitemap.xml is well-formed XML")
    S = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = {l.text for l in sm.iter(S + "loc")}
    missing = ["%s/agencies/%s/%d/" % (base, s, y) for s, y, _ in shown
               if "%s/agencies/%s/%d/" % (base, s, y) not in locs]
    check(not missing, "sitemap.xml lists every report page", missing[:5])
    for p in ("/", "/about/", "/methodology/", "/data/"):
        check(base + p in locs, "sitemap.xml lists " + p)
    check(base + "/404.html" not in locs, "sitemap.xml leaves out the 404 page")
    check(all(l.startswith(base + "/") for l in locs), "sitemap URLs are absolute under base_url")
    added = {"%s/agencies/%s/%d/" % (base, s, y): t[:10] for s, y, t in db.execute(
        "SELECT a.slug, r.year, r.ingested_at FROM report_pages r JOIN agencies a ON a.id = r.agency_id")}
    lastmods = {u.findtext(S + "loc"): u.findtext(S + "lastmod") for u in sm.iter(S + "url")}
    wrong = [(l, lastmods.get(l), d) for l, d in added.items() if lastmods.get(l) != d]
    check(added and not wrong, "each report page's <lastmod> in sitemap.xml is the day it was added", wrong[:3])
except ET.ParseError as e:
    check(False, "sitemap.xml is well-formed XML", e)

# Hostile prose: escaped in the feed, intact (and so inert) in JSON.
raw = read("feed.xml").decode("utf-8")
check("<script" not in raw and "<img" not in raw, "feed.xml holds no raw <script> or <img>")
check("&lt;script&gt;alert(1)&lt;/script&gt;" in raw, "feed.xml holds the <script> prose escaped")
check("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in raw, "feed.xml holds the \"><img prose escaped")
xa = db.execute("SELECT a.slug, r.year FROM report_pages r JOIN agencies a ON a.id = r.agency_id"
                " WHERE a.name LIKE '%<script>%'").fetchone()
if check(xa is not None, "the test site has the hostile agency name"):
    xj = json.loads(read("agencies/%s/%d/report.json" % xa))
    check(xj["agency"].count("<script>") == 1, "report.json keeps the hostile name as text")
PY

# ---- robots, data page, Markdown pages, 404 -------------------------------
check "robots.txt points at the sitemap" grep -qx "Sitemap: $base/sitemap.xml" "$pub/robots.txt"
check "data page exists" test -s "$pub/data/index.html"
for t in agencies regions reports cells sections published findings; do
    check "data page links $t.csv" grep -q "href=\"../data/$t.csv\"" "$pub/data/index.html"
done
check "data page links site.db" grep -q 'href="../data/site.db"' "$pub/data/index.html"
check "about page rendered" grep -q "<h2>本站是什么</h2>" "$pub/about/index.html"
check "methodology page has a Markdown table" grep -q "<table>" "$pub/methodology/index.html"
check "methodology page explains every finding code" sh -c '
    for c in balance processed_sum row_total appeals_total missing columns narrative duplicate unregistered; do
        grep -q "<code>$c</code>" "$1/methodology/index.html" || exit 1
    done' sh "$pub"
check "404.html exists" test -s "$pub/404.html"

# ---- netlify.toml, and pages that work under its CSP ----------------------
python3 - "$pub" <<'PY' || nok "the python3 block on netlify.toml and the CSP exited with status $?"
import os, sys, tomllib
from html.parser import HTMLParser

pub = sys.argv[1]
def check(cond, what, why=""):
    print(("ok - " if cond else "not ok - ") + what)
    if not cond and why:
        print("    " + str(why)[:600])

with open("netlify.toml", "rb") as f:
    cfg = tomllib.load(f)
check(cfg["build"]["command"] == "make site", "netlify.toml: build command is make site")
check(cfg["build"]["publish"] == "public", "netlify.toml: publishes public/")
headers = {h["for"]: h["values"] for h in cfg.get("headers", [])}
csp = headers.get("/*", {}).get("Content-Security-Policy", "")
parts = {p.split()[0]: p.split()[1:] for p in csp.split(";") if p.strip()}
check(parts.get("script-src") == ["'self'"] and parts.get("style-src") == ["'self'"] and
      parts.get("object-src") == ["'none'"] and parts.get("frame-ancestors") == ["'none'"] and
      parts.get("default-src") == ["'self'"] and "unsafe-inline" not in csp,
      "netlify.toml: CSP allows no inline script or style", csp)
check(headers.get("/static/*", {}).get("Cache-Control") == "public, max-age=31536000, immutable",
      "netlify.toml: fingerprinted /static/* cached for a year, immutable")
check(headers.get("/data/*.db", {}).get("Content-Type") == "application/vnd.sqlite3",
      "netlify.toml: site.db served as application/vnd.sqlite3")
check(headers.get("*.csv", {}).get("Content-Type") == "text/csv; charset=utf-8",
      "netlify.toml: CSV served as UTF-8 text/csv")
check(any(r.get("status") == 404 and r.get("to") == "/404.html" for r in cfg.get("redirects", [])),
      "netlify.toml: unknown paths get /404.html with status 404")

class Inline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []
        self.assets = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet" or tag == "script" and a.get("src"):
            self.assets.append(a.get("href") or a.get("src"))
        if tag == "script" and not a.get("src"):
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for k, v in attrs:
            if k == "style":
                self.found.append("style attribute on <%s>" % tag)
            if k.startswith("on"):
                self.found.append("%s attribute on <%s>" % (k, tag))
            if k in ("href", "src") and v and v.strip().lower().startswith("javascript:"):
                self.found.append("javascript: URL")

bad = []
assets = set()
for root, _, files in os.walk(pub):
    for n in files:
        if n.endswith(".html"):
            path = os.path.join(root, n)
            p = Inline()
            p.feed(open(path, encoding="utf-8").read())
            bad += ["%s: %s" % (os.path.relpath(path, pub), f) for f in sorted(set(p.found))]
            assets.update(p.assets)
check(not bad, "no page needs what the CSP forbids (inline script/style, on* handlers)",
      "; ".join(bad[:10]))
import re
check(assets and all(re.fullmatch(r"(?:/|\./|(?:\.\./)+)static/[\w-]+\.[0-9a-f]{8}\.\w+", u) for u in assets),
      "style sheets and scripts are fingerprinted files under /static/ (the cached path)",
      sorted(assets))
PY

# ---- a page with raw HTML and a bad slug, built into a scratch site --------
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r content "$tmp/content"
cat > "$tmp/content/pages/zz-hostile.md" <<'MD'
---
title: 测试页
slug: hostile
order: 9
---

| 列 | 值 |
| --- | --- |
| a | 1 |

<script>alert(1)</script>

[点击](javascript:alert(1)) <img src=x onerror=alert(1)>
MD
printf -- '---\ntitle: 坏\nslug: Bad Slug\n---\n\ntext\n' > "$tmp/content/pages/zz-bad.md"
if "$SITE_GEN" build --db "$db" --templates templates --content "$tmp/content" \
       --out "$tmp/public" --quiet 2>"$tmp/err"; then
    ok "site builds with a hostile page and a bad slug"
else
    nok "site builds with a hostile page and a bad slug"
    sed 's/^/    /' "$tmp/err" | head -5
fi
h=$tmp/public/hostile/index.html
check "hostile page: Markdown table rendered" grep -q "<table>" "$h"
check "hostile page: raw <script> neutralised" \
    sh -c '! grep -q "<script>alert" "$1" && grep -q "raw HTML omitted" "$1"' sh "$h"
check "hostile page: no onerror attribute, no javascript: link" \
    sh -c '! grep -Eq "<img src=x|href=.javascript:" "$1"' sh "$h"
check "bad slug: reported as file:line" grep -q "zz-bad.md:3: .*slug" "$tmp/err"
check "bad slug: page skipped" sh -c '! ls "$1/public" | grep -qi bad' sh "$tmp"

# Each feed entry carries its own report's time of adding, and every
# page's footer the newest day as the date of the data: on a copy of the
# database whose reports are given different times here.
cp "$db" "$tmp/times.db"
sqlite3 "$tmp/times.db" "UPDATE reports SET ingested_at = printf('2025-%02d-15T08:30:00Z', 1 + id % 9)"
if "$SITE_GEN" build --db "$tmp/times.db" --templates templates --content content \
       --out "$tmp/times" --quiet 2>"$tmp/err"; then
    python3 - "$tmp/times" "$tmp/times.db" "$base" <<'PY' || nok "the python3 block on the feed's times exited with status $?"
import sqlite3, sys
import xml.etree.ElementTree as ET
pub, dbpath, base = sys.argv[1:4]
db = sqlite3.connect("file:%s?mode=ro" % dbpath, uri=True)
A = "{http://www.w3.org/2005/Atom}"
want = {"%s/agencies/%s/%d/" % (base, s, y): t for s, y, t in db.execute(
    "SELECT a.slug, r.year, r.ingested_at FROM report_pages r JOIN agencies a ON a.id = r.agency_id")}
feed = ET.parse(pub + "/feed.xml").getroot()
got = {e.findtext(A + "id"): e.findtext(A + "updated") for e in feed.findall(A + "entry")}
wrong = [(u, got.get(u), t) for u, t in want.items() if got.get(u) != t]
print(("ok" if want and not wrong and len(set(want.values())) > 1 else "not ok") +
      " - each feed entry's <updated> is its own report's time of adding")
if wrong:
    print("    ", wrong[:3])
newest = max(want.values())[:10]
page = open(pub + "/about/index.html", encoding="utf-8").read()
print(("ok" if '数据更新至 <time datetime="%s">%s</time>' % (newest, newest) in page else "not ok") +
      " - the footer dates the data by the newest report's day (%s)" % newest)
PY
else
    nok "each feed entry's <updated> is its own report's time of adding (the site did not build)"
    nok "the footer dates the data by the newest report's day"
    sed 's/^/    /' "$tmp/err" | head -5
fi
