/*
 * parse.h: from a report file to its canonical record.
 *
 * Reads the bytes, picks the reader by content (HTML, Markdown, or text
 * pulled from a PDF or Word file), extracts the title, prose and tables
 * from the doc, and runs every quality rule.  Problems that make the file
 * unusable (unreadable, binary, not a report) are reported through the
 * diag as "file:line: message" and give NULL; problems inside a report
 * are findings in the record.
 */
#ifndef PARSE_H
#define PARSE_H

#include <stddef.h>

#include "base/diag.h"
#include "record/record.h"

record *parse_bytes(const char *path, const char *bytes, size_t len, diag *d);
record *parse_file(const char *path, diag *d);

#endif
