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
    double x1, y1, x2, y2;  /* y1, y2: the font's size around the box's middle */
    double top, bottom;     /* the box as poppler gives it, which holds the ink */
    char s[8];              /* one character, UTF-8 */
} pdf_glyph;

/* Glyphs on one baseline, left to right. */
typedef struct pdf_line {
    pdf_glyph *g;
    int ng;
    double x1, y1, x2, y2;
    double h;               /* the height of its glyphs (their median) */
} pdf_line;

/* A ruling line: vertical (x1 == x2) or horizontal (y1 == y2). */
typedef struct pdf_rule {
    double x1, y1, x2, y2;
} pdf_rule;

enum { MAX_RULES = 4000 };   /* of each direction, on one page */

/* The rules a page draws (pdf_rules.c finds them). */
typedef struct pdf_rules {
    pdf_rule *v, *h;        /* vertical, horizontal */
    int nv, nh;
} pdf_rules;

enum { PDF_MAX_SEPS = 63 };  /* column boundaries of one table */

/* A table drawn with rules: rules that touch, the box around them, and
 * its inner vertical rules, the column boundaries (pdf_frames.c). */
typedef struct pdf_frame {
    double x1, y1, x2, y2;
    double seps[PDF_MAX_SEPS];
    int nseps;
    const pdf_rules *rules;
} pdf_frame;

/* The page's frames with at least one inner vertical rule, top to
 * bottom, allocated in `a`; their number. */
int pdf_find_frames(arena *a, const pdf_rules *rules, pdf_frame **out);

/* The line lies inside the frame. */
bool pdf_frame_holds(const pdf_frame *f, const pdf_line *l);

/* A horizontal rule of the frame lies between heights y1 and y2 under
 * some of [x1, x2]: text above it and text below it are in two cells. */
bool pdf_frame_ruled_between(const pdf_frame *f, double x1, double x2, double y1, double y2);

/* Where the frame's row at height y ends on the right: its rightmost
 * vertical rule there (the frame's right edge if none is found). */
double pdf_frame_row_end(const pdf_frame *f, double y);

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

/* Where the text of a table drawn without rules lies, as far as its
 * lines have shown: its left edge, how far its labels (the first chunk
 * of each line) reach, where its values start, its right edge, the
 * height of its text and the widest space between two of its lines. */
typedef struct pdf_extent {
    double left, reach, values, right, h, widest;
} pdf_extent;

/* A table drawn without rules that ends a page, for the next page to go
 * on with: a table continued there without its header shows too few of
 * its columns (those left blank in every row on that page show none), so
 * it keeps the column boundaries it had; and a label that the page break
 * cut goes on there. */
typedef struct pdf_carry {
    bool on;
    double seps[PDF_MAX_SEPS];
    int nseps;
    pdf_extent e;
    bool open[PDF_MAX_SEPS + 1];   /* columns where the last row's text ran to the cell's edge */
} pdf_carry;

/* Groups glyphs (any order; reordered in place) into lines, top to bottom;
 * the lines point into `g`.  Returns the number of lines. */
int pdf_make_lines(arena *a, pdf_glyph *g, int ng, pdf_line **out);

/* The text of glyphs g[0..n), with a space where a gap is wide. */
char *pdf_glyph_text(arena *a, const pdf_glyph *g, int n, double h);

/* Some line holds two chunks or more, as a table's lines do: only then
 * (or where a table may go on from the page before) are a page's rules
 * worth finding. */
bool pdf_any_tabular(const pdf_line *lines, int nlines);

/* Lays out the lines of page `page`: table regions become rows, every
 * other line a prose line, appended to `out` top to bottom.  A table
 * drawn with rules (`rules`, none if NULL) is read by them.  `carry` is
 * the table the page before ended with, if any, and becomes the one this
 * page ends with.  Text is normalised (normalize_cell) and allocated in
 * `a`. */
void pdf_layout_page(arena *a, int page, const pdf_line *lines, int nlines,
                     const pdf_rules *rules, pdf_carry *carry, pdf_items *out);

pdf_item *pdf_items_add(pdf_items *items);

/* Normalised text that starts with a numbering mark: 一、 (一) 1. 1、 第一章. */
bool pdf_is_numbered(const char *s);

#endif
