// search_browser.js: cold queries in headless Chromium (Debian's, through
// playwright-core) against the site's own search and against Pagefind on
// the same public/ folder, served at ORIGIN.  Run by bench/search.sh.
// Measures only; never passes or fails.
//
//   node bench/search_browser.js ORIGIN OUT.json QUERY...
//
// For each query and each engine, a fresh browser and profile: the page
// is opened, then the query is run at once (cold).  Counted: every file of the search
// (ours: the script, search/*.bin, which it starts fetching with the
// page; Pagefind: /pagefind/*, which loads with the query), bytes of
// response bodies as sent (the server compresses nothing: raw bytes)
// and requests; and the time from the query to the first result shown
// (ours: the first result row; Pagefind: the first result's data, which
// its UI needs to show a row) and to the first ten results with their
// snippets; then the same on a page loaded a second before (oursIdle,
// pagefindIdle), and with the query entered first and Enter pressed a
// moment later, as a reader does (oursTyped, pagefindTyped).
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

// A fresh browser for each run: its own process and an empty profile, so
// that nothing is cached.  A run that does not finish within LIMIT ms
// has its browser killed and counts as not answered, so that one stuck
// renderer cannot stop the rest of the bench.
const LIMIT = 180000;

async function fresh() {
    const server = await chromium.launchServer({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
    const browser = await chromium.connect(server.wsEndpoint());
    const ctx = await browser.newContext();
    return { server, browser, ctx };
}

async function done({ server, browser }) {
    await browser.close();
    await server.close();
}

function kill(b) {
    if (b) b.server.process().kill('SIGKILL');
}

async function bounded(what, run, limit = LIMIT) {
    let b = null, timer = null;
    const stop = new Promise((resolve) => {
        timer = setTimeout(() => { kill(b); resolve(null); }, limit);
    });
    const work = fresh().then((x) => { b = x; return run(x); })
        .then(async (r) => { await done(b); return r; })
        .catch((e) => { console.error(`${what}: ${e.message.split('\n')[0]}`); kill(b); return null; });
    const r = await Promise.race([work, stop]);
    clearTimeout(timer);
    if (r === null) console.error(`${what}: no answer within ${limit / 1000} s, browser stopped`);
    return r;
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

// The time from submitting the search form (with QUERY put in the box
// first, unless null) to the first result or "no match" shown.
function oursSubmit(page, query) {
    return page.evaluate((query) => new Promise((done) => {
        const t0 = performance.now();
        new MutationObserver((list, obs) => {
            const status = document.querySelector('.search-status').textContent;
            if (document.querySelector('.search-hit') || /没有/.test(status)) { obs.disconnect(); done(performance.now() - t0); }
        }).observe(document.body, { childList: true, subtree: true, characterData: true });
        if (query !== null) document.getElementById('search-q').value = query;
        document.getElementById('search-form').requestSubmit();
    }), query);
}

// The time Pagefind (loaded as window.__pf) takes to give QUERY's first
// result's data.
function pagefindAnswer(page, query) {
    return page.evaluate(async (query) => {
        const t0 = performance.now();
        const res = await window.__pf.search(query);
        if (res.results.length) await res.results[0].data();
        return performance.now() - t0;
    }, query);
}

async function oursTyped(b, q) {
    const page = await b.ctx.newPage();
    await page.goto(origin + '/search/', { waitUntil: 'load' });
    await page.fill('#search-q', q);
    await page.waitForTimeout(PAUSE);
    return oursSubmit(page, null);
}

// The query submitted on a page loaded a second before (IDLE ms), as
// when a reader comes to the page and then types: nothing of the query
// fetched yet (the text is put in the box with no input event, so the
// script fetches nothing ahead); the time to the first result shown.
// Pagefind gets the same second after its script is loaded, and no
// preload().
const IDLE = 1000;

async function oursIdle(b, q) {
    const page = await b.ctx.newPage();
    await page.goto(origin + '/search/', { waitUntil: 'load' });
    await page.waitForTimeout(IDLE);
    return oursSubmit(page, q);
}

async function pagefindIdle(b, q) {
    const page = await b.ctx.newPage();
    await page.goto(origin + '/pagefind-bench.html', { waitUntil: 'load' });
    await page.evaluate(async () => { window.__pf = await import('/pagefind/pagefind.js'); await window.__pf.init(); });
    await page.waitForTimeout(IDLE);
    return pagefindAnswer(page, q);
}

async function pagefindTyped(b, q) {
    const page = await b.ctx.newPage();
    await page.goto(origin + '/pagefind-bench.html', { waitUntil: 'load' });
    await page.evaluate(async (query) => {
        window.__pf = await import('/pagefind/pagefind.js');
        await window.__pf.preload(query);
    }, q);
    await page.waitForTimeout(PAUSE);
    return pagefindAnswer(page, q);
}

async function ours(b, q) {
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
            const busy = document.querySelector('.search-results[aria-busy]');
            if (!window.__snips && !busy && s.length && s.every((p) => p.textContent.length > 0)) window.__snips = now;
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
    return { bytes: c.bytes, warm: c.bytes - c.program, requests: c.requests, first: t[0] - t0,
             ten: t[1] ? t[1] - t0 : NaN, shown: count };
}

async function pagefind(b, q) {
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
    return { bytes: c.bytes, warm: c.bytes - c.program, requests: c.requests, first: r.first, ten: r.ten,
             count: r.count };
}

// Every result Pagefind gives for Q, as URLs, for recall: its fragments
// fetched 64 at a time.
async function pagefindUrls(b, q) {
    const page = await b.ctx.newPage();
    await page.goto(origin + '/pagefind-bench.html', { waitUntil: 'load' });
    return page.evaluate(async (query) => {
        const pf = await import('/pagefind/pagefind.js');
        const res = await pf.search(query);
        const urls = [];
        for (let i = 0; i < res.results.length; i += 64) {
            const batch = await Promise.all(res.results.slice(i, i + 64).map((x) => x.data()));
            batch.forEach((d) => urls.push(d.url));
        }
        return urls;
    }, q);
}

async function main() {
    const out = {};
    const kb = (n) => (n / 1024).toFixed(1) + ' kB';
    const ms = (n) => (isNaN(n) ? '-' : n.toFixed(0) + ' ms');
    const none = { bytes: NaN, warm: NaN, requests: NaN, first: NaN, ten: NaN, urls: [] };
    for (const q of queries) {
        const a = (await bounded(`${q}, ours`, (b) => ours(b, q))) || none;
        const p = (await bounded(`${q}, Pagefind`, (b) => pagefind(b, q))) || { ...none, answered: false };
        const urls = await bounded(`${q}, Pagefind's results for recall`, (b) => pagefindUrls(b, q), 15 * 60000);
        if (urls === null) p.answered = false;
        out[q] = { ours: a, pagefind: p, pagefind_urls: urls || [] };
        console.log(`${q}: ours ${kb(a.bytes)} cold, ${kb(a.warm)} warm, in ${a.requests} requests, ` +
                    `first results ${ms(a.first)}, ten with snippets ${ms(a.ten)} | Pagefind ${kb(p.bytes)} cold, ` +
                    `${kb(p.warm)} warm, in ${p.requests} requests, first result ${ms(p.first)}, ten ${ms(p.ten)} | ` +
                    `bytes ours/Pagefind ${(a.bytes / p.bytes).toFixed(2)} cold, ${(a.warm / p.warm).toFixed(2)} warm`);
        const ai = await bounded(`${q}, ours on an idle page`, (b) => oursIdle(b, q));
        const pi = await bounded(`${q}, Pagefind on an idle page`, (b) => pagefindIdle(b, q));
        out[q].idle = { ours: ai, pagefind: pi };
        console.log(`${q}, on a page loaded ${IDLE / 1000} s before: first results ours ${ms(ai === null ? NaN : ai)} | ` +
                    `Pagefind ${ms(pi === null ? NaN : pi)}`);
        const at = await bounded(`${q}, ours typed`, (b) => oursTyped(b, q));
        const pt = await bounded(`${q}, Pagefind typed`, (b) => pagefindTyped(b, q));
        out[q].typed = { ours: at, pagefind: pt };
        console.log(`${q}, entered then Enter after ${PAUSE} ms: first results ours ${ms(at === null ? NaN : at)} | ` +
                    `Pagefind ${ms(pt === null ? NaN : pt)}`);
    }
    fs.writeFileSync(outFile, JSON.stringify(out));
}

main().then(() => process.exit(0)).catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
