/*
 * table_rows.h: the statistical tables of a report, found row by row.
 *
 * A table occupies a stretch of doc lines (the lines under its heading).
 * Each row is found by its label, never by its position: the label is
 * compared with the format's rows, the expected next row first, so a
 * typo, a label wrapped over several lines or a repeated header after a
 * page break does not shift anything.  Values are placed only when the
 * row has exactly as many cells as the format, or as many numbers;
 * otherwise the cells stay unknown and, where the row visibly has the
 * wrong number of cells, a 'columns' finding says so.
 */
#ifndef TABLE_ROWS_H
#define TABLE_ROWS_H

#include "read/read.h"
#include "record/record.h"

/* Lines [from, to) of the doc. */
typedef struct line_range {
    int from, to;
} line_range;

/* Each reads one table into the record; the result is how many of its
 * rows were found. */
int table_read_active(record *r, const doc *dc, line_range span);
int table_read_requests(record *r, const doc *dc, line_range span);
int table_read_appeals(record *r, const doc *dc, line_range span);

#endif
