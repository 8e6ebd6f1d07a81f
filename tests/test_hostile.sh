#!/bin/sh
# test_hostile.sh: hostile text from reports and from the registry is
# inert in every output of a site built from real ingest.
#
# Input: the five real reports (tests/gold), tests/hostile/report.txt (its
# agency 测试'><svg/onload=alert(2)>{{site.title}}‮局, prose holding
# script tags, attribute breakouts, javascript: links, an SVG payload,
# Mustache tags, bidi controls, ESC and BEL, a paragraph of 10,000
# characters, and a channel label holding a script tag), and a registry
# that adds an agency whose name holds all of those, one whose name is
# 10,000 characters long, and a county named <script>alert(11)</script>县.
# Names are shown as normalised text: NFKC, controls and bidi dropped.
#
# Checked in every file of the site but the originals (the agencies' own
# bytes, served as downloads) and the database:
#   - HTML: every element and attribute is one the templates write (or
#     cmark, for the Markdown pages): no injected img, no on* handler; no
#     script but the site's own from /static/; no javascript: URL; the
#     hostile names appear as text, exactly, {{site.title}} unexpanded;
#   - no control character (but tab and line ends) and no bidi control
#     anywhere: HTML, JSON, CSV, the feed, the sitemap, and the search
#     index's files (deflated JSON) once inflated;
#   - JSON parses and keeps the names as data; CSV cells that start with
#     = + - @ (or a tab or CR) are neutralised, but for numbers;
#   - the feed and the sitemap are well-formed XML, the sitemap's
#     addresses are the site's own, plain paths;
#   - the search index's documents point at the site's own paths, and
#     its script never writes HTML (no innerHTML, document.write, eval).
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
SITE_GEN=${SITE_GEN:-$PWD/$B/site-gen}
echo "1..16"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
c=$work/content
mkdir -p "$c/reports"
cp tests/gold/*.txt tests/hostile/report.txt "$c/reports/"
cp content/site.yaml content/regions.csv "$c/"
cp -r content/pages "$c/pages"
python3 - "$c/agencies.csv" <<'PY'
import sys
rows = open("content/agencies.csv", encoding="utf-8").read().rstrip("\n").split("\n")
hostile = ('测试"><script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)>'
           '{{site.title}}{{{x}}}javascript:alert(4)\u202e\u2066\x1b[31m\x07局')
rows.append('"%s",hostile-registry,宁夏回族自治区,吴忠市,"<script>alert(11)</script>县"'
            % hostile.replace('"', '""'))
rows.append("%s,long-name,宁夏回族自治区,吴忠市," % ("长" * 9999 + "局"))
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(rows) + "\n")
PY

"$SITE_GEN" ingest --quiet --db "$work/site.db" "$c/reports" 2>"$work/ingest.err"
rc=$?
if [ "$rc" -eq 0 ]; then echo "ok - the hostile report and registry ingest"
else echo "not ok - the hostile report and registry ingest (status $rc)"; sed 's/^/    /' "$work/ingest.err"; fi
"$SITE_GEN" build --quiet --db "$work/site.db" --templates templates --content "$c" --out "$work/public" \
    2>"$work/build.err"
rc=$?
if [ "$rc" -eq 0 ]; then echo "ok - the site builds"
else echo "not ok - the site builds (status $rc)"; sed 's/^/    /' "$work/build.err"; fi

python3 - "$work/public" "$work/site.db" <<'PY'
import csv, glob, html.parser, io, json, os, re, sqlite3, sys, xml.etree.ElementTree as ET, zlib
pub, dbpath = sys.argv[1], sys.argv[2]

def check(ok, what, why=""):
    print(("ok - " if ok else "not ok - ") + what)
    if not ok and why:
        for line in str(why).split("\n")[:20]:
            print("    " + line)

def rel(p):
    return os.path.relpath(p, pub)

files = [p for p in glob.glob(pub + "/**/*", recursive=True) if os.path.isfile(p)]
originals = [p for p in files if os.path.basename(p).startswith("original.")]
data = [p for p in files if p not in originals and not p.endswith(".db")]

# The names as the site must show them: the report's, normalised (the
# bidi override dropped), and the registry's, as written there.
db = sqlite3.connect(dbpath)
names = dict(db.execute("SELECT slug, name FROM agencies"))
report_slug = db.execute("SELECT a.slug FROM agencies a JOIN reports r ON r.agency_id = a.id "
                         "WHERE r.source_path = 'report.txt'").fetchone()[0]
report_name = "测试'><svg/onload=alert(2)>{{site.title}}局"
check(names.get(report_slug) == report_name, "the hostile report's agency is stored as " + report_name,
      repr(names.get(report_slug)))

# ---- HTML ----
templates = "".join(open(p, encoding="utf-8").read()
                    for p in glob.glob("templates/*.mustache") + glob.glob("templates/partials/*.mustache"))
tags = set(t.lower() for t in re.findall(r"<([a-zA-Z][a-zA-Z0-9-]*)", templates))
tags |= {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong", "code", "pre",
         "blockquote", "hr", "br", "del", "table", "thead", "tbody", "tr", "th", "td"}   # cmark's
attrs = set(a.lower() for a in re.findall(r"\s([a-zA-Z][a-zA-Z0-9:-]*)=", templates))
attrs |= {"defer", "hidden", "selected", "disabled", "required", "download", "style", "start", "align"}

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad, self.text, self.h1 = [], [], []
        self.in_h1 = False
    def handle_starttag(self, tag, a):
        if tag not in tags:
            self.bad.append("element <%s>" % tag)
        for k, v in a:
            if k not in attrs or k.startswith("on"):
                self.bad.append("attribute %s on <%s>" % (k, tag))
            if k in ("href", "src", "action", "formaction", "xlink:href") and v and \
                    re.sub(r"[\s\x00-\x1f]", "", v).lower().startswith(("javascript:", "data:", "vbscript:")):
                self.bad.append("%s=%s" % (k, v))
        if tag == "script" and not re.fullmatch(r"(?:/|\./|(?:\.\./)+)static/[a-z0-9_-]+\.[0-9a-f]+\.js", dict(a).get("src") or ""):
            self.bad.append("a script that is not the site's own: %r" % (a,))
        self.in_h1 = self.in_h1 or tag == "h1"
    def handle_endtag(self, tag):
        if tag == "h1":
            self.in_h1 = False
    def handle_data(self, d):
        self.text.append(d)
        if self.in_h1:
            self.h1.append(d)

pages = {}
bad = []
for p in [p for p in data if p.endswith(".html")]:
    pg = Page()
    pg.feed(open(p, encoding="utf-8").read())
    pages[rel(p)] = pg
    bad += ["%s: %s" % (rel(p), b) for b in pg.bad]
check(len(pages) >= 40 and not bad,
      "every element and attribute of the %d HTML pages is one the templates write; no handler, "
      "no javascript: URL, no script but the site's own" % len(pages), "\n".join(bad[:20]))

def h1(slug):
    pg = pages.get("agencies/%s/index.html" % slug)
    return "".join(pg.h1).strip() if pg else None
# The registry's, without its bidi controls, ESC and BEL ("[31m" stays).
hostile_name = ('测试"><script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)>'
                '{{site.title}}{{{x}}}javascript:alert(4)[31m局')
check(names.get("hostile-registry") == hostile_name,
      "the hostile registry name is stored without its control and bidi characters",
      repr(names.get("hostile-registry")))
check(h1(report_slug) == report_name and h1("hostile-registry") == hostile_name,
      "the hostile names are the agency pages' headings, as text ({{site.title}} not expanded)",
      "%r\n%r" % (h1(report_slug), h1("hostile-registry")))
long_name = "长" * 9999 + "局"
check(h1("long-name") == long_name, "the 10,000-character name is its page's heading, whole",
      "%s characters" % len(h1("long-name") or ""))
report_page = pages.get("agencies/%s/2024/index.html" % report_slug)
body = "".join(report_page.text) if report_page else ""
check("长" * 10000 in body and "<script>alert(7)</script>" in body and
      '<a href="javascript:alert(4)">点击</a>' in body and "{{#site}}{{title}}{{/site}}" in body,
      "the report's page shows its hostile prose as text, the 10,000-character paragraph whole")

# ---- control and bidi characters ----
ctrl = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
search_json = {}
for p in [p for p in data if rel(p).startswith("search/") and p.endswith(".bin")]:
    try:
        t = zlib.decompress(open(p, "rb").read()).decode("utf-8")
        if t[:1] in "[{" and not re.match(r"search/n[./]", rel(p)):   # n/, n.*: the normalisation table
            search_json[rel(p)] = t
    except (zlib.error, UnicodeDecodeError):
        pass                                                      # postings: numbers and terms
texts = {rel(p): open(p, encoding="utf-8").read() for p in data
         if p.endswith((".html", ".json", ".csv", ".xml", ".txt", ".toml"))}
texts.update(search_json)
found = ["%s: %r" % (k, ctrl.search(v).group()) for k, v in texts.items() if ctrl.search(v)]
check(len(search_json) >= 3 and not found,
      "no control or bidi character in %d files, %d of them the search index's" % (len(texts), len(search_json)),
      "\n".join(found[:20]))

# ---- JSON ----
jbad, jnames = [], set()
def walk(v):
    if isinstance(v, dict):
        for x in v.values(): walk(x)
    elif isinstance(v, list):
        for x in v: walk(x)
    elif isinstance(v, str):
        jnames.add(v)
for p in [p for p in data if p.endswith(".json")]:
    try:
        walk(json.load(open(p, encoding="utf-8")))
    except ValueError as e:
        jbad.append("%s: %s" % (rel(p), e))
check(not jbad and report_name in jnames and hostile_name in jnames,
      "every JSON file parses and holds the hostile names as strings", "\n".join(jbad))

# ---- CSV ----
cbad, ncsv, hostile_cells = [], 0, 0
for p in [p for p in data if p.endswith(".csv")]:
    ncsv += 1
    for row in csv.reader(io.StringIO(open(p, encoding="utf-8-sig").read())):
        for cell in row:
            if cell[:1] in ("=", "+", "@", "\t", "\r") or \
                    (cell[:1] == "-" and not re.fullmatch(r"-[0-9.]+(e[-+]?[0-9]+)?", cell)):
                cbad.append("%s: %r" % (rel(p), cell[:60]))
            hostile_cells += "alert(" in cell
check(ncsv >= 5 and not cbad and hostile_cells > 0,
      "no cell of the %d CSV files starts a formula (= + - @, but numbers); the hostile names are there as text"
      % ncsv, "\n".join(cbad[:20]))

# ---- feed and sitemap ----
def parse(name):
    try:
        return ET.parse(os.path.join(pub, name)), None
    except ET.ParseError as e:
        return None, e
feed, err = parse("feed.xml")
raw = open(os.path.join(pub, "feed.xml"), encoding="utf-8").read()
feed_text = "".join(feed.getroot().itertext()) if feed else ""
check(feed is not None and "<script" not in raw and "<svg" not in raw and report_name in feed_text,
      "the Atom feed is well-formed XML holding the hostile name as text, no raw markup", err)
smap, err = parse("sitemap.xml")
base = "https://"
locs = [e.text or "" for e in smap.iter() if e.tag.endswith("loc")] if smap else []
site_url = re.search(r"^base_url:\s*(\S+)", open("content/site.yaml", encoding="utf-8").read(), re.M).group(1).rstrip("/")
odd = [u for u in locs if not re.fullmatch(re.escape(site_url) + r"(/[A-Za-z0-9._~-]+)*/?", u)]
check(smap is not None and len(locs) >= 40 and not odd,
      "the sitemap is well-formed and its %d addresses are the site's own plain paths" % len(locs),
      err or "\n".join(odd[:10]))

# ---- search ----
docs = [json.loads(t) for k, t in search_json.items() if k.startswith("search/f/")]
urls = [d.get("u", "") for d in docs]
odd = [u for u in urls if not re.fullmatch(r"/([a-z0-9-]+/)*", u)]
check(len(docs) >= 8 and not odd and any(d.get("a") == report_name for d in docs),
      "the search index's %d documents point at the site's own paths and hold the names as data" % len(docs),
      "\n".join(odd[:10]))
js = {p: open(p, encoding="utf-8").read() for p in data if p.endswith(".js")}
sinks = ["%s: %s" % (rel(p), m) for p, t in js.items()
         for m in re.findall(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setTimeout\(['\"]", t)]
check(len(js) >= 1 and not sinks, "the search and sort scripts never write HTML or run text as code",
      "\n".join(sinks))

# ---- the hostile county ----
apage = pages.get("agencies/hostile-registry/index.html")
check(apage is not None and "<script>alert(11)</script>县" in "".join(apage.text),
      "the county named <script>alert(11)</script>县 is shown as text on its agency's page")
PY
