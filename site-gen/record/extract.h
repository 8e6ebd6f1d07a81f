/*
 * extract.h: from a doc to a record.
 *
 * Finds the title (agency and year), the six numbered parts of the
 * format, the prose of each part and the three statistical tables, by
 * their labels and in any of the forms a reader produces.  Quality rules
 * are not applied here (rules.h, narrative.h); what this adds to the
 * findings is only what reading itself notices (a table row with the
 * wrong number of cells).
 */
#ifndef EXTRACT_H
#define EXTRACT_H

#include "base/diag.h"
#include "read/read.h"
#include "record/record.h"

/* The record that the doc holds; NULL, reported through the diag, when
 * it has neither a report's title nor any of its tables. */
record *extract_record(const doc *dc, diag *d);

#endif
