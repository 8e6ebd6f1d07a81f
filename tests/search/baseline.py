# baseline.py: the substring search that the site's search is held to,
# written apart from it (tests/test_search_recall.sh, bench/search.sh).
# Not a test itself.
#
# It normalises on its own: unicodedata's NFKC with case folding,
# OpenCC's command-line tool (Debian opencc) for traditional to
# simplified, one character at a time as the index does, white space
# next to a CJK character dropped, line breaks kept.  Letters and digits
# are words in the index, so a query that starts or ends with one
# matches only where the text's word starts or ends there (2023 is not
# found inside 12023).  It searches each document's text by slot, as the
# index ships it for snippets (search/f/HASH/N.bin, named by the manifest).
import json, re, subprocess, unicodedata, zlib

CJK = [(0x2E80, 0x2FDF), (0x3005, 0x3007), (0x3021, 0x3029), (0x3038, 0x303C), (0x3040, 0x30FF),
       (0x3100, 0x312F), (0x31A0, 0x31BF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
       (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF)]
IGNORED = set("\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")


def is_cjk(c):
    o = ord(c)
    return any(lo <= o <= hi for lo, hi in CJK)


def is_word(c):
    return not is_cjk(c) and unicodedata.category(c)[0] in "LN"


def is_space(c):
    return c in " \t\v\f" or (ord(c) >= 0x80 and unicodedata.category(c) == "Zs")


_t2s = {}


def _t2s_chars(chars):
    chars = sorted(c for c in set(chars) if is_cjk(c) and c not in _t2s)
    if not chars:
        return
    out = subprocess.run(["opencc", "-c", "t2s.json"], input="\n".join(chars) + "\n",
                         capture_output=True, text=True, check=True).stdout.split("\n")
    for c, s in zip(chars, out):
        _t2s[c] = s


def _norm_char(c):
    if c in IGNORED:
        return ""
    f = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", c).casefold())
    return "".join(_t2s.get(d, d) for d in f)


def normalize(text):
    _t2s_chars(unicodedata.normalize("NFKC", text))
    out, last, pending = [], None, None
    for c in "".join(_norm_char(c) for c in text):
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


def found(q, text):
    """Q (normalised, no white space) in TEXT, whole words at its ends."""
    i = text.find(q)
    while i >= 0:
        before = text[i - 1] if i > 0 else ""
        after = text[i + len(q)] if i + len(q) < len(text) else ""
        if not (is_word(q[0]) and before and is_word(before)) and \
           not (is_word(q[-1]) and after and is_word(after)):
            return True
        i = text.find(q, i + 1)
    return False


class Site:
    """The documents of a built site, as its search index ships their text."""

    def __init__(self, pub):
        self.pub = pub
        page = open(pub + "/search/index.html", encoding="utf-8").read()
        self.manifest = self.inflate(re.search(r'data-index="([^"]+)"', page).group(1))
        self.ndocs = self.manifest["docs"]
        # Each document's file: {"u": its URL, "s": [[slot, text], ...], "v":
        # [[slot, values], ...] for a slot that is a form, ...}; the forms
        # give the text between the values.  "s" gets the forms filled in.
        self.frags = [self.inflate(self.manifest["texts"] + "%d.bin" % i) for i in range(self.ndocs)]
        forms = self.inflate(self.manifest["forms"]["url"]) if "forms" in self.manifest else {}
        for f in self.frags:
            for slot, values in f.get("v", []):
                pieces, vals = forms[str(slot)], values.split(" ")
                f["s"].append([slot, pieces[0] + "".join(v + p for v, p in zip(vals, pieces[1:]))])
        _t2s_chars(unicodedata.normalize("NFKC", "".join(t for f in self.frags for (_, t) in f["s"])))
        self.texts = [[normalize(t) for (_, t) in f["s"]] for f in self.frags]
        self.urls = [f["u"] for f in self.frags]
        self._chunks = {}

    def inflate(self, path):
        return json.loads(zlib.decompress(open(self.pub + path, "rb").read()))

    def table(self, doc):
        """Document DOC's row of the document table: {kind, year, prov, ref, len}."""
        t = self.manifest["table"]
        chunk = self._chunks.get(doc // t["per"])
        if chunk is None:
            vals, v, shift = [], 0, 0
            for c in zlib.decompress(open(self.pub + t["dir"] + "%d.bin" % (doc // t["per"]), "rb").read()):
                v |= (c & 0x7F) << shift
                shift += 7
                if not c & 0x80:
                    vals.append(v)
                    v = shift = 0
            n = vals[0]
            cols = [vals[1 + k * n:1 + (k + 1) * n] for k in range(5)]
            prev = 0
            for i, d in enumerate(cols[3]):    # the agency: differences, zigzag
                prev += -(d + 1) // 2 if d % 2 else d // 2
                cols[3][i] = prev
            chunk = [dict(zip(("kind", "year", "prov", "ref", "len"), row)) for row in zip(*cols)]
            self._chunks[doc // t["per"]] = chunk
        return chunk[doc % t["per"]]

    def matches(self, query):
        """The documents holding every white-space separated part of QUERY."""
        parts = [normalize(p) for p in query.split()]
        parts = [p for p in parts if any(is_cjk(c) or is_word(c) for c in p)]
        if not parts:
            return []
        return sorted(d for d in range(self.ndocs)
                      if all(any(found(p, t) for t in self.texts[d]) for p in parts))
