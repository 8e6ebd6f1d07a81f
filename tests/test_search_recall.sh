#!/bin/sh
# test_search_recall.sh: the search finds exactly what a plain substring
# search finds.  On the test site (tests/build_test_site.sh), 50 queries
# are drawn from the text of the documents (one to eight characters:
# Chinese, numbers, Chinese with a number, full-width digits, and
# Chinese written in traditional characters), and for each the documents
# that the site's own script returns (run under Node on the built index,
# tests/search/engine.js) must be exactly those in which a substring
# search of the normalised text, written here in Python, finds it.
#
# The baseline (tests/search/baseline.py) normalises on its own, in
# Python, and searches each document's text by slot as the index ships it
# for snippets; that this text holds every part of every report, as
# stored, is checked too.  So is that the first results the search page
# draws early (Engine.top) are the first of the whole ranking.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
case $B in /*) ;; *) B=$PWD/$B ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail_all() { echo "1..1"; echo "not ok - $1"; exit 1; }
command -v opencc >/dev/null 2>&1 || fail_all "opencc is installed (scripts/deps.sh test)"
command -v node >/dev/null 2>&1 || fail_all "node is installed (scripts/deps.sh test)"
pub=$(sh tests/build_test_site.sh) || fail_all "the test site builds"
db=$(dirname "$pub")/site.db

python3 - "$pub" "$db" "$work" <<'PY'
import json, random, re, sqlite3, subprocess, sys

pub, db, work = sys.argv[1:]
NQ = 50
MULTI = ["信息公开 申请", "政府 信息", "公开 2023", "申请 行政 复议", "内部事务 信息"]
print("1..%d" % (NQ + 2 + 2))
def check(ok, what, why=""):
    print(("ok - " if ok else "not ok - ") + what)
    if not ok and why:
        print("    " + str(why)[:2000].replace("\n", "\n    "))

sys.path.insert(0, "tests/search")
import baseline
site = baseline.Site(pub)
frags = site.frags

# The texts shipped hold every part of every report as stored.
con = sqlite3.connect(db)
bodies = [b for (b,) in con.execute(
    "SELECT s.body FROM sections s JOIN report_pages r ON r.id = s.report_id WHERE s.body != ''")]
alltext = "\n".join(t for f in frags for (_, t) in f["s"])
missing = [b[:40] for b in bodies if b not in alltext]
check(bodies and not missing, "the indexed texts hold all %d stored parts of the reports" % len(bodies), missing)

docs = site.texts
normalize = baseline.normalize
def baseline_docs(q):
    return site.matches(q)

# The queries, drawn with a fixed seed from the normalised texts.
rnd = random.Random(10)
texts = [t for d in docs for t in d]
runs = [m.group(0) for t in texts for m in re.finditer(r"[\u4e00-\u9fff]+", t)]
numbers = [m.group(0) for t in texts for m in re.finditer(r"(?<![0-9a-z])[0-9]+(?![0-9a-z])", t)]
mixed = [m.group(0) for t in texts for m in re.finditer(
    r"[\u4e00-\u9fff]{1,4}(?<![0-9a-z])[0-9]{1,4}(?![0-9a-z])|(?<![0-9a-z])[0-9]{1,4}(?![0-9a-z])[\u4e00-\u9fff]{1,4}", t)]
queries = []
def draw_chinese(n):
    while len(queries) < n:
        r = rnd.choice(runs)
        k = rnd.randint(1, min(8, len(r)))
        i = rnd.randint(0, len(r) - k)
        if r[i:i + k] not in queries:
            queries.append(r[i:i + k])
draw_chinese(24)
for q in rnd.sample(sorted(set(numbers)), 8):
    queries.append(q)
for q in rnd.sample(sorted(set(m for m in mixed if len(m) <= 8)), 10):
    queries.append(q)
for q in rnd.sample(sorted(set(n for n in numbers if len(n) >= 2)), 3):    # full-width digits
    queries.append("".join(chr(ord(c) + 0xFEE0) for c in q))
simple = [q for q in queries if re.fullmatch(r"[\u4e00-\u9fff]{2,}", q)]
trad = subprocess.run(["opencc", "-c", "s2t.json"], input="\n".join(simple) + "\n",
                      capture_output=True, text=True, check=True).stdout.split("\n")
trad = [t for s, t in zip(simple, trad) if t != s]
for t in trad[:NQ - len(queries)]:
    queries.append(t)
draw_chinese(NQ)
check(len(queries) == NQ and len(set(queries)) == NQ and len(trad) > 0,
      "%d distinct queries drawn (%d with traditional characters)" % (NQ, min(len(trad), 5)), queries)

out = subprocess.run(["node", "tests/search/engine.js", pub] + queries + MULTI, capture_output=True, text=True)
lines = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
got = {l["q"]: sorted(h["doc"] for h in l["hits"]) for l in lines}

# The search page draws its first result from Engine.top, which keeps
# the best K as it tries the documents, with no sorting; its first
# reports, of all and of one year, must be the first of the whole
# ranking (Engine.rank, a sort), for the first 1, 3 and 10.
def first_reports(l, year, k):
    return [h["doc"] for h in l["hits"] if h["kind"] == 0 and (year is None or h["year"] == year)][:k]
bad = [(l["q"], k) for l in lines for k in (1, 3, 10) if l["top"][str(k)] != first_reports(l, None, k)]
check(len(lines) == NQ + len(MULTI) and not bad,
      "for all %d queries (%d of several parts) the first 1, 3 and 10 reports found early are the first ranked"
      % (len(lines), len(MULTI)), bad)
bad = [(l["q"], k) for l in lines for k in (1, 3, 10) if l["top_year"][str(k)] != first_reports(l, l["year"], k)]
check(len(lines) == NQ + len(MULTI) and not bad,
      "and so are those of the first result's year", bad)
for q in queries:
    want = baseline_docs(q)
    have = got.get(q)
    check(have == want, "%s: %d documents, as the substring search finds" % (q, len(want)),
          "search: %s\nsubstring: %s\n%s" % (have, want, out.stderr[-500:]))
PY
