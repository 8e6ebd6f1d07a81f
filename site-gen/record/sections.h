/*
 * sections.h: the prose of a report, part by part.
 *
 * The format has six numbered parts (一、总体情况 … 六、其他需要报告的事
 * 项); text before the first is the preamble, part 0.  A part's body is
 * its paragraphs, separated by "\n": lines that PDF or Word extraction
 * broke inside a sentence are joined again, and table lines are left out.
 */
#ifndef SECTIONS_H
#define SECTIONS_H

#include <stdbool.h>

#include "read/read.h"
#include "record/record.h"
#include "record/table_rows.h"

typedef struct part {
    int number;             /* 0 preamble, 1..6 */
    int heading;            /* doc line index of the heading, -1 for the preamble */
    line_range body;        /* doc lines after the heading */
    bool table;             /* a part that holds a table: only sentences are prose */
} part;

/* Adds each part with a heading, and the preamble when it has text. */
void sections_add(record *r, const doc *dc, const part *parts, int nparts);

#endif
