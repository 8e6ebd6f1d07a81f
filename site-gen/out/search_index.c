/*
 * search_index.c: the postings of the search index and the files they
 * are written to (search.h).
 *
 * Documents are added one at a time.  Each slot is normalised and cut
 * into tokens; the document's tokens are sorted by term, and each term's
 * postings grow by one entry, already in the byte form the files use:
 *
 *   entry   = doc-delta weight size (slot size pos-delta*)*   all varints
 *
 * where weight is the term's count in the document, each occurrence
 * weighed by its slot (WEIGHT2, doubled), times 2, plus 1 when one
 * stands in the title or agency; a position is pos * 2 + (1 when a
 * separator stands before it); and each size is the bytes that follow
 * it, of the document's slots or of the slot's positions.  So the script
 * reads a document's weight (its BM25 count) and whether the term names
 * it without decoding a position, and decodes only the positions a
 * phrase is checked against, skipping the rest, and those only up to
 * the first match until a result is shown.  Holding postings as bytes
 * from the start keeps a 10,000-report build within a few hundred
 * megabytes.
 *
 * The files are cut so that a query fetches what it needs and little
 * else: nothing whose size grows with the number of documents is fetched
 * whole.  All are under search/, all zlib-deflated (the script inflates
 * them with DecompressionStream), in families: X/HASH/K.bin, K the
 * file's number in its family and HASH a hash over every file of the
 * family, so that a host may cache them for ever.
 *
 *   i.HASH.bin    the manifest, the one file every query reads (a few
 *                 hundred bytes): the number of documents and their mean
 *                 length, the provinces, a report's slot anchors and
 *                 the slots' weights, and for each family its folder and what says which file
 *                 holds what: the number of shards, the blocks of the
 *                 normalisation table.
 *   s/            shards: each term in shard FNV-1a(term) mod the number
 *                 of shards, with its postings ("ndocs entry*").  The
 *                 script finds a term's shard by the same sum, so a
 *                 query fetches its shards at once, with no table of
 *                 terms in between; the number of shards is chosen so
 *                 that one holds about SHARD_BYTES of postings.
 *   d/            the document table, by column (varints): kind, year,
 *                 province, agency (as the difference from the one
 *                 before), length.  One file when it deflates to
 *                 TABLE_WHOLE bytes or less (about one byte a document:
 *                 60,000 documents), which the search page fetches while
 *                 the reader types, in one request; else DOCS documents
 *                 a chunk, fetched for the documents a query scores.
 *   a/            the agencies, sorted by slug, AGENCIES a chunk: name
 *                 and slug.  Fetched for the agencies a filter lists.
 *   a.HASH.bin    the first slug of each agency chunk, fetched when the
 *                 URL names an agency to filter by.
 *   n/            the normalisation table (search_norm_table) by blocks
 *                 of 1024 code points, fetched for a query's characters.
 *   n.HASH.bin    the whole table too, when it deflates to NORM_WHOLE
 *                 bytes or less (about 12 kB for 10,000 reports): the
 *                 search page fetches it with the manifest, so that a
 *                 query waits for no block.
 *   f/            one per document: its URL, its agency or title, its
 *                 text by slot and the normal forms of the characters
 *                 of that text that change its tokens, so a snippet
 *                 needs nothing else.  Fetched for the results shown.
 *                 A slot that is a form (search.h: a table) holds only
 *                 its values, separated by spaces, when its form is the
 *                 one of k.HASH.bin.
 *   k.HASH.bin    the forms: for each slot that has one, the text
 *                 between its blanks.  Fetched when a result's snippet
 *                 comes from such a slot.
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

/* A document as the table holds it; PROV and REF are an index + 1, 0 for none. */
typedef struct doc_meta {
    uint32_t kind, year, prov, ref, len;
} doc_meta;

/* The deflated files of one family (above), in order. */
typedef struct family {
    buf *items;
    size_t n, cap;
} family;

enum { ALPHABET_CPS = 0x40000, NORM_BLOCK_BITS = 10, NORM_WHOLE = 32 << 10 };

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
    doc_meta *meta;
    size_t ndocs, cap_docs;
    family texts;               /* each document's text, for snippets */
    char *forms[SEARCH_SLOTS];  /* the form of each slot, as the first document had it */
    json_t *provinces, *agencies;   /* names; [name, slug] in the order first seen */
    json_t *prov_ids, *agency_ids;  /* name -> index + 1, slug -> index + 1 */
    double total_len;
    json_t *anchors;            /* a report's slot anchors, from the first report */
    buf block, slot_block;      /* an entry's slots, a slot's positions, being written */
    search_posting *scratch;    /* for search_index_postings */
    uint32_t *scratch_pos;
};

/* Each slot's weight, doubled (the title 4, the agency 3, prose 1, the
 * tables 0.5): the script has them from the manifest. */
static const unsigned WEIGHT2[SEARCH_SLOTS] = { 8, 6, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1 };

/* ---- varints, deflate, families ---- */

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

static void family_add(family *f, const void *data, size_t len)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 64;
        f->items = realloc(f->items, f->cap * sizeof *f->items);
        if (!f->items) abort();
    }
    f->items[f->n] = BUF_INIT;
    deflate_into(data, len, &f->items[f->n++]);
}

static void family_add_json(family *f, json_t *j)
{
    char *text = json_dumps(j, JSON_COMPACT);
    if (!text) abort();
    family_add(f, text, strlen(text));
    free(text);
}

static void family_free(family *f)
{
    for (size_t i = 0; i < f->n; i++) buf_free(&f->items[i]);
    free(f->items);
    *f = (family){0};
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
    si->provinces = json_array();
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
    family_free(&si->texts);
    for (int s = 0; s < SEARCH_SLOTS; s++) free(si->forms[s]);
    json_decref(si->anchors);
    json_decref(si->provinces);
    json_decref(si->agencies);
    json_decref(si->prov_ids);
    json_decref(si->agency_ids);
    free(si->meta);
    free(si->terms);
    free(si->table);
    free(si->occs);
    free(si->alphabet);
    buf_free(&si->block);
    buf_free(&si->slot_block);
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
        size_t end = i;
        uint64_t weight = 0;
        bool named = false;
        buf_clear(&si->block);
        for (; end < si->nocc && si->occs[end].term == si->occs[i].term; end++) {
            weight += WEIGHT2[si->occs[end].slot];
            named |= si->occs[end].slot <= SLOT_AGENCY;
        }
        for (size_t j = i; j < end;) {
            size_t k = j;
            buf_clear(&si->slot_block);
            for (uint32_t prev = 0; k < end && si->occs[k].slot == si->occs[j].slot; prev = si->occs[k].v, k++)
                put_varint(&si->slot_block, si->occs[k].v - prev);
            put_varint(&si->block, si->occs[j].slot);
            put_varint(&si->block, si->slot_block.len);
            buf_append(&si->block, si->slot_block.data, si->slot_block.len);
            j = k;
        }
        put_varint(&t->post, (uint64_t)((int64_t)doc - t->last_doc - 1));
        put_varint(&t->post, weight * 2 + named);
        put_varint(&t->post, si->block.len);
        buf_append(&t->post, si->block.data, si->block.len);
        t->last_doc = doc;
        t->ndocs++;
        i = end;
    }
    si->nocc = 0;
}

/* The index + 1 of KEY in LIST (through IDS), VALUE added when new; 0
 * (and VALUE dropped) for NULL or "". */
static uint32_t intern(json_t *list, json_t *ids, const char *key, json_t *value)
{
    if (!key || !*key) {
        json_decref(value);
        return 0;
    }
    json_t *id = json_object_get(ids, key);
    if (id) {
        json_decref(value);
        return (uint32_t)json_integer_value(id);
    }
    json_array_append_new(list, value);
    uint32_t n = (uint32_t)json_array_size(list);
    json_object_set_new(ids, key, json_integer(n));
    return n;
}

/* The normal forms that the snippet of TEXT needs, into MAP. */
static void note_forms(search_index *si, const char *text, json_t *map)
{
    for (size_t i = 0, len = strlen(text); i < len;) {
        int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0) { i++; continue; }
        const char *f = search_norm_token_cp(si->norm, c);
        if (f) json_object_setn_new(map, text + i, (size_t)k, json_string(f));
        i += (size_t)k;
    }
}

/* FORM with its blanks filled by VALUES (search.h), into OUT; with
 * SPACED, the values alone, a space between each, into OUT instead. */
static void fill_form(const char *form, const char *values, bool spaced, buf *out)
{
    buf_clear(out);
    const char *v = values;
    for (const char *p = form; *p; p++) {
        if (*p != SEARCH_BLANK) {
            if (!spaced) buf_putc(out, *p);
            continue;
        }
        const char *end = strchr(v, SEARCH_BLANK);
        size_t n = end ? (size_t)(end - v) : strlen(v);
        if (spaced && out->len) buf_putc(out, ' ');
        buf_append(out, v, n);
        v = end ? end + 1 : v + n;
    }
}

/* The document's file for snippets and its line in the results: TEXT[s]
 * is slot s as indexed. */
static void add_text(search_index *si, const search_doc *doc, const buf text[SEARCH_SLOTS])
{
    json_t *slots = json_array(), *values = json_array(), *forms = json_object();
    buf b = BUF_INIT;
    for (int s = 0; s < SEARCH_SLOTS; s++) {
        if (!text[s].len) continue;
        note_forms(si, text[s].data, forms);
        const char *form = doc->slot_values[s] ? doc->slot_text[s] : NULL;
        if (form && !si->forms[s] && !(si->forms[s] = strdup(form))) abort();
        if (form && strcmp(form, si->forms[s]) == 0) {
            fill_form(form, doc->slot_values[s], true, &b);
            json_array_append_new(values, json_pack("[i, s]", s, b.data));
        } else {
            json_array_append_new(slots, json_pack("[i, s]", s, text[s].data));
        }
    }
    buf_free(&b);
    bool agency = doc->kind == SK_REPORT || doc->kind == SK_AGENCY;
    const char *name = agency ? doc->agency : doc->title;
    json_t *f = json_pack("{s:s, s:s, s:o, s:o}", "u", doc->url ? doc->url : "/", agency ? "a" : "t",
                          name ? name : "", "n", forms, "s", slots);
    if (json_array_size(values)) json_object_set(f, "v", values);
    json_decref(values);
    if (!f) abort();
    family_add_json(&si->texts, f);
    json_decref(f);
}

static void add_meta(search_index *si, const search_doc *doc, uint32_t length)
{
    uint32_t prov = intern(si->provinces, si->prov_ids, doc->province,
                           doc->province ? json_string(doc->province) : NULL);
    uint32_t ref = 0;
    if (doc->kind == SK_REPORT || doc->kind == SK_AGENCY)
        ref = intern(si->agencies, si->agency_ids, doc->agency_slug,
                     doc->agency_slug ? json_pack("[s, s]", doc->agency ? doc->agency : "", doc->agency_slug)
                                      : NULL);
    if (si->ndocs == si->cap_docs) {
        si->cap_docs = si->cap_docs ? si->cap_docs * 2 : 256;
        si->meta = realloc(si->meta, si->cap_docs * sizeof *si->meta);
        if (!si->meta) abort();
    }
    si->meta[si->ndocs] = (doc_meta){ (uint32_t)doc->kind, doc->year > 0 ? (uint32_t)doc->year : 0,
                                      prov, ref, length };
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
    buf norm = BUF_INIT, text[SEARCH_SLOTS];
    for (int s = 0; s < SEARCH_SLOTS; s++) {
        text[s] = BUF_INIT;
        if (!doc->slot_text[s] || !*doc->slot_text[s]) continue;
        if (doc->slot_values[s]) fill_form(doc->slot_text[s], doc->slot_values[s], false, &text[s]);
        else buf_puts(&text[s], doc->slot_text[s]);
        buf_clear(&norm);
        search_norm_text(si->norm, text[s].data, text[s].len, &norm);
        si->slot = (uint32_t)s;
        slot_len l = { si, 0 };
        search_tokens(norm.data, norm.len, count_token, &l);
        length += l.max;
    }
    buf_free(&norm);
    add_text(si, doc, text);
    for (int s = 0; s < SEARCH_SLOTS; s++) buf_free(&text[s]);
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
        get_varint(&p);
        size_t size = get_varint(&p);
        for (const unsigned char *slots = p + size; p < slots; n++) {
            get_varint(&p);
            size = get_varint(&p);
            for (const unsigned char *pos = p + size; p < pos; npos++) get_varint(&p);
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
        uint64_t weight = get_varint(&p);
        size_t size = get_varint(&p);
        for (const unsigned char *slots = p + size; p < slots; i++) {
            search_posting *sp = &si->scratch[i];
            sp->doc = (uint32_t)doc;
            sp->weight = (uint32_t)(weight >> 1);
            sp->named = weight & 1;
            sp->slot = (uint32_t)get_varint(&p);
            sp->pos = si->scratch_pos + j;
            sp->count = 0;
            size = get_varint(&p);
            for (const unsigned char *pos = p + size; p < pos; sp->count++)
                si->scratch_pos[j++] = (sp->count ? sp->pos[sp->count - 1] : 0) + (uint32_t)get_varint(&p);
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
} writer;

static int write_file(writer *w, const char *path, const buf *data)
{
    w->st->files++;
    w->st->bytes += data->len;
    return w->fn(w->ctx, path, data->data, data->len);
}

/* Every file of F as search/DIR/HASH/K.bin, K its number or NAMES[K];
 * the folder's site-relative URL ("/search/DIR/HASH/") in *URL. */
static int family_write(writer *w, const char *dir, const family *f, const uint32_t *names, char **url)
{
    buf all = BUF_INIT;
    for (size_t i = 0; i < f->n; i++) {
        uint64_t h[2] = { fnv1a64(f->items[i].data, f->items[i].len), names ? names[i] : i };
        buf_append(&all, h, sizeof h);
    }
    char print[9];
    fingerprint(all.data, all.len, print);
    buf_free(&all);
    buf path = BUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < f->n && rc == 0; i++) {
        buf_clear(&path);
        buf_printf(&path, "search/%s/%s/%zu.bin", dir, print, names ? (size_t)names[i] : i);
        rc = write_file(w, path.data, &f->items[i]);
    }
    buf_clear(&path);
    buf_printf(&path, "/search/%s/%s/", dir, print);
    *url = buf_detach(&path, NULL);
    return rc;
}

/* J as the file search/NAME.HASH.bin when it deflates to at most MAX
 * bytes, its site-relative URL in *URL; else nothing is written and
 * *URL is NULL. */
static int write_single_within(writer *w, const char *name, json_t *j, size_t max, char **url)
{
    char *text = json_dumps(j, JSON_COMPACT);
    if (!text) abort();
    buf z = BUF_INIT, path = BUF_INIT;
    deflate_into(text, strlen(text), &z);
    free(text);
    *url = NULL;
    if (z.len > max) {
        buf_free(&z);
        return 0;
    }
    char print[9];
    fingerprint(z.data, z.len, print);
    buf_printf(&path, "/search/%s.%s.bin", name, print);
    int rc = write_file(w, path.data + 1, &z);
    buf_free(&z);
    *url = buf_detach(&path, NULL);
    return rc;
}

/* J as the file search/NAME.HASH.bin; its site-relative URL in *URL. */
static int write_single(writer *w, const char *name, json_t *j, char **url)
{
    return write_single_within(w, name, j, SIZE_MAX, url);
}

static int by_bytes(const void *x, const void *y)
{
    const term *a = *(term *const *)x, *b = *(term *const *)y;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->s, b->s, n);
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* The number of shards: one per SHARD_BYTES of postings, and one more
 * for each term at least that large, so that such a term seldom shares
 * its shard with another as large. */
static size_t shard_count(const search_index *si, size_t shard_bytes)
{
    uint64_t total = 0;
    size_t large = 0;
    for (size_t i = 0; i < si->nterms; i++) {
        total += si->terms[i].post.len;
        large += si->terms[i].post.len >= shard_bytes;
    }
    return (size_t)(total / shard_bytes) + large + 1;
}

/* The shard of a term: FNV-1a of its UTF-8 bytes, modulo the number of
 * shards, which the script computes the same way. */
static size_t shard_of(const term *t, size_t nshards)
{
    return (size_t)(fnv1a64(t->s, t->len) % nshards);
}

/* Each term into its shard (in code point order inside it), into SHARDS. */
static void cut_shards(search_index *si, size_t nshards, family *shards)
{
    term **order = malloc((si->nterms ? si->nterms : 1) * sizeof *order);
    size_t *count = calloc(nshards + 1, sizeof *count);
    if (!order || !count) abort();
    for (size_t i = 0; i < si->nterms; i++) count[shard_of(&si->terms[i], nshards) + 1]++;
    for (size_t k = 0; k < nshards; k++) count[k + 1] += count[k];
    for (size_t i = 0; i < si->nterms; i++) order[count[shard_of(&si->terms[i], nshards)]++] = &si->terms[i];
    buf shard = BUF_INIT, body = BUF_INIT, head = BUF_INIT;
    for (size_t k = 0, first = 0; k < nshards; first = count[k++]) {
        size_t n = count[k] - first;
        qsort(order + first, n, sizeof *order, by_bytes);
        buf_clear(&body);
        for (size_t i = first; i < count[k]; i++) {
            term *t = order[i];
            put_varint(&body, t->len);
            buf_append(&body, t->s, t->len);
            buf_clear(&head);
            put_varint(&head, t->ndocs);
            put_varint(&body, head.len + t->post.len);
            buf_append(&body, head.data, head.len);
            buf_append(&body, t->post.data, t->post.len);
        }
        buf_clear(&shard);
        put_varint(&shard, n);
        buf_append(&shard, body.data, body.len);
        family_add(shards, shard.data, shard.len);
    }
    buf_free(&shard);
    buf_free(&body);
    buf_free(&head);
    free(count);
    free(order);
}

/* The shards: the manifest's "shards" ({"dir", "n"}). */
static int write_terms(search_index *si, writer *w, size_t shard_bytes, json_t *manifest)
{
    family shards = {0};
    size_t n = shard_count(si, shard_bytes);
    cut_shards(si, n, &shards);
    char *dir = NULL;
    int rc = family_write(w, "s", &shards, NULL, &dir);
    w->st->shards = shards.n;
    json_object_set_new(manifest, "shards", json_pack("{s:s, s:I}", "dir", dir ? dir : "", "n", (json_int_t)n));
    free(dir);
    family_free(&shards);
    return rc;
}

typedef struct slug_at {
    const char *slug;
    size_t index;
} slug_at;

static int by_slug(const void *x, const void *y)
{
    return strcmp(((const slug_at *)x)->slug, ((const slug_at *)y)->slug);
}

/* The agencies sorted by slug, in chunks of PER; REMAP[old index] is the
 * new index + 1. */
static int write_agencies(search_index *si, writer *w, size_t per, uint32_t *remap, json_t *manifest)
{
    size_t n = json_array_size(si->agencies);
    slug_at *order = malloc((n ? n : 1) * sizeof *order);
    if (!order) abort();
    for (size_t i = 0; i < n; i++)
        order[i] = (slug_at){ json_string_value(json_array_get(json_array_get(si->agencies, i), 1)), i };
    qsort(order, n, sizeof *order, by_slug);
    family chunks = {0};
    json_t *firsts = json_array();
    for (size_t c = 0; c < n; c += per) {
        json_t *chunk = json_array();
        for (size_t i = c; i < c + per && i < n; i++) {
            json_array_append(chunk, json_array_get(si->agencies, order[i].index));
            remap[order[i].index] = (uint32_t)i + 1;
        }
        json_array_append(firsts, json_array_get(json_array_get(chunk, 0), 1));
        family_add_json(&chunks, chunk);
        json_decref(chunk);
    }
    char *dir = NULL, *first = NULL;
    int rc = family_write(w, "a", &chunks, NULL, &dir);
    if (rc == 0) rc = write_single(w, "a", firsts, &first);
    w->st->agency_chunks = chunks.n;
    json_object_set_new(manifest, "agencies", json_pack("{s:s, s:s, s:I}", "dir", dir, "first", first ? first : "",
                                                         "per", (json_int_t)per));
    json_decref(firsts);
    free(dir);
    free(first);
    free(order);
    family_free(&chunks);
    return rc;
}

static uint64_t zigzag(int64_t v)
{
    return v < 0 ? ((uint64_t)(-(v + 1)) << 1) | 1 : (uint64_t)v << 1;
}

/* The document table in chunks of PER documents, column by column. */
/* The document table in chunks of PER documents, into CHUNKS; their bytes. */
static size_t table_chunks(search_index *si, size_t per, const uint32_t *remap, family *chunks)
{
    buf b = BUF_INIT;
    for (size_t c = 0; c < si->ndocs; c += per) {
        size_t end = c + per < si->ndocs ? c + per : si->ndocs;
        buf_clear(&b);
        put_varint(&b, end - c);
        for (size_t i = c; i < end; i++) put_varint(&b, si->meta[i].kind);
        for (size_t i = c; i < end; i++) put_varint(&b, si->meta[i].year);
        for (size_t i = c; i < end; i++) put_varint(&b, si->meta[i].prov);
        int64_t prev = 0;
        for (size_t i = c; i < end; i++) {
            int64_t ref = si->meta[i].ref ? remap[si->meta[i].ref - 1] : 0;
            put_varint(&b, zigzag(ref - prev));
            prev = ref;
        }
        for (size_t i = c; i < end; i++) put_varint(&b, si->meta[i].len);
        family_add(chunks, b.data, b.len);
    }
    buf_free(&b);
    size_t bytes = 0;
    for (size_t i = 0; i < chunks->n; i++) bytes += chunks->items[i].len;
    return bytes;
}

/* The document table: whole, in one file, when it deflates to WHOLE
 * bytes or less, else in chunks of PER documents; the manifest's
 * "table" ({"dir", "per", "n", "bytes", "whole"}). */
static int write_table(search_index *si, writer *w, size_t per, size_t whole, const uint32_t *remap,
                       json_t *manifest)
{
    family chunks = {0};
    size_t bytes = table_chunks(si, si->ndocs ? si->ndocs : 1, remap, &chunks);
    bool one = bytes <= whole;
    if (one) {
        per = si->ndocs ? si->ndocs : 1;
    } else {
        family_free(&chunks);
        bytes = table_chunks(si, per, remap, &chunks);
    }
    char *dir = NULL;
    int rc = family_write(w, "d", &chunks, NULL, &dir);
    w->st->doc_chunks = chunks.n;
    json_object_set_new(manifest, "table", json_pack("{s:s, s:I, s:I, s:I, s:b}", "dir", dir, "per", (json_int_t)per,
                                                      "n", (json_int_t)chunks.n, "bytes", (json_int_t)bytes,
                                                      "whole", one));
    free(dir);
    family_free(&chunks);
    return rc;
}

/* The normalisation table by blocks of code points: {"dir", "blocks"}. */
static int write_norm(search_index *si, writer *w, json_t *manifest)
{
    size_t count = 0;
    for (int32_t c = 0; c < ALPHABET_CPS; c++) count += si->alphabet[c];
    int32_t *alpha = malloc((count ? count : 1) * sizeof *alpha);
    if (!alpha) abort();
    for (int32_t c = 0, k = 0; c < ALPHABET_CPS; c++)
        if (si->alphabet[c]) alpha[k++] = c;
    json_t *t = search_norm_table(si->norm, alpha, count);
    free(alpha);
    json_t *blocks = json_object();     /* "block" -> its part of T */
    const char *key;
    json_t *v;
    json_object_foreach(t, key, v) {
        int32_t c;
        utf8proc_iterate((const utf8proc_uint8_t *)key, -1, &c);
        char name[16];
        snprintf(name, sizeof name, "%d", (int)(c >> NORM_BLOCK_BITS));
        json_t *part = json_object_get(blocks, name);
        if (!part) json_object_set_new(blocks, name, part = json_object());
        json_object_set(part, key, v);
    }
    family chunks = {0};
    uint32_t *names = malloc((json_object_size(blocks) + 1) * sizeof *names);
    if (!names) abort();
    json_t *list = json_array();
    for (uint32_t b = 0; b < (ALPHABET_CPS >> NORM_BLOCK_BITS); b++) {
        char name[16];
        snprintf(name, sizeof name, "%u", b);
        json_t *part = json_object_get(blocks, name);
        if (!part) continue;
        names[chunks.n] = b;
        family_add_json(&chunks, part);
        json_array_append_new(list, json_integer(b));
    }
    char *dir = NULL, *whole = NULL;
    int rc = family_write(w, "n", &chunks, names, &dir);
    if (rc == 0) rc = write_single_within(w, "n", t, NORM_WHOLE, &whole);
    w->st->norm_chunks = chunks.n;
    w->st->norm_whole = whole != NULL;
    json_object_set_new(manifest, "norm", json_pack("{s:s, s:o, s:i, s:s?}", "dir", dir, "blocks", list,
                                                     "bits", NORM_BLOCK_BITS, "whole", whole));
    free(dir);
    free(whole);
    free(names);
    family_free(&chunks);
    json_decref(blocks);
    json_decref(t);
    return rc;
}

/* The forms of the slots that have one, as the text between their blanks:
 * the manifest's "forms" ({"url", "slots"}). */
static int write_forms(search_index *si, writer *w, json_t *manifest)
{
    json_t *forms = json_object(), *slots = json_array();
    for (int s = 0; s < SEARCH_SLOTS; s++) {
        if (!si->forms[s]) continue;
        json_t *pieces = json_array();
        for (const char *p = si->forms[s];;) {
            const char *e = strchr(p, SEARCH_BLANK);
            json_array_append_new(pieces, json_stringn(p, e ? (size_t)(e - p) : strlen(p)));
            if (!e) break;
            p = e + 1;
        }
        char key[16];
        snprintf(key, sizeof key, "%d", s);
        json_object_set_new(forms, key, pieces);
        json_array_append_new(slots, json_integer(s));
    }
    int rc = 0;
    if (json_array_size(slots)) {
        char *url = NULL;
        rc = write_single(w, "k", forms, &url);
        w->st->forms = 1;
        json_object_set_new(manifest, "forms", json_pack("{s:s, s:O}", "url", url, "slots", slots));
        free(url);
    }
    json_decref(slots);
    json_decref(forms);
    return rc;
}

/* What the search page fetches with itself, for it to name in its head
 * (so that the browser fetches it while it reads the page, not after its
 * script has run and read the manifest): the manifest at URL, and the
 * normalisation and document tables when each is one file. */
static json_t *preload_list(json_t *m, const char *url)
{
    json_t *list = json_array(), *table = json_object_get(m, "table");
    json_array_append_new(list, json_string(url));
    const char *norm = json_string_value(json_object_get(json_object_get(m, "norm"), "whole"));
    if (norm) json_array_append_new(list, json_string(norm));
    if (json_is_true(json_object_get(table, "whole"))) {
        buf b = BUF_INIT;
        buf_printf(&b, "%s0.bin", json_string_value(json_object_get(table, "dir")));
        json_array_append_new(list, json_string(b.data));
        buf_free(&b);
    }
    return list;
}

int search_index_write(search_index *si, search_sizes sizes, search_write_fn fn, void *ctx,
                       json_t *assets, search_stats *st, diag *d)
{
    (void)d;
    search_sizes def = SEARCH_SIZES;
    if (!sizes.shard_bytes) sizes.shard_bytes = def.shard_bytes;
    if (!sizes.docs) sizes.docs = def.docs;
    if (!sizes.agencies) sizes.agencies = def.agencies;
    if (!sizes.table_whole) sizes.table_whole = def.table_whole;
    *st = (search_stats){ .docs = si->ndocs, .terms = si->nterms, .texts = si->ndocs };
    writer w = { fn, ctx, st };
    json_t *m = json_pack("{s:i, s:I, s:f, s:O, s:O?}", "v", 3, "docs", (json_int_t)si->ndocs,
                          "avglen", si->ndocs ? si->total_len / (double)si->ndocs : 0.0,
                          "provinces", si->provinces, "anchors", si->anchors);
    json_t *weights = json_array();
    for (int s = 0; s < SEARCH_SLOTS; s++) json_array_append_new(weights, json_real(WEIGHT2[s] / 2.0));
    json_object_set_new(m, "weights", weights);
    uint32_t *remap = calloc(json_array_size(si->agencies) + 1, sizeof *remap);
    if (!remap) abort();
    char *texts = NULL;
    int rc = write_terms(si, &w, sizes.shard_bytes, m);
    if (rc == 0) rc = write_agencies(si, &w, sizes.agencies, remap, m);
    if (rc == 0) rc = write_table(si, &w, sizes.docs, sizes.table_whole, remap, m);
    if (rc == 0) rc = write_norm(si, &w, m);
    if (rc == 0) rc = family_write(&w, "f", &si->texts, NULL, &texts);
    if (texts) json_object_set_new(m, "texts", json_string(texts));
    if (rc == 0) rc = write_forms(si, &w, m);
    char *url = NULL;
    if (rc == 0) rc = write_single(&w, "i", m, &url);
    if (url) json_object_set_new(assets, "search_index", json_string(url));
    if (url) json_object_set_new(assets, "search_preload", preload_list(m, url));
    free(url);
    free(texts);
    free(remap);
    json_decref(m);
    return rc;
}
