/*
 * prose.c: flattening prose and walking its sentences, clauses and counts.
 *
 * Everything works on bytes of UTF-8.  That is safe for the matching done
 * here because UTF-8 never puts an ASCII byte or the start of a character
 * inside another character: a search for "申请" or for ',' can only hit
 * where the text really says so.  After NFKC the punctuation that matters
 * is ASCII (，→, ；→; ：→: （→( ), except 。 and 、, which have no
 * compatibility form.
 */
#include "record/prose.h"

#include <string.h>

#include "read/read.h"

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool is_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char *prose_flatten(arena *a, const char *body)
{
    const char *text = normalize_cell(a, body, strlen(body));
    size_t n = strlen(text), o = 0;
    char *out = arena_alloc(a, n + 1);
    for (size_t i = 0; i < n;) {
        if (text[i] == '*') {   /* Markdown emphasis left in Word text: **强化…** */
            i++;
            continue;
        }
        if (!is_space(text[i])) {
            out[o++] = text[i++];
            continue;
        }
        size_t j = i;
        while (j < n && is_space(text[j])) j++;
        if (o && j < n && is_alnum(out[o - 1]) && is_alnum(text[j])) out[o++] = ' ';
        i = j;
    }
    out[o] = '\0';
    return out;
}

static const char FULL_STOP[] = "。";

/* Length of the sentence terminator at p, 0 if none. */
static size_t terminator(const char *p, const char *end)
{
    if (*p == ';' || *p == '!' || *p == '?') return 1;
    size_t n = sizeof FULL_STOP - 1;
    if ((size_t)(end - p) >= n && memcmp(p, FULL_STOP, n) == 0) return n;
    return 0;
}

bool prose_sentence(const char **cursor, const char *end, span *out)
{
    const char *p = *cursor;
    for (size_t t; p < end && (t = terminator(p, end)) > 0;) p += t;
    if (p >= end) {
        *cursor = end;
        return false;
    }
    const char *q = p;
    while (q < end && terminator(q, end) == 0) q++;
    *out = (span){ p, (size_t)(q - p) };
    *cursor = q;
    return true;
}

bool prose_clause(span s, const char **cursor, span *out)
{
    const char *end = span_end(s), *p = *cursor;
    while (p < end && (*p == ',' || *p == ':')) p++;
    if (p >= end) {
        *cursor = end;
        return false;
    }
    const char *q = p;
    while (q < end && *q != ',' && *q != ':') q++;
    *out = (span){ p, (size_t)(q - p) };
    *cursor = q;
    return true;
}

const char *span_find(span s, const char *from, const char *needle)
{
    const char *end = span_end(s);
    size_t n = strlen(needle);
    if (from < s.at) from = s.at;
    if (n == 0 || from >= end || (size_t)(end - from) < n) return NULL;
    for (const char *p = from; p + n <= end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p));
        if (!p || (size_t)(end - p) < n) return NULL;
        if (memcmp(p, needle, n) == 0) return p;
    }
    return NULL;
}

const char *span_rfind(span s, const char *before, const char *needle)
{
    span head = { s.at, before > s.at ? (size_t)(before - s.at) : 0 };
    if (before > span_end(s)) head.len = s.len;
    const char *last = NULL;
    for (const char *p = span_find(head, head.at, needle); p;
         p = span_find(head, p + 1, needle))
        last = p;
    return last;
}

static const char ORDINAL[] = "第";
static const char *const APPROX[] = { "余", "多", NULL };

/* The digits at p, with one optional decimal part; *end just past them. */
static double read_number(const char *p, const char *limit, const char **end)
{
    double v = 0;
    while (p < limit && is_digit(*p)) v = v * 10 + (*p++ - '0');
    if (p + 1 < limit && *p == '.' && is_digit(p[1])) {
        double scale = 0.1;
        for (p++; p < limit && is_digit(*p); p++, scale /= 10) v += (*p - '0') * scale;
    }
    *end = p;
    return v;
}

/* Length of whichever of `words` starts at p, 0 if none. */
static size_t starts_with_any(const char *p, const char *end, const char *const *words)
{
    for (; *words; words++) {
        size_t n = strlen(*words);
        if ((size_t)(end - p) >= n && memcmp(p, *words, n) == 0) return n;
    }
    return 0;
}

static bool is_ordinal(span s, const char *p)
{
    size_t n = sizeof ORDINAL - 1;
    return (size_t)(p - s.at) >= n && memcmp(p - n, ORDINAL, n) == 0;
}

bool prose_count(span s, const char *from, const char *const *units, count *out)
{
    const char *end = span_end(s);
    for (const char *p = from < s.at ? s.at : from; p < end; p++) {
        if (!is_digit(*p) || (p > s.at && (is_digit(p[-1]) || p[-1] == '.'))) continue;
        const char *q;
        double v = read_number(p, end, &q);
        q += starts_with_any(q, end, APPROX);
        size_t unit = starts_with_any(q, end, units);
        if (unit == 0 || is_ordinal(s, p)) {
            p = q - 1;
            continue;
        }
        *out = (count){ v, p, q + unit };
        return true;
    }
    return false;
}

char *prose_quote(arena *a, span s, size_t max)
{
    if (s.len <= max) return arena_strndup(a, s.at, s.len);
    size_t n = max;
    while (n > 0 && ((unsigned char)s.at[n] & 0xC0) == 0x80) n--;
    return arena_printf(a, "%.*s…", (int)n, s.at);
}
