/*
 * normalize.c: one spelling for a cell's text.
 *
 * One pass over the code points does it all for the text reports are
 * made of: ASCII, ideographs and CJK punctuation are their own NFKC, the
 * full-width ASCII forms (U+FF01..FF5E) map to ASCII by subtraction, and
 * U+3000 and NBSP are spaces.  The first code point outside those sends
 * the whole cell through utf8proc's NFKC instead, then through the same
 * pass.  The pass folds every run of white space into one space, drops
 * CR, zero-width, control and bidi characters, and emits a pending space only when it
 * does not sit between two CJK characters; leading and trailing spaces
 * are never emitted, so the result is trimmed.  Reports are mostly
 * ideographs, so utf8proc is rarely needed; that is what keeps parsing
 * fast.
 */
#include "read/read.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

static bool is_cjk(int32_t c)
{
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x20000 && c <= 0x2FFFF);
}

static bool is_space(int32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == 0x1680;
}

/* CR, zero-width characters, control characters (C0 but the white space
 * above, DEL, C1) and the bidi controls: none of them belongs in a report's
 * text, and the last two kinds could drive a terminal or reorder what a
 * reader sees ("txt.exe" shown as "exe.txt"). */
static bool is_dropped(int32_t c)
{
    return c == '\r' || c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF ||
           (c < 0x20 && !is_space(c)) || (c >= 0x7F && c < 0xA0) ||
           c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

/* The code point at s (valid UTF-8 up to end), its length in *k; -1 when
 * the bytes are not valid UTF-8. */
static int32_t decode_at(const uint8_t *s, const uint8_t *end, int *k)
{
    uint8_t c = s[0];
    if (c < 0x80) { *k = 1; return c; }
    int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (!n || end - s < n) return -1;
    int32_t v = c & (0x3F >> (n - 1));
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return -1;
        v = (v << 6) | (s[i] & 0x3F);
    }
    *k = n;
    return v;
}

/* Code points that NFKC leaves alone and that no combining mark follows
 * in Chinese text: ideographs and the common CJK punctuation. */
static bool nfkc_stable(int32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x3001 && c <= 0x3003) || c == 0x3007 || (c >= 0x3008 && c <= 0x3011) ||
           (c >= 0x3014 && c <= 0x301F) || (c >= 0x2018 && c <= 0x201D) ||
           (c >= 0x2013 && c <= 0x2015) || c == 0x00B7 || c == 0x2022;
}

/* NFKC of the code point when it is easy (ASCII, full-width ASCII forms,
 * U+3000, the stable ones above); -1 when utf8proc must decide. */
static int32_t quick_nfkc(int32_t c)
{
    if (c < 0x80) return c;
    if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
    if (c == 0x3000 || c == 0x00A0) return ' ';
    if (is_dropped(c) || nfkc_stable(c)) return c;
    return -1;
}

/* Writes the folded form of s[0..n) into out (room for 3n+1).  With
 * `quick`, maps code points through quick_nfkc() and gives up (returns
 * false) at the first one it cannot map; otherwise copies them. */
static bool fold_spaces(const uint8_t *s, size_t n, char *out, bool quick)
{
    size_t o = 0;
    const uint8_t *p = s, *end = s + n;
    int32_t last = 0;           /* last code point written, 0 at the start */
    bool pending = false;
    while (p < end) {
        int k;
        int32_t c = decode_at(p, end, &k);
        if (c < 0) {
            if (quick) return false;
            c = 0xFFFD;
            k = 1;
        }
        const uint8_t *from = p;
        p += k;
        int32_t mapped = quick ? quick_nfkc(c) : c;
        if (mapped < 0) return false;
        if (is_dropped(mapped)) continue;
        if (is_space(mapped)) {
            pending = last != 0;
            continue;
        }
        if (pending && !(is_cjk(last) && is_cjk(mapped))) out[o++] = ' ';
        pending = false;
        if (mapped == c && c != 0xFFFD) {
            memcpy(out + o, from, (size_t)k);
            o += (size_t)k;
        } else {
            o += (size_t)utf8proc_encode_char(mapped, (utf8proc_uint8_t *)out + o);
        }
        last = mapped;
    }
    out[o] = '\0';
    return true;
}

char *normalize_cell(arena *a, const char *s, size_t len)
{
    /* A replaced bad byte (1 byte) grows to 3: leave room for that. */
    char *out = arena_alloc(a, len * 3 + 1);
    if (fold_spaces((const uint8_t *)s, len, out, true)) return out;
    utf8proc_uint8_t *nfkc = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nfkc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
    if (m < 0) {
        fold_spaces((const uint8_t *)s, len, out, false);
        return out;
    }
    if ((size_t)m > len) out = arena_alloc(a, (size_t)m * 3 + 1);
    fold_spaces(nfkc, (size_t)m, out, false);
    free(nfkc);
    return out;
}
