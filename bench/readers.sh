#!/bin/sh
# readers.sh: the report readers on the fixtures that are files as
# agencies send them: Word (tests/fixtures/office/*.docx), PDF
# (tests/fixtures/pdf/*.pdf and office/*.pdf) and real portal text
# (tests/fixtures/real/*.txt).  Prints, per form, the share of table
# cells read as the hand-written NAME.expect.json says (only the cells an
# expectation judges), then reports parsed per second on one core, in
# one process (bench_parse over ROUNDS copies of each fixture).
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
SITE_GEN=${SITE_GEN:-$PWD/$B/site-gen}
ROUNDS=${ROUNDS:-20}

python3 - "$SITE_GEN" "$ROUNDS" "$B/bench/bench_parse" <<'PY'
import glob, json, os, shutil, subprocess, sys, tempfile
site_gen, rounds, bench_parse = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def expectation(path):
    base = path.rsplit(".", 1)[0]
    for e in (path + ".expect.json", base + ".expect.json"):   # NAME.pdf.expect.json first
        if os.path.exists(e):
            return json.load(open(e))
    return None

def cells(want, got, prefix=""):
    """(judged, right) over the table cells an expectation gives."""
    judged = right = 0
    if isinstance(want, dict):
        for k, v in want.items():
            j, r = cells(v, (got or {}).get(k) if isinstance(got, dict) else None, prefix + k + ".")
            judged += j; right += r
    elif isinstance(want, list):
        for i, v in enumerate(want):
            g = got[i] if isinstance(got, list) and i < len(got) else "absent"
            judged += 1; right += (v == g)
    else:
        judged += 1; right += (want == got)
    return judged, right

def measure(name, files):
    files = [f for f in files if expectation(f)]
    if not files:
        print("%s: no fixtures" % name)
        return
    judged = right = 0
    for f in files:
        want = expectation(f)
        if want.get("error"):
            continue
        out = subprocess.run([site_gen, "parse", f], capture_output=True, text=True).stdout
        got = json.loads(out) if out.strip().startswith("{") else {}
        for table in ("active", "requests", "appeals"):
            if table in want:
                j, r = cells(want[table], got.get(table))
                judged += j; right += r
    share = 100.0 * right / judged if judged else 0.0
    print("%s: %d fixtures, %d/%d judged cells right (%.2f%%)" % (name, len(files), right,
                                                                  judged, share))
    with tempfile.TemporaryDirectory() as d:
        for k in range(rounds):
            for f in files:
                shutil.copy(f, os.path.join(d, "%d-%s" % (k, os.path.basename(f))))
        line = subprocess.run([bench_parse, d], capture_output=True, text=True).stdout.strip()
        print("%s: %s" % (name, line))

measure("docx", sorted(glob.glob("tests/fixtures/office/*.docx")))
measure("pdf", sorted(glob.glob("tests/fixtures/pdf/*.pdf") + glob.glob("tests/fixtures/office/*.pdf")))
measure("portal text", sorted(glob.glob("tests/fixtures/real/*.txt")))
PY
