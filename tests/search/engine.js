// engine.js: runs the site's own search script (templates/static/search.js,
// as copied into PUBLIC/static/) under Node on a built site, for the test
// scripts.  Not a test itself.
//
//   node tests/search/engine.js PUBLIC QUERY...
//
// For each query prints one JSON line: {q, parts, files, hits: [{doc,
// url, title, kind, year, province, slug, adj, tier, score, best}], top,
// top_year, year}, top being for K of 1, 3 and 10 the first K reports as
// Engine.top finds them and top_year the same among the reports of YEAR,
// the first hit's,
// files being the index files the query read (site-relative), in order,
// before the texts of its hits were read to describe them.  Each query
// starts from a fresh engine, as a fresh browser would.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

function loadSite(pub) {
    const page = fs.readFileSync(path.join(pub, 'search/index.html'), 'utf8');
    const attr = (name) => {
        const m = page.match(new RegExp('data-' + name + '="([^"]*)"'));
        if (!m) throw new Error('search page has no data-' + name);
        return m[1];
    };
    const script = page.match(/<script src="([^"]*\/static\/search\.[^"]*)"/)[1];
    const base = attr('base');
    const api = require(path.join(pub, script.slice(base.length)));
    const load = (url) => Promise.resolve(new Uint8Array(zlib.inflateSync(fs.readFileSync(path.join(pub, url)))));
    return { api, engine: () => new api.Engine(attr('index'), load, '') };
}

async function main() {
    const args = process.argv.slice(2);
    const pub = args.shift();
    const site = loadSite(pub);
    for (const q of args) {
        const engine = site.engine();
        const res = await engine.search(q);
        const files = engine.fetched.slice();
        const docs = res.hits.map((h) => h.doc);
        await engine.describe(res.match, res.hits);
        await engine.agencies(docs.map((d) => engine.meta(d, 'ref')));
        const hits = res.hits.map((h) => {
            const i = engine.info(h.doc), a = engine.agency(engine.meta(h.doc, 'ref'));
            return { doc: h.doc, url: i.url, title: i.title, kind: h.kind, year: h.year, province: i.province,
                     slug: a ? a[1] : null, adj: h.adj, tier: h.tier, score: h.score, best: h.best };
        });
        // The first ten reports as the search page finds them first
        // (Engine.top, from a fresh match), all of them and of the first
        // hit's year.
        const early = site.engine(), m = await early.match(q);
        const year = hits.length ? hits[0].year : 0;
        const top = {}, topYear = {};
        for (const k of [1, 3, 10]) {
            top[k] = early.top(m, k, (d) => early.meta(d, 'kind') === 0).map((h) => h.doc);
            topYear[k] = early.top(m, k, (d) => early.meta(d, 'kind') === 0 && early.meta(d, 'year') === year)
                .map((h) => h.doc);
        }
        console.log(JSON.stringify({ q, parts: res.parts.map((p) => p.need), files, hits, top, top_year: topYear, year }));
    }
}

if (require.main === module) main().catch((e) => { console.error(e.stack || String(e)); process.exit(2); });
module.exports = { loadSite };
