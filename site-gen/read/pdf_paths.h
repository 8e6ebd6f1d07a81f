/*
 * pdf_paths.h: the ruling lines of a PDF page, read from the lines and
 * boxes its content draws (private to the read stage).
 *
 * poppler-glib gives a page's text but not its paths, and drawing a page
 * to find its rules in the pixels (pdf_rules.c) costs more than reading
 * the whole page for its text.  pdf_paths.c reads the file's objects
 * itself, just far enough to follow each page's content to the strokes
 * and fills that make its rules, passing over its text; where it cannot
 * follow a file or a page, pdf.c draws the page instead.
 */
#ifndef PDF_PATHS_H
#define PDF_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "read/pdf_layout.h"

typedef struct pdf_file pdf_file;

/* The objects and pages of the PDF in bytes[0..len), which must outlive
 * the result; NULL when this reader cannot follow the file (a broken
 * cross-reference table, an encrypted file). */
pdf_file *pdf_file_open(const char *bytes, size_t len);

void pdf_file_free(pdf_file *f);

/* The rules that page `index` (from 0, in the order poppler counts) draws,
 * allocated in `a`, in the coordinates of poppler's text: points from the
 * top left of the page's crop box.  False when the page cannot be read
 * this way (it is turned, its content uses a filter not read here, its
 * content is too large); then nothing is left in *out. */
bool pdf_file_page_rules(pdf_file *f, arena *a, int index, pdf_rules *out);

#endif
