// browser.js: every page type of the portal in a real browser, as a
// reader on a phone, with a keyboard, with a screen reader's eyes (axe),
// in large text and high contrast, and in print.  Drives Debian's
// chromium (headless, through playwright-core, no browser download) over
// the two test sites served on 127.0.0.1 by tests/test_browser_a11y.sh,
// which prints the plan; this prints one TAP line per check.  Not a test
// itself.
//
//   node tests/a11y/browser.js TEST_ORIGIN COMPARE_ORIGIN ARTEFACTS_DIR
//
// TEST_ORIGIN serves the test site (the real reports), COMPARE_ORIGIN
// the comparison site (43 reports of 16 agencies in three provinces), so
// that year, region and ranking pages have rows enough to be wide and
// long.  Screenshots of every page type at both widths go to
// ARTEFACTS_DIR/screens/TYPE-WIDTH.png, the printouts to
// ARTEFACTS_DIR/print/TYPE.pdf.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [testOrigin, compareOrigin, artefacts] = process.argv.slice(2);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG21AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = [375, 1440];
// The footer's note on blank cells (content/site.yaml), which every
// printout must carry, and the base URL the pages are built with.
const BLANK_NOTE = '表格中的空白表示报告未填写或无法可靠识别，并非数值 0';
const BASE_URL = 'https://example.org';
const SITE_TITLE = '政府信息公开工作年度报告';

// Every page type; wide: a table wider than a 375 px screen is expected
// on it (the request table's eight columns, the key figures' eight);
// tall: one taller than the box it scrolls in (the request table's 27
// rows), whose heading row must stay in view; figures: tables of
// numbers (four digits and more among them: 2,425, 19,520).
const T = testOrigin, C = compareOrigin;
const PAGES = [
    { type: 'home', origin: T, path: '/' },
    { type: 'agencies', origin: T, path: '/agencies/' },
    { type: 'agency', origin: T, path: '/agencies/hongqi-health/', wide: true, figures: true },
    { type: 'report', origin: T, path: '/agencies/hongsibao-health/2023/', wide: true, tall: true, print: true, figures: true },
    { type: 'year', origin: C, path: '/years/2024/', wide: true, print: true, figures: true },
    { type: 'region', origin: C, path: '/regions/330000/', wide: true, figures: true },
    { type: 'compare', origin: C, path: '/compare/' },
    { type: 'ranking', origin: C, path: '/compare/new-requests/2024/', wide: true, print: true },
    { type: 'search', origin: T, path: '/search/?q=' + encodeURIComponent('红寺堡'), search: true },
    { type: 'data', origin: T, path: '/data/' },
    { type: 'markdown', origin: T, path: '/methodology/' },
    { type: '404', origin: T, path: '/no-such-page/', status: 404 },
];

let n = 0;
function check(ok, what, why) {
    n++;
    console.log((ok ? 'ok - ' : 'not ok - ') + what);
    if (!ok && why !== undefined) console.log('    ' + String(why).split('\n').join('\n    '));
}

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync',
               '--font-render-hinting=none'];

async function context(browser, opts) {
    return browser.newContext(Object.assign({ viewport: { width: 1440, height: 900 }, javaScriptEnabled: true }, opts));
}

// A page that records console errors, page errors, failed requests and
// every font fetched.
async function watched(ctx) {
    const page = await ctx.newPage();
    page.errors = [];
    page.fonts = [];
    // The 404 page's own status is no error of the page.
    page.on('console', (m) => {
        if (m.type() !== 'error') return;
        if (page.status404 && (m.location() || {}).url === page.url() && /status of 404/.test(m.text())) return;
        page.errors.push(m.text() + ' (' + page.url() + ')');
    });
    page.on('pageerror', (e) => page.errors.push(String(e)));
    page.on('requestfailed', (r) => page.errors.push('failed: ' + r.url()));
    page.on('request', (r) => { if (r.resourceType() === 'font') page.fonts.push(r.url()); });
    return page;
}

async function visit(page, p) {
    page.status404 = p.status === 404;
    const res = await page.goto(p.origin + p.path, { waitUntil: 'load' });
    if (p.search) {
        await page.waitForSelector('.search-results:not([aria-busy]) .search-hit', { timeout: 15000 });
        await page.waitForFunction(() => document.querySelectorAll('.search-snippet').length > 0 &&
            Array.from(document.querySelectorAll('.search-snippet')).every((s) => s.textContent.length > 0),
            null, { timeout: 15000 });
    }
    return res;
}

async function axe(page, tags, rules) {
    // Evaluated through the debugging protocol, which the page's
    // Content-Security-Policy (no inline script) does not govern.
    await page.evaluate(AXE);
    const opts = rules ? { runOnly: { type: 'rule', values: rules } } : { runOnly: { type: 'tag', values: tags } };
    const r = await page.evaluate(async (o) => {
        const res = await window.axe.run(document, o);
        return res.violations.map((v) => ({ id: v.id, help: v.help,
            nodes: v.nodes.slice(0, 3).map((x) => x.target.join(' ') + ': ' + x.failureSummary.replace(/\s+/g, ' ')) }));
    }, opts);
    return r;
}

function violations(v) {
    return v.map((x) => x.id + ' (' + x.help + ')\n  ' + x.nodes.join('\n  ')).join('\n');
}

// The page's width against the window's, and the elements that stick out.
async function sideways(page) {
    return page.evaluate(() => {
        const doc = document.documentElement;
        const out = [];
        if (doc.scrollWidth > doc.clientWidth) {
            for (const e of document.querySelectorAll('body *')) {
                const r = e.getBoundingClientRect();
                if (r.right > doc.clientWidth + 1 && !e.closest('.table-scroll')) {
                    out.push(e.tagName.toLowerCase() + '.' + e.className + ' right=' + Math.round(r.right));
                    if (out.length > 5) break;
                }
            }
        }
        return { scroll: doc.scrollWidth, client: doc.clientWidth, out: out };
    });
}

// Body text: paragraphs, list items and table cells of the page, their
// own font size and line spacing (the smallest found).
async function textSizes(page) {
    return page.evaluate(() => {
        let small = null, tight = null;
        for (const e of document.querySelectorAll('main p, main li, main td, main th, main dd, footer p, footer li')) {
            if (!e.offsetParent || e.closest('.sr-only, svg')) continue;
            const own = Array.from(e.childNodes).some((c) => c.nodeType === 3 && c.textContent.trim() !== '');
            if (!own) continue;
            const cs = getComputedStyle(e);
            const size = parseFloat(cs.fontSize), lh = parseFloat(cs.lineHeight) / size;
            const what = e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' "' + e.textContent.trim().slice(0, 20) + '"';
            if (!small || size < small.size) small = { size, what };
            if (!tight || lh < tight.lh) tight = { lh, what };
        }
        return { small, tight };
    });
}

// The number cells of the page's tables: those not set in tabular
// figures, and those holding a run of four digits or more (a number
// printed without its thousands separator); notes in them (.partial,
// small) and columns of years (年度) left out.
async function figures(page) {
    return page.evaluate(() => {
        const out = { cells: 0, proportional: [], ungrouped: [] };
        for (const td of document.querySelectorAll('table td.num')) {
            const head = td.closest('table').tHead;
            const col = head && head.rows[head.rows.length - 1].cells[td.cellIndex];
            if (col && col.textContent.trim() === '年度') continue;     // years are no amounts
            out.cells++;
            if (!/tabular-nums/.test(getComputedStyle(td).fontVariantNumeric)) out.proportional.push(td.textContent.trim());
            const c = td.cloneNode(true);
            c.querySelectorAll('.partial, small, .sr-only').forEach((x) => x.remove());
            if (/\d{4,}/.test(c.textContent)) out.ungrouped.push(c.textContent.trim());
        }
        out.proportional = out.proportional.slice(0, 5);
        return out;
    });
}

// Every table box wider than its view: scrolled sideways (and down, where
// it is taller than its view), its row labels must stay at its left edge
// and its heading row at its top.  Returns what was seen.
async function stickyTables(page) {
    return page.evaluate(async () => {
        const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const seen = { wide: 0, tall: 0, bad: [] };
        for (const box of document.querySelectorAll('.table-scroll')) {
            if (box.scrollWidth <= box.clientWidth + 1) continue;
            seen.wide++;
            const table = box.querySelector('table');
            const label = table.querySelector('tbody th[scope="row"]');
            const head = table.querySelector('thead th:last-child');
            const b = box.getBoundingClientRect();
            box.scrollLeft = box.scrollWidth;
            box.scrollTop = 0;
            await frame();
            const l = label.getBoundingClientRect();
            if (Math.abs(l.left - (b.left + box.clientLeft)) > 1.5)
                seen.bad.push((box.getAttribute('aria-label') || '') + ': the row label moved to ' + Math.round(l.left - b.left) + ' px');
            if (box.scrollHeight > box.clientHeight + 1) {
                seen.tall++;
                box.scrollTop = box.scrollHeight;
                await frame();
                const h = head.getBoundingClientRect();
                if (Math.abs(h.top - (b.top + box.clientTop)) > 1.5)
                    seen.bad.push((box.getAttribute('aria-label') || '') + ': the heading row moved to ' + Math.round(h.top - b.top) + ' px');
            }
            box.scrollLeft = 0;
            box.scrollTop = 0;
        }
        return seen;
    });
}

// Presses Tab until focus comes back round, noting each element reached
// and whether its focus shows (an outline of 2 px or more, or a shadow).
// Returns the elements that should be reachable and were not, and those
// reached without a visible focus.
async function keyboard(page) {
    const expected = await page.evaluate(() => {
        const sel = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
        let i = 0;
        const list = [];
        for (const e of document.querySelectorAll(sel)) {
            const r = e.getBoundingClientRect();
            const cs = getComputedStyle(e);
            if (e.disabled || r.width === 0 || r.height === 0 || cs.visibility === 'hidden') continue;
            e.setAttribute('data-kb', String(i));
            list.push(String(i) + ' ' + e.tagName.toLowerCase() + ' "' + (e.textContent || e.getAttribute('aria-label') || e.id).trim().slice(0, 30) + '"');
            i++;
        }
        document.activeElement && document.activeElement.blur && document.activeElement.blur();
        window.scrollTo(0, 0);
        return list;
    });
    const reached = new Set();
    const unseen = [];
    for (let step = 0; step < expected.length + 10; step++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(() => {
            const e = document.activeElement;
            if (!e || e === document.body) return null;
            const cs = getComputedStyle(e);
            const r = e.getBoundingClientRect();
            const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none';
            const inView = r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
            return { id: e.getAttribute('data-kb'), ring, inView,
                     what: e.tagName.toLowerCase() + ' "' + (e.textContent || e.id).trim().slice(0, 30) + '"' };
        });
        if (!f) break;
        if (f.id !== null && reached.has(f.id)) break;
        if (f.id !== null) reached.add(f.id);
        if (!f.ring || !f.inView) unseen.push(f.what + (f.ring ? '' : ' (no focus ring)') + (f.inView ? '' : ' (out of view)'));
    }
    const missed = expected.filter((e) => !reached.has(e.split(' ')[0]));
    return { count: expected.length, missed, unseen };
}

function shotName(type, width) {
    return path.join(artefacts, 'screens', type + '-' + width + '.png');
}

async function pageTypes(browser) {
    const fonts = [];
    for (const width of WIDTHS) {
        const ctx = await context(browser, { viewport: { width, height: 900 } });
        for (const p of PAGES) {
            const page = await watched(ctx);
            const res = await visit(page, p);
            const at = p.type + ' page (' + p.path + ') at ' + width + ' px';
            const v = await axe(page, WCAG21AA);
            const status = res ? res.status() : 0;
            check(v.length === 0 && status === (p.status || 200),
                  at + ': no axe violations of WCAG 2.1 AA', 'status ' + status + '\n' + violations(v));
            const s = await sideways(page);
            check(s.scroll <= s.client, at + ': the page does not scroll sideways',
                  'page ' + s.scroll + ' px wide in a ' + s.client + ' px window: ' + s.out.join('; '));
            const t = await textSizes(page);
            check(t.small && t.small.size >= 16 && t.tight.lh >= 1.5,
                  at + ': body text at least 16 px, line spacing at least 1.5',
                  JSON.stringify(t));
            const modes = await page.$$eval('input.mode-switch, a.mode-link[data-on="1"]',
                                            (b) => b.map((x) => x.getAttribute('data-mode')).sort().join(','));
            check(modes === 'contrast,large', at + ': the large-text and high-contrast switches are on the page', modes);
            if (p.figures && width === 1440) {
                const f = await figures(page);
                check(f.cells > 0 && f.proportional.length === 0 && f.ungrouped.length === 0,
                      at + ': table figures are tabular, their digits grouped (' + f.cells + ' cells)',
                      JSON.stringify(f));
            }
            if (p.wide && width === 375) {
                const st = await stickyTables(page);
                check(st.wide > 0 && (st.tall > 0 || !p.tall) && st.bad.length === 0,
                      at + ': wide tables scroll in their own box, row labels and headings kept in view',
                      st.wide + ' wide, ' + st.tall + ' tall: ' + st.bad.join('; '));
            }
            if (width === 1440) {
                const k = await keyboard(page);
                check(k.count > 0 && k.missed.length === 0, at + ': Tab reaches every one of the ' + k.count + ' links and controls',
                      'not reached: ' + k.missed.slice(0, 10).join('; '));
                check(k.unseen.length === 0, at + ': every element reached by Tab shows its focus, in view',
                      k.unseen.slice(0, 10).join('; '));
            }
            await page.screenshot({ path: shotName(p.type, width), fullPage: true });
            check(page.errors.length === 0, at + ': no console errors', page.errors.join('\n'));
            fonts.push(...page.fonts);
            await page.close();
        }
        await ctx.close();
    }
    check(fonts.length === 0, 'no page loads a web font', fonts.join('\n'));
}

const REPORT = PAGES.find((p) => p.type === 'report');
const YEAR = PAGES.find((p) => p.type === 'year');
// The choice is kept per origin: the next page is on the report's site.
const NEXT = { origin: T, path: '/years/2024/' };

async function bodyLook(page) {
    return page.evaluate(() => {
        const b = getComputedStyle(document.body), h = getComputedStyle(document.querySelector('.site-header'));
        return { size: parseFloat(b.fontSize), color: b.color, header: h.backgroundColor };
    });
}

// Large text and high contrast: switched on one page, kept on the next
// (script on), working on the page at hand without script, and high
// contrast following the system's prefers-contrast without script.
async function modes(browser) {
    const ctx = await context(browser, { viewport: { width: 375, height: 800 } });
    const page = await watched(ctx);
    await visit(page, REPORT);
    const before = await bodyLook(page);
    await page.click('a.mode-link[data-on="1"]');
    const on = await bodyLook(page);
    const stayed = page.url() === REPORT.origin + REPORT.path;
    await visit(page, NEXT);
    const next = await bodyLook(page);
    const s = await sideways(page);
    const back = await page.isVisible('a.mode-link[data-on="0"]');
    check(before.size === 16 && on.size >= 20 && stayed && next.size === on.size && back && s.scroll <= s.client,
          'large text: the switch makes body text ' + on.size + ' px in place, kept on the next page, which still fits 375 px',
          JSON.stringify({ before, on, stayed, next, back, s }));
    await page.click('a.mode-link[data-on="0"]');
    await visit(page, REPORT);
    const off = await bodyLook(page);
    check(off.size === 16, 'large text: switched off, the next page is back to 16 px', JSON.stringify(off));

    await page.click('label[for="mode-contrast"]');
    await visit(page, PAGES.find((p) => p.type === 'agency'));
    const hc = await bodyLook(page);
    const v = await axe(page, null, ['color-contrast-enhanced']);
    check(hc.color === 'rgb(0, 0, 0)' && hc.header === 'rgb(0, 0, 0)' && v.length === 0,
          'high contrast: kept on the next page, black on white, every text at 7:1 or more (axe color-contrast-enhanced)',
          JSON.stringify(hc) + '\n' + violations(v));
    await visit(page, REPORT);
    const v2 = await axe(page, null, ['color-contrast-enhanced']);
    check(v2.length === 0, 'high contrast: the report page has every text at 7:1 or more', violations(v2));
    check(page.errors.length === 0, 'the switches cause no console errors', page.errors.join('\n'));
    await ctx.close();

    // Without script: large text is a link into the large-text folder,
    // which keeps the reader there from page to page (netlify.toml's
    // rewrites, as tests/netlify_serve.py serves them).
    const bare = await context(browser, { viewport: { width: 375, height: 800 }, javaScriptEnabled: false });
    const p2 = await watched(bare);
    await visit(p2, REPORT);
    await Promise.all([p2.waitForURL('**/large' + REPORT.path), p2.click('a.mode-link[data-on="1"]')]);
    const inFolder = await bodyLook(p2);
    const fits = await sideways(p2);
    check(inFolder.size >= 20 && fits.scroll <= fits.client,
          'without script, the large-text switch opens the same page in /large/, body text ' + inFolder.size + ' px, fitting 375 px',
          JSON.stringify({ url: p2.url(), inFolder, fits }));
    await Promise.all([p2.waitForURL('**/large/agencies/'), p2.click('.site-nav a[href$="/agencies/"]')]);
    const kept = await bodyLook(p2);
    await Promise.all([p2.waitForURL('**/large/methodology/'), p2.click('main a[href$="/methodology/"], .site-footer a[href$="/methodology/"]')]);
    const kept2 = await bodyLook(p2);
    check(kept.size === inFolder.size && kept2.size === inFolder.size,
          'without script, large text persists from page to page (the agencies list, then a Markdown page)',
          JSON.stringify({ url: p2.url(), kept, kept2 }));
    await Promise.all([p2.waitForURL(T + '/methodology/'), p2.click('a.mode-link[data-on="0"]')]);
    const standard = await bodyLook(p2);
    check(standard.size === 16, 'without script, 标准字号 leads back to the same page in standard text',
          JSON.stringify({ url: p2.url(), standard }));
    await p2.click('label[for="mode-contrast"]');
    const nojs = await bodyLook(p2);
    check(nojs.color === 'rgb(0, 0, 0)' && nojs.header === 'rgb(0, 0, 0)',
          'without script the high-contrast switch works on the page', JSON.stringify(nojs));
    check(p2.errors.length === 0, 'without script, the large-text folder causes no console errors', p2.errors.join('\n'));
    await bare.close();

    const lctx = await context(browser, { viewport: { width: 375, height: 800 } });
    const p4 = await watched(lctx);
    await visit(p4, { origin: T, path: '/large' + REPORT.path });
    const v4 = await axe(p4, WCAG21AA);
    check(v4.length === 0, 'the report page in the large-text folder has no axe violations', violations(v4));
    await lctx.close();

    // The site's own scripts refused (axe needs script to run).
    const sysctx = await context(browser, { viewport: { width: 375, height: 800 } });
    await sysctx.route(/\/static\/[^/]*\.js$/, (r) => r.abort());
    const p3 = await sysctx.newPage();
    await p3.emulateMedia({ contrast: 'more' });
    await visit(p3, REPORT);
    const sys = await bodyLook(p3);
    const v3 = await axe(p3, null, ['color-contrast-enhanced']);
    check(sys.color === 'rgb(0, 0, 0)' && sys.header === 'rgb(0, 0, 0)' && v3.length === 0,
          'without the site\'s script, the system\'s prefers-contrast: more gives high contrast at 7:1 or more',
          JSON.stringify(sys) + '\n' + violations(v3));
    await sysctx.close();
}

// Printing: A4 with the style sheet's margins leaves 186 mm, 703 CSS px.
const PRINT_WIDTH = 703;
async function print(browser) {
    const ctx = await context(browser, { viewport: { width: PRINT_WIDTH, height: 1000 } });
    for (const p of PAGES.filter((x) => x.print)) {
        const page = await watched(ctx);
        await visit(page, p);
        await page.emulateMedia({ media: 'print' });
        const at = 'print of the ' + p.type + ' page';
        const fit = await page.evaluate(() => {
            const doc = document.documentElement;
            const wide = Array.from(document.querySelectorAll('table')).map((t) => t.getBoundingClientRect().right)
                .filter((r) => r > doc.clientWidth + 0.5);
            return { scroll: doc.scrollWidth, client: doc.clientWidth, tables: document.querySelectorAll('table').length, wide };
        });
        check(fit.tables > 0 && fit.scroll <= fit.client && fit.wide.length === 0,
              at + ': its ' + fit.tables + ' tables fit the width of an A4 page', JSON.stringify(fit));
        const info = await page.evaluate(() => {
            const nav = document.querySelector('.site-nav');
            return { text: document.body.innerText, nav: nav.offsetParent !== null };
        });
        const url = BASE_URL + p.path;
        const date = /数据更新至 \d{4}-\d{2}-\d{2}/.test(info.text);
        check(info.text.includes(SITE_TITLE) && info.text.includes(url) && date && info.text.includes(BLANK_NOTE) && !info.nav,
              at + ': shows the site name, ' + url + ', the date of the data and the note on blank cells, no navigation',
              JSON.stringify({ title: info.text.includes(SITE_TITLE), url: info.text.includes(url), date, note: info.text.includes(BLANK_NOTE), nav: info.nav }));
        await page.pdf({ path: path.join(artefacts, 'print', p.type + '.pdf'), format: 'A4', printBackground: true });
        await page.close();
    }
    await ctx.close();
}

// With script, a table with a filter box shows only the rows matching
// what is typed, and says how many.
async function filter(browser) {
    const ctx = await context(browser, { viewport: { width: 1440, height: 900 } });
    const page = await watched(ctx);
    await visit(page, YEAR);
    const all = await page.$$eval('table.figures tbody tr', (r) => r.length);
    // The comparison site's 2024 reports: 义乌市 has one agency, 义乌市卫生健康局.
    await page.fill('.table-filter input', '义乌');
    const shown = await page.$$eval('table.figures tbody tr', (r) => r.filter((x) => !x.hidden).map((x) => x.querySelector('th').textContent));
    const status = await page.textContent('.filter-status');
    check(all > 1 && shown.length === 1 && /义乌市卫生健康局/.test(shown[0]) && status.includes('显示 1 行') && status.includes('共 ' + all + ' 行'),
          'with script, typing 义乌 in the year table\'s filter leaves 义乌市卫生健康局 alone and says so',
          JSON.stringify({ all, shown, status }));
    await page.click('table.figures thead th:nth-child(2) button.sort');
    await page.fill('.table-filter input', '');
    const back = await page.$$eval('table.figures tbody tr', (r) => r.filter((x) => !x.hidden).length);
    check(back === all && page.errors.length === 0, 'emptied, the filter shows every row again, sorted, without errors',
          JSON.stringify({ back, all, errors: page.errors }));
    await ctx.close();
}

(async () => {
    fs.mkdirSync(path.join(artefacts, 'screens'), { recursive: true });
    fs.mkdirSync(path.join(artefacts, 'print'), { recursive: true });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
    try {
        await pageTypes(browser);
        await modes(browser);
        await print(browser);
        await filter(browser);
    } finally {
        await browser.close();
    }
})().catch((e) => {
    check(false, 'the browser checks ran to the end', e && e.stack);
    process.exit(1);
});
