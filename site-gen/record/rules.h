/*
 * rules.h: the quality rules of REPORT-FORMAT.md applied to the tables of
 * a record: balance, processed_sum, row_total, appeals_total, missing.
 * Each rule is checked only where all of its cells are known; every
 * breach becomes a finding in the record, its message in Chinese.
 */
#ifndef RULES_H
#define RULES_H

#include "record/record.h"

void rules_check(record *r);

#endif
