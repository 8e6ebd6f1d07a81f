// browser.js: drives Debian's chromium (headless, through playwright-core,
// no browser download) over the test site served on 127.0.0.1, and prints
// one TAP line per check.  Run by tests/test_search_browser.sh, which
// starts and stops the server and prints the plan.  Not a test itself.
//
//   node tests/search/browser.js ORIGIN SUBPATH_ORIGIN EXPECT.json
//
// ORIGIN serves the test site at its root, SUBPATH_ORIGIN the same site
// built with base_url .../sub and served under /sub/.  EXPECT.json holds
// what the shell script computed without the script under test: for each
// query the files it should fetch, by family (s shards, n the
// normalisation table, whole or the blocks of its characters, d chunks of the document table, a chunks of the
// agencies it may list, f the texts of the documents it finds), and the
// manifest.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [origin, subOrigin, expectFile] = process.argv.slice(2);
const expect = JSON.parse(fs.readFileSync(expectFile, 'utf8'));
let n = 0;
function check(ok, what, why) {
    n++;
    console.log((ok ? 'ok - ' : 'not ok - ') + what);
    if (!ok && why !== undefined) console.log('    ' + String(why).split('\n').join('\n    '));
}

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function open(js) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-chromium-'));
    const ctx = await chromium.launchPersistentContext(dir, {
        executablePath: '/usr/bin/chromium', headless: true, args: FLAGS, javaScriptEnabled: js,
    });
    ctx.dir = dir;
    return ctx;
}

async function close(ctx) {
    await ctx.close();
    fs.rmSync(ctx.dir, { recursive: true, force: true });
}

// A page that records console errors, page errors and every request.
async function watched(ctx) {
    const page = await ctx.newPage();
    page.errors = [];
    page.requests = [];
    page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text() + ' (' + page.url() + ' ' + ((m.location() || {}).url || '') + ')'); });
    page.on('pageerror', (e) => page.errors.push(String(e)));
    page.on('request', (r) => page.requests.push(new URL(r.url()).pathname));
    return page;
}

async function results(page) {
    await page.waitForFunction(() => {
        const s = document.querySelector('.search-status');
        return s && s.textContent && !/正在查找/.test(s.textContent) &&
            !document.querySelector('.search-results[aria-busy]');
    }, null, { timeout: 15000 });
    return page.$$eval('.search-hit', (lis) => lis.map((li) => ({
        title: li.querySelector('.search-title').textContent,
        href: ((u) => u.pathname + u.hash)(new URL(li.querySelector('.search-title').href)),
        meta: li.querySelector('.meta').textContent,
    })));
}

async function snippets(page, count) {
    await page.waitForFunction((k) => {
        const s = document.querySelectorAll('.search-snippet');
        return s.length >= k && Array.from(s).slice(0, k).every((p) => p.textContent.length > 0);
    }, count, { timeout: 15000 });
    return page.$$eval('.search-snippet', (ps) => ps.map((p) => ({
        text: p.textContent, marks: Array.from(p.querySelectorAll('mark')).map((m) => m.textContent),
    })));
}

const searchFiles = (reqs, dir) => reqs.filter((p) => p.startsWith(dir)).sort();
const uniq = (a) => Array.from(new Set(a)).sort();
const same = (a, b) => JSON.stringify(uniq(a)) === JSON.stringify(uniq(b));
const family = (reqs, f) => uniq(reqs.filter((p) => /^\/search\/[a-z]\//.test(p) && p[8] === f));

async function main() {
    const ctx = await open(true);
    const errors = [];

    // 红寺堡, cold: the agency's 2023 report first, its words marked, and
    // only the shards of its terms fetched.
    let page = await watched(ctx);
    await page.goto(origin + '/search/?q=' + encodeURIComponent('红寺堡'));
    let hits = await results(page);
    check(hits.length > 0 && hits[0].title === '红寺堡区卫生健康局 2023 年度报告',
          '红寺堡 lists the 2023 report of 红寺堡区卫生健康局 first', JSON.stringify(hits.slice(0, 3)));
    let snips = await snippets(page, Math.min(hits.length, 1));
    check(snips.length > 0 && snips[0].marks.length > 0 && snips[0].marks.every((m) => m === '红寺堡'),
          'its snippet marks 红寺堡', JSON.stringify(snips.slice(0, 1)));
    const first = hits[0] ? hits[0].href : '';
    check(/^\/agencies\/hongsibao-health\/2023\/#[a-z0-9-]+$/.test(first), 'the result links to a section anchor of the report', first);
    let want = expect['红寺堡'];
    const shards = family(page.requests, 's');
    check(same(shards, want.s), 'the network log shows only the shards of 红寺堡\'s terms',
          'fetched ' + shards + '; expected ' + want.s);
    const frags = searchFiles(page.requests, '/search/f/');
    check(frags.length > 0 && frags.length <= Math.min(hits.length, 10) + 6 && frags.every((f) => want.f.includes(f)),
          'document texts are fetched only for the results shown (' + frags.length + ')', frags.join(' '));
    const other = page.requests.filter((p) => p.startsWith('/search/') && p !== '/search/' &&
                                        !/^\/search\/[sfa]\//.test(p));
    const agencies = family(page.requests, 'a');
    check(same(other, [want.manifest, ...want.n, ...want.d]) && other.length === uniq(other).length &&
          agencies.length > 0 && agencies.every((f) => want.a.includes(f)),
          'besides shards and texts, each once: the manifest, the normalisation ' +
          'table (whole, as it is small), the chunks of the document table holding its matches (or all, for a small table), the agencies of its reports',
          'fetched ' + other.join(' ') + ' ' + agencies.join(' ') + '\nexpected ' +
          [want.manifest, ...want.n, ...want.d].join(' ') + ' and of ' + want.a.join(' '));
    // The manifest and the whole tables are named in the page's head, so
    // that the browser fetches them while it reads the page; each was
    // fetched once above, so the script's fetch used the preload.
    const preload = await page.$$eval('head link[rel=preload][as=fetch][crossorigin]',
                                      (l) => l.map((e) => new URL(e.href).pathname));
    check(same(preload, [want.manifest, ...want.n, ...want.d]) && preload.length === 3,
          'the search page preloads the manifest and the whole normalisation and document tables', preload.join(' '));
    errors.push(...page.errors);
    if (first) {
        await page.goto(origin + first);
        const id = first.split('#')[1];
        check(await page.$('[id="' + id + '"]') !== null, 'the anchor #' + id + ' exists on the report page');
    } else {
        check(false, 'the anchor exists on the report page');
    }
    errors.push(...page.errors);
    await page.close();

    // 内部事务 finds 沙坡头区 2025.
    page = await watched(ctx);
    await page.goto(origin + '/search/?q=' + encodeURIComponent('内部事务'));
    hits = await results(page);
    check(hits.some((h) => h.title === '沙坡头区卫生健康局 2025 年度报告'), '内部事务 finds 沙坡头区卫生健康局 2025',
          JSON.stringify(hits.map((h) => h.title)));
    check(same(family(page.requests, 's'), expect['内部事务'].s),
          'the network log shows only the shards of 内部事务\'s terms');
    // A second query on the same page: the script and the manifest are not fetched again.
    const before = page.requests.length;
    await page.fill('#search-q', '红寺堡');
    await page.press('#search-q', 'Enter');
    hits = await results(page);
    const again = page.requests.slice(before);
    check(hits.length > 0 && hits[0].title === '红寺堡区卫生健康局 2023 年度报告' &&
          !again.some((p) => p === expect['内部事务'].manifest || /\/static\/search\./.test(p)),
          'a second query on the same page is answered without fetching the script or the manifest again', again.join(' '));
    errors.push(...page.errors);
    await page.close();

    // 信息公开 申请: two parts, three terms; only their shards, only the table chunks of its matches.
    page = await watched(ctx);
    await page.goto(origin + '/search/?q=' + encodeURIComponent('信息公开 申请'));
    hits = await results(page);
    want = expect['信息公开 申请'];
    check(hits.length > 0 && same(family(page.requests, 's'), want.s) && family(page.requests, 't').length === 0,
          '信息公开 申请 fetches only the shards of its own terms (信息, 公开, 申请), found by their hashes',
          family(page.requests, 's') + ' against ' + want.s);
    check(same(family(page.requests, 'd'), want.d),
          '信息公开 申请 has the chunks of the document table that hold its matches (the whole table, when it is small, with the page), and no other',
          family(page.requests, 'd') + ' against ' + want.d);
    errors.push(...page.errors);
    await page.close();

    // 结果纠正 stands only in the appeals tables: each snippet comes from a
    // table, its labels from the forms file (fetched once), its values from the text.
    page = await watched(ctx);
    await page.goto(origin + '/search/?q=' + encodeURIComponent('结果纠正'));
    hits = await results(page);
    snips = await snippets(page, hits.length);
    const forms = page.requests.filter((p) => /^\/search\/k\.[0-9a-f]{8}\.bin$/.test(p));
    check(hits.length === 8 && snips.every((p) => p.marks.length > 0 && p.marks.every((m) => m === '结果纠正') &&
                                             /行政复议 \S+ \S+ \S+ \S+ \S+/.test(p.text)) && forms.length === 1,
          'a query found only in the tables shows each table in its snippet, its labels from the forms (fetched once)',
          JSON.stringify(snips.slice(0, 2)) + ' ' + forms.join(' '));
    errors.push(...page.errors);
    await page.close();

    // A query that matches nothing says so.
    page = await watched(ctx);
    await page.goto(origin + '/search/?q=' + encodeURIComponent('量子引力波'));
    hits = await results(page);
    const status = await page.textContent('.search-status');
    check(hits.length === 0 && /没有找到/.test(status), 'a query that matches nothing says so', status);
    errors.push(...page.errors);
    await page.close();

    // The form: typing and pressing Enter puts the query in the URL.
    page = await watched(ctx);
    await page.goto(origin + '/search/');
    await page.fill('#search-q', '依申请公开');
    await page.press('#search-q', 'Enter');
    hits = await results(page);
    check(new URL(page.url()).searchParams.get('q') === '依申请公开' && hits.length > 0,
          'a query typed into the search page is kept in the URL and answered', page.url());
    errors.push(...page.errors);

    // Filters: year, province, agency; each kept in the URL.
    await page.goto(origin + '/search/?q=' + encodeURIComponent('卫生健康'));
    hits = await results(page);
    const all = hits.length;
    await page.selectOption('#search-year', '2025');
    hits = await results(page);
    check(hits.length > 0 && hits.length < all && hits.every((h) => / 2025 年度报告$/.test(h.title)) &&
          new URL(page.url()).searchParams.get('year') === '2025',
          'the year filter keeps the 2025 reports only, and says so in the URL', JSON.stringify(hits.map((h) => h.title)));
    await page.selectOption('#search-year', '');
    await page.selectOption('#search-province', '河南省');
    hits = await results(page);
    check(hits.length === 2 && hits.every((h) => h.meta.includes('河南省')),
          'the province filter keeps the reports of 河南省', JSON.stringify(hits.map((h) => h.meta)));
    await page.selectOption('#search-province', '');
    await page.selectOption('#search-agency', 'shapotou-health');
    hits = await results(page);
    check(hits.length === 1 && hits[0].title === '沙坡头区卫生健康局 2025 年度报告',
          'the agency filter keeps that agency\'s reports', JSON.stringify(hits.map((h) => h.title)));
    const kept = page.url();
    await page.goto(kept);
    hits = await results(page);
    check(hits.length === 1 && await page.inputValue('#search-agency') === 'shapotou-health' &&
          await page.inputValue('#search-q') === '卫生健康',
          'a filtered search opened from its URL shows the same results', kept);
    errors.push(...page.errors);
    await page.close();

    // The box on every page goes to the search page.
    page = await watched(ctx);
    await page.goto(origin + '/');
    await page.fill('#site-search-q', '行政处罚');
    await page.press('#site-search-q', 'Enter');
    await page.waitForURL(/\/search\/\?q=/);
    hits = await results(page);
    check(hits.length > 0 && new URL(page.url()).searchParams.get('q') === '行政处罚',
          'the search box of the home page opens /search/?q=行政处罚 with results', page.url());
    // Traditional characters find the simplified text.
    await page.goto(origin + '/search/?q=' + encodeURIComponent('紅寺堡'));
    hits = await results(page);
    check(hits.length > 0 && hits[0].title === '红寺堡区卫生健康局 2023 年度报告', '紅寺堡 (traditional) finds 红寺堡');
    errors.push(...page.errors);
    await page.close();

    // Under a sub-path.
    page = await watched(ctx);
    await page.goto(subOrigin + '/sub/search/?q=' + encodeURIComponent('红寺堡'));
    hits = await results(page);
    check(hits.length > 0 && hits[0].href.startsWith('/sub/agencies/hongsibao-health/2023/') &&
          page.requests.filter((p) => p.startsWith('/search/')).length === 0,
          'under a sub-path the index is fetched from /sub/search/ and results link under /sub/',
          JSON.stringify(hits.slice(0, 1)) + ' ' + page.requests.filter((p) => p.startsWith('/search/')).join(' '));
    errors.push(...page.errors);
    await page.close();

    // When the reader pauses in typing, the query's normal forms and
    // shards are fetched; Enter then answers it.
    const hsb = expect['红寺堡'];
    page = await watched(ctx);
    await page.goto(origin + '/search/');
    await page.type('#search-q', '红寺堡');
    await page.waitForFunction((n) => performance.getEntriesByType('resource')
        .filter((e) => /\/search\/(s\/|n[./])/.test(e.name)).length >= n, hsb.s.length + hsb.n.length, { timeout: 5000 })
        .catch(() => {});
    const typed = page.requests.slice();
    await page.press('#search-q', 'Enter');
    hits = await results(page);
    check(hsb.s.every((t) => typed.includes(t)) && hsb.n.every((n) => typed.includes(n)) &&
          !typed.some((p) => /^\/search\/[fa]\//.test(p)) && hits.length > 0 && hits[0].title === '红寺堡区卫生健康局 2023 年度报告',
          'typing 红寺堡 fetches its normal forms and shards, no text or agency yet; Enter answers it',
          'while typing: ' + typed.filter((p) => p.startsWith('/search/')).join(' ') + '; then ' + JSON.stringify(hits.slice(0, 1)));
    errors.push(...page.errors);
    await page.close();

    // The first result comes before the rest of the page: with the
    // agencies (which only the filters need) held back, it is drawn,
    // the list marked busy, and the whole page follows once they come.
    page = await watched(ctx);
    let release;
    const held = new Promise((ok) => { release = ok; });
    await page.route(/\/search\/a\//, async (r) => { await held; await r.continue(); });
    await page.goto(origin + '/search/?q=' + encodeURIComponent('行政许可'));
    await page.waitForSelector('.search-hit', { timeout: 15000 });
    const early = await page.evaluate(() => ({
        hits: document.querySelectorAll('.search-hit').length,
        busy: document.querySelector('.search-results').getAttribute('aria-busy'),
        filters: !document.querySelector('.search-filters').hidden,
    }));
    release();
    hits = await results(page);
    check(early.hits === 1 && early.busy === 'true' && !early.filters && hits.length > 1,
          'the first result is drawn as soon as its text is in, the list busy; the rest of the page follows',
          JSON.stringify({ early, then: hits.length }));
    errors.push(...page.errors);
    await page.close();

    check(errors.length === 0, 'no console errors on any page', errors.join('\n'));
    await close(ctx);

    // With script off: what to do instead.
    const off = await open(false);
    page = await off.newPage();
    await page.goto(origin + '/search/?q=' + encodeURIComponent('红寺堡'));
    const said = await page.evaluate(() => document.body.innerText);
    const links = await page.$$eval('main a', (as) => as.map((a) => new URL(a.href).pathname));
    check(/脚本/.test(said) && links.includes('/agencies/') && links.includes('/compare/') &&
          !(await page.isVisible('#search-app')),
          'with script off the search page says what to do and links the agency and region indexes');
    await close(off);
    return n;
}

main().then(() => process.exit(0)).catch((e) => {
    console.log('not ok - the browser checks ran to the end');
    console.log('    ' + String(e.stack || e).split('\n').join('\n    '));
    process.exit(1);
});
