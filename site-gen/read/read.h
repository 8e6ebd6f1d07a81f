/*
 * reader.h: the readers, one per form a report arrives in.  Each turns a
 * file's contents into a doc (doc.h) and reports what it cannot read as
 * "file:line: message" through the diag.  NULL means nothing usable.
 */
#ifndef READER_H
#define READER_H

#include <stddef.h>

#include "base/diag.h"
#include "read/doc.h"

/* Text pulled out of a PDF or a Word/HTML page; `utf8` is decoded text.
 * The form (pdf_text or word_text) is decided from the text itself. */
doc *read_text(const char *path, const char *utf8, size_t len, diag *d);   /* read_text.c */

/* An HTML page, as raw bytes: the charset comes from the page or is sniffed. */
doc *read_html(const char *path, const char *bytes, size_t len, diag *d);  /* read_html.c */

/* Markdown with GFM pipe tables; `utf8` is decoded text. */
doc *read_markdown(const char *path, const char *utf8, size_t len, diag *d); /* read_markdown.c */

#endif
