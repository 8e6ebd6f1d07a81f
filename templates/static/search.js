/*
 * search.js: full-text search of the portal, in the browser, with no
 * server.  Our own script, no framework; the search page loads it from
 * /static/ (the CSP allows no inline script and nothing from elsewhere).
 *
 * The index is written at build time (site-gen/out/search_index.c, which
 * says what each file holds).  A query is normalised as the index was
 * (the build's table of code points: NFKC, case, traditional to
 * simplified), cut into parts at white space, and each part into the
 * same tokens: CJK characters one position each, found through the
 * bigrams that cover them (or the character itself when alone), words
 * of letters and digits one position each.  Only the shards holding
 * those terms are fetched.  A part matches where its terms stand at the
 * right distances in one slot; a document must match every part.
 *
 * Ranking: documents where the parts stand next to each other, in order,
 * first; then those with more parts in the title or agency; then BM25
 * over the parts (title and agency weighing more than prose, tables
 * less); newer reports first on a tie.  Results are drawn at once,
 * snippets as each document's text arrives.
 *
 * The same engine runs under Node for the tests (module.exports).
 */
(function () {
    'use strict';

    /* ---- normalisation and tokens: as site-gen/out/search_norm.c ---- */

    var SEP = 0, SPACE = 1, NEWLINE = 2, CJK = 3, WORD = 4;
    var CJK_RANGES = [
        [0x2E80, 0x2FDF], [0x3005, 0x3007], [0x3021, 0x3029], [0x3038, 0x303C],
        [0x3040, 0x30FF], [0x3100, 0x312F], [0x31A0, 0x31BF], [0x31F0, 0x31FF],
        [0x3400, 0x4DBF], [0x4E00, 0x9FFF], [0xAC00, 0xD7AF], [0xF900, 0xFAFF],
        [0x20000, 0x3FFFF]
    ];
    var reSpace = /\p{Zs}/u, reWord = /[\p{L}\p{N}]/u;
    var classCache = new Map();

    function classOf(c) {
        if (c < 0x80) {
            if (c === 10 || c === 13) return NEWLINE;
            if (c === 32 || c === 9 || c === 11 || c === 12) return SPACE;
            if ((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return WORD;
            return SEP;
        }
        var k = classCache.get(c);
        if (k !== undefined) return k;
        k = SEP;
        for (var i = 0; i < CJK_RANGES.length; i++)
            if (c >= CJK_RANGES[i][0] && c <= CJK_RANGES[i][1]) k = CJK;
        if (k !== CJK) {
            var ch = String.fromCodePoint(c);
            if (c === 0x2028 || c === 0x2029) k = NEWLINE;
            else if (reSpace.test(ch)) k = SPACE;
            else if (reWord.test(ch)) k = WORD;
        }
        classCache.set(c, k);
        return k;
    }

    /* TEXT normalised: its code points, each with the range [a, b) of
     * TEXT (UTF-16 indices) it came from. */
    function normalize(text, table) {
        var cps = [], from = [], to = [];
        var last = SEP, pending = SEP, any = false, i = 0;
        for (var ch of text) {
            var start = i;
            i += ch.length;
            var f = table.has(ch) ? table.get(ch) : ch;
            for (var c of f) {
                var cl = classOf(c.codePointAt(0));
                if (cl === SPACE || cl === NEWLINE) {
                    if (pending !== NEWLINE) pending = cl;
                    continue;
                }
                if (any && pending === NEWLINE) { cps.push('\n'); from.push(start); to.push(start); }
                else if (any && pending === SPACE && last !== CJK && cl !== CJK) {
                    cps.push(' '); from.push(start); to.push(start);
                }
                pending = SEP;
                cps.push(c); from.push(start); to.push(i);
                last = cl;
                any = true;
            }
        }
        return { cps: cps, from: from, to: to };
    }

    /* The tokens of normalised code points CPS: {t, pos, sep, a, b, cjk,
     * bigram}, [a, b) being indices into CPS. */
    function tokenize(cps) {
        var toks = [], pos = 0, sep = false, n = cps.length;
        for (var i = 0; i < n;) {
            var cl = classOf(cps[i].codePointAt(0));
            if (cl === CJK) {
                toks.push({ t: cps[i], pos: pos, sep: sep, a: i, b: i + 1, cjk: true });
                if (i + 1 < n && classOf(cps[i + 1].codePointAt(0)) === CJK)
                    toks.push({ t: cps[i] + cps[i + 1], pos: pos, sep: sep, a: i, b: i + 2, bigram: true });
                pos++; sep = false; i++;
            } else if (cl === WORD) {
                var j = i;
                while (j < n && classOf(cps[j].codePointAt(0)) === WORD) j++;
                toks.push({ t: cps.slice(i, j).join(''), pos: pos, sep: sep, a: i, b: j });
                pos++; sep = false; i = j;
            } else {
                sep = true; i++;
            }
        }
        return toks;
    }

    /* A part of the query (no white space in it) as the terms to look
     * up: {term, off, flag}, flag -1 when any, else whether a separator
     * must stand before.  A run of CJK characters is covered by bigrams
     * at every other position (and the last pair), a lone one by itself. */
    function compilePart(text, table) {
        var toks = tokenize(normalize(text, table).cps).filter(function (t) { return !t.bigram; });
        if (!toks.length) return null;
        var need = [], i = 0;
        function add(term, off, flag) {
            for (var k = 0; k < need.length; k++)
                if (need[k].term === term && need[k].off === off) return;
            need.push({ term: term, off: off, flag: flag });
        }
        while (i < toks.length) {
            var flag = i === 0 ? -1 : toks[i].sep ? 1 : 0;
            if (!toks[i].cjk) { add(toks[i].t, toks[i].pos, flag); i++; continue; }
            var j = i;
            while (j + 1 < toks.length && toks[j + 1].cjk && !toks[j + 1].sep) j++;
            var n = j - i + 1;
            if (n === 1) add(toks[i].t, toks[i].pos, flag);
            var offs = [];
            for (var k = 0; k + 1 < n; k += 2) offs.push(k);
            if (n > 1 && offs[offs.length - 1] !== n - 2) offs.push(n - 2);
            offs.forEach(function (o) {
                add(toks[i + o].t + toks[i + o + 1].t, toks[i + o].pos, o === 0 ? flag : 0);
            });
            i = j + 1;
        }
        return { text: text, need: need, len: toks[toks.length - 1].pos + 1 };
    }

    function splitQuery(q) {
        return q.split(/\s+/u).filter(function (s) { return s.length > 0; });
    }

    /* Terms compared as the build sorted them: by code point. */
    function cmpTerms(a, b) {
        var ia = a[Symbol.iterator](), ib = b[Symbol.iterator]();
        for (;;) {
            var x = ia.next(), y = ib.next();
            if (x.done || y.done) return x.done === y.done ? 0 : x.done ? -1 : 1;
            var cx = x.value.codePointAt(0), cy = y.value.codePointAt(0);
            if (cx !== cy) return cx < cy ? -1 : 1;
        }
    }

    /* ---- the index's files ---- */

    function Reader(bytes) { this.b = bytes; this.i = 0; }
    Reader.prototype.varint = function () {
        var v = 0, shift = 0, c;
        do {
            c = this.b[this.i++];
            v += (c & 0x7F) * Math.pow(2, shift);
            shift += 7;
        } while (c & 0x80);
        return v;
    };

    var utf8 = new TextDecoder('utf-8');

    /* A shard: term -> [start, end) of its postings in BYTES. */
    function parseShard(bytes) {
        var r = new Reader(bytes), n = r.varint(), terms = new Map();
        for (var k = 0; k < n; k++) {
            var tl = r.varint(), term = utf8.decode(bytes.subarray(r.i, r.i + tl));
            r.i += tl;
            var pl = r.varint();
            terms.set(term, [r.i, r.i + pl]);
            r.i += pl;
        }
        return { bytes: bytes, terms: terms };
    }

    /* Postings: docs, and for doc k its slots [dstart[k], dstart[k+1]),
     * for slot s its positions (pos * 2 + separator) [sstart[s], sstart[s+1]). */
    function parsePostings(bytes) {
        var r = new Reader(bytes), ndocs = r.varint(), len = bytes.length + 1;
        var docs = new Uint32Array(ndocs), dstart = new Uint32Array(ndocs + 1);
        var slot = new Uint8Array(len), sstart = new Uint32Array(len), pos = new Uint32Array(len);
        var doc = -1, ns = 0, np = 0;
        for (var k = 0; k < ndocs; k++) {
            doc += r.varint() + 1;
            docs[k] = doc;
            dstart[k] = ns;
            for (var s = r.varint(); s > 0; s--) {
                slot[ns] = r.varint();
                sstart[ns] = np;
                var v = 0;
                for (var c = r.varint(); c > 0; c--) { v += r.varint(); pos[np++] = v; }
                ns++;
            }
        }
        dstart[ndocs] = ns;
        sstart[ns] = np;
        return { ndocs: ndocs, docs: docs, dstart: dstart, slot: slot, sstart: sstart, pos: pos };
    }

    /* First index >= LO of X in the sorted A[lo, hi). */
    function lowerBound(a, lo, hi, x) {
        while (lo < hi) {
            var mid = (lo + hi) >>> 1;
            if (a[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /* Where PART matches: doc -> [{slot, tf, bases}], bases being the
     * positions the part starts at. */
    function matchPart(part, postings) {
        var lists = [];
        for (var k = 0; k < part.need.length; k++) {
            var p = postings.get(part.need[k].term);
            if (!p) return new Map();
            lists.push({ n: part.need[k], p: p, at: 0 });
        }
        lists.sort(function (a, b) { return a.p.ndocs - b.p.ndocs; });
        var r = lists[0], out = new Map();
        for (var di = 0; di < r.p.ndocs; di++) {
            var doc = r.p.docs[di], idx = [di], ok = true;
            for (k = 1; k < lists.length && ok; k++) {
                var L = lists[k], j = lowerBound(L.p.docs, L.at, L.p.ndocs, doc);
                L.at = j;
                if (j >= L.p.ndocs || L.p.docs[j] !== doc) ok = false;
                idx[k] = j;
            }
            if (!ok) continue;
            var entries = [];
            for (var si = r.p.dstart[di]; si < r.p.dstart[di + 1]; si++) {
                var slot = r.p.slot[si], ranges = [[r.p.sstart[si], r.p.sstart[si + 1]]];
                for (k = 1; k < lists.length && ranges; k++) {
                    var P = lists[k].p, found = null;
                    for (var sj = P.dstart[idx[k]]; sj < P.dstart[idx[k] + 1]; sj++)
                        if (P.slot[sj] === slot) found = [P.sstart[sj], P.sstart[sj + 1]];
                    if (found) ranges.push(found); else ranges = null;
                }
                if (!ranges) continue;
                var bases = [];
                for (var q = ranges[0][0]; q < ranges[0][1]; q++) {
                    var v = r.p.pos[q];
                    if (r.n.flag >= 0 && (v & 1) !== r.n.flag) continue;
                    var base = (v >>> 1) - r.n.off;
                    if (base < 0) continue;
                    var all = true;
                    for (k = 1; k < lists.length && all; k++) {
                        var t = base + lists[k].n.off, a = lists[k].p.pos;
                        var m = lowerBound(a, ranges[k][0], ranges[k][1], t * 2);
                        all = m < ranges[k][1] && (a[m] >>> 1) === t &&
                              (lists[k].n.flag < 0 || (a[m] & 1) === lists[k].n.flag);
                    }
                    if (all) bases.push(base);
                }
                if (bases.length) entries.push({ slot: slot, tf: bases.length, bases: bases });
            }
            if (entries.length) out.set(doc, entries);
        }
        return out;
    }

    /* Slot weights: title, agency, seven parts of the prose, three tables. */
    var WEIGHT = [4, 3, 1, 1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5];
    var K1 = 1.2, B = 0.75;

    /* True when the parts stand one after the other in some slot. */
    function adjacent(parts, hits) {
        if (parts.length < 2) return true;
        var first = hits[0];
        for (var e = 0; e < first.length; e++) {
            var slot = first[e].slot;
            for (var b = 0; b < first[e].bases.length; b++) {
                var at = first[e].bases[b] + parts[0].len, ok = true;
                for (var k = 1; k < parts.length && ok; k++) {
                    var h = null;
                    for (var x = 0; x < hits[k].length; x++) if (hits[k][x].slot === slot) h = hits[k][x];
                    ok = h !== null && h.bases.indexOf(at) >= 0;
                    at += parts[k].len;
                }
                if (ok) return true;
            }
        }
        return false;
    }

    /* ---- the engine ---- */

    /* FILES: URLs of the manifest, document table, agencies and
     * normalisation table (site-relative, "/search/…"); LOAD(url): a
     * promise of the inflated bytes. */
    function Engine(files, load, prefix) {
        this.files = files;
        this.prefix = prefix || '';
        this.load = load;
        this.shards = new Map();
        this.fetched = [];
        this.fragments = new Map();
    }

    Engine.prototype.json = function (url) {
        this.fetched.push(url);
        return this.load(url).then(function (b) { return JSON.parse(utf8.decode(b)); });
    };

    Engine.prototype.ready = function () {
        var self = this;
        if (!this.started) {
            this.started = Promise.all([this.json(this.files.index), this.json(this.files.docs),
                                        this.json(this.files.agencies), this.json(this.files.norm)])
                .then(function (all) {
                    self.manifest = all[0];
                    self.docs = all[1];
                    self.agencies = all[2];
                    self.table = new Map(Object.entries(all[3]));
                    return self;
                });
        }
        return this.started;
    };

    Engine.prototype.shardOf = function (term) {
        var first = this.manifest.first, lo = 0, hi = first.length - 1;
        if (!first.length || cmpTerms(term, first[0]) < 0) return -1;
        while (lo < hi) {
            var mid = (lo + hi + 1) >>> 1;
            if (cmpTerms(first[mid], term) <= 0) lo = mid; else hi = mid - 1;
        }
        return lo;
    };

    Engine.prototype.shard = function (i) {
        var self = this;
        if (!this.shards.has(i)) {
            var url = this.prefix + this.manifest.dir + this.manifest.shards[i] + '.bin';
            this.fetched.push(url);
            this.shards.set(i, this.load(url).then(parseShard));
        }
        return this.shards.get(i);
    };

    /* The parts of Q, compiled; those without a term are left out. */
    Engine.prototype.compile = function (q) {
        var self = this;
        return splitQuery(q).map(function (p) { return compilePart(p, self.table); })
            .filter(function (p) { return p !== null; });
    };

    /* Every document matching Q: {parts, hits: [{doc, kind, year, adj,
     * tier, score, best, parts: [[{slot, tf, bases}]]}]}, ranked. */
    Engine.prototype.search = function (q) {
        var self = this;
        return this.ready().then(function () {
            var parts = self.compile(q), terms = new Map();
            parts.forEach(function (p) {
                p.need.forEach(function (n) { terms.set(n.term, self.shardOf(n.term)); });
            });
            var want = [];
            terms.forEach(function (s) { if (s >= 0 && want.indexOf(s) < 0) want.push(s); });
            return Promise.all(want.map(function (s) { return self.shard(s); })).then(function () {
                return Promise.all(want.map(function (s) { return self.shards.get(s); }));
            }).then(function (loaded) {
                var postings = new Map();
                terms.forEach(function (s, term) {
                    var sh = loaded[want.indexOf(s)], at = sh && sh.terms.get(term);
                    if (at) postings.set(term, parsePostings(sh.bytes.subarray(at[0], at[1])));
                });
                return { parts: parts, hits: self.rank(parts, postings) };
            });
        });
    };

    Engine.prototype.rank = function (parts, postings) {
        if (!parts.length) return [];
        var self = this, d = this.docs, N = d.kind.length, avg = this.manifest.avglen || 1;
        var matched = parts.map(function (p) { return matchPart(p, postings); });
        var idf = matched.map(function (m) {
            return Math.log(1 + (N - m.size + 0.5) / (m.size + 0.5));
        });
        var hits = [], partsLen = parts.map(function (p) { return p.len; });
        matched[0].forEach(function (e0, doc) {
            var per = [e0];
            for (var k = 1; k < matched.length; k++) {
                var e = matched[k].get(doc);
                if (!e) return;
                per.push(e);
            }
            var score = 0, tier = 0, best = null, bestW = -1;
            per.forEach(function (entries, k) {
                var tf = 0, inTitle = false;
                entries.forEach(function (x) {
                    tf += WEIGHT[x.slot] * x.tf;
                    if (x.slot <= 1) inTitle = true;
                    var w = (x.slot <= 1 ? 0.01 : WEIGHT[x.slot]) * x.tf;
                    if (k === 0 && w > bestW) { bestW = w; best = x.slot; }
                });
                if (inTitle) tier++;
                var dl = d.len[doc];
                score += idf[k] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * dl / avg));
            });
            hits.push({ doc: doc, kind: d.kind[doc], year: d.year[doc], adj: adjacent(parts, per) ? 1 : 0,
                        tier: tier, score: score, best: best, parts: per, partsLen: partsLen });
        });
        hits.sort(function (a, b) {
            return (b.adj - a.adj) || (b.tier - a.tier) || (b.score - a.score) ||
                   (b.year - a.year) || (a.doc - b.doc);
        });
        return hits;
    };

    /* What a result shows: {url, title, agency, slug, province, year}. */
    Engine.prototype.info = function (doc) {
        var d = this.docs, kind = d.kind[doc], ref = d.ref[doc];
        var prov = d.prov[doc] ? d.provinces[d.prov[doc] - 1] : '';
        if (kind === 2 || kind === 3) {
            var pg = d.pages[ref - 1];
            return { url: pg[0], title: pg[1], province: prov, year: 0, kind: kind };
        }
        var a = this.agencies[ref - 1] || ['', '', 0];
        return {
            url: '/agencies/' + a[1] + '/' + (kind === 0 ? d.year[doc] + '/' : ''),
            title: kind === 0 ? a[0] + ' ' + d.year[doc] + ' 年度报告' : a[0],
            agency: a[0], slug: a[1], province: prov, year: kind === 0 ? d.year[doc] : 0, kind: kind
        };
    };

    /* Document DOC's text by slot: [[slot, anchor, text]]. */
    Engine.prototype.fragment = function (doc) {
        if (!this.fragments.has(doc)) this.fragments.set(doc, this.json(this.prefix + this.manifest.frag + doc + '.bin'));
        return this.fragments.get(doc);
    };

    /* A snippet of TEXT (slot SLOT of a hit) around its first match:
     * [{text, mark}], cut to about WIDTH characters. */
    Engine.prototype.snippet = function (text, hit, slot, width) {
        var norm = normalize(text, this.table), toks = tokenize(norm.cps);
        var byPos = [];
        toks.forEach(function (t) {
            if (t.bigram) return;
            byPos[t.pos] = t;
        });
        var marks = [];
        hit.parts.forEach(function (entries, k) {
            entries.forEach(function (e) {
                if (e.slot !== slot) return;
                e.bases.forEach(function (b) {
                    var s = byPos[b], t = byPos[b + hit.partsLen[k] - 1];
                    if (s && t) marks.push([norm.from[s.a], norm.to[t.b - 1]]);
                });
            });
        });
        marks.sort(function (x, y) { return x[0] - y[0]; });
        var start = 0, end = text.length;
        if (marks.length) {
            start = Math.max(0, marks[0][0] - Math.floor(width / 3));
            end = Math.min(text.length, start + width);
        } else {
            end = Math.min(text.length, width);
        }
        var out = [], at = start;
        if (start > 0) out.push({ text: '…', mark: false });
        marks.forEach(function (m) {
            if (m[1] <= at || m[0] >= end) return;
            var a = Math.max(m[0], at);
            if (a > at) out.push({ text: text.slice(at, a), mark: false });
            var b = Math.min(m[1], end);
            out.push({ text: text.slice(a, b), mark: true });
            at = b;
        });
        if (end > at) out.push({ text: text.slice(at, end), mark: false });
        if (end < text.length) out.push({ text: '…', mark: false });
        return out;
    };

    var api = { Engine: Engine, normalize: normalize, tokenize: tokenize, compilePart: compilePart,
                splitQuery: splitQuery, cmpTerms: cmpTerms, parseShard: parseShard,
                parsePostings: parsePostings };
    if (typeof module !== 'undefined' && module.exports) module.exports = api;
    if (typeof document === 'undefined') return;

    /* ---- the page ---- */

    var PAGE = 10, SNIPPET = 90;

    function el(tag, cls, text) {
        var e = document.createElement(tag);
        if (cls) e.className = cls;
        if (text !== undefined) e.textContent = text;
        return e;
    }

    function inflate(url) {
        return fetch(url).then(function (r) {
            if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
            var s = r.body.pipeThrough(new DecompressionStream('deflate'));
            return new Response(s).arrayBuffer();
        }).then(function (b) { return new Uint8Array(b); });
    }

    function App(root) {
        var ds = root.dataset;
        this.root = root;
        this.base = ds.base || '';
        var base = this.base;
        this.engine = new Engine({ index: base + ds.index, docs: base + ds.docs,
                                   agencies: base + ds.agencies, norm: base + ds.norm },
                                 function (u) { return inflate(u); }, base);
        this.form = document.getElementById('search-form');
        this.input = document.getElementById('search-q');
        this.status = root.querySelector('.search-status');
        this.filters = root.querySelector('.search-filters');
        this.list = root.querySelector('.search-results');
        this.pagesList = root.querySelector('.search-pages');
        this.more = root.querySelector('.search-more');
        this.select = {
            year: document.getElementById('search-year'),
            province: document.getElementById('search-province'),
            agency: document.getElementById('search-agency')
        };
        this.shown = 0;
        this.result = null;
        this.seq = 0;
    }

    App.prototype.params = function () {
        var p = new URLSearchParams(location.search);
        return { q: p.get('q') || '', year: p.get('year') || '', province: p.get('province') || '',
                 agency: p.get('agency') || '' };
    };

    App.prototype.setUrl = function (st, push) {
        var p = new URLSearchParams();
        if (st.q) p.set('q', st.q);
        ['year', 'province', 'agency'].forEach(function (k) { if (st[k]) p.set(k, st[k]); });
        var url = location.pathname + (p.toString() ? '?' + p.toString() : '');
        if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
    };

    App.prototype.start = function () {
        var self = this;
        this.root.hidden = false;
        document.documentElement.classList.add('search-js');
        this.form.addEventListener('submit', function (ev) {
            ev.preventDefault();
            var st = { q: self.input.value.trim(), year: '', province: '', agency: '' };
            self.setUrl(st, true);
            self.run();
        });
        Object.keys(this.select).forEach(function (k) {
            self.select[k].addEventListener('change', function () {
                var st = self.params();
                st[k] = self.select[k].value;
                if (k === 'province') st.agency = '';
                self.setUrl(st, false);
                self.render();
            });
        });
        this.more.addEventListener('click', function () { self.renderMore(); });
        window.addEventListener('popstate', function () { self.run(); });
        /* The manifest, document table, agencies and normalisation table
         * are needed by every query: fetched while the reader types. */
        this.engine.ready().catch(function () {});
        this.run();
    };

    App.prototype.say = function (text) {
        this.status.textContent = text;
    };

    App.prototype.run = function () {
        var self = this, st = this.params(), seq = ++this.seq;
        this.input.value = st.q;
        document.documentElement.classList.toggle('search-active', st.q !== '');
        if (!st.q) {
            this.result = null;
            this.clear();
            this.say('');
            return Promise.resolve();
        }
        this.say('正在查找…');
        return this.engine.search(st.q).then(function (res) {
            if (seq !== self.seq) return;
            self.result = res;
            self.render();
        }).catch(function (err) {
            if (seq !== self.seq) return;
            self.clear();
            self.say('查找暂时无法使用（' + err.message + '）。可以按机构或地区浏览全部报告。');
        });
    };

    App.prototype.clear = function () {
        this.list.textContent = '';
        this.pagesList.textContent = '';
        this.pagesList.hidden = true;
        this.filters.hidden = true;
        this.more.hidden = true;
    };

    /* The hits that pass the filters other than SKIP. */
    App.prototype.filtered = function (st, skip) {
        var e = this.engine;
        return this.result.hits.filter(function (h) {
            if (h.kind !== 0) return false;
            var i = e.info(h.doc);
            return (skip === 'year' || !st.year || String(i.year) === st.year) &&
                   (skip === 'province' || !st.province || i.province === st.province) &&
                   (skip === 'agency' || !st.agency || i.slug === st.agency);
        });
    };

    App.prototype.facet = function (name, st, label, all) {
        var e = this.engine, counts = new Map();
        this.filtered(st, name).forEach(function (h) {
            var i = e.info(h.doc), key = name === 'year' ? String(i.year) : name === 'province' ? i.province : i.slug;
            if (!key) return;
            var c = counts.get(key) || { n: 0, label: label(i) };
            c.n++;
            counts.set(key, c);
        });
        var keys = Array.from(counts.keys());
        if (name === 'year') keys.sort(function (a, b) { return b - a; });
        else keys.sort(function (a, b) { return counts.get(b).n - counts.get(a).n || (a < b ? -1 : 1); });
        if (name === 'agency') keys = keys.slice(0, 50);
        if (st[name] && keys.indexOf(st[name]) < 0) keys.unshift(st[name]);
        var sel = this.select[name];
        sel.textContent = '';
        var o = el('option', null, all);
        o.value = '';
        sel.appendChild(o);
        keys.forEach(function (k) {
            var c = counts.get(k) || { n: 0, label: k };
            var opt = el('option', null, c.label + '（' + c.n + '）');
            opt.value = k;
            if (k === st[name]) opt.selected = true;
            sel.appendChild(opt);
        });
    };

    App.prototype.render = function () {
        if (!this.result) return;
        var self = this, st = this.params(), res = this.result, e = this.engine;
        this.clear();
        var reports = this.filtered(st, null);
        var pages = res.hits.filter(function (h) { return h.kind !== 0; }).slice(0, 6);
        var any = res.hits.some(function (h) { return h.kind === 0; });
        if (!res.parts.length) {
            this.say('“' + st.q + '”中没有可以查找的文字或数字。');
            return;
        }
        if (!reports.length && !pages.length) {
            this.say('没有找到包含“' + st.q + '”的报告或页面。可以换一个词，或按机构、地区浏览。');
            return;
        }
        var narrowed = st.year || st.province || st.agency;
        this.say(reports.length ? '找到 ' + reports.length + ' 份包含“' + st.q + '”的报告' +
                 (narrowed ? '（已按所选条件筛选）' : '') + '。'
                 : '没有' + (narrowed ? '符合所选条件的' : '') + '包含“' + st.q + '”的报告' +
                 (pages.length ? '，但有相关页面。' : '。'));
        if (any) {
            this.filters.hidden = false;
            this.facet('year', st, function (i) { return i.year + ' 年'; }, '全部年度');
            this.facet('province', st, function (i) { return i.province; }, '全部省份');
            this.facet('agency', st, function (i) { return i.agency; }, '全部机构');
        }
        if (pages.length) {
            this.pagesList.hidden = false;
            this.pagesList.appendChild(el('h2', null, '相关页面'));
            var ul = el('ul', 'link-list');
            pages.forEach(function (h) {
                var i = e.info(h.doc), li = el('li'), a = el('a', null, i.title);
                a.href = self.base + i.url;
                li.appendChild(a);
                ul.appendChild(li);
            });
            this.pagesList.appendChild(ul);
        }
        this.reports = reports;
        this.shown = 0;
        this.renderMore();
    };

    App.prototype.renderMore = function () {
        var self = this, e = this.engine, anchors = e.manifest.anchors || [];
        var next = this.reports.slice(this.shown, this.shown + PAGE);
        next.forEach(function (h) {
            var i = e.info(h.doc), li = el('li', 'search-hit');
            var a = el('a', 'search-title', i.title);
            a.href = self.base + i.url + (anchors[h.best] ? '#' + anchors[h.best] : '');
            var h3 = el('h3');
            h3.appendChild(a);
            li.appendChild(h3);
            li.appendChild(el('p', 'meta', [i.agency, i.province, i.year + ' 年'].filter(Boolean).join(' · ')));
            var snip = el('p', 'search-snippet');
            li.appendChild(snip);
            self.list.appendChild(li);
            e.fragment(h.doc).then(function (slots) {
                var slot = null;
                slots.forEach(function (s) { if (s[0] === h.best) slot = s; });
                if (!slot) return;
                e.snippet(slot[2], h, h.best, SNIPPET).forEach(function (piece) {
                    snip.appendChild(piece.mark ? el('mark', null, piece.text) : document.createTextNode(piece.text));
                });
            }).catch(function () { snip.textContent = ''; });
        });
        this.shown += next.length;
        this.more.hidden = this.shown >= this.reports.length;
    };

    function init() {
        var root = document.getElementById('search-app');
        if (!root) return;
        if (typeof DecompressionStream === 'undefined' || typeof TextDecoder === 'undefined') {
            var p = root.querySelector('.search-status');
            root.hidden = false;
            p.textContent = '这个浏览器不支持本站的全文查找。可以按机构或地区浏览全部报告。';
            return;
        }
        new App(root).start();
    }

    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
    else init();
})();
