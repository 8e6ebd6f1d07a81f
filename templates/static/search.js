/*
 * search.js: full-text search of the portal, in the browser, with no
 * server.  Our own script, no framework; the search page loads it from
 * /static/ (the CSP allows no inline script and nothing from elsewhere).
 *
 * The index is written at build time (site-gen/out/search_index.c, which
 * says what each file holds); a query fetches only what it needs of it.
 * It is normalised as the index was (the build's table of code points:
 * NFKC, case, traditional to simplified; fetched whole with the page
 * when small, else the blocks of it that hold its characters), cut into parts at white space, and each part
 * into the same tokens: CJK characters one position each, found through
 * the bigrams that cover them (or the character itself when alone),
 * words of letters and digits one position each.  Only the shards of
 * those terms are fetched, each found by a hash of the term.  A part matches where its terms
 * stand at the right distances in one slot; a document must match every
 * part.  Then the chunks of the document table holding the matches.
 *
 * Ranking: documents where the parts stand next to each other, in order,
 * first; then those with more parts in the title or agency; then BM25
 * over the parts' terms (each counted in the whole document, title and
 * agency weighing more than prose, tables less); newer reports first on
 * a tie.  All of that comes from each term's weight in a document and
 * from where a phrase first stands, walked only that far (the title and
 * agency first), so a query decodes few positions and ranks every
 * document exactly at once; the results shown are then walked in full
 * for their snippets.  The first result is drawn once its text is
 * fetched, and then the whole page, once the texts it shows (and the
 * agencies its filter lists) are fetched.
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
            var f = table[ch] !== undefined ? table[ch] : ch;
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

    /* Varints from BYTES, at I: by shifts while a value fits 28 bits
     * (positions, counts and document numbers always do), then by
     * products. */
    function Reader(bytes) { this.b = bytes; this.i = 0; }
    Reader.prototype.varint = function () {
        var b = this.b, c = b[this.i++], v = c & 0x7F;
        if (c < 0x80) return v;
        c = b[this.i++]; v |= (c & 0x7F) << 7;
        if (c < 0x80) return v;
        c = b[this.i++]; v |= (c & 0x7F) << 14;
        if (c < 0x80) return v;
        c = b[this.i++]; v |= (c & 0x7F) << 21;
        if (c < 0x80) return v;
        for (var scale = 1 << 28; ; scale *= 128) {
            c = b[this.i++];
            v += (c & 0x7F) * scale;
            if (c < 0x80) return v;
        }
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

    /* A term's postings (search_index.c): for its K-th document, docs[k];
     * weight[k], the term's count there weighed by slot, doubled, times 2,
     * plus 1 when it stands in the title or agency; and where the
     * document's slots lie in B, [from[k], to[k]).  No position is
     * decoded here: only those a phrase is checked against, later. */
    function parsePostings(bytes) {
        var r = new Reader(bytes), n = r.varint();
        var docs = new Uint32Array(n), weight = new Uint32Array(n), from = new Uint32Array(n), to = new Uint32Array(n);
        for (var k = 0, doc = -1; k < n; k++) {
            doc += r.varint() + 1;
            docs[k] = doc;
            weight[k] = r.varint();
            var size = r.varint();
            from[k] = r.i;
            r.i += size;
            to[k] = r.i;
        }
        return { ndocs: n, docs: docs, weight: weight, from: from, to: to, b: bytes };
    }

    /* The lists of a part's terms, the rarest first, with what a walk
     * over them needs: for each, a reader, and in one document, where its
     * next slot's header is (nx) and its slots end (en), its current slot
     * (cs) and where that slot's positions start and end (ps, pe), and
     * the position a phrase's walk has reached (cur). */
    function Lists(lists) {
        var m = lists.length;
        this.P = lists.map(function (l) { return l.p; });
        this.off = lists.map(function (l) { return l.n.off; });
        this.flag = lists.map(function (l) { return l.n.flag; });
        this.R = lists.map(function (l) { return new Reader(l.p.b); });
        this.nx = new Uint32Array(m);
        this.en = new Uint32Array(m);
        this.cs = new Int32Array(m);
        this.ps = new Uint32Array(m);
        this.pe = new Uint32Array(m);
        this.cur = new Int32Array(m);
    }

    /* The bases of a phrase in the slot whose positions each reader of L
     * stands at (the lead's ending at L.pe[0]): their count, and each one
     * into BASES unless it is null, when the first found ends the walk.
     * Positions are decoded as the walk reaches them: the lead's one by
     * one, the others' by cursors, as bases ascend. */
    function slotWalk(L, bases) {
        var m = L.P.length, r0 = L.R[0], end0 = L.pe[0], off0 = L.off[0], flag0 = L.flag[0];
        var v = 0, n = 0, k;
        for (k = 1; k < m; k++) L.cur[k] = -1;
        while (r0.i < end0) {
            v += r0.varint();
            if (flag0 >= 0 && (v & 1) !== flag0) continue;
            var base = (v >>> 1) - off0, all = base >= 0;
            for (k = 1; k < m && all; k++) {
                var rk = L.R[k], t = (base + L.off[k]) * 2, y = L.cur[k], e = L.pe[k];
                while (y < t && rk.i < e) y = (y < 0 ? 0 : y) + rk.varint();
                if (y < t) return n;            /* the list is spent: no later base */
                L.cur[k] = y;
                all = (y >>> 1) === (t >>> 1) && (L.flag[k] < 0 || (y & 1) === L.flag[k]);
            }
            if (all) {
                n++;
                if (!bases) return n;
                bases.push(base);
            }
        }
        return n;
    }

    /* A phrase (its lists L) in one document (AT: its index in each
     * list), slot by slot: with ALL, [{slot, tf, bases}] for every slot
     * where it stands; else the first such slot, -1 when none. */
    function docWalk(L, at, all) {
        var m = L.P.length, P0 = L.P[0], r0 = L.R[0], out = all ? [] : -1, k;
        r0.i = P0.from[at[0]];
        var end0 = P0.to[at[0]];
        for (k = 1; k < m; k++) {
            L.nx[k] = L.P[k].from[at[k]];
            L.en[k] = L.P[k].to[at[k]];
            L.cs[k] = -1;
        }
        while (r0.i < end0) {
            var slot = r0.varint(), size = r0.varint(), ok = true;
            var next = r0.i + size;
            L.pe[0] = next;
            for (k = 1; k < m && ok; k++) {
                var rk = L.R[k];
                while (L.cs[k] < slot && L.nx[k] < L.en[k]) {
                    rk.i = L.nx[k];
                    L.cs[k] = rk.varint();
                    var z = rk.varint();
                    L.ps[k] = rk.i;
                    L.nx[k] = L.pe[k] = rk.i + z;
                }
                if (L.cs[k] < slot) return out;     /* no slot of it left */
                ok = L.cs[k] === slot;
            }
            if (ok) {
                for (k = 1; k < m; k++) L.R[k].i = L.ps[k];
                var bases = all ? [] : null, n = slotWalk(L, bases);
                if (n && !all) return slot;
                if (n) out.push({ slot: slot, tf: n, bases: bases });
            }
            r0.i = next;
        }
        return out;
    }

    /* Where PART matches, among N documents: {has: by document, 0 when it
     * does not, 2 when it does in the title or agency, 1 elsewhere; size,
     * how many do; lists; w: for each list, by document, the term's
     * weight (as parsePostings gives it, halved); uniq: the lists of
     * distinct terms (Engine.match adds idf, theirs)}.  The rarest term leads; the others follow by
     * cursors, since documents ascend.  A phrase is walked only to its
     * first match in a document, in slot order, so that the title and
     * agency come first; one term needs no walk at all. */
    function matchPart(part, postings, N) {
        var lists = [], out = { has: new Uint8Array(N), size: 0, lists: null, w: [], uniq: [] };
        for (var k = 0; k < part.need.length; k++) {
            var p = postings.get(part.need[k].term);
            if (!p) return out;
            lists.push({ n: part.need[k], p: p });
        }
        lists.sort(function (a, b) { return a.p.ndocs - b.p.ndocs; });
        var L = new Lists(lists), m = lists.length, r = L.P[0];
        var single = m === 1 && L.flag[0] < 0, at = new Uint32Array(m);
        out.lists = L;
        for (k = 0; k < m; k++) {
            out.w.push(new Uint32Array(N));
            if (L.P.indexOf(L.P[k]) === k) out.uniq.push(k);
        }
        for (var di = 0; di < r.ndocs; di++) {
            var doc = r.docs[di], ok = true;
            at[0] = di;
            for (k = 1; k < m && ok; k++) {
                var D = L.P[k], j = at[k];
                while (j < D.ndocs && D.docs[j] < doc) j++;
                at[k] = j;
                ok = j < D.ndocs && D.docs[j] === doc;
            }
            if (!ok) continue;
            var slot = single ? (r.weight[di] & 1 ? 0 : 2) : docWalk(L, at, false);
            if (slot < 0) continue;
            out.has[doc] = slot <= 1 ? 2 : 1;
            out.size++;
            for (k = 0; k < m; k++) out.w[k][doc] = L.P[k].weight[at[k]] >>> 1;
        }
        return out;
    }

    /* The index of DOC in the sorted DOCS. */
    function indexOf(docs, doc) {
        var lo = 0, hi = docs.length - 1;
        while (lo < hi) {
            var mid = (lo + hi) >>> 1;
            if (docs[mid] < doc) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /* Where M (matchPart) stands in DOC, one of its documents, as
     * [{slot, tf, bases}]. */
    function entries(M, doc) {
        var L = M.lists;
        return docWalk(L, L.P.map(function (P) { return indexOf(P.docs, doc); }), true);
    }

    /* ---- the engine ---- */

    var K1 = 1.2, B = 0.75;     /* BM25's */

    function parseJson(bytes) { return JSON.parse(utf8.decode(bytes)); }

    /* A chunk of the document table: its columns, by document. */
    function parseTable(bytes) {
        var r = new Reader(bytes), n = r.varint(), cols = [];
        for (var c = 0; c < 5; c++) {
            var col = new Uint32Array(n), prev = 0;
            for (var i = 0; i < n; i++) {
                var v = r.varint();
                if (c === 3) v = prev += v % 2 ? -(v + 1) / 2 : v / 2;    /* the agency: a difference */
                col[i] = v;
            }
            cols.push(col);
        }
        return { kind: cols[0], year: cols[1], prov: cols[2], ref: cols[3], len: cols[4] };
    }

    /* The index of the last entry of the sorted LIST not after KEY; -1 when none. */
    function lastAtMost(list, key) {
        var lo = 0, hi = list.length - 1;
        if (!list.length || cmpTerms(key, list[0]) < 0) return -1;
        while (lo < hi) {
            var mid = (lo + hi + 1) >>> 1;
            if (cmpTerms(list[mid], key) <= 0) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /* INDEX: the URL of the manifest (site-relative, "/search/i.….bin"),
     * which names every other file; LOAD(url): a promise of the inflated
     * bytes; PREFIX: the site's base path, put before every URL. */
    function Engine(index, load, prefix) {
        this.index = index;
        this.prefix = prefix || '';
        this.load = load;
        this.files = new Map();
        this.fetched = [];
        this.table = {};            /* normal forms of the characters queried */
        this.chunks = [];           /* the document table, by chunk */
        this.agencyChunks = [];
        this.texts = {};            /* doc -> its text, once fetched */
    }

    /* The file at URL, parsed by PARSE, fetched once. */
    Engine.prototype.get = function (url, parse) {
        if (!this.files.has(url)) {
            this.fetched.push(url);
            this.files.set(url, this.load(this.prefix + url).then(parse));
        }
        return this.files.get(url);
    };

    /* Files KEYS of the family in folder DIR, parsed by PARSE, into STORE. */
    Engine.prototype.fetchAll = function (dir, keys, parse, store) {
        var self = this;
        return Promise.all(Array.from(new Set(keys), function (k) {
            return self.get(dir + k + '.bin', parse).then(function (f) { store[k] = f; });
        }));
    };

    Engine.prototype.ready = function () {
        var self = this;
        if (!this.started) this.started = this.get(this.index, parseJson).then(function (m) {
            self.manifest = m;
            return self;
        });
        return this.started;
    };

    /* The normal forms of the characters of TEXT: the whole table when
     * the build wrote it whole (it is small), else by blocks of code
     * points. */
    Engine.prototype.normFor = function (text) {
        var self = this, n = this.manifest.norm;
        if (n.whole) return this.get(n.whole, function (b) { return Object.assign(self.table, parseJson(b)); });
        var want = Array.from(text, function (ch) { return ch.codePointAt(0) >> n.bits; })
            .filter(function (b) { return n.blocks.indexOf(b) >= 0; });
        return this.fetchAll(n.dir, want, function (b) { return Object.assign(self.table, parseJson(b)); }, {});
    };

    /* The shard that holds TERM, if any: FNV-1a (64 bit) of its UTF-8
     * bytes modulo the number of shards, as the build placed it. */
    var FNV_START = BigInt('0xcbf29ce484222325'), FNV_PRIME = BigInt('0x100000001b3');
    var MASK64 = (BigInt(1) << BigInt(64)) - BigInt(1), utf8out = new TextEncoder();

    function fnv1a64(text) {
        var h = FNV_START, bytes = utf8out.encode(text);
        for (var i = 0; i < bytes.length; i++) h = ((h ^ BigInt(bytes[i])) * FNV_PRIME) & MASK64;
        return h;
    }

    Engine.prototype.shard = function (term) {
        var s = this.manifest.shards;
        return this.get(s.dir + Number(fnv1a64(term) % BigInt(s.n)) + '.bin', parseShard);
    };

    /* The chunks of the document table that hold DOCS. */
    Engine.prototype.tableFor = function (docs) {
        var t = this.manifest.table;
        return this.fetchAll(t.dir, docs.map(function (d) { return Math.floor(d / t.per); }), parseTable, this.chunks);
    };

    /* What nearly every query needs, fetched before one comes: the
     * normalisation table and the document table, when each is small
     * enough that the build wrote it whole.  A query then needs no round
     * of fetches for them. */
    Engine.prototype.prefetch = function () {
        var t = this.manifest.table;
        return Promise.all([this.manifest.norm.whole ? this.normFor('') : null,
                            t.whole ? this.fetchAll(t.dir, [0], parseTable, this.chunks) : null]);
    };

    /* Column COL (kind, year, prov, ref, len) of document DOC, its chunk fetched. */
    Engine.prototype.meta = function (doc, col) {
        var per = this.manifest.table.per;
        return this.chunks[Math.floor(doc / per)][col][doc % per];
    };

    Engine.prototype.province = function (doc) {
        var p = this.meta(doc, 'prov');
        return p ? this.manifest.provinces[p - 1] : '';
    };

    /* The chunks of the agencies that hold IDS (index + 1, as the table's ref). */
    Engine.prototype.agencies = function (ids) {
        var a = this.manifest.agencies;
        return this.fetchAll(a.dir, ids.filter(function (id) { return id > 0; })
            .map(function (id) { return Math.floor((id - 1) / a.per); }), parseJson, this.agencyChunks);
    };

    /* Agency ID as [name, slug], its chunk fetched; null when not. */
    Engine.prototype.agency = function (id) {
        var per = this.manifest.agencies.per, c = this.agencyChunks[Math.floor((id - 1) / per)];
        return id > 0 && c ? c[(id - 1) % per] : null;
    };

    /* The id of the agency whose slug is SLUG (0 when none), through the
     * first slugs of the chunks; its chunk fetched. */
    Engine.prototype.agencyId = function (slug) {
        var self = this, a = this.manifest.agencies, c = -1;
        if (!slug) return Promise.resolve(0);
        return this.get(a.first, parseJson).then(function (first) {
            c = lastAtMost(first, slug);
            return self.agencies(c < 0 ? [] : [c * a.per + 1]);
        }).then(function () {
            var i = c < 0 ? -1 : self.agencyChunks[c].findIndex(function (x) { return x[1] === slug; });
            return i < 0 ? 0 : c * a.per + i + 1;
        });
    };

    /* What HITS of M (Engine.match) show: each detailed (Engine.detail),
     * and its text, {u: url, a: agency or t: title, n: the normal forms
     * of their characters, s: [[slot, text]], v: [[slot, values]] for a
     * slot that is a form}, fetched, with the forms if a snippet comes
     * from a slot that has one. */
    Engine.prototype.describe = function (m, hits) {
        var self = this, f = this.manifest.forms;
        hits.forEach(function (h) { self.detail(m, h); });
        var forms = f && hits.some(function (h) { return f.slots.indexOf(h.best) >= 0; }) ?
            this.get(f.url, parseJson).then(function (k) { self.forms = k; }) : null;
        return Promise.all([this.fetchAll(this.manifest.texts, hits.map(function (h) { return h.doc; }), parseJson,
                                          this.texts), forms]);
    };

    /* Slot SLOT of document DOC, its text described: a form is filled in. */
    Engine.prototype.slotText = function (doc, slot) {
        var t = this.texts[doc], at = function (x) { return x[0] === slot; };
        var s = t.s.find(at), v = (t.v || []).find(at);
        if (s || !v) return s ? s[1] : '';
        var vals = v[1].split(' ');
        return this.forms[slot].reduce(function (out, piece, i) { return out + vals[i - 1] + piece; });
    };

    /* What result DOC shows, its text fetched: {url, title, agency, province, year, kind}. */
    Engine.prototype.info = function (doc) {
        var t = this.texts[doc], kind = this.meta(doc, 'kind'), year = this.meta(doc, 'year');
        return {
            url: t.u, kind: kind, agency: t.a || '', province: this.province(doc), year: kind === 0 ? year : 0,
            title: kind === 0 ? t.a + ' ' + year + ' 年度报告' : kind === 1 ? t.a : t.t
        };
    };

    /* The parts of Q, compiled; those without a term are left out. */
    Engine.prototype.compile = function (q) {
        var self = this;
        return splitQuery(q).map(function (p) { return compilePart(p, self.table); })
            .filter(function (p) { return p !== null; });
    };

    /* The terms the parts of Q look up, each once. */
    Engine.prototype.terms = function (q) {
        var terms = [];
        this.compile(q).forEach(function (p) {
            p.need.forEach(function (n) { if (terms.indexOf(n.term) < 0) terms.push(n.term); });
        });
        return terms;
    };

    /* What matches Q: {parts, matched (for each part, doc -> entries),
     * joined (the same for the parts one after the other), docs (those
     * matching every part)}, the chunks of the document table holding
     * the docs fetched.  What it fetches: the normal forms of Q's
     * characters, the shards of its terms (and of its terms
     * unnormalised, when those forms change them), the chunks of the
     * document table that hold the documents matching it. */
    Engine.prototype.match = function (q) {
        var self = this, parts, terms;
        var lookup = function (t) { return self.shard(t); };
        return this.ready().then(function () {
            /* Looked up at once with the forms known so far, which are
             * nearly always right, so as not to wait for the blocks. */
            self.terms(q).forEach(function (t) { lookup(t).catch(function () {}); });
            return self.normFor(q);
        }).then(function () {
            parts = self.compile(q);
            terms = self.terms(q);
            return Promise.all(terms.map(lookup));
        }).then(function (shards) {
            var postings = new Map();
            terms.forEach(function (term, i) {
                var at = shards[i] && shards[i].terms.get(term);
                if (at) postings.set(term, parsePostings(shards[i].bytes.subarray(at[0], at[1])));
            });
            var N = self.manifest.docs, docs = [];
            var matched = parts.map(function (p) {
                var M = matchPart(p, postings, N);
                M.idf = M.uniq.map(function (u) { return self.idf(M.lists.P[u].ndocs); });
                return M;
            });
            for (var d = 0; d < N && parts.length; d++) {
                var k = 0;
                while (k < matched.length && matched[k].has[d]) k++;
                if (k === matched.length) docs.push(d);
            }
            var joined = parts.length > 1 ? matchPart(joinParts(parts), postings, N) : null;
            return self.tableFor(docs).then(function () {
                return { parts: parts, matched: matched, joined: joined, docs: docs };
            });
        });
    };

    /* The parts one after the other, as one part: where it matches, they
     * stand together, in order. */
    function joinParts(parts) {
        var need = [], at = 0;
        parts.forEach(function (p) {
            p.need.forEach(function (n) { need.push({ term: n.term, off: n.off + at, flag: n.flag }); });
            at += p.len;
        });
        return { need: need, len: at };
    }

    /* Every document matching Q: {parts, match (Engine.match), hits:
     * [{doc, kind, year, adj, tier, score}]}, ranked. */
    Engine.prototype.search = function (q) {
        var self = this;
        return this.match(q).then(function (m) { return { parts: m.parts, match: m, hits: self.rank(m) }; });
    };

    /* What a query for Q, as typed so far, looks up first: the normal
     * forms of its characters and the shards of its terms, fetched when
     * the reader pauses in typing, so that Enter starts from the
     * postings.  (An input method's words arrive whole, so a pause
     * seldom falls inside a word.) */
    Engine.prototype.warm = function (q) {
        var self = this;
        return this.ready().then(function () {
            return self.normFor(q);
        }).then(function () {
            return Promise.all(self.terms(q).map(function (t) { return self.shard(t); }));
        }).catch(function () {});
    };

    /* The inverse document frequency of a term found in N documents. */
    Engine.prototype.idf = function (n) {
        var N = this.manifest.docs;
        return Math.log(1 + (N - n + 0.5) / (n + 0.5));
    };

    /* The ranks of M's documents (Engine.match), by their index in
     * m.docs, into M once: adj, 1 when the parts stand together, in
     * order; tier, the number of parts in the title or agency; score,
     * BM25 over the parts' terms, each counted in the whole document,
     * weighed by slot.  All from the postings' document weights, with no
     * position decoded, term by term over typed arrays. */
    Engine.prototype.scores = function (m) {
        if (m.score) return m;
        var docs = m.docs, n = docs.length, avg = this.manifest.avglen || 1, i, j, k;
        var norm = this.column(docs, 'len'), score = new Float64Array(n), year = this.column(docs, 'year');
        var tier = new Uint8Array(n), adj = new Uint8Array(n);
        for (i = 0; i < n; i++) norm[i] = K1 * (1 - B + B * norm[i] / avg);
        for (k = 0; k < m.parts.length; k++) {
            var M = m.matched[k];
            for (i = 0; i < n; i++) if (M.has[docs[i]] === 2) tier[i]++;
            for (j = 0; j < M.uniq.length; j++) {
                var w = M.w[M.uniq[j]], idf = M.idf[j];
                for (i = 0; i < n; i++) {
                    var tf = w[docs[i]] / 2;
                    score[i] += idf * tf * (K1 + 1) / (tf + norm[i]);
                }
            }
        }
        for (i = 0; i < n; i++) adj[i] = !m.joined || m.joined.has[docs[i]] ? 1 : 0;
        m.score = score;
        m.tier = tier;
        m.adj = adj;
        m.year = year;
        return m;
    };

    /* Column COL of the document table for DOCS, their chunks fetched. */
    Engine.prototype.column = function (docs, col) {
        var per = this.manifest.table.per, out = new Float64Array(docs.length);
        for (var i = 0; i < docs.length; i++) out[i] = this.chunks[Math.floor(docs[i] / per)][col][docs[i] % per];
        return out;
    };

    /* The I-th document of M as a hit, ranked and scored (Engine.scores). */
    Engine.prototype.hitAt = function (m, i) {
        var doc = m.docs[i];
        return { doc: doc, kind: this.meta(doc, 'kind'), year: this.meta(doc, 'year'), adj: m.adj[i],
                 tier: m.tier[i], score: m.score[i], best: null, parts: null };
    };

    /* HIT (of M) with where its parts stand, for its snippet: parts,
     * [[{slot, tf, bases}]] by part; partsLen; and best, the slot its
     * snippet comes from (the first part's weightiest, the title and
     * agency last, as a result shows them anyway). */
    Engine.prototype.detail = function (m, hit) {
        if (hit.parts) return hit;
        var weight = this.manifest.weights, bestW = -1;
        hit.parts = m.matched.map(function (M, k) {
            var list = entries(M, hit.doc);
            if (k === 0) list.forEach(function (x) {
                var w = (x.slot <= 1 ? 0.01 : weight[x.slot]) * x.tf;
                if (w > bestW) { bestW = w; hit.best = x.slot; }
            });
            return list;
        });
        hit.partsLen = m.parts.map(function (p) { return p.len; });
        return hit;
    };

    /* A before B (negative), as results are ranked. */
    function order(a, b) {
        return (b.adj - a.adj) || (b.tier - a.tier) || (b.score - a.score) || (b.year - a.year) || (a.doc - b.doc);
    }

    /* Every document of M (Engine.match) as a hit, ranked. */
    Engine.prototype.rank = function (m) {
        var self = this;
        this.scores(m);
        return m.docs.map(function (doc, i) { return self.hitAt(m, i); }).sort(order);
    };

    /* The first K hits of M among the documents that PASS, as rank()
     * orders them, detailed: kept in order as the documents are tried,
     * by their index, so that no hit is made for the rest. */
    Engine.prototype.top = function (m, k, pass) {
        var self = this, docs = m.docs, best = [];
        this.scores(m);
        var adj = m.adj, tier = m.tier, score = m.score, year = m.year;
        var before = function (a, b) {     /* the I-th document A comes before B */
            return (adj[a] - adj[b]) || (tier[a] - tier[b]) || (score[a] - score[b]) || (year[a] - year[b]) ||
                   (docs[b] - docs[a]);
        };
        for (var i = 0; i < docs.length; i++) {
            if (!pass(docs[i]) || (best.length === k && before(best[k - 1], i) > 0)) continue;
            var at = best.length;
            while (at > 0 && before(i, best[at - 1]) > 0) at--;
            best.splice(at, 0, i);
            if (best.length > k) best.pop();
        }
        return best.map(function (i) { return self.detail(m, self.hitAt(m, i)); });
    };

    /* A snippet of TEXT (slot SLOT of a hit, its characters' normal forms
     * in TABLE) around its first match: [{text, mark}], cut to about
     * WIDTH characters. */
    Engine.prototype.snippet = function (text, table, hit, slot, width) {
        var norm = normalize(text, table), toks = tokenize(norm.cps);
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

    if (typeof module !== 'undefined' && module.exports) module.exports = { Engine: Engine };
    if (typeof document === 'undefined') return;

    /* ---- the page ---- */

    var PAGE = 10, PAGES = 6, AGENCIES = 50, SNIPPET = 90;
    var WARM_MS = 150;
    var BUSY_MS = 200;      /* a search this long is said to be under way */      /* a pause in typing after which the query's first files are fetched */

    function el(tag, cls, text) {
        var e = document.createElement(tag);
        if (cls) e.className = cls;
        if (text !== undefined) e.textContent = text;
        return e;
    }

    /* The inflated bytes of the file at URL, fetched on this thread. */
    function inflate(url) {
        return fetch(url, { priority: 'high' }).then(function (r) {
            if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
            var s = r.body.pipeThrough(new DecompressionStream('deflate'));
            return new Response(s).arrayBuffer();
        }).then(function (b) { return new Uint8Array(b); });
    }

    function App(root) {
        var ds = root.dataset;
        this.root = root;
        this.base = ds.base || '';
        this.engine = new Engine(ds.index, inflate, this.base);
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
        this.seq = 0;       /* the query being looked up */
        this.view = 0;      /* the results being drawn */
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
            self.run({ q: self.input.value.trim(), year: '', province: '', agency: '' }, true);
        });
        Object.keys(this.select).forEach(function (k) {
            self.select[k].addEventListener('change', function () {
                var st = self.params();
                st[k] = self.select[k].value;
                if (k === 'province') st.agency = '';
                self.setUrl(st, false);
                self.show();
            });
        });
        var typing = 0;
        this.input.addEventListener('input', function (ev) {
            if (ev.isComposing) return;
            clearTimeout(typing);
            typing = setTimeout(function () {
                var q = self.input.value.trim();
                if (q) self.engine.warm(q);
            }, WARM_MS);
        });
        this.more.addEventListener('click', function () { self.showMore(); });
        window.addEventListener('popstate', function () { self.run(); });
        /* The manifest is needed by every query, and so are the
         * normalisation table and nearly all of a small document table:
         * all fetched while the reader types. */
        this.engine.ready().then(function (e) { return e.prefetch(); }).catch(function () {});
        this.run();
    };

    /* Says TEXT in the status line, announced once: the same text again
     * (the whole page drawn after its first result) is left alone. */
    App.prototype.say = function (text) {
        clearTimeout(this.busyTimer);
        if (this.status.textContent !== text) this.status.textContent = text;
    };

    /* Says that the search is under way, if it still is after BUSY_MS:
     * most queries are answered sooner, and then the page changes once,
     * with no layout of its own for the word in between. */
    App.prototype.busy = function () {
        var self = this;
        clearTimeout(this.busyTimer);
        this.busyTimer = setTimeout(function () { self.say('正在查找…'); }, BUSY_MS);
    };

    /* Marks the page as showing results (ON) or not: the part of it for
     * browsing is hidden while they are shown. */
    App.prototype.active = function (on) {
        document.documentElement.classList.toggle('search-active', on);
    };

    App.prototype.failed = function (current, err) {
        if (!current) return;
        this.active(true);
        this.list.removeAttribute('aria-busy');
        this.clear();
        this.say('查找暂时无法使用（' + err.message + '）。可以按机构或地区浏览全部报告。');
    };

    /* Looks up the query of ST (by default the URL's), putting it in the
     * URL first with PUSH.  The URL is changed once the query's files are
     * asked for (a history entry takes the page's thread for a few
     * milliseconds), and nothing on the page changes until there is
     * something to show but the list, marked busy. */
    App.prototype.run = function (st, push) {
        var self = this, seq = ++this.seq;
        st = st || this.params();
        this.input.value = st.q;
        this.result = null;
        this.view++;
        if (push) setTimeout(function () { self.setUrl(st, true); }, 0);
        if (!st.q) {
            this.active(false);
            this.list.removeAttribute('aria-busy');
            this.clear();
            this.say('');
            return Promise.resolve();
        }
        this.busy();
        this.list.setAttribute('aria-busy', 'true');
        return this.engine.match(st.q).then(function (m) {
            if (seq !== self.seq) return;
            self.result = m;
            return self.show(st);
        }).catch(function (err) { self.failed(seq === self.seq, err); });
    };

    App.prototype.clear = function () {
        this.list.textContent = '';
        this.pagesList.textContent = '';
        this.pagesList.hidden = true;
        this.filters.hidden = true;
        this.more.hidden = true;
    };

    /* The report hits that pass the filters of ST other than SKIP. */
    /* True when document DOC is a report that passes the filters of ST other than SKIP. */
    App.prototype.passes = function (st, doc, skip) {
        var e = this.engine;
        return e.meta(doc, 'kind') === 0 && (skip === 'year' || !st.year || String(e.meta(doc, 'year')) === st.year) &&
               (skip === 'province' || !st.province || e.province(doc) === st.province) &&
               (skip === 'agency' || !st.agency || e.meta(doc, 'ref') === st.id);
    };

    /* The report hits that pass the filters of ST other than SKIP, the results ranked. */
    App.prototype.filtered = function (st, skip) {
        var self = this;
        return this.result.hits.filter(function (h) { return self.passes(st, h.doc, skip); });
    };

    /* The choices of filter NAME: [key, count], by year or by count, the
     * one chosen kept.  Agencies with as many reports come by the number
     * of them in their chunk of the agencies, so their names take few
     * files. */
    App.prototype.choices = function (name, st) {
        var e = this.engine, counts = new Map(), chosen = name === 'agency' ? st.id : st[name], near = [];
        var per = e.manifest.agencies.per, chunk = function (id) { return Math.floor((id - 1) / per); };
        this.filtered(st, name).forEach(function (h) {
            var k = name === 'year' ? String(h.year) : name === 'province' ? e.province(h.doc) : e.meta(h.doc, 'ref');
            if (k) counts.set(k, (counts.get(k) || 0) + 1);
        });
        var keys = Array.from(counts.keys());
        if (name === 'agency') keys.forEach(function (k) { near[chunk(k)] = (near[chunk(k)] || 0) + 1; });
        if (name === 'year') keys.sort(function (a, b) { return b - a; });
        else keys.sort(function (a, b) {
            return counts.get(b) - counts.get(a) || (near.length && near[chunk(b)] - near[chunk(a)]) || (a < b ? -1 : 1);
        });
        if (name === 'agency') keys = keys.slice(0, AGENCIES);
        if (chosen && keys.indexOf(chosen) < 0) keys.unshift(chosen);
        return keys.map(function (k) { return [k, counts.get(k) || 0]; });
    };

    App.prototype.fill = function (name, st, choices, all) {
        var e = this.engine, sel = this.select[name];
        sel.textContent = '';
        var o = el('option', null, all);
        o.value = '';
        sel.appendChild(o);
        choices.forEach(function (c) {
            var a = name === 'agency' ? e.agency(c[0]) || [st.agency, st.agency] : null;
            var opt = el('option', null, (a ? a[0] : name === 'year' ? c[0] + ' 年' : c[0]) + '（' + c[1] + '）');
            opt.value = a ? a[1] : c[0];
            opt.selected = opt.value === st[name];
            sel.appendChild(opt);
        });
    };

    /* The results of the query under the filters of ST (by default the
     * URL's): the first result drawn as soon as its own text is fetched
     * (found, the first time, with no sorting: Engine.top), then the
     * whole first page, all the results ranked, once the texts it shows
     * and the agencies its filter lists are fetched (the list is
     * aria-busy in between). */
    App.prototype.show = function (st) {
        if (!this.result) return Promise.resolve();
        var self = this, m = this.result, e = this.engine, view = ++this.view;
        st = st || this.params();
        if (!m.parts.length) {
            this.active(true);
            this.list.removeAttribute('aria-busy');
            this.clear();
            this.say('“' + st.q + '”中没有可以查找的文字或数字。');
            return Promise.resolve();
        }
        this.busy();
        this.list.setAttribute('aria-busy', 'true');
        return e.agencyId(st.agency).then(function (id) {
            st.id = id;
            var pass = function (doc) { return self.passes(st, doc, null); };
            var total = m.docs.filter(pass).length;
            var top = m.hits ? self.filtered(st, null).slice(0, 1) : e.top(m, 1, pass);
            /* The rest waits for the first, so as not to hold up its
             * text on the connections and the main thread. */
            var first = top.length ? e.describe(m, top).then(function () {
                if (view === self.view) self.draw(st, top, [], null, 1, total);
            }) : Promise.resolve();
            var reports, pages, agencies, any;
            return first.then(function () {
                if (!m.hits) m.hits = e.rank(m);
                reports = self.filtered(st, null);
                pages = m.hits.filter(function (h) { return h.kind !== 0; }).slice(0, PAGES);
                any = m.hits.some(function (h) { return h.kind === 0; });
                agencies = any ? self.choices('agency', st) : [];
                var shown = reports.slice(0, PAGE);
                return Promise.all([e.describe(m, shown.concat(pages)),
                                    e.agencies(agencies.map(function (c) { return c[0]; }))]);
            }).then(function () {
                if (view !== self.view) return;
                self.list.removeAttribute('aria-busy');
                self.draw(st, reports, pages, any ? agencies : null, PAGE, reports.length);
            });
        }).catch(function (err) { self.failed(view === self.view, err); });
    };

    /* Draws the first COUNT of REPORTS, PAGES and the filters (AGENCIES
     * null: none); TOTAL reports are found. */
    App.prototype.draw = function (st, reports, pages, agencies, count, total) {
        var self = this, e = this.engine;
        this.active(true);
        this.clear();
        if (!total && !pages.length) {
            this.say('没有找到包含“' + st.q + '”的报告或页面。可以换一个词，或按机构、地区浏览。');
            return;
        }
        var narrowed = st.year || st.province || st.agency;
        this.say(total ? '找到 ' + total + ' 份包含“' + st.q + '”的报告' +
                 (narrowed ? '（已按所选条件筛选）' : '') + '。'
                 : '没有' + (narrowed ? '符合所选条件的' : '') + '包含“' + st.q + '”的报告' +
                 (pages.length ? '，但有相关页面。' : '。'));
        if (agencies) {
            this.filters.hidden = false;
            this.fill('year', st, this.choices('year', st), '全部年度');
            this.fill('province', st, this.choices('province', st), '全部省份');
            this.fill('agency', st, agencies, '全部机构');
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
        this.rows(count);
    };

    /* The next page of results, once their texts are fetched. */
    App.prototype.showMore = function () {
        var self = this, view = this.view, next = this.reports.slice(this.shown, this.shown + PAGE);
        return this.engine.describe(this.result, next).then(function () {
            if (view === self.view) self.rows(PAGE);
        }).catch(function (err) { self.failed(view === self.view, err); });
    };

    /* The next COUNT results, their texts at hand. */
    App.prototype.rows = function (count) {
        var self = this, e = this.engine, anchors = e.manifest.anchors || [];
        var next = this.reports.slice(this.shown, this.shown + count);
        next.forEach(function (h) {
            var i = e.info(h.doc), li = el('li', 'search-hit');
            var a = el('a', 'search-title', i.title);
            a.href = self.base + i.url + (anchors[h.best] ? '#' + anchors[h.best] : '');
            var h3 = el('h3');
            h3.appendChild(a);
            li.appendChild(h3);
            li.appendChild(el('p', 'meta', [i.agency, i.province, i.year + ' 年'].filter(Boolean).join(' · ')));
            var snip = el('p', 'search-snippet'), text = e.slotText(h.doc, h.best);
            if (text) e.snippet(text, e.texts[h.doc].n, h, h.best, SNIPPET).forEach(function (piece) {
                snip.appendChild(piece.mark ? el('mark', null, piece.text) : document.createTextNode(piece.text));
            });
            li.appendChild(snip);
            self.list.appendChild(li);
        });
        this.shown += next.length;
        this.more.hidden = this.shown >= this.reports.length || this.list.hasAttribute('aria-busy');
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
