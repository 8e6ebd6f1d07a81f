/*
 * search_norm.c: the one normalisation that the search index and the
 * browser's search script share (search.h), and the tokens it cuts.
 *
 * Every code point up to U+3FFFF gets its normal form once, when the
 * normaliser is made: utf8proc's NFKC with case folding and default
 * ignorables dropped, then, for each ideograph of the result, OpenCC's
 * t2s applied to that character alone.  OpenCC is asked once, for every
 * CJK code point on a line of its own, so its phrase dictionary never
 * joins two characters: the conversion is a per-character table, which
 * is what the script can apply too (search_norm_table).  Phrase-level
 * conversion (乾隆 against 乾燥) is given up for that.  The table is
 * taken to its fixed point, so normalising twice changes nothing.
 */
#include "out/search.h"

#include <stdlib.h>
#include <string.h>

#include <opencc.h>
#include <utf8proc.h>

enum { NORM_CPS = 0x40000 };

struct search_norm {
    char **form;        /* [NORM_CPS]: NULL when a code point is its own normal form */
};

static bool in(int32_t c, int32_t lo, int32_t hi) { return c >= lo && c <= hi; }

static bool is_cjk(int32_t c)
{
    return in(c, 0x2E80, 0x2FDF) || in(c, 0x3005, 0x3007) || in(c, 0x3021, 0x3029) ||
           in(c, 0x3038, 0x303C) || in(c, 0x3040, 0x30FF) || in(c, 0x3100, 0x312F) ||
           in(c, 0x31A0, 0x31BF) || in(c, 0x31F0, 0x31FF) || in(c, 0x3400, 0x4DBF) ||
           in(c, 0x4E00, 0x9FFF) || in(c, 0xAC00, 0xD7AF) || in(c, 0xF900, 0xFAFF) ||
           in(c, 0x20000, 0x3FFFF);
}

enum search_class search_class(int32_t c)
{
    if (c < 0x80) {
        if (c == '\n' || c == '\r') return SC_NEWLINE;
        if (c == ' ' || c == '\t' || c == '\v' || c == '\f') return SC_SPACE;
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return SC_WORD;
        return SC_SEP;
    }
    if (is_cjk(c)) return SC_CJK;
    if (c == 0x2028 || c == 0x2029) return SC_NEWLINE;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_ZS: return SC_SPACE;
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return SC_WORD;
    default: return SC_SEP;
    }
}

/* The code point at S (LEN bytes left) and its byte count in *K; -1 for
 * bytes that are not UTF-8 (*K is then 1). */
static int32_t decode(const unsigned char *s, size_t len, int *k)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate(s, (utf8proc_ssize_t)(len < 4 ? len : 4), &c);
    *k = n > 0 ? (int)n : 1;
    return n > 0 ? c : -1;
}

static int encode(int32_t c, char out[4])
{
    return (int)utf8proc_encode_char(c, (utf8proc_uint8_t *)out);
}

/* Every CJK code point below NORM_CPS on a line of its own; OpenCC's
 * answer, line for line, becomes T2S[c] where it differs. */
static bool t2s_table(char **t2s, diag *d)
{
    opencc_t cc = opencc_open("t2s.json");
    if (cc == (opencc_t)-1) cc = opencc_open("/usr/share/opencc/t2s.json");
    if (cc == (opencc_t)-1) {
        diag_error(d, "t2s.json", 0, "OpenCC cannot be opened: %s", opencc_error());
        return false;
    }
    buf in = BUF_INIT;
    for (int32_t c = 0x2E80; c < NORM_CPS; c++) {
        if (!is_cjk(c) || utf8proc_category(c) == UTF8PROC_CATEGORY_CN) continue;
        char u[4];
        buf_append(&in, u, (size_t)encode(c, u));
        buf_putc(&in, '\n');
    }
    char *out = opencc_convert_utf8(cc, in.data, in.len);
    bool ok = out != NULL;
    const char *p = in.data, *q = out;
    while (ok && *p) {
        const char *pe = strchr(p, '\n'), *qe = strchr(q, '\n');
        if (!qe) { ok = false; break; }
        int k;
        int32_t c = decode((const unsigned char *)p, (size_t)(pe - p), &k);
        if ((pe - p != qe - q || memcmp(p, q, (size_t)(pe - p)) != 0) && qe > q)
            t2s[c] = strndup(q, (size_t)(qe - q));
        p = pe + 1;
        q = qe + 1;
    }
    if (!ok) diag_error(d, "t2s.json", 0, "OpenCC's conversion did not keep one character a line");
    if (out) opencc_convert_utf8_free(out);
    opencc_close(cc);
    buf_free(&in);
    return ok;
}

/* NFKC, case folded, ignorables dropped, then T2S for each character. */
static void first_form(int32_t c, char **t2s, buf *out)
{
    char u[4];
    int n = encode(c, u);
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)u, n, &m,
        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    buf_clear(out);
    if (len < 0) {
        buf_append(out, u, (size_t)n);
        return;
    }
    for (utf8proc_ssize_t i = 0; i < len;) {
        int k;
        int32_t d = decode(m + i, (size_t)(len - i), &k);
        if (d >= 0 && d < NORM_CPS && t2s[d]) buf_puts(out, t2s[d]);
        else buf_append(out, m + i, (size_t)k);
        i += k;
    }
    free(m);
}

/* S with every code point replaced by its current form, into OUT. */
static void apply(search_norm *n, const char *s, buf *out)
{
    buf_clear(out);
    for (size_t i = 0, len = strlen(s); i < len;) {
        int k;
        int32_t c = decode((const unsigned char *)s + i, len - i, &k);
        const char *f = c >= 0 ? search_norm_cp(n, c) : "";
        if (f) buf_puts(out, f);
        else buf_append(out, s + i, (size_t)k);
        i += (size_t)k;
    }
}

static bool same_as(const char *form, int32_t c)
{
    char u[5] = {0};
    encode(c, u);
    return strcmp(form, u) == 0;
}

search_norm *search_norm_new(diag *d)
{
    char **t2s = calloc(NORM_CPS, sizeof *t2s);
    search_norm *n = calloc(1, sizeof *n);
    if (!t2s || !n) abort();
    n->form = calloc(NORM_CPS, sizeof *n->form);
    if (!n->form) abort();
    bool ok = t2s_table(t2s, d);
    buf f = BUF_INIT;
    for (int32_t c = 0x80; ok && c < NORM_CPS; c++) {
        if (in(c, 0xD800, 0xDFFF) || utf8proc_category(c) == UTF8PROC_CATEGORY_CN) continue;
        first_form(c, t2s, &f);
        if (!same_as(f.data, c)) n->form[c] = strdup(f.data);
    }
    for (int c = 'A'; c <= 'Z'; c++) n->form[c] = strndup((char[]){ (char)(c + 32) }, 1);
    for (int round = 0, changed = 1; ok && changed && round < 4; round++) {
        changed = 0;
        for (int32_t c = 0; c < NORM_CPS; c++) {
            if (!n->form[c]) continue;
            apply(n, n->form[c], &f);
            if (strcmp(f.data, n->form[c]) != 0) {
                free(n->form[c]);
                n->form[c] = strdup(f.data);
                changed = 1;
            }
        }
    }
    buf_free(&f);
    for (int32_t c = 0; c < NORM_CPS; c++) free(t2s[c]);
    free(t2s);
    if (!ok) {
        search_norm_free(n);
        return NULL;
    }
    return n;
}

void search_norm_free(search_norm *n)
{
    if (!n) return;
    for (int32_t c = 0; c < NORM_CPS; c++) free(n->form[c]);
    free(n->form);
    free(n);
}

const char *search_norm_cp(search_norm *n, int32_t cp)
{
    return cp >= 0 && cp < NORM_CPS ? n->form[cp] : NULL;
}

/* Appends the code points of FORM (K bytes) and keeps *LAST, the class
 * of the last one written, and *PENDING, white space not yet written. */
typedef struct norm_out {
    buf *out;
    enum search_class last, pending;    /* SC_SEP: none pending */
    bool any;
} norm_out;

static void put_cp(norm_out *o, const char *u, int k, int32_t c)
{
    enum search_class cl = search_class(c);
    if (cl == SC_SPACE || cl == SC_NEWLINE) {
        if (o->pending != SC_NEWLINE) o->pending = cl;
        return;
    }
    if (o->any && o->pending == SC_NEWLINE) buf_putc(o->out, '\n');
    else if (o->any && o->pending == SC_SPACE && o->last != SC_CJK && cl != SC_CJK)
        buf_putc(o->out, ' ');
    o->pending = SC_SEP;
    buf_append(o->out, u, (size_t)k);
    o->last = cl;
    o->any = true;
}

void search_norm_text(search_norm *n, const char *text, size_t len, buf *out)
{
    norm_out o = { .out = out, .last = SC_SEP, .pending = SC_SEP };
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        int k;
        int32_t c = decode(s + i, len - i, &k);
        const char *f = c >= 0 ? search_norm_cp(n, c) : "";
        if (!f) {
            put_cp(&o, text + i, k, c);
        } else {
            for (size_t j = 0, fl = strlen(f); j < fl;) {
                int kk;
                int32_t d = decode((const unsigned char *)f + j, fl - j, &kk);
                put_cp(&o, f + j, kk, d);
                j += (size_t)kk;
            }
        }
        i += (size_t)k;
    }
}

void search_tokens(const char *text, size_t len, search_token_fn fn, void *ctx)
{
    const unsigned char *s = (const unsigned char *)text;
    uint32_t pos = 0;
    bool sep = false;
    for (size_t i = 0; i < len;) {
        int k;
        int32_t c = decode(s + i, len - i, &k);
        enum search_class cl = c >= 0 ? search_class(c) : SC_SEP;
        if (cl == SC_CJK) {
            search_token t = { text + i, (size_t)k, pos, sep };
            fn(ctx, &t);
            int k2;
            int32_t c2 = i + (size_t)k < len ? decode(s + i + k, len - i - (size_t)k, &k2) : -1;
            if (c2 >= 0 && search_class(c2) == SC_CJK) {
                t.len = (size_t)(k + k2);
                fn(ctx, &t);
            }
            pos++;
            sep = false;
            i += (size_t)k;
        } else if (cl == SC_WORD) {
            size_t j = i;
            while (j < len) {
                int kk;
                int32_t d = decode(s + j, len - j, &kk);
                if (d < 0 || search_class(d) != SC_WORD) break;
                j += (size_t)kk;
            }
            search_token t = { text + i, j - i, pos++, sep };
            fn(ctx, &t);
            sep = false;
            i = j;
        } else {
            sep = true;
            i += (size_t)k;
        }
    }
}

static bool holds_alphabet(const char *f, const int32_t *alphabet, size_t count, bool *only_space,
                           bool *term)
{
    bool found = false;
    *only_space = true;
    *term = false;
    for (size_t j = 0, fl = strlen(f); j < fl;) {
        int k;
        int32_t d = decode((const unsigned char *)f + j, fl - j, &k);
        enum search_class cl = search_class(d);
        if (cl != SC_SPACE && cl != SC_NEWLINE) *only_space = false;
        if (cl == SC_CJK || cl == SC_WORD) *term = true;
        size_t lo = 0, hi = count;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (alphabet[mid] < d) lo = mid + 1;
            else hi = mid;
        }
        if (lo < count && alphabet[lo] == d) found = true;
        j += (size_t)k;
    }
    return found;
}

const char *search_norm_token_cp(search_norm *n, int32_t cp)
{
    const char *f = search_norm_cp(n, cp);
    if (!f) return NULL;
    enum search_class own = search_class(cp);
    if (own == SC_CJK || own == SC_WORD) return f;
    bool only_space = true, same = *f != '\0';    /* white space for white space of its kind */
    for (size_t j = 0, fl = strlen(f); j < fl;) {
        int k;
        enum search_class cl = search_class(decode((const unsigned char *)f + j, fl - j, &k));
        if (cl == SC_CJK || cl == SC_WORD) return f;
        if (cl != SC_SPACE && cl != SC_NEWLINE) only_space = false;
        if (cl != own) same = false;
        j += (size_t)k;
    }
    return only_space && !same ? f : NULL;
}

json_t *search_norm_table(search_norm *n, const int32_t *alphabet, size_t count)
{
    json_t *t = json_object();
    for (int32_t c = 0; c < NORM_CPS; c++) {
        const char *f = n->form[c];
        if (!f) continue;
        bool only_space, term;
        bool keep = holds_alphabet(f, alphabet, count, &only_space, &term) || only_space;
        enum search_class own = search_class(c);
        if ((own == SC_CJK || own == SC_WORD) && !term) keep = true;   /* not a term, in both */
        if (!keep) continue;
        char u[5] = {0};
        encode(c, u);
        json_object_set_new(t, u, json_string(f));
    }
    return t;
}
