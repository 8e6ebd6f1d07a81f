/*
 * deduce.h: cells the report left blank or lost, filled where the
 * tables' own rules allow only one value (deduce.c says which rules).
 * Runs after extraction and before the rules of rules.h.
 */
#ifndef DEDUCE_H
#define DEDUCE_H

#include "record/record.h"

void deduce_cells(record *r);

#endif
