/*
 * doc.h: a report as read, before its tables are understood.
 *
 * Each reader (plain text, HTML, Markdown) turns its input into a doc: the
 * sequence of lines a person would see, each line a list of cells, each
 * tied to the source line it came from.  A paragraph of prose is a line of
 * one cell.  A table row is a line with one cell per visible column:
 * `rowspan`/`colspan` are expanded by repeating the spanning cell's text,
 * tab-separated text keeps its empty cells, and text pulled out of a PDF
 * is one cell per line (its numbers are split off by the extractor).
 *
 * Cell text is UTF-8, NFKC-normalised (full-width digits and parentheses
 * become ASCII), with no BOM, CR, or leading/trailing white space.  The
 * extractor (extract.h) finds the title, the prose sections and the
 * table rows in a doc by their labels; it never depends on which reader
 * produced it, except through `form` and `table_row`.
 */
#ifndef DOC_H
#define DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

typedef struct doc_line {
    int line;               /* 1-based line in the source file */
    bool table_row;         /* came from a table structure (<tr>, pipe row, tabs) */
    int ncells;
    const char **cells;
} doc_line;

typedef struct doc {
    arena *mem;             /* owns the lines and their text */
    const char *path;
    const char *form;       /* pdf_text, word_text, markdown, html */
    const char *charset;    /* how the bytes were decoded (UTF-8, GB18030);
                               NULL when the reader was given decoded text */
    doc_line *lines;
    int nlines, cap;
} doc;

doc *doc_new(const char *path, const char *form);
void doc_free(doc *d);
/* Appends a line; the cells are copied into the doc's arena. */
doc_line *doc_add_line(doc *d, int line, bool table_row, const char *const *cells, int ncells);
/* Appends a one-cell line of prose (copied). */
doc_line *doc_add_text(doc *d, int line, const char *text);

#endif
