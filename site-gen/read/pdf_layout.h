/*
 * pdf_layout.h: from the glyphs of a PDF page to lines, tables and prose.
 *
 * Private to the read stage: pdf.c takes glyphs (a character and its box)
 * out of poppler, and pdf_layout.c rebuilds what a person sees from their
 * positions alone, since poppler's text API does not expose the ruling
 * lines of a table.  Coordinates are PDF points with y growing down the
 * page, as poppler gives them.
 */
#ifndef PDF_LAYOUT_H
#define PDF_LAYOUT_H

#include <stdbool.h>

#include "base/arena.h"

typedef struct pdf_glyph {
    double x1, y1, x2, y2;
    char s[8];              /* one character, UTF-8 */
} pdf_glyph;

/* Glyphs on one baseline, left to right. */
typedef struct pdf_line {
    pdf_glyph *g;
    int ng;
    double x1, y1, x2, y2;
    double h;               /* the height of its glyphs (their median) */
} pdf_line;

/* What a page holds, in reading order: a table row (cells, one per column
 * of its table) or a line of prose (text). */
typedef struct pdf_item {
    int page;
    int ncells;             /* 0 for a line of prose */
    const char **cells;
    const char *text;       /* the prose line; NULL for a table row */
    double x1, y1, x2, y2, h;
    int table;              /* the table's number on its page, -1 for prose */
    bool header;            /* a table row above the table's first row of values */
} pdf_item;

typedef struct pdf_items {
    pdf_item *v;
    int n, cap;
} pdf_items;

/* Groups glyphs (any order; reordered in place) into lines, top to bottom;
 * the lines point into `g`.  Returns the number of lines. */
int pdf_make_lines(arena *a, pdf_glyph *g, int ng, pdf_line **out);

/* The text of glyphs g[0..n), with a space where a gap is wide. */
char *pdf_glyph_text(arena *a, const pdf_glyph *g, int n, double h);

/* Lays out the lines of page `page`: table regions become rows, every
 * other line a prose line, appended to `out` top to bottom.  Text is
 * normalised (normalize_cell) and allocated in `a`. */
void pdf_layout_page(arena *a, int page, const pdf_line *lines, int nlines, pdf_items *out);

pdf_item *pdf_items_add(pdf_items *items);

/* Normalised text that starts with a numbering mark: 一、 (一) 1. 1、 第一章. */
bool pdf_is_numbered(const char *s);

#endif
