// search_browser.js: cold queries in headless Chromium (Debian's, through
// playwright-core) against the site's own search and against Pagefind on
// the same public/ folder, served at ORIGIN.  Run by bench/search.sh.
// Measures only; never passes or fails.
//
//   node bench/search_browser.js ORIGIN OUT.json QUERY...
//
// For each query and each engine, a fresh browser profile: the page is
// opened, then the query is run.  Counted: every file of the search
// (ours: the script, search/*.bin, which it starts fetching with the
// page; Pagefind: /pagefind/*, which loads with the query), bytes of
// response bodies as sent (the server compresses nothing: raw bytes)
// and requests; and the time from the query to the first result shown
// (ours: the first result row; Pagefind: the first result's data, which
// its UI needs to show a row) and to the first ten results with their
// snippets; then the same with the query entered first and Enter
// pressed a moment later, as a reader does (oursTyped, pagefindTyped).
// Cold is all of it; warm leaves out the program, fetched
// once and then cached (ours: the script; Pagefind: pagefind.js and its
// WebAssembly).  OUT.json gets Pagefind's full result URLs, for recall.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [origin, outFile, ...queries] = process.argv.slice(2);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function fresh() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-chromium-'));
    const ctx = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
    return { ctx, dir };
}

async function done({ ctx, dir }) {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
}

// Counts what the search fetches: URLs whose path matches RE; bytes of
// those matching PROGRAM also as program.
function counter(page, re, program) {
    const c = { on: true, bytes: 0, program: 0, requests: 0, pending: [] };
    page.on('requestfinished', (req) => {
        const p = new URL(req.url()).pathname;
        if (!c.on || !re.test(p)) return;
        c.requests++;
        c.pending.push(req.sizes().then((s) => {
            c.bytes += s.responseBodySize;
            if (program.test(p)) c.program += s.responseBodySize;
        }));
    });
    return c;
}

// The query as a reader enters it: the whole text put in the box at
// once (as an input method commits a word), a pause of PAUSE ms, then
// Enter; the time from Enter to the first result shown.  Pagefind gets
// the same pause after its preload(), which is what it offers for typing.
const PAUSE = 300;

async function oursTyped(q) {
    const b = await fresh();
    const page = await b.ctx.newPage();
    await page.goto(origin + '/search/', { waitUntil: 'load' });
    await page.fill('#search-q', q);
    await page.waitForTimeout(PAUSE);
    const t = await page.evaluate(() => new Promise((done) => {
        const t0 = performance.now();
        new MutationObserver((list, obs) => {
            const status = document.querySelector('.search-status').textContent;
            if (document.querySelector('.search-hit') || /没有/.test(status)) { obs.disconnect(); done(performance.now() - t0); }
        }).observe(document.body, { childList: true, subtree: true, characterData: true });
        document.getElementById('search-form').requestSubmit();
    }));
    await done(b);
    return t;
}

async function pagefindTyped(q) {
    const b = await fresh();
    const page = await b.ctx.newPage();
    await page.goto(origin + '/pagefind-bench.html', { waitUntil: 'load' });
    await page.evaluate(async (query) => {
        window.__pf = await import('/pagefind/pagefind.js');
        await window.__pf.preload(query);
    }, q);
    await page.waitForTimeout(PAUSE);
    const t = await page.evaluate(async (query) => {
        const t0 = performance.now();
        const res = await window.__pf.search(query);
        if (res.results.length) await res.results[0].data();
        return performance.now() - t0;
    }, q);
    await done(b);
    return t;
}

async function ours(q) {
    const b = await fresh();
    const page = await b.ctx.newPage();
    const c = counter(page, /^\/(static\/search\.[0-9a-f]+\.js|search\/.+\.bin)$/, /^\/static\//);
    await page.goto(origin + '/search/', { waitUntil: 'load' });
    await page.evaluate(() => {
        window.__first = 0;
        window.__snips = 0;
        new MutationObserver(() => {
            const now = performance.now();
            const status = document.querySelector('.search-status').textContent;
            if (!window.__first && (document.querySelector('.search-hit') || /没有/.test(status))) window.__first = now;
            const s = Array.from(document.querySelectorAll('.search-snippet')).slice(0, 10);
            if (!window.__snips && s.length && s.every((p) => p.textContent.length > 0)) window.__snips = now;
        }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    const t0 = await page.evaluate((query) => {
        document.getElementById('search-q').value = query;
        const t = performance.now();
        document.getElementById('search-form').requestSubmit();
        return t;
    }, q);
    await page.waitForFunction(() => window.__first > 0, null, { timeout: 60000 });
    await page.waitForFunction(() => window.__snips > 0 || !document.querySelector('.search-hit'), null, { timeout: 60000 });
    const t = await page.evaluate(() => [window.__first, window.__snips]);
    const count = await page.$$eval('.search-hit', (l) => l.length);
    await page.waitForLoadState('networkidle');
    await Promise.all(c.pending);
    await done(b);
    return { bytes: c.bytes, warm: c.bytes - c.program, requests: c.requests, first: t[0] - t0,
             ten: t[1] ? t[1] - t0 : NaN, shown: count };
}

async function pagefind(q) {
    const b = await fresh();
    const page = await b.ctx.newPage();
    const c = counter(page, /^\/pagefind\//, /^\/pagefind\/(pagefind\.js|.*\.pagefind)$/);
    await page.goto(origin + '/pagefind-bench.html', { waitUntil: 'load' });
    const r = await page.evaluate(async (query) => {
        const t0 = performance.now();
        const pf = await import('/pagefind/pagefind.js');
        const res = await pf.search(query);
        if (res.results.length) await res.results[0].data();
        const t1 = performance.now();
        await Promise.all(res.results.slice(0, 10).map((x) => x.data()));
        return { first: t1 - t0, ten: performance.now() - t0, count: res.results.length };
    }, q);
    await page.waitForLoadState('networkidle');
    await Promise.all(c.pending);
    c.on = false;
    const urls = await page.evaluate(async (query) => {
        const pf = await import('/pagefind/pagefind.js');
        const res = await pf.search(query);
        const all = await Promise.all(res.results.map((x) => x.data()));
        return all.map((d) => d.url);
    }, q);
    await done(b);
    return { bytes: c.bytes, warm: c.bytes - c.program, requests: c.requests, first: r.first, ten: r.ten,
             count: r.count, urls };
}

async function main() {
    const out = {};
    const kb = (n) => (n / 1024).toFixed(1) + ' kB';
    const ms = (n) => (isNaN(n) ? '-' : n.toFixed(0) + ' ms');
    for (const q of queries) {
        const a = await ours(q);
        const p = await pagefind(q);
        out[q] = { ours: a, pagefind: { ...p, urls: undefined }, pagefind_urls: p.urls };
        console.log(`${q}: ours ${kb(a.bytes)} cold, ${kb(a.warm)} warm, in ${a.requests} requests, ` +
                    `first results ${ms(a.first)}, ten with snippets ${ms(a.ten)} | Pagefind ${kb(p.bytes)} cold, ` +
                    `${kb(p.warm)} warm, in ${p.requests} requests, first result ${ms(p.first)}, ten ${ms(p.ten)} | ` +
                    `bytes ours/Pagefind ${(a.bytes / p.bytes).toFixed(2)} cold, ${(a.warm / p.warm).toFixed(2)} warm`);
        const at = await oursTyped(q), pt = await pagefindTyped(q);
        out[q].typed = { ours: at, pagefind: pt };
        console.log(`${q}, entered then Enter after ${PAUSE} ms: first results ours ${ms(at)} | Pagefind ${ms(pt)}`);
    }
    fs.writeFileSync(outFile, JSON.stringify(out));
}

main().then(() => process.exit(0)).catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
