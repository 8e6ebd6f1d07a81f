/*
 * narrative.h: what the prose says, read against the tables.
 *
 * Finds the numbers the prose states (申请 N 件, 主动公开政府信息 N 条 and
 * its channels, no appeals or lawsuits...) in the record's sections,
 * stores the published-item counts in the record, and adds a 'narrative'
 * finding where a statement disagrees with the tables.
 */
#ifndef NARRATIVE_H
#define NARRATIVE_H

#include "record/record.h"

void narrative_check(record *r);

/* The published-item counts stated in `flat` (prose_flatten()ed text of
 * one section), added to the record with the section's line.  Called by
 * narrative_check() for each prose section. */
void published_find(record *r, const char *flat, int line);

#endif
