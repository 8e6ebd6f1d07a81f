/*
 * csv.h: writing CSV the way every download of the site is written:
 * UTF-8 with a byte-order mark (spreadsheet programs otherwise guess a
 * Chinese file's encoding wrong), CRLF line ends, RFC 4180 quoting, an
 * unknown value as an empty field, numbers as people write them (160,
 * not 160.0; no thousands separators, so programs read them).
 */
#ifndef CSV_H
#define CSV_H

#include <stddef.h>

#include "base/buf.h"

#define CSV_BOM "\xEF\xBB\xBF"

/* A line being written into OUT: each field call adds the comma before
 * it when it is not the line's first. */
typedef struct csv_line {
    buf *out;
    int fields;
} csv_line;

/* A text field (NULL: empty), quoted when it holds a comma, quote or line
 * end; one that a spreadsheet would run as a formula (= + - @ first) is
 * written as text, with a leading '. */
void csv_text(csv_line *l, const char *s);
/* The same for the N bytes at S. */
void csv_text_n(csv_line *l, const char *s, size_t n);
/* A number with up to 15 significant digits. */
void csv_number(csv_line *l, double v);
/* An empty field: unknown. */
void csv_empty(csv_line *l);
/* Ends the line (CRLF); the next field starts a new one. */
void csv_end(csv_line *l);

#endif
