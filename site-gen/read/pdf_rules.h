/*
 * pdf_rules.h: the ruling lines of a PDF page (private to the read stage).
 *
 * pdf_rules.c draws a page with poppler's cairo renderer and finds its
 * rules in the pixels, since poppler-glib's API does not give the paths
 * a page draws; pdf.c does so where pdf_paths.c cannot read the rules
 * from the page's content.  pdf_layout.c reads tables with them.
 */
#ifndef PDF_RULES_H
#define PDF_RULES_H

#include <poppler.h>

#include "read/pdf_layout.h"

/* The page's rules, allocated in `a`; none when it cannot be drawn.  The
 * boxes of its characters, g[0..ng), are left out of the search. */
void pdf_find_rules(arena *a, PopplerPage *page, const pdf_glyph *g, int ng, pdf_rules *out);

#endif
