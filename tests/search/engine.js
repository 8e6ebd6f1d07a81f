// engine.js: runs the site's own search script (templates/static/search.js,
// as copied into PUBLIC/static/) under Node on a built site, for the test
// scripts.  Not a test itself.
//
//   node tests/search/engine.js PUBLIC [--json] QUERY...
//
// For each query prints one JSON line: {q, parts, files, hits: [{doc,
// url, title, kind, year, province, slug, adj, tier, score, best}]},
// files being the index files the query read (site-relative), in order.
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
    const script = page.match(/<script src="([^"]+)"/)[1];
    const base = attr('base');
    const api = require(path.join(pub, script.slice(base.length)));
    const files = { index: attr('index'), docs: attr('docs'), agencies: attr('agencies'), norm: attr('norm') };
    const load = (url) => Promise.resolve(new Uint8Array(zlib.inflateSync(fs.readFileSync(path.join(pub, url)))));
    return { api, engine: new api.Engine(files, load, '') };
}

async function main() {
    const args = process.argv.slice(2);
    const pub = args.shift();
    const { engine } = loadSite(pub);
    await engine.ready();
    for (const q of args) {
        engine.fetched = [];
        engine.shards = new Map();
        const res = await engine.search(q);
        const hits = res.hits.map((h) => {
            const i = engine.info(h.doc);
            return { doc: h.doc, url: i.url, title: i.title, kind: h.kind, year: h.year, province: i.province,
                     slug: i.slug || null, adj: h.adj, tier: h.tier, score: h.score, best: h.best };
        });
        console.log(JSON.stringify({ q, parts: res.parts.map((p) => p.need), files: engine.fetched, hits }));
    }
}

if (require.main === module) main().catch((e) => { console.error(e.stack || String(e)); process.exit(2); });
module.exports = { loadSite };
