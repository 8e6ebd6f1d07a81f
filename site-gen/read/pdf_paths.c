/*
 * pdf_paths.c: a PDF page's rules, from the strokes and fills its content
 * draws (pdf_paths.h).
 *
 * Only as much of the file is read as leads to those paths.  The cross-
 * reference data is followed from its last `startxref` back through every
 * /Prev: classic tables and cross-reference streams, hybrids too, with
 * objects inside object streams.  The page tree is walked in order (the
 * order poppler counts pages in) with the attributes pages inherit.  A
 * page's content, and the forms it draws (Do), are decoded (FlateDecode
 * with or without a PNG predictor, or no filter) and run by a small
 * interpreter that keeps the graphics state (q/Q, cm, the stroking and
 * filling colours) and the path being built, and skips everything else:
 * text, images, marked content.  What a table's rules are made of is
 * then taken from the painted paths: a stroked straight segment, level
 * or upright, at least MIN_RULE long, and a filled box no thicker than
 * THIN (Chromium draws borders as boxes one pixel thick), in a colour no
 * lighter than DARK (light grey rules count; a white box painted over
 * the page does not, and neither does a shaded cell, which is thick).
 * Pieces on one line that meet or nearly meet (a border drawn cell by
 * cell) are joined into one rule.
 *
 * Anything this reader does not follow makes it give up, never guess:
 * an encrypted file or a broken cross-reference (the file), a turned
 * page, another filter, a content larger than MAX_STREAM, or lines drawn
 * as the gaps between boxes, a light box painted inside a dark one (the
 * page).
 * pdf.c then finds that page's rules by drawing it.  The work is bounded:
 * objects are parsed at most MAX_DEPTH deep, every decoded stream is at
 * most MAX_STREAM bytes, a page runs at most MAX_OPS operators, forms
 * nest at most MAX_FORMS deep, and at most MAX_RULES rules of each
 * direction are kept.
 */
#include "read/pdf_paths.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "base/buf.h"

enum { MAX_DEPTH = 32, MAX_OBJECTS = 1000000, MAX_NODES = 20000, MAX_STREAM = 64 << 20, MAX_OPS = 4000000,
       MAX_FORMS = 8, MAX_PAGES_READ = 500, MAX_PREV = 64, MAX_GSTATES = 64, MAX_OPERANDS = 16,
       MAX_SEGMENTS = 200000, EOF_WINDOW = 1024, MAX_BOXES = 64, CONTRAST = 20 };

static const double MIN_RULE = 4.0;   /* points: a shorter piece is no rule */
static const double THIN = 3.5;       /* points: a filled box this thin is a rule */
static const double LEVEL = 0.3;      /* points: a segment this far from level is level */
static const double SAME_LINE = 0.6;  /* points: pieces this close across are on one line */
static const double JOIN_GAP = 1.5;   /* points: pieces on a line this close are one rule */
static const int DARK = 230;          /* lightness 0..255: lighter paint is no rule */

/* ---- objects ---------------------------------------------------------- */

typedef enum { O_NULL, O_BOOL, O_NUM, O_NAME, O_STR, O_ARRAY, O_DICT, O_REF } okind;

typedef struct obj obj;
struct obj {
    okind k;
    double num;
    const char *s;              /* O_NAME: the name without '/', NUL-terminated */
    obj **items;                /* O_ARRAY: n items; O_DICT: n/2 key, value pairs */
    int n;
    int ref;                    /* O_REF: the object number */
    const unsigned char *stream;  /* a dict followed by a stream: its raw bytes */
    size_t stream_len;
};

static obj null_obj = { .k = O_NULL };

typedef struct xentry {
    unsigned char type;         /* 0 absent or free, 1 at an offset, 2 in an object stream */
    bool set;
    size_t off;                 /* type 1: offset; type 2: the object stream's number */
    int index;                  /* type 2: the index in that stream */
} xentry;

typedef struct objstm {
    int num;
    buf data;
    int n, first;
    int *nums;
    size_t *offs;
    struct objstm *next;
} objstm;

typedef struct page_info {
    obj *dict, *resources;
    double crop[4];
    int rotate;
} page_info;

struct pdf_file {
    const unsigned char *bytes;
    size_t len;
    arena *a;
    xentry *xref;
    obj **cache;
    int size;
    obj *trailer;
    objstm *stms;
    page_info *pages;
    int npages, cappages;
    int nodes;                  /* page tree nodes visited */
    int depth;                  /* objects being fetched inside one another */
    bool broken;
};

/* ---- tokens ----------------------------------------------------------- */

typedef enum { T_EOF, T_NUM, T_NAME, T_STR, T_AOPEN, T_ACLOSE, T_DOPEN, T_DCLOSE, T_WORD } tkind;

typedef struct token {
    tkind k;
    double num;
    bool integer;
    const unsigned char *s;     /* T_NAME (after '/'), T_WORD: the raw text */
    size_t len;
} token;

typedef struct lexer {
    const unsigned char *p, *end;
} lexer;

static bool is_space(unsigned c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool is_delim(unsigned c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

static bool is_regular(unsigned c) { return !is_space(c) && !is_delim(c); }

static bool isdigit_c(unsigned c) { return c >= '0' && c <= '9'; }

/* A number of the file as an integer, held to [lo, hi]: the file may
 * write any number where a count or an offset belongs. */
static long clamp_long(double v, long lo, long hi)
{
    return v <= (double)lo ? lo : v >= (double)hi ? hi : (long)v;
}

static const long BEYOND = 1L << 40;   /* past any offset or count of a file read here */

static void skip_space(lexer *lx)
{
    while (lx->p < lx->end) {
        if (is_space(*lx->p)) {
            lx->p++;
        } else if (*lx->p == '%') {
            while (lx->p < lx->end && *lx->p != '\n' && *lx->p != '\r') lx->p++;
        } else {
            break;
        }
    }
}

/* A number as PDF writes it (no exponent, any locale). */
static void read_number(lexer *lx, token *t)
{
    double sign = 1, v = 0, scale = 0;
    t->integer = true;
    if (*lx->p == '+' || *lx->p == '-') sign = *lx->p++ == '-' ? -1 : 1;
    for (; lx->p < lx->end && (isdigit_c(*lx->p) || *lx->p == '.'); lx->p++) {
        if (*lx->p == '.') {
            if (scale) break;
            scale = 1;
            t->integer = false;
            continue;
        }
        v = v * 10 + (*lx->p - '0');
        if (scale) scale *= 10;
    }
    t->k = T_NUM;
    t->num = sign * (scale ? v / scale : v);
}

static void skip_string(lexer *lx)
{
    int depth = 0;
    for (; lx->p < lx->end; lx->p++) {
        unsigned char c = *lx->p;
        if (c == '\\') {
            lx->p++;
        } else if (c == '(') {
            depth++;
        } else if (c == ')' && --depth == 0) {
            lx->p++;
            return;
        }
    }
}

static void next_token(lexer *lx, token *t)
{
    skip_space(lx);
    t->s = lx->p;
    t->len = 0;
    if (lx->p >= lx->end) {
        t->k = T_EOF;
        return;
    }
    unsigned char c = *lx->p;
    if (c == '/') {
        const unsigned char *s = ++lx->p;
        while (lx->p < lx->end && is_regular(*lx->p)) lx->p++;
        *t = (token){ T_NAME, 0, false, s, (size_t)(lx->p - s) };
    } else if (c == '(') {
        skip_string(lx);
        t->k = T_STR;
    } else if (c == '<' && lx->p + 1 < lx->end && lx->p[1] == '<') {
        lx->p += 2;
        t->k = T_DOPEN;
    } else if (c == '<') {
        while (lx->p < lx->end && *lx->p != '>') lx->p++;
        if (lx->p < lx->end) lx->p++;
        t->k = T_STR;
    } else if (c == '>' && lx->p + 1 < lx->end && lx->p[1] == '>') {
        lx->p += 2;
        t->k = T_DCLOSE;
    } else if (c == '[' || c == ']') {
        lx->p++;
        t->k = c == '[' ? T_AOPEN : T_ACLOSE;
    } else if (isdigit_c(c) || c == '+' || c == '-' || c == '.') {
        read_number(lx, t);
    } else if (is_delim(c)) {
        lx->p++;                /* a stray delimiter: ) > { } */
        t->k = T_WORD;
        t->len = 1;
    } else {
        while (lx->p < lx->end && is_regular(*lx->p)) lx->p++;
        t->k = T_WORD;
        t->len = (size_t)(lx->p - t->s);
    }
}

static bool word_is(const token *t, const char *w)
{
    size_t n = strlen(w);
    return t->k == T_WORD && t->len == n && memcmp(t->s, w, n) == 0;
}

/* ---- parsing objects -------------------------------------------------- */

static obj *new_obj(pdf_file *f, okind k)
{
    obj *o = arena_alloc(f->a, sizeof *o);
    o->k = k;
    return o;
}

static obj *parse_obj(pdf_file *f, lexer *lx, int depth);

/* Items until `close`, into an array of the arena. */
static obj *parse_items(pdf_file *f, lexer *lx, int depth, tkind close, okind k)
{
    obj **v = NULL;
    int n = 0, cap = 0;
    for (;;) {
        lexer save = *lx;
        token t;
        next_token(lx, &t);
        if (t.k == close || t.k == T_EOF) break;
        *lx = save;
        const unsigned char *at = lx->p;
        obj *item = parse_obj(f, lx, depth + 1);
        if (lx->p == at) break;             /* nothing read: give up on this object */
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            obj **w = realloc(v, (size_t)cap * sizeof *w);
            if (!w) abort();
            v = w;
        }
        v[n++] = item;
    }
    obj *o = new_obj(f, k);
    o->items = arena_alloc(f->a, ((size_t)n + 1) * sizeof *o->items);
    if (n) memcpy(o->items, v, (size_t)n * sizeof *v);
    o->n = k == O_DICT ? n - n % 2 : n;
    free(v);
    return o;
}

static obj *parse_obj(pdf_file *f, lexer *lx, int depth)
{
    token t;
    next_token(lx, &t);
    if (depth > MAX_DEPTH) {
        f->broken = true;
        return &null_obj;
    }
    switch (t.k) {
    case T_NUM: {
        lexer save = *lx;
        token g, r;
        next_token(lx, &g);
        next_token(lx, &r);
        if (t.integer && g.k == T_NUM && g.integer && word_is(&r, "R") && t.num >= 0 &&
            t.num < MAX_OBJECTS) {
            obj *o = new_obj(f, O_REF);
            o->ref = (int)t.num;
            return o;
        }
        *lx = save;
        obj *o = new_obj(f, O_NUM);
        o->num = t.num;
        return o;
    }
    case T_NAME: {
        obj *o = new_obj(f, O_NAME);
        o->s = arena_strndup(f->a, (const char *)t.s, t.len);
        return o;
    }
    case T_STR: return new_obj(f, O_STR);
    case T_AOPEN: return parse_items(f, lx, depth, T_ACLOSE, O_ARRAY);
    case T_DOPEN: return parse_items(f, lx, depth, T_DCLOSE, O_DICT);
    case T_WORD:
        if (word_is(&t, "true") || word_is(&t, "false")) {
            obj *o = new_obj(f, O_BOOL);
            o->num = word_is(&t, "true");
            return o;
        }
        return &null_obj;
    default:
        return &null_obj;
    }
}

static obj *get_object(pdf_file *f, int num);

static obj *resolve(pdf_file *f, obj *o)
{
    return o && o->k == O_REF ? get_object(f, o->ref) : o ? o : &null_obj;
}

static obj *dict_get(pdf_file *f, const obj *d, const char *key)
{
    if (!d || d->k != O_DICT) return &null_obj;
    for (int i = 0; i + 1 < d->n; i += 2)
        if (d->items[i]->k == O_NAME && strcmp(d->items[i]->s, key) == 0)
            return resolve(f, d->items[i + 1]);
    return &null_obj;
}

static bool is_name(const obj *o, const char *name)
{
    return o->k == O_NAME && strcmp(o->s, name) == 0;
}

/* A stream's raw bytes after the `stream` keyword at lx, /Length long if
 * that is where `endstream` follows, else up to the next `endstream`. */
static void stream_bytes(pdf_file *f, lexer *lx, obj *dict)
{
    const unsigned char *p = lx->p, *end = f->bytes + f->len;
    if (p < end && *p == '\r') p++;
    if (p < end && *p == '\n') p++;
    obj *len = dict_get(f, dict, "Length");
    if (len->k == O_NUM && len->num >= 0 && (size_t)len->num <= (size_t)(end - p)) {
        lexer after = { p + (size_t)len->num, end };
        token t;
        next_token(&after, &t);
        if (word_is(&t, "endstream")) {
            dict->stream = p;
            dict->stream_len = (size_t)len->num;
            return;
        }
    }
    for (const unsigned char *q = p; q + 9 <= end; q++)
        if (memcmp(q, "endstream", 9) == 0) {
            const unsigned char *e = q;
            if (e > p && e[-1] == '\n') e--;
            if (e > p && e[-1] == '\r') e--;
            dict->stream = p;
            dict->stream_len = (size_t)(e - p);
            return;
        }
}

/* The object `n g obj …` at lx, with its stream if it has one. */
static obj *read_indirect(pdf_file *f, lexer *lx)
{
    token a, b, k;
    next_token(lx, &a);
    next_token(lx, &b);
    next_token(lx, &k);
    if (a.k != T_NUM || b.k != T_NUM || !word_is(&k, "obj")) return NULL;
    obj *o = parse_obj(f, lx, 0);
    lexer save = *lx;
    token t;
    next_token(lx, &t);
    if (word_is(&t, "stream") && o->k == O_DICT) stream_bytes(f, lx, o);
    else *lx = save;
    return o;
}

/* ---- streams ---------------------------------------------------------- */

/* Inflates in[0..n) into out, at most MAX_STREAM bytes; false when the
 * data is not zlib or too large.  A stream cut short keeps what inflated. */
static bool inflate_into(const unsigned char *in, size_t n, buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK) return false;
    z.next_in = (Bytef *)in;
    z.avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
    unsigned char chunk[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        rc = inflate(&z, Z_NO_FLUSH);
        size_t got = sizeof chunk - z.avail_out;
        if (out->len + got > MAX_STREAM) {
            rc = Z_MEM_ERROR;
            break;
        }
        buf_append(out, chunk, got);
        if (rc == Z_BUF_ERROR && z.avail_in == 0) rc = Z_STREAM_END;   /* cut short */
    }
    inflateEnd(&z);
    return rc == Z_STREAM_END || (rc == Z_DATA_ERROR && out->len > 0);
}

/* Undoes a PNG predictor (rows of `columns` bytes, each after a filter
 * byte), in place; false for another predictor. */
static bool unpredict(buf *b, int predictor, int columns)
{
    if (predictor < 10) return predictor <= 1;
    if (columns <= 0 || columns > 1 << 16) return false;
    size_t row = (size_t)columns, n = b->len / (row + 1);
    unsigned char *prev = calloc(row, 1), *out = (unsigned char *)b->data;
    if (!prev) abort();
    for (size_t r = 0; r < n; r++) {
        const unsigned char *in = (const unsigned char *)b->data + r * (row + 1);
        unsigned char type = in[0], *cur = out + r * row;
        for (size_t i = 0; i < row; i++) {
            unsigned left = i ? cur[i - 1] : 0, up = prev[i], ul = i ? prev[i - 1] : 0, x = in[1 + i];
            int pa = abs((int)up - (int)ul), pb = abs((int)left - (int)ul),
                pc = abs((int)left + (int)up - 2 * (int)ul);
            unsigned pred = type == 1 ? left : type == 2 ? up : type == 3 ? (left + up) / 2
                          : type == 4 ? (pa <= pb && pa <= pc ? left : pb <= pc ? up : ul) : 0;
            cur[i] = (unsigned char)(x + pred);
        }
        memcpy(prev, cur, row);
    }
    b->len = n * row;
    free(prev);
    return true;
}

/* The decoded bytes of stream s into out; false for a filter not read
 * here (only FlateDecode, alone or with a PNG predictor, and none). */
static bool decode(pdf_file *f, const obj *s, buf *out)
{
    if (!s->stream) return false;
    obj *filter = dict_get(f, s, "Filter"), *parms = dict_get(f, s, "DecodeParms");
    if (filter->k == O_ARRAY) {
        if (filter->n > 1) return false;
        filter = filter->n ? resolve(f, filter->items[0]) : &null_obj;
        parms = parms->k == O_ARRAY && parms->n ? resolve(f, parms->items[0]) : parms;
    }
    if (filter->k == O_NULL) {
        if (s->stream_len > MAX_STREAM) return false;
        buf_append(out, s->stream, s->stream_len);
        return true;
    }
    if (!is_name(filter, "FlateDecode") && !is_name(filter, "Fl")) return false;
    if (!inflate_into(s->stream, s->stream_len, out)) return false;
    obj *pred = dict_get(f, parms, "Predictor"), *cols = dict_get(f, parms, "Columns");
    return pred->k != O_NUM ||
           unpredict(out, (int)clamp_long(pred->num, 0, 100),
                     cols->k == O_NUM ? (int)clamp_long(cols->num, 0, 1 << 20) : 1);
}

/* ---- cross references ------------------------------------------------- */

static void set_entry(pdf_file *f, long num, unsigned char type, size_t off, int index)
{
    if (num < 0 || num >= f->size || f->xref[num].set) return;
    f->xref[num] = (xentry){ type, true, off, index };
}

static void grow_xref(pdf_file *f, long size)
{
    if (size <= f->size) return;
    if (size > MAX_OBJECTS) size = MAX_OBJECTS;
    xentry *x = realloc(f->xref, (size_t)size * sizeof *x);
    obj **c = realloc(f->cache, (size_t)size * sizeof *c);
    if (!x || !c) abort();
    memset(x + f->size, 0, (size_t)(size - f->size) * sizeof *x);
    memset(c + f->size, 0, (size_t)(size - f->size) * sizeof *c);
    f->xref = x;
    f->cache = c;
    f->size = (int)size;
}

static size_t field(const unsigned char *p, int w)
{
    size_t v = 0;
    for (int i = 0; i < w; i++) v = v << 8 | p[i];
    return v;
}

/* A cross-reference stream's entries. */
static bool read_xref_stream(pdf_file *f, obj *s)
{
    obj *w = dict_get(f, s, "W"), *index = dict_get(f, s, "Index"), *size = dict_get(f, s, "Size");
    if (w->k != O_ARRAY || w->n != 3 || size->k != O_NUM) return false;
    int ws[3];
    for (int i = 0; i < 3; i++) {
        obj *v = resolve(f, w->items[i]);
        ws[i] = v->k == O_NUM ? (int)clamp_long(v->num, -1, 9) : -1;
        if (ws[i] < 0 || ws[i] > 8) return false;
    }
    grow_xref(f, clamp_long(size->num, 0, MAX_OBJECTS));
    buf data = BUF_INIT;
    bool ok = decode(f, s, &data);
    size_t row = (size_t)(ws[0] + ws[1] + ws[2]), at = 0;
    int nsub = index->k == O_ARRAY ? index->n / 2 : 1;
    for (int k = 0; ok && row && k < nsub; k++) {
        long start = 0, count = clamp_long(size->num, 0, MAX_OBJECTS);
        if (index->k == O_ARRAY) {
            obj *a = resolve(f, index->items[2 * k]), *b = resolve(f, index->items[2 * k + 1]);
            start = a->k == O_NUM ? clamp_long(a->num, 0, MAX_OBJECTS) : 0;
            count = b->k == O_NUM ? clamp_long(b->num, 0, MAX_OBJECTS) : 0;
        }
        for (long i = 0; i < count && at + row <= data.len; i++, at += row) {
            const unsigned char *e = (const unsigned char *)data.data + at;
            unsigned type = ws[0] ? (unsigned)field(e, ws[0]) : 1;
            size_t b = field(e + ws[0], ws[1]), c = field(e + ws[0] + ws[1], ws[2]);
            if (type == 1 || type == 2)
                set_entry(f, start + i, (unsigned char)type, b, (int)(c > MAX_OBJECTS ? MAX_OBJECTS : c));
            else set_entry(f, start + i, 0, 0, 0);
        }
    }
    buf_free(&data);
    return ok;
}

/* A classic table after the `xref` keyword, up to its trailer. */
static obj *read_xref_table(pdf_file *f, lexer *lx)
{
    for (;;) {
        token a, b;
        next_token(lx, &a);
        if (word_is(&a, "trailer")) return parse_obj(f, lx, 0);
        next_token(lx, &b);
        if (a.k != T_NUM || b.k != T_NUM || b.num < 0) return NULL;
        long start = clamp_long(a.num, 0, MAX_OBJECTS), count = clamp_long(b.num, 0, BEYOND);
        grow_xref(f, start + count);
        for (long i = 0; i < count; i++) {
            token off, gen, kind;
            next_token(lx, &off);
            next_token(lx, &gen);
            next_token(lx, &kind);
            if (off.k != T_NUM || gen.k != T_NUM || kind.k != T_WORD) return NULL;
            set_entry(f, start + i, word_is(&kind, "n") ? 1 : 0, (size_t)clamp_long(off.num, 0, BEYOND), 0);
        }
    }
}

/* One section of cross references at offset off, and those it points
 * back to (/Prev, /XRefStm). */
static bool read_xref(pdf_file *f, size_t off, int depth)
{
    if (depth > MAX_PREV || off >= f->len) return false;
    lexer lx = { f->bytes + off, f->bytes + f->len };
    lexer save = lx;
    token t;
    next_token(&lx, &t);
    obj *trailer;
    if (word_is(&t, "xref")) {
        trailer = read_xref_table(f, &lx);
        if (!trailer || trailer->k != O_DICT) return false;
        obj *stm = dict_get(f, trailer, "XRefStm");
        if (stm->k == O_NUM) read_xref(f, (size_t)clamp_long(stm->num, 0, BEYOND), depth + 1);
    } else {
        lx = save;
        trailer = read_indirect(f, &lx);
        if (!trailer || !is_name(dict_get(f, trailer, "Type"), "XRef") ||
            !read_xref_stream(f, trailer))
            return false;
    }
    if (!f->trailer) f->trailer = trailer;
    obj *prev = dict_get(f, trailer, "Prev");
    return prev->k != O_NUM || read_xref(f, (size_t)clamp_long(prev->num, 0, BEYOND), depth + 1);
}

static bool find_startxref(pdf_file *f, size_t *off)
{
    if (f->len < 9) return false;
    size_t from = f->len > EOF_WINDOW ? f->len - EOF_WINDOW : 0;
    for (size_t i = f->len >= 9 ? f->len - 9 : 0; i + 1 > from; i--) {
        if (memcmp(f->bytes + i, "startxref", 9) == 0) {
            lexer lx = { f->bytes + i + 9, f->bytes + f->len };
            token t;
            next_token(&lx, &t);
            if (t.k != T_NUM || t.num < 0) return false;
            *off = (size_t)clamp_long(t.num, 0, BEYOND);
            return true;
        }
        if (i == 0) break;
    }
    return false;
}

/* ---- fetching objects ------------------------------------------------- */

static objstm *load_objstm(pdf_file *f, int num)
{
    for (objstm *s = f->stms; s; s = s->next)
        if (s->num == num) return s;
    obj *o = get_object(f, num);
    obj *n = dict_get(f, o, "N"), *first = dict_get(f, o, "First");
    if (n->k != O_NUM || first->k != O_NUM || n->num < 0 || n->num > 100000) return NULL;
    objstm *s = arena_alloc(f->a, sizeof *s);
    s->num = num;
    s->data = BUF_INIT;
    s->n = (int)n->num;
    s->first = (int)clamp_long(first->num, 0, MAX_STREAM);
    s->nums = arena_alloc(f->a, ((size_t)s->n + 1) * sizeof *s->nums);
    s->offs = arena_alloc(f->a, ((size_t)s->n + 1) * sizeof *s->offs);
    s->next = f->stms;
    f->stms = s;
    if (!decode(f, o, &s->data)) {
        s->n = 0;
        return s;
    }
    lexer lx = { (const unsigned char *)s->data.data, (const unsigned char *)s->data.data + s->data.len };
    for (int i = 0; i < s->n; i++) {
        token a, b;
        next_token(&lx, &a);
        next_token(&lx, &b);
        if (a.k != T_NUM || b.k != T_NUM) {
            s->n = i;
            break;
        }
        s->nums[i] = (int)clamp_long(a.num, -1, MAX_OBJECTS);
        s->offs[i] = (size_t)clamp_long(b.num, 0, MAX_STREAM);
    }
    return s;
}

static obj *fetch(pdf_file *f, int num)
{
    const xentry *e = &f->xref[num];
    if (e->type == 1) {
        if (e->off >= f->len) return NULL;
        lexer lx = { f->bytes + e->off, f->bytes + f->len };
        return read_indirect(f, &lx);
    }
    if (e->type != 2 || e->off >= (size_t)f->size) return NULL;
    objstm *s = load_objstm(f, (int)e->off);
    if (!s || e->index < 0 || e->index >= s->n || s->nums[e->index] != num) return NULL;
    size_t at = (size_t)s->first + s->offs[e->index];
    if (at >= s->data.len) return NULL;
    lexer lx = { (const unsigned char *)s->data.data + at,
                 (const unsigned char *)s->data.data + s->data.len };
    return parse_obj(f, &lx, 0);
}

static obj *get_object(pdf_file *f, int num)
{
    if (num < 0 || num >= f->size) return &null_obj;
    if (f->cache[num]) return f->cache[num];
    if (f->depth > MAX_DEPTH) return &null_obj;
    f->cache[num] = &null_obj;          /* an object that refers to itself finds null */
    f->depth++;
    obj *o = fetch(f, num);
    f->depth--;
    f->cache[num] = o ? o : &null_obj;
    return f->cache[num];
}

/* ---- pages ------------------------------------------------------------ */

static bool read_box(pdf_file *f, obj *box, double out[4])
{
    if (box->k != O_ARRAY || box->n != 4) return false;
    for (int i = 0; i < 4; i++) {
        obj *v = resolve(f, box->items[i]);
        if (v->k != O_NUM) return false;
        out[i] = v->num;
    }
    if (out[0] > out[2]) { double t = out[0]; out[0] = out[2]; out[2] = t; }
    if (out[1] > out[3]) { double t = out[1]; out[1] = out[3]; out[3] = t; }
    return true;
}

/* What a page inherits from the nodes above it. */
typedef struct inherited {
    obj *resources, *media, *crop, *rotate;
} inherited;

static void add_page(pdf_file *f, obj *dict, const inherited *in)
{
    if (f->npages == f->cappages) {
        f->cappages = f->cappages ? f->cappages * 2 : 16;
        page_info *v = realloc(f->pages, (size_t)f->cappages * sizeof *v);
        if (!v) abort();
        f->pages = v;
    }
    page_info *p = &f->pages[f->npages++];
    p->dict = dict;
    p->resources = in->resources;
    double media[4] = { 0, 0, 612, 792 };
    read_box(f, in->media, media);
    if (!read_box(f, in->crop, p->crop)) memcpy(p->crop, media, sizeof media);
    p->crop[0] = fmax(p->crop[0], media[0]);    /* as poppler: the crop box within the media box */
    p->crop[1] = fmax(p->crop[1], media[1]);
    p->crop[2] = fmin(p->crop[2], media[2]);
    p->crop[3] = fmin(p->crop[3], media[3]);
    p->rotate = in->rotate->k == O_NUM
                    ? (int)((clamp_long(in->rotate->num, -3600, 3600) % 360 + 360) % 360) : 0;
}

static void walk_pages(pdf_file *f, obj *node, inherited in, int depth)
{
    if (depth > MAX_DEPTH || f->npages >= MAX_PAGES_READ || node->k != O_DICT ||
        ++f->nodes > MAX_NODES)
        return;
    obj *v;
    if ((v = dict_get(f, node, "Resources"))->k != O_NULL) in.resources = v;
    if ((v = dict_get(f, node, "MediaBox"))->k != O_NULL) in.media = v;
    if ((v = dict_get(f, node, "CropBox"))->k != O_NULL) in.crop = v;
    if ((v = dict_get(f, node, "Rotate"))->k != O_NULL) in.rotate = v;
    obj *kids = dict_get(f, node, "Kids");
    if (kids->k != O_ARRAY) {
        add_page(f, node, &in);
        return;
    }
    for (int i = 0; i < kids->n; i++) walk_pages(f, resolve(f, kids->items[i]), in, depth + 1);
}

pdf_file *pdf_file_open(const char *bytes, size_t len)
{
    pdf_file *f = calloc(1, sizeof *f);
    if (!f) abort();
    f->bytes = (const unsigned char *)bytes;
    f->len = len;
    f->a = arena_new();
    size_t off;
    if (!find_startxref(f, &off) || !read_xref(f, off, 0) || !f->trailer ||
        dict_get(f, f->trailer, "Encrypt")->k != O_NULL) {
        pdf_file_free(f);
        return NULL;
    }
    obj *root = dict_get(f, f->trailer, "Root");
    inherited in = { &null_obj, &null_obj, &null_obj, &null_obj };
    walk_pages(f, dict_get(f, root, "Pages"), in, 0);
    if (!f->npages || f->broken) {
        pdf_file_free(f);
        return NULL;
    }
    return f;
}

void pdf_file_free(pdf_file *f)
{
    if (!f) return;
    for (objstm *s = f->stms; s; s = s->next) buf_free(&s->data);
    free(f->xref);
    free(f->cache);
    free(f->pages);
    arena_free(f->a);
    free(f);
}

/* ---- running a page's content ----------------------------------------- */

typedef struct gstate {
    double ctm[6];
    int stroke, fill;           /* the colours' lightness, 0 (black) to 255 (white) */
    int stroke_kind, fill_kind; /* components of the colour space; -1 for a tint (Separation) */
} gstate;

typedef struct point { double x, y; } point;

typedef struct piece { double at, from, to; } piece;   /* a rule piece: its line, its extent */

typedef struct box { double x1, y1, x2, y2; int light; } box;

typedef struct pieces {
    piece *v;
    int n, cap;
} pieces;

typedef struct runner {
    pdf_file *f;
    gstate g[MAX_GSTATES];
    int depth;                  /* the current graphics state: g[depth] */
    int overflow;               /* q beyond MAX_GSTATES, still to be matched by Q */
    /* The path being built, in device space: points, and where each
     * subpath starts and whether it is closed. */
    point *pts;
    int npts, cappts;
    int *starts;
    bool *closed;
    int nsubs, capsubs;
    double num[MAX_OPERANDS];
    int nnum;
    token name;                 /* the last name operand */
    bool has_name;
    long ops;
    bool failed;
    pieces horiz, vert;
    box dark[MAX_BOXES];        /* large dark boxes painted so far */
    int ndark;
} runner;

static gstate *gs(runner *r) { return &r->g[r->depth]; }

static void apply(const double m[6], double x, double y, double *ox, double *oy)
{
    *ox = m[0] * x + m[2] * y + m[4];
    *oy = m[1] * x + m[3] * y + m[5];
}

/* m × ctm, into ctm (PDF's row-vector convention). */
static void concat(double ctm[6], const double m[6])
{
    double c[6];
    memcpy(c, ctm, sizeof c);
    ctm[0] = m[0] * c[0] + m[1] * c[2];
    ctm[1] = m[0] * c[1] + m[1] * c[3];
    ctm[2] = m[2] * c[0] + m[3] * c[2];
    ctm[3] = m[2] * c[1] + m[3] * c[3];
    ctm[4] = m[4] * c[0] + m[5] * c[2] + c[4];
    ctm[5] = m[4] * c[1] + m[5] * c[3] + c[5];
}

static int clamp_light(double v) { return v < 0 ? 0 : v > 255 ? 255 : (int)lround(v); }

static int rgb_light(double r, double g, double b)
{
    return clamp_light((r * 77 + g * 150 + b * 29) * 255 / 256);
}

/* The lightness of colour operands in a space of `kind` components. */
static int color_light(const double *v, int n, int kind)
{
    if (kind == -1 && n >= 1) return clamp_light((1 - v[0]) * 255);       /* a tint of ink */
    if (n == 1) return clamp_light(v[0] * 255);
    if (n == 3) return rgb_light(v[0], v[1], v[2]);
    if (n == 4) return rgb_light((1 - v[0]) * (1 - v[3]), (1 - v[1]) * (1 - v[3]), (1 - v[2]) * (1 - v[3]));
    return 0;                   /* a pattern: taken as dark */
}

static void grow_path(runner *r)
{
    if (r->npts + 1 >= r->cappts) {
        r->cappts = r->cappts ? r->cappts * 2 : 64;
        point *p = realloc(r->pts, (size_t)r->cappts * sizeof *p);
        if (!p) abort();
        r->pts = p;
    }
}

static void new_sub(runner *r)
{
    if (r->nsubs + 1 >= r->capsubs) {
        r->capsubs = r->capsubs ? r->capsubs * 2 : 16;
        int *s = realloc(r->starts, (size_t)r->capsubs * sizeof *s);
        bool *c = realloc(r->closed, (size_t)r->capsubs * sizeof *c);
        if (!s || !c) abort();
        r->starts = s;
        r->closed = c;
    }
    r->starts[r->nsubs] = r->npts;
    r->closed[r->nsubs++] = false;
}

static void add_point(runner *r, double x, double y)
{
    if (r->npts >= MAX_SEGMENTS) {
        r->failed = true;
        return;
    }
    grow_path(r);
    double dx, dy;
    apply(gs(r)->ctm, x, y, &dx, &dy);
    r->pts[r->npts++] = (point){ dx, dy };
}

static void move_to(runner *r, double x, double y)
{
    new_sub(r);
    add_point(r, x, y);
}

static void line_to(runner *r, double x, double y)
{
    if (!r->nsubs) new_sub(r);
    add_point(r, x, y);
}

/* A curve is no rule: the subpath ends, and a new one starts where it
 * does. */
static void curve_to(runner *r, double x, double y)
{
    move_to(r, x, y);
}

static void close_path(runner *r)
{
    if (r->nsubs) r->closed[r->nsubs - 1] = true;
}

static void rect(runner *r, double x, double y, double w, double h)
{
    move_to(r, x, y);
    line_to(r, x + w, y);
    line_to(r, x + w, y + h);
    line_to(r, x, y + h);
    close_path(r);
}

static void add_piece(pieces *p, double at, double a, double b)
{
    if (p->n >= MAX_SEGMENTS) return;
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 256;
        piece *v = realloc(p->v, (size_t)p->cap * sizeof *v);
        if (!v) abort();
        p->v = v;
    }
    p->v[p->n++] = (piece){ at, fmin(a, b), fmax(a, b) };
}

/* A stroked segment: a rule piece when level or upright and long enough. */
static void stroke_segment(runner *r, point a, point b)
{
    if (fabs(a.y - b.y) <= LEVEL && fabs(a.x - b.x) >= MIN_RULE)
        add_piece(&r->horiz, (a.y + b.y) / 2, a.x, b.x);
    else if (fabs(a.x - b.x) <= LEVEL && fabs(a.y - b.y) >= MIN_RULE)
        add_piece(&r->vert, (a.x + b.x) / 2, a.y, b.y);
}

static void stroke_path(runner *r)
{
    if (gs(r)->stroke > DARK) return;
    for (int s = 0; s < r->nsubs; s++) {
        int from = r->starts[s], to = s + 1 < r->nsubs ? r->starts[s + 1] : r->npts;
        for (int i = from + 1; i < to; i++) stroke_segment(r, r->pts[i - 1], r->pts[i]);
        if (r->closed[s] && to - from > 2) stroke_segment(r, r->pts[to - 1], r->pts[from]);
    }
}

/* A large box painted: a dark one is kept, and a lighter one painted
 * inside it means the page draws its lines as the gaps between boxes (a
 * web page's table of white cells, cellspacing="1", on a grey one): no
 * path is such a line, so the page must be drawn to find them. */
static void painted_box(runner *r, box b)
{
    if (b.light <= DARK && r->ndark < MAX_BOXES) r->dark[r->ndark++] = b;
    for (int i = 0; i < r->ndark && !r->failed; i++) {
        const box *d = &r->dark[i];
        if (b.light >= d->light + CONTRAST && b.x1 >= d->x1 - 1 && b.x2 <= d->x2 + 1 &&
            b.y1 >= d->y1 - 1 && b.y2 <= d->y2 + 1)
            r->failed = true;
    }
}

/* A filled subpath that is a box, level and upright (4 corners, maybe the
 * first repeated): a rule when it is thin and dark, and, large, perhaps
 * the ground of lines drawn as gaps (painted_box). */
static void fill_sub(runner *r, int from, int to)
{
    int n = to - from;
    if (n == 5 && fabs(r->pts[from].x - r->pts[to - 1].x) <= LEVEL &&
        fabs(r->pts[from].y - r->pts[to - 1].y) <= LEVEL)
        n = 4;
    if (n != 4) return;
    double x1 = 1e9, y1 = 1e9, x2 = -1e9, y2 = -1e9;
    for (int i = 0; i < 4; i++) {
        point a = r->pts[from + i], b = r->pts[from + (i + 1) % 4];
        if (fabs(a.x - b.x) > LEVEL && fabs(a.y - b.y) > LEVEL) return;   /* not upright */
        x1 = fmin(x1, a.x);
        y1 = fmin(y1, a.y);
        x2 = fmax(x2, a.x);
        y2 = fmax(y2, a.y);
    }
    double w = x2 - x1, h = y2 - y1;
    int light = gs(r)->fill;
    if (w > THIN && h > THIN) {
        painted_box(r, (box){ x1, y1, x2, y2, light });
        return;
    }
    if (light > DARK) return;
    if (h <= THIN && w >= MIN_RULE && w > h) add_piece(&r->horiz, (y1 + y2) / 2, x1, x2);
    else if (w <= THIN && h >= MIN_RULE && h > w) add_piece(&r->vert, (x1 + x2) / 2, y1, y2);
}

static void fill_path(runner *r)
{
    for (int s = 0; s < r->nsubs; s++)
        fill_sub(r, r->starts[s], s + 1 < r->nsubs ? r->starts[s + 1] : r->npts);
}

static void end_path(runner *r)
{
    r->npts = 0;
    r->nsubs = 0;
}

static int space_kind(pdf_file *f, obj *resources, const token *name)
{
    char n[64];
    snprintf(n, sizeof n, "%.*s", (int)(name->len < 63 ? name->len : 63), (const char *)name->s);
    if (!strcmp(n, "DeviceGray") || !strcmp(n, "CalGray") || !strcmp(n, "G")) return 1;
    if (!strcmp(n, "DeviceRGB") || !strcmp(n, "CalRGB") || !strcmp(n, "RGB")) return 3;
    if (!strcmp(n, "DeviceCMYK") || !strcmp(n, "CMYK")) return 4;
    obj *cs = dict_get(f, dict_get(f, resources, "ColorSpace"), n);
    if (cs->k != O_ARRAY || cs->n < 1) return 0;
    obj *family = resolve(f, cs->items[0]);
    if (is_name(family, "Separation") || is_name(family, "DeviceN")) return -1;
    if (is_name(family, "ICCBased") && cs->n > 1) {
        obj *icc = resolve(f, cs->items[1]), *nc = dict_get(f, icc, "N");
        return nc->k == O_NUM ? (int)clamp_long(nc->num, 0, 8) : 0;
    }
    if (is_name(family, "CalRGB") || is_name(family, "Lab")) return 3;
    if (is_name(family, "CalGray")) return 1;
    return 0;
}

static void run(runner *r, const unsigned char *p, size_t len, obj *resources, int forms);

/* Do: a form is run in the graphics state it is drawn in, moved by its
 * /Matrix; images are no rules. */
static void draw_xobject(runner *r, obj *resources, int forms)
{
    if (!r->has_name || forms >= MAX_FORMS) return;
    char n[128];
    snprintf(n, sizeof n, "%.*s", (int)(r->name.len < 127 ? r->name.len : 127), (const char *)r->name.s);
    obj *x = dict_get(r->f, dict_get(r->f, resources, "XObject"), n);
    if (!is_name(dict_get(r->f, x, "Subtype"), "Form") || r->depth + 1 >= MAX_GSTATES) return;
    buf data = BUF_INIT;
    if (!decode(r->f, x, &data)) {
        r->failed = true;
        buf_free(&data);
        return;
    }
    r->g[r->depth + 1] = r->g[r->depth];
    r->depth++;
    obj *m = dict_get(r->f, x, "Matrix");
    if (m->k == O_ARRAY && m->n == 6) {
        double v[6];
        bool ok = true;
        for (int i = 0; i < 6; i++) {
            obj *e = resolve(r->f, m->items[i]);
            ok = ok && e->k == O_NUM;
            v[i] = e->k == O_NUM ? e->num : 0;
        }
        if (ok) concat(gs(r)->ctm, v);
    }
    obj *own = dict_get(r->f, x, "Resources");
    int depth = r->depth;
    run(r, (const unsigned char *)data.data, data.len, own->k == O_DICT ? own : resources, forms + 1);
    r->depth = depth - 1;
    end_path(r);
    buf_free(&data);
}

/* Skips an inline image's data: from after ID to past EI. */
static void skip_inline_image(lexer *lx)
{
    for (token t; ; ) {
        next_token(lx, &t);
        if (t.k == T_EOF || word_is(&t, "ID")) break;
    }
    if (lx->p < lx->end) lx->p++;
    for (; lx->p + 2 <= lx->end; lx->p++)
        if (lx->p[0] == 'E' && lx->p[1] == 'I' && is_space(lx->p[-1]) &&
            (lx->p + 2 == lx->end || is_space(lx->p[2]) || is_delim(lx->p[2]))) {
            lx->p += 2;
            return;
        }
    lx->p = lx->end;
}

/* Skips an array or a dictionary whose opening token was just read. */
static void skip_nested(lexer *lx, tkind open, tkind close)
{
    int depth = 1;
    for (token t; depth > 0; ) {
        next_token(lx, &t);
        if (t.k == T_EOF) return;
        if (t.k == open) depth++;
        if (t.k == close) depth--;
    }
}

static bool op_is(const token *t, const char *w) { return word_is(t, w); }

/* The operators that change the path or the graphics state. */
static void path_op(runner *r, const token *t)
{
    const double *v = r->num;
    int n = r->nnum;
    if (op_is(t, "m") && n >= 2) move_to(r, v[n - 2], v[n - 1]);
    else if (op_is(t, "l") && n >= 2) line_to(r, v[n - 2], v[n - 1]);
    else if ((op_is(t, "c") && n >= 6) || ((op_is(t, "v") || op_is(t, "y")) && n >= 4))
        curve_to(r, v[n - 2], v[n - 1]);
    else if (op_is(t, "h")) close_path(r);
    else if (op_is(t, "re") && n >= 4) rect(r, v[n - 4], v[n - 3], v[n - 2], v[n - 1]);
    else if (op_is(t, "S")) { stroke_path(r); end_path(r); }
    else if (op_is(t, "s")) { close_path(r); stroke_path(r); end_path(r); }
    else if (op_is(t, "f") || op_is(t, "F") || op_is(t, "f*")) { fill_path(r); end_path(r); }
    else if (op_is(t, "B") || op_is(t, "B*")) { fill_path(r); stroke_path(r); end_path(r); }
    else if (op_is(t, "b") || op_is(t, "b*")) { close_path(r); fill_path(r); stroke_path(r); end_path(r); }
    else if (op_is(t, "n")) end_path(r);
}

static void state_op(runner *r, const token *t, obj *resources)
{
    gstate *g = gs(r);
    const double *v = r->num;
    int n = r->nnum;
    if (op_is(t, "q")) {
        if (r->depth + 1 < MAX_GSTATES) {
            r->g[r->depth + 1] = *g;
            r->depth++;
        } else {
            r->overflow++;
        }
    } else if (op_is(t, "Q")) {
        if (r->overflow) r->overflow--;
        else if (r->depth > 0) r->depth--;
    } else if (op_is(t, "cm") && n >= 6) {
        concat(g->ctm, v + n - 6);
    } else if (op_is(t, "G") && n >= 1) {
        g->stroke = clamp_light(v[n - 1] * 255);
        g->stroke_kind = 1;
    } else if (op_is(t, "g") && n >= 1) {
        g->fill = clamp_light(v[n - 1] * 255);
        g->fill_kind = 1;
    } else if (op_is(t, "RG") && n >= 3) {
        g->stroke = color_light(v + n - 3, 3, 3);
        g->stroke_kind = 3;
    } else if (op_is(t, "rg") && n >= 3) {
        g->fill = color_light(v + n - 3, 3, 3);
        g->fill_kind = 3;
    } else if (op_is(t, "K") && n >= 4) {
        g->stroke = color_light(v + n - 4, 4, 4);
        g->stroke_kind = 4;
    } else if (op_is(t, "k") && n >= 4) {
        g->fill = color_light(v + n - 4, 4, 4);
        g->fill_kind = 4;
    } else if (op_is(t, "CS") && r->has_name) {
        g->stroke_kind = space_kind(r->f, resources, &r->name);
        g->stroke = 0;
    } else if (op_is(t, "cs") && r->has_name) {
        g->fill_kind = space_kind(r->f, resources, &r->name);
        g->fill = 0;
    } else if (op_is(t, "SC") || op_is(t, "SCN")) {
        g->stroke = r->has_name ? 0 : color_light(v, n, g->stroke_kind);
    } else if (op_is(t, "sc") || op_is(t, "scn")) {
        g->fill = r->has_name ? 0 : color_light(v, n, g->fill_kind);
    }
}

static void run(runner *r, const unsigned char *p, size_t len, obj *resources, int forms)
{
    lexer lx = { p, p + len };
    r->nnum = 0;
    r->has_name = false;
    for (token t; !r->failed; ) {
        next_token(&lx, &t);
        if (t.k == T_EOF) break;
        if (++r->ops > MAX_OPS) {
            r->failed = true;
            break;
        }
        if (t.k == T_NUM) {
            if (r->nnum < MAX_OPERANDS) r->num[r->nnum++] = t.num;
            continue;
        }
        if (t.k == T_NAME) {
            r->name = t;
            r->has_name = true;
            continue;
        }
        if (t.k == T_AOPEN) skip_nested(&lx, T_AOPEN, T_ACLOSE);
        if (t.k == T_DOPEN) skip_nested(&lx, T_DOPEN, T_DCLOSE);
        if (t.k != T_WORD) continue;            /* a string or an array: an operand */
        if (op_is(&t, "BI")) skip_inline_image(&lx);
        else if (op_is(&t, "Do")) draw_xobject(r, resources, forms);
        else {
            path_op(r, &t);
            state_op(r, &t, resources);
        }
        r->nnum = 0;
        r->has_name = false;
    }
}

/* ---- rules ------------------------------------------------------------ */

static int by_at(const void *a, const void *b)
{
    const piece *p = a, *q = b;
    return p->at < q->at ? -1 : p->at > q->at;
}

static int by_from(const void *a, const void *b)
{
    const piece *p = a, *q = b;
    return p->from < q->from ? -1 : p->from > q->from;
}

/* Pieces on one line (within SAME_LINE of the line's first) that meet or
 * nearly meet (JOIN_GAP) are one rule, placed at their mean; rules
 * shorter than MIN_RULE are dropped. */
static int join(arena *a, pieces *p, bool vertical, pdf_rule **out)
{
    if (p->n) qsort(p->v, (size_t)p->n, sizeof *p->v, by_at);
    pdf_rule *v = arena_alloc(a, ((size_t)p->n + 1) * sizeof *v);
    int n = 0;
    for (int i = 0, j; i < p->n; i = j) {
        for (j = i + 1; j < p->n && p->v[j].at - p->v[i].at <= SAME_LINE; j++) {}
        qsort(p->v + i, (size_t)(j - i), sizeof *p->v, by_from);
        for (int k = i, m; k < j && n < MAX_RULES; k = m) {
            double from = p->v[k].from, to = p->v[k].to, sum = p->v[k].at;
            for (m = k + 1; m < j && p->v[m].from <= to + JOIN_GAP; m++) {
                to = fmax(to, p->v[m].to);
                sum += p->v[m].at;
            }
            if (to - from < MIN_RULE) continue;
            double at = sum / (m - k);
            v[n++] = vertical ? (pdf_rule){ at, from, at, to } : (pdf_rule){ from, at, to, at };
        }
    }
    *out = v;
    return n;
}

/* Device space to poppler's: from the crop box's top left, y down. */
static void to_page(pieces *p, const double crop[4], bool vertical)
{
    for (int i = 0; i < p->n; i++) {
        piece *q = &p->v[i];
        if (vertical) {
            q->at -= crop[0];
            double a = crop[3] - q->from, b = crop[3] - q->to;
            q->from = fmin(a, b);
            q->to = fmax(a, b);
        } else {
            q->at = crop[3] - q->at;
            q->from -= crop[0];
            q->to -= crop[0];
        }
    }
}

/* The page's content streams, decoded, one after another. */
static bool page_content(pdf_file *f, const page_info *pg, buf *out)
{
    obj *c = dict_get(f, pg->dict, "Contents");
    if (c->k == O_DICT) return decode(f, c, out);
    if (c->k != O_ARRAY) return c->k == O_NULL;
    for (int i = 0; i < c->n; i++) {
        obj *s = resolve(f, c->items[i]);
        if (s->k != O_DICT || !decode(f, s, out)) return false;
        buf_putc(out, '\n');
    }
    return true;
}

bool pdf_file_page_rules(pdf_file *f, arena *a, int index, pdf_rules *out)
{
    memset(out, 0, sizeof *out);
    if (!f || index < 0 || index >= f->npages) return false;
    const page_info *pg = &f->pages[index];
    if (pg->rotate) return false;
    buf content = BUF_INIT;
    if (!page_content(f, pg, &content)) {
        buf_free(&content);
        return false;
    }
    runner *r = calloc(1, sizeof *r);
    if (!r) abort();
    r->f = f;
    r->g[0] = (gstate){ { 1, 0, 0, 1, 0, 0 }, 0, 0, 1, 1 };
    run(r, (const unsigned char *)content.data, content.len, pg->resources, 0);
    bool ok = !r->failed;
    if (ok) {
        to_page(&r->horiz, pg->crop, false);
        to_page(&r->vert, pg->crop, true);
        out->nh = join(a, &r->horiz, false, &out->h);
        out->nv = join(a, &r->vert, true, &out->v);
    }
    free(r->pts);
    free(r->starts);
    free(r->closed);
    free(r->horiz.v);
    free(r->vert.v);
    free(r);
    buf_free(&content);
    return ok;
}
