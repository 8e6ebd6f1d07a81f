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
# The baseline normalises on its own: unicodedata's NFKC with case
# folding, OpenCC's command-line tool (Debian opencc) for traditional to
# simplified, one character at a time as the index does, white space next
# to a CJK character dropped.  Letters and digits are words in the index,
# so a query that starts or ends with one matches only where the text's
# word starts or ends there (2023 is not found inside 12023).  The text it
# searches is each document's text by slot as the index ships it for
# snippets; that this text holds every part of every report, as stored,
# is checked too.
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
import json, random, re, sqlite3, subprocess, sys, unicodedata, zlib

pub, db, work = sys.argv[1:]
NQ = 50
print("1..%d" % (NQ + 2))
def check(ok, what, why=""):
    print(("ok - " if ok else "not ok - ") + what)
    if not ok and why:
        print("    " + str(why)[:2000].replace("\n", "\n    "))

def inflate(path):
    return json.loads(zlib.decompress(open(pub + path, "rb").read()))

page = open(pub + "/search/index.html", encoding="utf-8").read()
manifest = inflate(re.search(r'data-index="([^"]+)"', page).group(1))
ndocs = manifest["docs"]
frags = [inflate(manifest["frag"] + "%d.bin" % i) for i in range(ndocs)]

# The texts shipped hold every part of every report as stored.
con = sqlite3.connect(db)
bodies = [b for (b,) in con.execute(
    "SELECT s.body FROM sections s JOIN report_pages r ON r.id = s.report_id WHERE s.body != ''")]
alltext = "\n".join(t for f in frags for (_, _, t) in f)
missing = [b[:40] for b in bodies if b not in alltext]
check(bodies and not missing, "the indexed texts hold all %d stored parts of the reports" % len(bodies), missing)

CJK = [(0x2E80, 0x2FDF), (0x3005, 0x3007), (0x3021, 0x3029), (0x3038, 0x303C), (0x3040, 0x30FF),
       (0x3100, 0x312F), (0x31A0, 0x31BF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
       (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF)]
def is_cjk(c):
    o = ord(c)
    return any(lo <= o <= hi for lo, hi in CJK)
def is_word(c):
    return not is_cjk(c) and unicodedata.category(c)[0] in "LN"
def is_space(c):
    return c in " \t\v\f" or (ord(c) >= 0x80 and unicodedata.category(c) == "Zs")
IGNORED = set("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")

t2s = {}
def t2s_chars(chars):
    chars = sorted(c for c in set(chars) if is_cjk(c) and c not in t2s)
    if not chars:
        return
    out = subprocess.run(["opencc", "-c", "t2s.json"], input="\n".join(chars) + "\n",
                         capture_output=True, text=True, check=True).stdout.split("\n")
    for c, s in zip(chars, out):
        t2s[c] = s

def norm_char(c):
    if c in IGNORED:
        return ""
    f = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", c).casefold())
    return "".join(t2s.get(d, d) for d in f)

def normalize(text):
    t2s_chars(unicodedata.normalize("NFKC", text))
    out, last, pending = [], None, None
    for c in "".join(norm_char(c) for c in text):
        if c in "\n\r\u2028\u2029":
            pending = "\n"
            continue
        if is_space(c):
            pending = pending or " "
            continue
        if out and pending == "\n":
            out.append("\n")
        elif out and pending == " " and not is_cjk(last) and not is_cjk(c):
            out.append(" ")
        pending = None
        out.append(c)
        last = c
    return "".join(out)

docs = [[normalize(t) for (_, _, t) in f] for f in frags]

def found(q, text):
    i = text.find(q)
    while i >= 0:
        before = text[i - 1] if i > 0 else ""
        after = text[i + len(q)] if i + len(q) < len(text) else ""
        if not (is_word(q[0]) and before and is_word(before)) and \
           not (is_word(q[-1]) and after and is_word(after)):
            return True
        i = text.find(q, i + 1)
    return False

def baseline(q):
    nq = normalize(q)
    return sorted(d for d in range(ndocs) if any(found(nq, t) for t in docs[d]))

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

out = subprocess.run(["node", "tests/search/engine.js", pub] + queries, capture_output=True, text=True)
lines = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
got = {l["q"]: sorted(h["doc"] for h in l["hits"]) for l in lines}
for q in queries:
    want = baseline(q)
    have = got.get(q)
    check(have == want, "%s: %d documents, as the substring search finds" % (q, len(want)),
          "search: %s\nsubstring: %s\n%s" % (have, want, out.stderr[-500:]))
PY
