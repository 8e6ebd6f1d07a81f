/*
 * normalize.c: one spelling for a cell's text.
 *
 * Two passes.  utf8proc's NFKC does the Unicode work (full-width forms,
 * compatibility characters, NBSP and U+3000 become plain spaces); text
 * that is pure ASCII skips it, since NFKC leaves ASCII alone.  A second
 * pass over the code points folds every run of white space into one
 * space, drops CR and zero-width characters, and emits a pending space
 * only when it does not sit between two CJK characters.  Leading and
 * trailing spaces never get emitted, so the result is trimmed.
 */
#include "normalize.h"

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
    if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f') return true;
    return c > 0x7F && utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

static bool is_dropped(int32_t c)
{
    return c == '\r' || c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF;
}

/* Writes the folded form of the UTF-8 text s[0..n) into out (room for n+1). */
static size_t fold_spaces(const uint8_t *s, size_t n, char *out)
{
    size_t o = 0, i = 0;
    int32_t last = 0;           /* last code point written, 0 at the start */
    bool pending = false;
    while (i < n) {
        int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &c);
        if (k <= 0) { c = 0xFFFD; k = 1; }
        if (is_dropped(c)) { i += (size_t)k; continue; }
        if (is_space(c)) {
            pending = last != 0;
            i += (size_t)k;
            continue;
        }
        if (pending && !(is_cjk(last) && is_cjk(c))) out[o++] = ' ';
        pending = false;
        if (c == 0xFFFD && k == 1) {
            o += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)out + o);
        } else {
            memcpy(out + o, s + i, (size_t)k);
            o += (size_t)k;
        }
        last = c;
        i += (size_t)k;
    }
    out[o] = '\0';
    return o;
}

static bool is_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80) return false;
    return true;
}

char *normalize_cell(arena *a, const char *s, size_t len)
{
    utf8proc_uint8_t *nfkc = NULL;
    const uint8_t *src = (const uint8_t *)s;
    size_t n = len;
    if (!is_ascii(s, len)) {
        utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
                                          &nfkc, UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                 UTF8PROC_COMPAT);
        if (m >= 0) {
            src = nfkc;
            n = (size_t)m;
        }
    }
    /* A replaced bad byte (1 byte) grows to 3: leave room for that. */
    char *out = arena_alloc(a, n * 3 + 1);
    fold_spaces(src, n, out);
    free(nfkc);
    return out;
}
