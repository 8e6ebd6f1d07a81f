/*
 * search_index.c: the postings of the search index and the files they
 * are written to (search.h).
 *
 * Documents are added one at a time.  Each slot is normalised and cut
 * into tokens; the document's tokens are sorted by term, and each term's
 * postings grow by one entry, already in the byte form the files use:
 *
 *   entry   = doc-delta slots (slot count pos-delta*)*   all varints
 *
 * where a position is pos * 2 + (1 when a separator stands before it).
 * Holding postings as bytes from the start keeps a 10,000-report build
 * within a few hundred megabytes.
 *
 * Files, all under search/ and all zlib-deflated (the script inflates
 * them with DecompressionStream), every name carrying a hash of what it
 * holds so that a host may cache them for ever:
 *
 *   s/HASH.bin    a shard: the terms of one range of the sorted terms,
 *                 each with its postings ("ndocs entry*").  A shard is
 *                 filled to about SHARD_BYTES; a term larger than that
 *                 has a shard of its own.
 *   i.HASH.bin    the manifest: the first term and the name of each
 *                 shard, the number of documents, their mean length.
 *   d.HASH.bin    the document table, by column: kind, year, province,
 *                 agency, length; the provinces; the pages that are not
 *                 reports or agency pages (URL and title).
 *   a.HASH.bin    the agencies: name and slug.
 *   n.HASH.bin    the normalisation table (search_norm_table).
 *   f/HASH/N.bin  document N's text by slot, for snippets; the folder
 *                 is named by a hash over all of them.
 */
#include "out/search.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#include <zlib.h>

#include "base/hash.h"

typedef struct term {
    char *s;
    uint32_t len;
    uint32_t ndocs;
    int64_t last_doc;
    buf post;
} term;

typedef struct occ {
    uint32_t term, slot, v;
} occ;

enum { ALPHABET_CPS = 0x40000 };

struct search_index {
    search_norm *norm;
    term *terms;
    size_t nterms, cap_terms;
    uint32_t *table;            /* open addressing: term index + 1, 0 empty */
    size_t table_size;
    occ *occs;                  /* the document being added */
    size_t nocc, cap_occ;
    uint32_t slot;              /* the slot being tokenised */
    unsigned char *alphabet;    /* [ALPHABET_CPS]: code points seen in tokens */
    json_t *kind, *year, *prov, *agency, *len, *provinces, *pages, *agencies;
    json_t *prov_ids, *agency_ids;  /* name -> index + 1, slug -> index + 1 */
    buf *frags;                 /* deflated fragment of each document */
    size_t ndocs, cap_docs;
    double total_len;
    json_t *anchors;            /* a report's slot anchors, from the first report */
    search_posting *scratch;    /* for search_index_postings */
    uint32_t *scratch_pos;
};

/* ---- varints and deflate ---- */

static void put_varint(buf *b, uint64_t v)
{
    char c[10];
    int n = 0;
    do {
        c[n++] = (char)((v & 0x7F) | (v > 0x7F ? 0x80 : 0));
        v >>= 7;
    } while (v);
    buf_append(b, c, (size_t)n);
}

static uint64_t get_varint(const unsigned char **p)
{
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
        unsigned char c = *(*p)++;
        v |= (uint64_t)(c & 0x7F) << shift;
        if (!(c & 0x80)) return v;
    }
}

static void deflate_into(const void *data, size_t len, buf *out)
{
    uLongf n = compressBound((uLong)len);
    buf_clear(out);
    buf_reserve(out, n);
    if (compress2((Bytef *)out->data, &n, data, (uLong)len, 9) != Z_OK) abort();
    out->len = n;
}

/* ---- terms ---- */

static uint32_t term_id(search_index *si, const char *s, size_t len)
{
    if (si->nterms * 2 >= si->table_size) {
        size_t size = si->table_size ? si->table_size * 2 : 1 << 16;
        uint32_t *t = calloc(size, sizeof *t);
        if (!t) abort();
        for (size_t i = 0; i < si->nterms; i++) {
            size_t h = fnv1a64(si->terms[i].s, si->terms[i].len) & (size - 1);
            while (t[h]) h = (h + 1) & (size - 1);
            t[h] = (uint32_t)i + 1;
        }
        free(si->table);
        si->table = t;
        si->table_size = size;
    }
    size_t h = fnv1a64(s, len) & (si->table_size - 1);
    for (; si->table[h]; h = (h + 1) & (si->table_size - 1)) {
        term *t = &si->terms[si->table[h] - 1];
        if (t->len == len && memcmp(t->s, s, len) == 0) return si->table[h] - 1;
    }
    if (si->nterms == si->cap_terms) {
        si->cap_terms = si->cap_terms ? si->cap_terms * 2 : 4096;
        si->terms = realloc(si->terms, si->cap_terms * sizeof *si->terms);
        if (!si->terms) abort();
    }
    term *t = &si->terms[si->nterms];
    *t = (term){ .s = strndup(s, len), .len = (uint32_t)len, .last_doc = -1, .post = BUF_INIT };
    if (!t->s) abort();
    si->table[h] = (uint32_t)si->nterms + 1;
    return (uint32_t)si->nterms++;
}

search_index *search_index_new(search_norm *n)
{
    search_index *si = calloc(1, sizeof *si);
    if (!si) abort();
    si->norm = n;
    si->alphabet = calloc(ALPHABET_CPS, 1);
    if (!si->alphabet) abort();
    si->kind = json_array();
    si->year = json_array();
    si->prov = json_array();
    si->agency = json_array();
    si->len = json_array();
    si->provinces = json_array();
    si->pages = json_array();
    si->agencies = json_array();
    si->prov_ids = json_object();
    si->agency_ids = json_object();
    return si;
}

void search_index_free(search_index *si)
{
    if (!si) return;
    for (size_t i = 0; i < si->nterms; i++) {
        free(si->terms[i].s);
        buf_free(&si->terms[i].post);
    }
    for (size_t i = 0; i < si->ndocs; i++) buf_free(&si->frags[i]);
    json_decref(si->anchors);
    json_t *all[] = { si->kind, si->year, si->prov, si->agency, si->len, si->provinces,
                      si->pages, si->agencies, si->prov_ids, si->agency_ids };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) json_decref(all[i]);
    free(si->frags);
    free(si->terms);
    free(si->table);
    free(si->occs);
    free(si->alphabet);
    free(si->scratch);
    free(si->scratch_pos);
    free(si);
}

/* ---- adding a document ---- */

static void note_alphabet(search_index *si, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0) break;
        if (c < ALPHABET_CPS) si->alphabet[c] = 1;
        i += (size_t)k;
    }
}

static void on_token(void *ctx, const search_token *t)
{
    search_index *si = ctx;
    if (si->nocc == si->cap_occ) {
        si->cap_occ = si->cap_occ ? si->cap_occ * 2 : 8192;
        si->occs = realloc(si->occs, si->cap_occ * sizeof *si->occs);
        if (!si->occs) abort();
    }
    note_alphabet(si, t->term, t->len);
    si->occs[si->nocc++] = (occ){ term_id(si, t->term, t->len), si->slot, t->pos * 2 + t->after_sep };
}

static int by_term_slot_pos(const void *x, const void *y)
{
    const occ *a = x, *b = y;
    if (a->term != b->term) return a->term < b->term ? -1 : 1;
    if (a->slot != b->slot) return a->slot < b->slot ? -1 : 1;
    return a->v < b->v ? -1 : a->v > b->v;
}

/* The document's occurrences, sorted, appended to their terms' postings. */
static void flush_occs(search_index *si, uint32_t doc)
{
    qsort(si->occs, si->nocc, sizeof *si->occs, by_term_slot_pos);
    for (size_t i = 0; i < si->nocc;) {
        term *t = &si->terms[si->occs[i].term];
        size_t end = i, nslots = 0;
        for (uint32_t slot = UINT32_MAX; end < si->nocc && si->occs[end].term == si->occs[i].term; end++)
            if (si->occs[end].slot != slot) { slot = si->occs[end].slot; nslots++; }
        put_varint(&t->post, (uint64_t)((int64_t)doc - t->last_doc - 1));
        put_varint(&t->post, nslots);
        for (size_t j = i; j < end;) {
            size_t k = j;
            while (k < end && si->occs[k].slot == si->occs[j].slot) k++;
            put_varint(&t->post, si->occs[j].slot);
            put_varint(&t->post, k - j);
            for (size_t m = j, prev = 0; m < k; prev = si->occs[m].v, m++)
                put_varint(&t->post, si->occs[m].v - prev);
            j = k;
        }
        t->last_doc = doc;
        t->ndocs++;
        i = end;
    }
    si->nocc = 0;
}

/* The index of NAME in LIST (through IDS), added when new; 0 for NULL. */
static int intern(json_t *list, json_t *ids, const char *key, json_t *value)
{
    if (!key || !*key) {
        json_decref(value);
        return 0;
    }
    json_t *id = json_object_get(ids, key);
    if (id) {
        json_decref(value);
        return (int)json_integer_value(id);
    }
    json_array_append_new(list, value);
    int n = (int)json_array_size(list);
    json_object_set_new(ids, key, json_integer(n));
    return n;
}

static void add_fragment(search_index *si, const search_doc *doc)
{
    json_t *slots = json_array();
    for (int s = 0; s < SEARCH_SLOTS; s++)
        if (doc->slot_text[s] && *doc->slot_text[s])
            json_array_append_new(slots, json_pack("[i, s?, s]", s, doc->slot_anchor[s], doc->slot_text[s]));
    char *text = json_dumps(slots, JSON_COMPACT);
    json_decref(slots);
    if (!text) abort();
    if (si->ndocs == si->cap_docs) {
        si->cap_docs = si->cap_docs ? si->cap_docs * 2 : 256;
        si->frags = realloc(si->frags, si->cap_docs * sizeof *si->frags);
        if (!si->frags) abort();
    }
    si->frags[si->ndocs] = BUF_INIT;
    deflate_into(text, strlen(text), &si->frags[si->ndocs]);
    free(text);
}

static void add_meta(search_index *si, const search_doc *doc, uint32_t length)
{
    int prov = intern(si->provinces, si->prov_ids, doc->province,
                      doc->province ? json_string(doc->province) : NULL);
    int agency = intern(si->agencies, si->agency_ids, doc->agency_slug,
                        doc->agency_slug ? json_pack("[s, s, i]", doc->agency ? doc->agency : "",
                                                     doc->agency_slug, prov) : NULL);
    int ref = agency;
    if (doc->kind == SK_REGION || doc->kind == SK_PAGE) {
        json_array_append_new(si->pages, json_pack("[s, s]", doc->url, doc->title ? doc->title : ""));
        ref = (int)json_array_size(si->pages);
    }
    json_array_append_new(si->kind, json_integer(doc->kind));
    json_array_append_new(si->year, json_integer(doc->year));
    json_array_append_new(si->prov, json_integer(prov));
    json_array_append_new(si->agency, json_integer(ref));
    json_array_append_new(si->len, json_integer(length));
    si->total_len += length;
}

typedef struct slot_len {
    search_index *si;
    uint32_t max;
} slot_len;

static void count_token(void *ctx, const search_token *t)
{
    slot_len *l = ctx;
    if (t->pos + 1 > l->max) l->max = t->pos + 1;
    on_token(l->si, t);
}

void search_index_add(search_index *si, const search_doc *doc)
{
    if (doc->kind == SK_REPORT && !si->anchors) {
        si->anchors = json_array();
        for (int s = 0; s < SEARCH_SLOTS; s++)
            json_array_append_new(si->anchors, json_string(doc->slot_anchor[s] ? doc->slot_anchor[s] : ""));
    }
    uint32_t length = 0;
    buf norm = BUF_INIT;
    for (int s = 0; s < SEARCH_SLOTS; s++) {
        const char *text = doc->slot_text[s];
        if (!text || !*text) continue;
        buf_clear(&norm);
        search_norm_text(si->norm, text, strlen(text), &norm);
        si->slot = (uint32_t)s;
        slot_len l = { si, 0 };
        search_tokens(norm.data, norm.len, count_token, &l);
        length += l.max;
    }
    buf_free(&norm);
    add_fragment(si, doc);
    add_meta(si, doc, length);
    flush_occs(si, (uint32_t)si->ndocs);
    si->ndocs++;
}

/* ---- reading postings back, for tests ---- */

size_t search_index_postings(search_index *si, const char *s, search_posting **out)
{
    size_t h = si->table_size ? fnv1a64(s, strlen(s)) & (si->table_size - 1) : 0;
    term *t = NULL;
    for (; si->table_size && si->table[h]; h = (h + 1) & (si->table_size - 1)) {
        term *c = &si->terms[si->table[h] - 1];
        if (c->len == strlen(s) && memcmp(c->s, s, c->len) == 0) t = c;
    }
    *out = NULL;
    if (!t) return 0;
    size_t n = 0, npos = 0;
    for (const unsigned char *p = (const unsigned char *)t->post.data,
         *end = p + t->post.len; p < end;) {
        get_varint(&p);
        for (uint64_t k = get_varint(&p); k > 0; k--, n++) {
            get_varint(&p);
            for (uint64_t c = get_varint(&p); c > 0; c--, npos++) get_varint(&p);
        }
    }
    free(si->scratch);
    free(si->scratch_pos);
    si->scratch = calloc(n ? n : 1, sizeof *si->scratch);
    si->scratch_pos = calloc(npos ? npos : 1, sizeof *si->scratch_pos);
    if (!si->scratch || !si->scratch_pos) abort();
    int64_t doc = -1;
    size_t i = 0, j = 0;
    for (const unsigned char *p = (const unsigned char *)t->post.data,
         *end = p + t->post.len; p < end;) {
        doc += (int64_t)get_varint(&p) + 1;
        for (uint64_t k = get_varint(&p); k > 0; k--, i++) {
            search_posting *sp = &si->scratch[i];
            sp->doc = (uint32_t)doc;
            sp->slot = (uint32_t)get_varint(&p);
            sp->count = (uint32_t)get_varint(&p);
            sp->pos = si->scratch_pos + j;
            for (uint32_t c = 0, v = 0; c < sp->count; c++) {
                v += (uint32_t)get_varint(&p);
                si->scratch_pos[j++] = v;
            }
        }
    }
    *out = si->scratch;
    return n;
}

/* ---- writing ---- */

typedef struct writer {
    search_write_fn fn;
    void *ctx;
    search_stats *st;
    json_t *assets;
    buf z;
} writer;

/* Deflates DATA and writes it as search/DIR/NAME.HASH.bin (search/DIR/
 * HASH.bin when NAME is ""); the site-relative URL goes to *URL
 * (malloc'd) when asked. */
static int write_hashed(writer *w, const char *dir, const char *name, const void *data, size_t len,
                        char **url)
{
    deflate_into(data, len, &w->z);
    char print[9];
    fingerprint(w->z.data, w->z.len, print);
    buf path = BUF_INIT;
    buf_printf(&path, "search/%s%s%s%s.bin", dir, name, *name ? "." : "", print);
    int rc = w->fn(w->ctx, path.data, w->z.data, w->z.len);
    w->st->files++;
    w->st->bytes += w->z.len;
    if (url) {
        buf u = BUF_INIT;
        buf_printf(&u, "/%s", path.data);
        *url = buf_detach(&u, NULL);
    }
    buf_free(&path);
    return rc;
}

static int write_json(writer *w, const char *name, json_t *j, const char *asset)
{
    char *text = json_dumps(j, JSON_COMPACT);
    if (!text) abort();
    char *url = NULL;
    int rc = write_hashed(w, "", name, text, strlen(text), &url);
    if (asset) json_object_set_new(w->assets, asset, json_string(url));
    free(url);
    free(text);
    return rc;
}

static int by_bytes(const void *x, const void *y)
{
    const term *a = *(term *const *)x, *b = *(term *const *)y;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->s, b->s, n);
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* Shards of the sorted terms; their first terms and names in the manifest. */
static int write_shards(search_index *si, writer *w, size_t shard_bytes, json_t *firsts, json_t *names)
{
    term **order = malloc((si->nterms ? si->nterms : 1) * sizeof *order);
    if (!order) abort();
    for (size_t i = 0; i < si->nterms; i++) order[i] = &si->terms[i];
    qsort(order, si->nterms, sizeof *order, by_bytes);
    int rc = 0;
    buf shard = BUF_INIT, body = BUF_INIT;
    for (size_t i = 0; i < si->nterms && rc == 0;) {
        size_t first = i, n = 0;
        buf_clear(&body);
        do {
            term *t = order[i];
            put_varint(&body, t->len);
            buf_append(&body, t->s, t->len);
            buf tmp = BUF_INIT;
            put_varint(&tmp, t->ndocs);
            put_varint(&body, tmp.len + t->post.len);
            buf_append(&body, tmp.data, tmp.len);
            buf_append(&body, t->post.data, t->post.len);
            buf_free(&tmp);
            i++;
            n++;
        } while (i < si->nterms && body.len + order[i]->post.len < shard_bytes);
        buf_clear(&shard);
        put_varint(&shard, n);
        buf_append(&shard, body.data, body.len);
        char *url = NULL;
        rc = write_hashed(w, "s/", "", shard.data, shard.len, &url);
        json_array_append_new(firsts, json_stringn(order[first]->s, order[first]->len));
        const char *name = strrchr(url, '/') + 1;
        json_array_append_new(names, json_stringn(name, strlen(name) - 4));
        free(url);
        w->st->shards++;
    }
    buf_free(&shard);
    buf_free(&body);
    free(order);
    return rc;
}

/* Every fragment under f/HASH/, HASH over all of them; the folder in *DIR. */
static int write_fragments(search_index *si, writer *w, char **dir)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < si->ndocs; i++) h = h * 31 + fnv1a64(si->frags[i].data, si->frags[i].len);
    buf d = BUF_INIT;
    buf_printf(&d, "search/f/%08llx/", (unsigned long long)(h & 0xffffffffULL));
    int rc = 0;
    buf path = BUF_INIT;
    for (size_t i = 0; i < si->ndocs && rc == 0; i++) {
        buf_clear(&path);
        buf_printf(&path, "%s%zu.bin", d.data, i);
        rc = w->fn(w->ctx, path.data, si->frags[i].data, si->frags[i].len);
        w->st->files++;
        w->st->bytes += si->frags[i].len;
    }
    buf_free(&path);
    buf_clear(&path);
    buf_printf(&path, "/%s", d.data);
    *dir = buf_detach(&path, NULL);
    buf_free(&d);
    return rc;
}

static int write_norm(search_index *si, writer *w)
{
    size_t count = 0;
    for (int32_t c = 0; c < ALPHABET_CPS; c++) count += si->alphabet[c];
    int32_t *alpha = malloc((count ? count : 1) * sizeof *alpha);
    if (!alpha) abort();
    for (int32_t c = 0, k = 0; c < ALPHABET_CPS; c++)
        if (si->alphabet[c]) alpha[k++] = c;
    json_t *t = search_norm_table(si->norm, alpha, count);
    int rc = write_json(w, "n", t, "search_norm");
    json_decref(t);
    free(alpha);
    return rc;
}

int search_index_write(search_index *si, size_t shard_bytes, search_write_fn fn, void *ctx,
                       json_t *assets, search_stats *st, diag *d)
{
    (void)d;
    *st = (search_stats){ .docs = si->ndocs, .terms = si->nterms };
    writer w = { fn, ctx, st, assets, BUF_INIT };
    json_t *firsts = json_array(), *names = json_array();
    char *frag_dir = NULL;
    int rc = write_shards(si, &w, shard_bytes, firsts, names);
    if (rc == 0) rc = write_fragments(si, &w, &frag_dir);
    if (rc == 0) rc = write_norm(si, &w);
    json_t *docs = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "kind", si->kind, "year", si->year,
                             "prov", si->prov, "ref", si->agency, "len", si->len,
                             "provinces", si->provinces, "pages", si->pages);
    if (rc == 0) rc = write_json(&w, "d", docs, "search_docs");
    if (rc == 0) rc = write_json(&w, "a", si->agencies, "search_agencies");
    json_t *manifest = json_pack("{s:i, s:I, s:f, s:o, s:s, s:o, s:s?, s:O?}", "v", 1,
                                 "docs", (json_int_t)si->ndocs,
                                 "avglen", si->ndocs ? si->total_len / (double)si->ndocs : 0.0,
                                 "first", firsts, "dir", "/search/s/", "shards", names,
                                 "frag", frag_dir, "anchors", si->anchors);
    if (rc == 0) rc = write_json(&w, "i", manifest, "search_index");
    json_decref(manifest);
    json_decref(docs);
    free(frag_dir);
    buf_free(&w.z);
    return rc;
}
