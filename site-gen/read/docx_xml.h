/*
 * docx_xml.h: WordprocessingML names, shared by the Word reader's files
 * (private to the read stage).
 *
 * docx.c reads word/document.xml and docx_numbering.c the numbering and
 * style parts beside it; both ask the same questions of an element (is it
 * w:NAME, what is its w:val), answered once, in docx.c.
 */
#ifndef DOCX_XML_H
#define DOCX_XML_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

/* An element of WordprocessingML (transitional or strict) called `name`. */
bool docx_is_w(const xmlNode *n, const char *name);

/* The first child of n called w:`name`, or NULL. */
xmlNode *docx_child(const xmlNode *n, const char *name);

/* The attribute w:`attr` of n (or `attr` without a namespace), copied
 * into out[size]; "" when absent or n is NULL. */
const char *docx_attr(const xmlNode *n, const char *attr, char *out, size_t size);

#endif
