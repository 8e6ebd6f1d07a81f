/*
 * docx_numbering.h: the numbers Word writes before numbered paragraphs
 * (private to the read stage).
 *
 * A heading numbered by Word (一、 （一） 1.) holds no numeral in its text:
 * the paragraph, or its style, names a numbering definition of
 * word/numbering.xml and a level, and Word counts and draws the label.
 * docx_numbering.c counts the same way, so the reader sees 一、总体情况
 * where Word shows it.
 */
#ifndef DOCX_NUMBERING_H
#define DOCX_NUMBERING_H

#include <libxml/tree.h>

#include "base/buf.h"

typedef struct docx_numbering docx_numbering;

/* The numbering definitions of `numbering` (word/numbering.xml, or
 * NULL), and the paragraph styles of word/styles.xml, styles[0..len)
 * (len 0 when absent), which must outlive the result: they are read only
 * once a paragraph with a style asks.  NULL when nothing is numbered. */
docx_numbering *docx_numbering_new(const xmlDoc *numbering, const char *styles, size_t len);

void docx_numbering_free(docx_numbering *nb);

/* Counts paragraph p (a w:p) and appends the label Word shows before it,
 * if any, to out.  nb may be NULL (nothing is numbered). */
void docx_numbering_label(docx_numbering *nb, const xmlNode *p, buf *out);

#endif
