/*
 * page_number.h: whether a line is a page number (private to the read
 * stage).  The PDF reader drops page numbers standing apart at the top
 * or bottom of a page, and the text reader drops them between the lines
 * a PDF-to-text tool wrote; both ask here, so that the two agree on what
 * a page number looks like.
 */
#ifndef PAGE_NUMBER_H
#define PAGE_NUMBER_H

#include <stdbool.h>

/* Whether LINE, its spaces left out, reads "- 3 -", "~3~", "—3—",
 * "第3页", "第3页共8页", "3/8" or "Page 3"; with BARE, also "3" (at most
 * four digits), which only a line's place on the page (as the PDF reader
 * knows it) tells from a figure. */
bool page_number(const char *line, bool bare);

#endif
