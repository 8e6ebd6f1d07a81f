/*
 * labels.c: label reduction and comparison.
 *
 * label_clean() walks the text once, keeping a parenthesis depth and
 * restarting at every numbering mark, so a label is what follows its last
 * number: that is the part that names the row.  The comparison is the
 * textbook LCS table over two rows of bytes; labels are at most
 * LABEL_MAX code points, so it costs a few thousand steps, and the
 * extractor calls it only when no label matches exactly.
 */
#include "record/labels.h"

#include <string.h>

/* The code point at s and its length; U+FFFD for a bad byte, 0 at the end. */
static int32_t cp_at(const char *s, int *len)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c = p[0];
    if (c < 0x80) { *len = c ? 1 : 0; return c; }
    int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    int32_t v = c & (0x3F >> (n ? n - 1 : 0));
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) { *len = 1; return 0xFFFD; }
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (!n) { *len = 1; return 0xFFFD; }
    *len = n;
    return v;
}

static int chinese_digit(int32_t c)
{
    static const int32_t digits[] = { 0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                      0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341 };
    for (int i = 0; i < 11; i++)
        if (c == digits[i]) return i;   /* 〇 0, 一 1 … 九 9, 十 10 */
    if (c == 0x96F6) return 0;          /* 零 */
    return -1;
}

static bool is_mark_end(int32_t c) { return c == 0x3001 || c == '.'; }   /* 、 . */

/* Bytes of the numbering mark at s, 0 when there is none. */
static int mark_len(const char *s)
{
    unsigned char first = (unsigned char)s[0];
    /* Chinese digits start with one of these bytes in UTF-8. */
    if (first != '(' && !(first >= '0' && first <= '9') && first != 0xE3 && first != 0xE4 &&
        first != 0xE5 && first != 0xE9)
        return 0;
    int k, n = 0, digits = 0;
    int32_t c = cp_at(s, &k);
    if (c == '(') {
        n = k;
        while (digits < 3) {
            c = cp_at(s + n, &k);
            if (chinese_digit(c) < 0 && !(c >= '0' && c <= '9')) break;
            n += k;
            digits++;
        }
        c = cp_at(s + n, &k);
        return digits && c == ')' ? n + k : 0;
    }
    if (c >= '0' && c <= '9') {
        while (digits < 2 && s[n] >= '0' && s[n] <= '9') n++, digits++;
        c = cp_at(s + n, &k);
        if (!is_mark_end(c) || (s[n + k] >= '0' && s[n + k] <= '9')) return 0;
        return n + k;
    }
    while (digits < 3 && chinese_digit(c) >= 0) {
        n += k;
        digits++;
        c = cp_at(s + n, &k);
    }
    return digits && is_mark_end(c) ? n + k : 0;
}

static bool is_open(int32_t c) { return c == '(' || c == '[' || c == 0x3010 || c == 0x3014; }
static bool is_close(int32_t c) { return c == ')' || c == ']' || c == 0x3011 || c == 0x3015; }

static bool is_meaningful(int32_t c)
{
    return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || c >= 0x20000 ||
           (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void push(label *l, uint32_t c)
{
    if (l->n == LABEL_MAX) {
        memmove(l->cp, l->cp + 1, (LABEL_MAX - 1) * sizeof l->cp[0]);
        l->n--;
    }
    l->cp[l->n++] = c;
}

void label_clean(label *out, const char *text, size_t len)
{
    label_clean_within(out, text, len, 0);
}

int label_clean_within(label *out, const char *text, size_t len, int depth)
{
    out->n = 0;
    const char *p = text, *end = text + len;
    while (p < end && *p) {
        int m = depth ? 0 : mark_len(p);
        if (m) {
            out->n = 0;
            p += m;
            continue;
        }
        int k;
        int32_t c = cp_at(p, &k);
        p += k;
        if (is_open(c)) depth++;
        else if (is_close(c)) {
            if (depth) depth--;
            else out->n = 0;    /* the remark began on an earlier line */
        } else if (!depth && is_meaningful(c)) {
            push(out, (uint32_t)(c >= 'A' && c <= 'Z' ? c + 32 : c));
        }
    }
    return depth;
}

void label_append(label *a, const label *b)
{
    for (int i = 0; i < b->n; i++) push(a, b->cp[i]);
}

bool label_equal(const label *a, const label *b)
{
    return a->n == b->n && memcmp(a->cp, b->cp, (size_t)a->n * sizeof a->cp[0]) == 0;
}

bool label_ends_with(const label *a, const label *b)
{
    return a->n >= b->n &&
           memcmp(a->cp + a->n - b->n, b->cp, (size_t)b->n * sizeof a->cp[0]) == 0;
}

static int lcs(const label *a, const label *b)
{
    unsigned char row[2][LABEL_MAX + 1] = { { 0 } };
    for (int i = 1; i <= a->n; i++) {
        unsigned char *cur = row[i & 1], *prev = row[(i - 1) & 1];
        cur[0] = 0;
        for (int j = 1; j <= b->n; j++) {
            if (a->cp[i - 1] == b->cp[j - 1]) cur[j] = prev[j - 1] + 1;
            else cur[j] = prev[j] > cur[j - 1] ? prev[j] : cur[j - 1];
        }
    }
    return row[a->n & 1][b->n];
}

double label_recall(const label *a, const label *b)
{
    return b->n ? (double)lcs(a, b) / b->n : 0;
}

/* An upper bound on the LCS from the characters b shares with a: a
 * 256-bit set of a's code points, hashed, then b's looked up in it. */
static int common_bound(const label *a, const label *b)
{
    uint64_t set[4] = { 0 };
    for (int i = 0; i < a->n; i++) set[(a->cp[i] >> 6) & 3] |= 1ull << (a->cp[i] & 63);
    int n = 0;
    for (int j = 0; j < b->n; j++) n += (set[(b->cp[j] >> 6) & 3] >> (b->cp[j] & 63)) & 1;
    return n < a->n ? n : a->n;
}

double label_score(const label *text, const label *key, double floor)
{
    if (text->n == 0 || key->n == 0) return 0;
    if (label_equal(text, key)) return 1;
    int bound = common_bound(text, key);
    bool piece = text->n >= 5 && bound >= 0.9 * text->n;
    if (!piece && 2.0 * bound / (text->n + key->n) <= floor) return 0;
    int common = lcs(text, key);
    double s = 2.0 * common / (text->n + key->n);
    if (text->n >= 5 && common >= 0.9 * text->n && s < 0.75) s = 0.75;
    return s;
}

bool label_numbered(const char *text)
{
    while (*text == ' ') text++;
    return mark_len(text) > 0;
}

int label_chinese_number(const char *text, const char **rest)
{
    int k, value = 0, n = 0, digits = 0;
    while (*text == ' ') text++;
    int32_t c = cp_at(text, &k);
    while (digits < 3 && chinese_digit(c) > 0) {
        int d = chinese_digit(c);
        if (d == 10) value = (value ? value : 1) * 10;
        else value = value - value % 10 + d;
        n += k;
        digits++;
        c = cp_at(text + n, &k);
    }
    if (!digits || !(is_mark_end(c) || c == ',')) return 0;
    if (rest) *rest = text + n + k;
    return value;
}
