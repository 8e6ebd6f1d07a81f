#!/bin/sh
# test_compare.sh: the comparison pages of the comparison test site
# (tests/build_compare_site.sh: 43 reports of 16 agencies in 浙江, 江苏
# and 河南, 2023-2025, ingested for real) against values worked out here,
# by the Python below, from the numbers chosen in tests/compare/
# reports.tsv and the placements a person reads off the division tree in
# tests/compare/agencies.tsv -- never from the site's database.
#
# Checked: where each agency landed; rankings (ranks, ties, values,
# previous values, changes, unknown values listed below the ranked rows
# and never ranked as 0, shares that do not apply) on the country's
# pages and on every province's and city's, in the CSV and in the HTML
# table; regions side by side (sums, pooled shares, medians, agencies
# reporting, with known values, with findings); notable changes (largest
# falls, drops to 0, all-zero reports, years missing where peers
# reported); the data-quality ranking and its links; metrics.json; the
# home page's counts; digits grouped on pages (12,873); CSV headers with
# Chinese names beside the keys.
#
# A few expectations are written literally by a person: the pinyin order
# of names that tie (Python has no ICU here), and the data findings the
# fixtures were written to carry (the rules of REPORT-FORMAT.md applied
# by hand to the numbers; see FINDINGS below).
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
export B
SITE_GEN=${SITE_GEN:-$PWD/$B/site-gen}
export SITE_GEN

if ! pub=$(sh tests/build_compare_site.sh 2>"$B/test_compare.build.log"); then
    echo "1..1"
    echo "not ok - comparison test site builds (see $B/test_compare.build.log)"
    tail -5 "$B/test_compare.build.log" | sed 's/^/    /'
    exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "1..1"
    echo "not ok - python3 available (scripts/deps.sh test)"
    exit 1
fi
python3 - "$pub" "$(dirname "$pub")/site.db" <<'PY'
import csv, html, io, json, os, re, sqlite3, statistics, sys

pub, dbpath = sys.argv[1], sys.argv[2]
here = 'tests/compare'

def table(name):
    with open(os.path.join(here, name), encoding='utf-8') as f:
        rows = [r for r in csv.reader(f, delimiter='\t') if r and not r[0].startswith('#')]
    return [dict(zip(rows[0], r)) for r in rows[1:]]

agencies = {a['slug']: a for a in table('agencies.tsv')}
reports = table('reports.tsv')
name_of = {s: a['name'] for s, a in agencies.items()}
years = sorted({int(r['year']) for r in reports})

# ---- the values each report holds, worked out from the chosen numbers ----
def values(r):
    f = r['flags'].split(',')
    n = lambda k: 0.0 if 'zero' in f else float(r[k])
    outcomes = ['g', 'part', 'd3', 'd6', 'u1', 'r2', 'o3']
    extra = 1 if 'row_total' in f else 0          # the 总计 column says one more
    new = None if 'blank_new' in f else n('new_nat') + n('new_bus') + extra
    processed = sum(n(k) for k in outcomes) + n('new_bus') + extra
    granted = n('g') + n('new_bus') + extra
    v = {
        'new-requests': new,
        'licensing': None if 'blank_lic' in f else n('lic'),
        'penalty': n('pen'),
        'fees': n('fees'),
        'processed': processed,
        'granted': granted,
        'granted-share': ('none', None) if processed == 0 else granted / processed,
        # 不予公开 is its eight rows; with row_total each of them says one more
        'denied-share': ('none', None) if processed == 0 else (n('d3') + n('d6') + 8 * extra) / processed,
        'published': None if r['pub'] == '-' else float(r['pub']),
    }
    return v

METRICS = ['new-requests', 'licensing', 'penalty', 'fees', 'granted-share', 'denied-share', 'published']
SHARES = {'granted-share', 'denied-share'}
val = {}          # (metric, slug, year) -> float, None (unknown) or 'none'
for r in reports:
    for m, x in values(r).items():
        if isinstance(x, tuple):
            x = 'none'
        val[(m, r['slug'], int(r['year']))] = x
reported = {(r['slug'], int(r['year'])) for r in reports}

def prev_year(slug, year):
    earlier = [y for (s, y) in reported if s == slug and y < year]
    return max(earlier) if earlier else None

# The kinds of agency, by the end of the name, as the fixtures use them.
def kind(name):
    for end, k in [('卫生健康局', 'health'), ('卫生健康委员会', 'health'), ('教育局', 'education'),
                   ('市场监督管理局', 'market')]:
        if name.endswith(end):
            return k

def place(slug):
    a = agencies[slug]
    return (None if a['province'] == '-' else a['province'], None if a['city'] == '-' else a['city'])

# Ties in pinyin order, as a person reads the names (武义 wǔ, 义乌 yì, 金华 jīn, ...).
PINYIN_TIES = {
    ('new-requests', 2025): [['kaifaqu-health', 'wuyi-health', 'yiwu-health'],
                             ['hongqi-health', 'xihu-health'], ['gulou-health', 'longting-health']],
}
# The data findings the fixtures carry, by the format's rules applied by hand:
# 婺城区 2024 结转下年 one too many (balance in two columns, and carry_over
# against 2025); 玄武区 2024 rows 一 and 二 blank (missing; the columns of
# research ... other decided 0: deduced); 云龙区 2024 总计 column one more in
# every row (row_total, processed_sum, carry_over both ways), 2025 行政许可
# blank (missing).
FINDINGS = {('wucheng-health', 2024): 3, ('wucheng-health', 2025): 1, ('xuanwu-health', 2024): 2,
            ('yunlong-health', 2023): 1, ('yunlong-health', 2024): 4, ('yunlong-health', 2025): 2}

checks = []
def check(what, ok, why=''):
    checks.append((bool(ok), what, why))

def read_csv(path):
    with open(os.path.join(pub, path), encoding='utf-8-sig') as f:
        rows = list(csv.reader(f))
    keys = [h.split('（')[0] for h in rows[0]]
    return rows[0], [dict(zip(keys, r)) for r in rows[1:]]

def shown(metric, v):
    if metric in SHARES:
        return '%.1f%%' % (v * 100)
    return '{:,}'.format(int(v)) if v == int(v) else '{:,}'.format(v)

def csv_value(metric, v):
    return round(v * 100, 2) if metric in SHARES else v

def expected_ranking(metric, year, slugs):
    """[(rank or None, slug, status)] in page order, ties by the page's own order."""
    rows = [(s, val[(metric, s, year)]) for s in slugs if (s, year) in reported]
    known = sorted([x for x in rows if isinstance(x[1], float)], key=lambda x: -x[1])
    out = []
    for s, v in known:
        rank = 1 + sum(1 for _, w in known if w > v)
        out.append((rank, s, 'known'))
    out += [(None, s, 'unknown') for s, v in rows if v is None]
    out += [(None, s, 'none') for s, v in rows if v == 'none']
    return out

db = sqlite3.connect(dbpath)
slug_in_db = {n: s for n, s in db.execute('SELECT name, slug FROM agencies')}
fix_slug = {name_of[s]: s for s in agencies}
region_slug = {n: s for n, s in db.execute('SELECT name, slug FROM regions')}

# ---- placement ----
for slug, a in agencies.items():
    got = db.execute('SELECT province, city, placed_by FROM agencies WHERE name = ?', (a['name'],)).fetchone()
    want = (place(slug)[0], place(slug)[1], None if a['placed_by'] == 'none' else a['placed_by'])
    check('%s is placed in %s %s (%s)' % (a['name'], want[0], want[1], a['placed_by']), got == want,
          'got %r' % (got,))

def region_stats(metric, year, level, region, kind_of=None):
    """Sum (pooled share), median, counts of a region (LEVEL None: the country), or of a kind."""
    slugs = [s for s in agencies if (level is None or place(s)[level] == region) and (s, year) in reported
             and (kind_of is None or kind(agencies[s]['name']) == kind_of)]
    vs = [val[(metric, s, year)] for s in slugs]
    known = [v for v in vs if isinstance(v, float)]
    if metric in SHARES:
        num = den = 0.0
        for s in slugs:
            r = [x for x in reports if x['slug'] == s and int(x['year']) == year][0]
            v = values(r)
            if isinstance(v[metric], float):
                den += v['processed']
                num += v[metric] * v['processed']
        total = num / den if den else None
    else:
        total = sum(known) if known else None
    return {'value': total, 'median': statistics.median(known) if known else None,
            'reporting': len(slugs), 'known': len(known),
            'with_findings': sum(1 for s in slugs if (s, year) in FINDINGS)}

def compare_ranking(metric, year, region=None, level=None, kind_of=None):
    slugs = [s for s in agencies if (region is None or place(s)[level] == region) and
             (kind_of is None or kind(agencies[s]['name']) == kind_of)]
    want = expected_ranking(metric, year, slugs)
    path = 'compare/%s/%d/%s' % (metric, year, '' if region is None else region_slug[region] + '/')
    if kind_of:
        path += 'kinds/%s/' % kind_of
    header, rows = read_csv(path + 'data.csv')
    got = [(int(r['rank']) if r['rank'] else None, fix_slug[r['agency']], r['status']) for r in rows]
    # ties: the page's order among equal values; check the ranks and statuses, then the order by value
    ok = sorted(got, key=lambda x: (x[0] or 10**9, x[1])) == sorted(want, key=lambda x: (x[0] or 10**9, x[1]))
    ok = ok and [g[0] for g in got] == [w[0] for w in want] and [g[2] for g in got] == [w[2] for w in want]
    where = region or ('全国 ' + kind_of if kind_of else '全国')
    check('%s %d %s: ranks, ties and unknown rows as worked out (%d rows)' % (metric, year, where, len(want)),
          ok, 'got %r, want %r' % (got, want))
    bad = []
    for r in rows:
        s = fix_slug[r['agency']]
        v = val[(metric, s, year)]
        p = prev_year(s, year)
        pv = val[(metric, s, p)] if p else None
        if isinstance(v, float) and r['value'] == '' or isinstance(v, float) and abs(float(r['value']) - csv_value(metric, v)) > 1e-9:
            bad.append((s, 'value', r['value'], v))
        if not isinstance(v, float) and r['value'] != '':
            bad.append((s, 'unknown value written', r['value']))
        if (str(p) if p else '') != r['previous_year']:
            bad.append((s, 'previous year', r['previous_year'], p))
        if isinstance(v, float) and isinstance(pv, float):
            if r['change'] == '' or abs(float(r['change']) - csv_value(metric, v - pv)) > 1e-9:
                bad.append((s, 'change', r['change'], v - pv))
        elif r['change'] != '':
            bad.append((s, 'change without two known values', r['change']))
    check('%s %d %s: values, previous values and changes in data.csv' % (metric, year, where), not bad, repr(bad))
    # the HTML table lists the same rows in the same order, values as pages print them
    page = open(os.path.join(pub, path, 'index.html'), encoding='utf-8').read()
    trs = re.findall(r'<tr><td[^>]*>(\d+|—)(?:<span class="tied">并列</span>)?</td><th scope="row"><a href="[^"]*">([^<]*)</a>.*?</th><td><a href="[^"]*">(.*?)</a></td>', page)
    html_rows = [(None if rk == '—' else int(rk), html.unescape(n), v) for rk, n, v in trs]
    want_html = []
    for (rank, s, status), r in zip(got, rows):
        v = val[(metric, s, year)]
        text = shown(metric, v) if status == 'known' else ('不适用' if status == 'none' else None)
        want_html.append((rank, name_of[s], text))
    same = len(html_rows) == len(want_html) and all(
        h[0] == w[0] and h[1] == w[1] and (w[2] is None and 'unknown' in h[2] or h[2] == w[2])
        for h, w in zip(html_rows, want_html))
    check('%s %d %s: the HTML table shows the CSV rows in order, as printed (12,873; 45.5%%)' % (metric, year, where),
          same, 'got %r, want %r' % (html_rows, want_html))
    st = region_stats(metric, year, level, region) if region else region_stats(metric, year, None, None, kind_of)
    m = re.search(r'<p class="summary">.*?<strong>([^<]*)</strong>.*?<strong>([^<]*)</strong>', page)
    want_sum = None if st['value'] is None else (shown(metric, st['value']), shown(metric, st['median']))
    check('%s %d %s: the sum (pooled share) and median above the table: %r' % (metric, year, where, want_sum),
          (m is None and want_sum is None) or (m is not None and m.groups() == want_sum),
          'got %r' % (m.groups() if m else None,))
    return got

for m in METRICS:
    for y in years:
        compare_ranking(m, y)
for y in years:
    for prov in sorted({place(s)[0] for s in agencies if place(s)[0]}):
        compare_ranking('new-requests', y, prov, 0)
    for city in sorted({place(s)[1] for s in agencies if place(s)[1]}):
        compare_ranking('new-requests', y, city, 1)
for city in ['金华市', '新乡市']:
    compare_ranking('granted-share', 2025, city, 1)
    compare_ranking('penalty', 2024, city, 1)
# "Which district health bureaus got the most requests?": the health
# bureaus alone (the only kind with two agencies or more in any year)
for y in years:
    compare_ranking('new-requests', y, kind_of='health')
    compare_ranking('granted-share', y, kind_of='health')
check('no ranking page for a kind with fewer than two agencies (教育局, 市场监督管理局)',
      not os.path.exists(os.path.join(pub, 'compare/new-requests/2025/kinds/education')) and
      not os.path.exists(os.path.join(pub, 'compare/new-requests/2025/kinds/market')))

# ties in pinyin order, as written above
for (m, y), groups in PINYIN_TIES.items():
    _, rows = read_csv('compare/%s/%d/data.csv' % (m, y))
    order = [fix_slug[r['agency']] for r in rows]
    for g in groups:
        at = [order.index(s) for s in g]
        check('%s %d: %s tie, share a rank and are in pinyin order' % (m, y, '、'.join(name_of[s] for s in g)),
              at == sorted(at) and at == list(range(at[0], at[0] + len(g))) and
              len({rows[i]['rank'] for i in at}) == 1, 'positions %r' % at)

# unknown never ranked as 0
_, rows = read_csv('compare/licensing/2025/data.csv')
yl = [r for r in rows if fix_slug[r['agency']] == 'yunlong-health']
check('licensing 2025: 云龙区 (行政许可 left blank) is unknown, unranked and after every ranked row',
      yl and yl[0]['rank'] == '' and yl[0]['status'] == 'unknown' and rows[-1] is yl[0], repr(yl))
page = open(os.path.join(pub, 'compare/licensing/2025/index.html'), encoding='utf-8').read()
check('licensing 2025 page lists 云龙区 under the unranked rows, never as 0',
      re.search(r'<tbody class="unranked">.*徐州市云龙区卫生健康委员会', page, re.S) is not None and
      not re.search(r'徐州市云龙区卫生健康委员会</a>.*?</th><td[^>]*><a [^>]*>0</a>', page))
_, rows = read_csv('compare/granted-share/2025/data.csv')
wb = [r for r in rows if fix_slug[r['agency']] == 'weibin-health']
check('granted-share 2025: 卫滨区 (nothing processed) is listed as not applicable, unranked',
      wb and wb[0]['status'] == 'none' and wb[0]['rank'] == '' and wb[0]['value'] == '', repr(wb))
page = open(os.path.join(pub, 'compare/licensing/2023/index.html'), encoding='utf-8').read()
check('licensing 2023 page prints 义乌市 12873 as 12,873', '>12,873</a>' in page)

# ---- regions side by side ----
for m in ['new-requests', 'penalty', 'granted-share', 'licensing']:
    for y in years:
        _, rows = read_csv('compare/%s/regions/%d/data.csv' % (m, y))
        bad = []
        for r in rows:
            if r['level'] == 'country':
                continue
            level = 0 if r['level'] == 'province' else 1
            want = region_stats(m, y, level, r['region'])
            for k in ['value', 'median']:
                w = want[k]
                g = r[k]
                if (w is None) != (g == '') or (w is not None and abs(float(g) - csv_value(m, w)) > 0.006):
                    bad.append((r['region'], k, g, w))
            for k in ['reporting', 'known', 'with_findings']:
                if int(r[k]) != want[k]:
                    bad.append((r['region'], k, r[k], want[k]))
        regions = {(r['level'], r['region']) for r in rows if r['level'] != 'country'}
        want_regions = {('province', place(s)[0]) for s in agencies if place(s)[0] and (s, y) in reported} | \
                       {('city', place(s)[1]) for s in agencies if place(s)[1] and (s, y) in reported}
        check('%s %d: every province and city with reports, with sum, median, reporting, known and findings as worked out'
              % (m, y), not bad and regions == want_regions, repr(bad) + ' ' + repr(regions ^ want_regions))
page = open(os.path.join(pub, 'compare/new-requests/regions/2025/index.html'), encoding='utf-8').read()
check('new-requests 2025 regions page shows 浙江省 with its sum 73 and median 12',
      re.search(r'>浙江省</a></th><td class="num" data-sort="73">73</td><td class="num">12</td>', page))

# ---- notable changes ----
def changes(metric):
    out = []
    for (m, s, y), v in val.items():
        p = prev_year(s, y) if m == metric else None
        if p and isinstance(v, float) and isinstance(val[(m, s, p)], float):
            out.append((v - val[(m, s, p)], s, y, val[(m, s, p)], v))
    return out

_, rows = read_csv('compare/changes/data.csv')
for m in ['penalty', 'new-requests', 'licensing']:
    ch = changes(m)
    falls = sorted([c for c in ch if c[0] < 0])[:20]
    got = [(float(r['change']), fix_slug[r['agency']], int(r['year'])) for r in rows
           if r['metric'] == m and r['kind'] == 'fall']
    check('%s: the largest falls from the previous report, largest first' % m,
          [g[0] for g in got] == [f[0] for f in falls] and
          sorted(g[1:] for g in got) == sorted(f[1:3] for f in falls), 'got %r, want %r' % (got, falls))
zero = [r for r in rows if r['metric'] == 'penalty' and r['kind'] == 'to_zero']
check('penalty: 红旗区 went from 280 penalties (2024) to none (2025)',
      zero and fix_slug[zero[0]['agency']] == 'hongqi-health' and zero[0]['previous_value'] == '280' and
      zero[0]['value'] == '0', repr(zero[:1]))
page = open(os.path.join(pub, 'compare/changes/index.html'), encoding='utf-8').read()
check('changes page lists 卫滨区 (every number 0 in 2023, 2024 and 2025) among the all-zero agencies',
      re.search(r'卫滨区卫生健康委员会</a>.*?：3 个年度', page) is not None)

missing = []
for s, a in agencies.items():
    prov, city = place(s)
    mine = city or prov
    if not mine or not any((s, y) in reported for y in years):
        continue
    for y in years:
        if (s, y) in reported:
            continue
        peers = [t for t in agencies if t != s and (place(t)[1] or place(t)[0]) == mine and
                 place(t)[1] == city and kind(agencies[t]['name']) == kind(a['name']) and (t, y) in reported]
        if peers:
            missing.append((a['name'], y, len(peers)))
got = re.findall(r'<tr><th scope="row"><a href="[^"]*">([^<]*)</a>.*?</th><td>[^<]*</td><td class="num">(\d+)</td><td class="num">(\d+)</td></tr>',
                 page.split('h-missing')[-1])
check('changes page lists the years missing where peers reported: %r' % sorted(missing),
      sorted((n, int(y), int(p)) for n, y, p in got) == sorted(missing), 'got %r' % got)

# ---- data quality ----
page = open(os.path.join(pub, 'compare/quality/index.html'), encoding='utf-8').read()
ranked = re.findall(r'<tr><td class="num" data-sort="(\d+)">\d+(?:<span class="tied">并列</span>)?</td><th scope="row"[^>]*><a href="#a-[^"]*">([^<]*)</a>.*?</th><td class="num">(\d+)</td>', page)
per_agency = {}
for (s, y), n in FINDINGS.items():
    per_agency[name_of[s]] = per_agency.get(name_of[s], 0) + n
want = sorted(per_agency.items(), key=lambda x: -x[1])
check('quality page ranks the agencies by their data findings: %r' % want,
      sorted((n, int(c)) for _, n, c in ranked) == sorted(want) and
      [int(c) for _, _, c in ranked] == [c for _, c in want] and
      all(int(rk) == 1 + sum(1 for _, c2 in want if c2 > int(c)) for rk, _, c in ranked), repr(ranked))
links = re.findall(r'<li><a href="\.\./\.\.(/agencies/[^"#]*/\d+/)#(f-\d+)">\d+ 年</a>', page)
ok = bool(links)
for url, anchor in links:
    report = open(os.path.join(pub, url.strip('/'), 'index.html'), encoding='utf-8').read()
    ok = ok and ('id="%s"' % anchor) in report
check('every finding on the quality page links to that finding on its report page (%d links)' % len(links),
      ok and len(links) == sum(FINDINGS.values()))
check('the quality page says 云龙区 2024 has one finding for 25 rows, not 25',
      page.count('表三有 25 行的总计列不等于六类申请人之和') == 1)
check('the quality page lists 城区卫生健康局 (cannot be placed) with the line agencies.csv should get',
      re.search(r'城区卫生健康局</a>：机构名称“城区卫生健康局”中没有可识别的省、市、县名称.*?<code>城区卫生健康局,[a-z0-9-]+,,,</code>',
                page, re.S) is not None)

# ---- the rest ----
metrics = json.load(open(os.path.join(pub, 'compare/metrics.json'), encoding='utf-8'))['metrics']
by = {m['slug']: m for m in metrics}
check('metrics.json lists new-requests (本年新收申请 总计) and penalty (行政处罚), each with name, unit, definition',
      by.get('new-requests', {}).get('unit') == '件' and '本年新收' in by['new-requests']['name'] and
      '总计' in by['new-requests']['definition'] and '行政处罚' in by.get('penalty', {}).get('name', '') and
      all(m.get('slug') and m.get('name') and m.get('unit') and m.get('definition') for m in metrics))
method = open(os.path.join(pub, 'methodology/index.html'), encoding='utf-8').read()
check('the methodology page lists every metric of metrics.json (%d)' % len(metrics),
      all(('<code>%s</code>' % m['slug']) in method for m in metrics))
home = open(os.path.join(pub, 'index.html'), encoding='utf-8').read()
notes = sum(1 for r in reports if agencies[r['slug']]['registry'] == '-') + \
        sum(1 for r in reports if agencies[r['slug']]['placed_by'] in ('none', 'partial'))
check('the home page counts %d data problems apart from %d registry notes' % (sum(FINDINGS.values()), notes),
      ('<strong>%d</strong> 条数据问题' % sum(FINDINGS.values())) in home and ('<strong>%d</strong> 条名录提示' % notes) in home)
header, _ = read_csv('compare/penalty/2025/data.csv')
check('ranking CSV headers carry the Chinese name beside each key (%s)' % ','.join(header[:3]),
      header[0] == 'rank（排名）' and header[1] == 'agency（机构）' and all('（' in h for h in header))
agency_page = open(os.path.join(pub, 'agencies', slug_in_db['武义县卫生健康局'], 'index.html'), encoding='utf-8').read()
peers = re.findall(r'<tr(?: class="self")?><th scope="row"><a href="[^"]*">([^<]*)</a>', agency_page.split('id="h-peers"')[1].split('</table>')[0]) if 'id="h-peers"' in agency_page else []
check('武义县卫生健康局 is compared with the health bureaus of 金华市 that reported 2025: %r' % peers,
      peers[:1] == ['武义县卫生健康局'] and sorted(peers[1:]) ==
      sorted(['义乌市卫生健康局', '婺城区卫生健康局', '金华经济技术开发区卫生健康局']))

print('1..%d' % len(checks))
for ok, what, why in checks:
    print(('ok - ' if ok else 'not ok - ') + what)
    if not ok and why:
        print('    ' + why[:600])
PY
rc=$?
[ "$rc" -eq 0 ] || echo "not ok - the python3 block exited with status $rc"
exit 0
