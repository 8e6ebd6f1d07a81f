#!/bin/sh
# seeds.sh OUT: writes the seed corpus of each fuzz target into OUT/NAME/
# (NAME as in tests/fuzz/fuzz_NAME.c), made from the fixtures and the
# site's own files so that git holds no second copy of them.  run.sh
# gives a target these seeds beside tests/fuzz/seeds/NAME/ (a few small
# inputs written by hand) and tests/fuzz/regress/NAME/.
#
#   pdf_text, word_text, portal_text  the text fixtures of each form
#   markdown, html                    the Markdown and HTML fixtures
#   docx     the Word fixtures, and the word/document.xml of each (which
#            fuzz_docx wraps into a zip of its own)
#   pdf      two small PDF fixtures and the password-protected one, and
#            the text fixtures written as page content for fuzz_pdf's
#            own wrapper: each line at its height, /F2 text in UTF-16
#            codes, table rows (tab lines) in ruled cells
#   mustache every page template with the layout and partials it uses,
#            and every case of the Mustache spec with its data
#   front_matter, config, registry  content/pages, site.yaml, the CSVs
set -eu
out=${1:?usage: seeds.sh OUT}
cd "$(dirname "$0")/../.."
rm -rf "$out"
for t in pdf_text word_text portal_text markdown html docx pdf mustache front_matter config registry; do
    mkdir -p "$out/$t"
done
fx=tests/fixtures
cp $fx/text-pdf-*.txt $fx/narrative-*.txt $fx/rules-*.txt $fx/text-real-pdf-prose.txt "$out/pdf_text/"
cp $fx/text-word-*.txt $fx/text-gbk.txt $fx/xss-*.txt "$out/word_text/"
cp $fx/portal-*.txt $fx/real/*.txt "$out/portal_text/"
for f in tests/gold/*.txt; do cp "$f" "$out/portal_text/gold-$(basename "$f")"; done
cp $fx/md-*.md tests/compare/reports/*.md "$out/markdown/"
cp $fx/html-*.html "$out/html/"
cp $fx/office/*.docx "$out/docx/"
cp $fx/pdf/lo-html-nbsp-fullwidth.pdf $fx/pdf/word-gongwen.pdf $fx/pdf/bad/encrypted.pdf "$out/pdf/"
cp content/pages/*.md "$out/front_matter/"
cp content/site.yaml "$out/config/"
cp content/agencies.csv "$out/registry/"
cp tests/compare/agencies.csv "$out/registry/compare-agencies.csv"
head -40 content/regions.csv > "$out/registry/regions.csv"

python3 - "$out" <<'PY'
import glob, json, os, re, sys, zipfile
out = sys.argv[1]

# docx: the XML part of each Word fixture.
for f in sorted(glob.glob("tests/fixtures/office/*.docx")):
    with zipfile.ZipFile(f) as z:
        data = z.read("word/document.xml")
    open(os.path.join(out, "docx", os.path.basename(f)[:-5] + ".xml"), "wb").write(data)

# pdf: text fixtures as page content, 40 lines to a page, pages split at
# form feeds.  Cells of a tab line sit in ruled boxes 70 points wide.
def utf16(s):
    return "".join("%04X" % ord(c) for c in s if ord(c) < 0x10000)

def pages(text):
    lines = [l for l in text.replace("\r", "").split("\n") if l.strip()]
    for i in range(0, len(lines), 40):
        ops, y = [], 800
        for line in lines[i:i + 40]:
            cells = line.split("\t")
            if len(cells) > 1:
                x = 40
                for c in cells:
                    ops.append("%d %d 70 18 re S" % (x, y - 5))
                    ops.append("BT /F2 9 Tf %d %d Td <%s> Tj ET" % (x + 2, y, utf16(c.strip())))
                    x += 70
            else:
                ops.append("BT /F2 10.5 Tf 40 %d Td <%s> Tj ET" % (y, utf16(line.strip())))
            y -= 18
        yield "\n".join(ops) + "\n"

srcs = sorted(glob.glob("tests/fixtures/text-word-*.txt") + glob.glob("tests/fixtures/text-pdf-b*.txt")
              + glob.glob("tests/fixtures/rules-*.txt")[:2] + glob.glob("tests/gold/000_*.txt"))
for f in srcs:
    text = open(f, encoding="utf-8").read()
    name = os.path.basename(f).rsplit(".", 1)[0]
    open(os.path.join(out, "pdf", name + ".content"), "w").write("\f".join(pages(text)))

# mustache: a page template, then RS NAME LF TEXT for each template it
# names ({{>x}}, {{<x}}), found from the page down.
def named(src):
    return set(re.findall(r"\{\{[<>]\s*([^\s}]+)\s*\}\}", src))

def template(name):
    return open("templates/%s.mustache" % name, encoding="utf-8").read()

for path in sorted(glob.glob("templates/*.mustache")):
    page = os.path.basename(path)[:-9]
    seen, todo, parts = set(), list(named(template(page))), []
    while todo:
        n = todo.pop()
        if n in seen or not os.path.exists("templates/%s.mustache" % n):
            continue
        seen.add(n)
        src = template(n)
        parts.append("\x1e%s\n%s" % (n, src))
        todo.extend(named(src))
    open(os.path.join(out, "mustache", page), "w").write(template(page) + "".join(sorted(parts)))

# mustache: each case of the spec, its partials, a NUL and its data.
for spec in sorted(glob.glob("tests/mustache-spec/*.json")):
    base = os.path.basename(spec)[:-5].lstrip("~")
    for i, case in enumerate(json.load(open(spec, encoding="utf-8"))["tests"]):
        parts = "".join("\x1e%s\n%s" % (k, v) for k, v in sorted(case.get("partials", {}).items()))
        data = json.dumps(case["data"], ensure_ascii=False)
        with open(os.path.join(out, "mustache", "spec-%s-%03d" % (base, i)), "w", encoding="utf-8") as f:
            f.write(case["template"] + parts + "\0" + data)
PY
