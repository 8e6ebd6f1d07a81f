/*
 * prose.h: the prose of a report cut into what its statements are made of.
 *
 * Statements like 收到政府信息公开申请 1 件 or 门户网站 94 条 live inside one
 * clause of one sentence, but the text that reaches a record keeps the
 * report's line breaks (a PDF breaks lines mid-word), its full-width
 * punctuation and stray spaces.  prose_flatten() makes one string to match
 * against; prose_sentence() and prose_clause() walk it; prose_count()
 * finds a number with its unit.  Spans point into the flattened string and
 * own nothing.
 */
#ifndef PROSE_H
#define PROSE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

typedef struct span {
    const char *at;
    size_t len;
} span;

static inline const char *span_end(span s) { return s.at + s.len; }

/* NFKC (full-width digits and punctuation become ASCII), every run of
 * white space and line breaks removed, except a single space kept between
 * two ASCII letters or digits ("2 0" must not become "20"), and Markdown's
 * emphasis stars dropped. */
char *prose_flatten(arena *a, const char *body);

/* The next sentence (ends at 。 ; ! ?) from *cursor, which advances past
 * it; false when only punctuation is left. */
bool prose_sentence(const char **cursor, const char *end, span *out);

/* The next clause of sentence `s` (ends at , or :), likewise. */
bool prose_clause(span s, const char **cursor, span *out);

/* Where `needle` first occurs in [from, end of s), or NULL. */
const char *span_find(span s, const char *from, const char *needle);
/* Where `needle` last occurs wholly inside [s.at, before), or NULL. */
const char *span_rfind(span s, const char *before, const char *needle);

/* A number followed by one of `units` (after an optional 余 or 多, as in
 * 20余人): value, where the digits start, and just past the unit. */
typedef struct count {
    double value;
    const char *at, *end;
} count;

/* The first such count in [from, end of s); false when there is none.
 * Digits preceded by 第 (第3条) are an ordinal, not a count. */
bool prose_count(span s, const char *from, const char *const *units, count *out);

/* `s` as a NUL-terminated copy for a message, cut (at a character
 * boundary, marked …) when longer than `max` bytes. */
char *prose_quote(arena *a, span s, size_t max);

#endif
