/*
 * normalize.h: one spelling for text that reports write many ways.
 *
 * NFKC (utf8proc) turns full-width digits, letters and parentheses into
 * ASCII and compatibility characters into their plain forms; white space
 * of every kind (NBSP, U+3000, tabs inside a cell) becomes one ASCII
 * space; CR is dropped; spaces between two CJK characters are removed,
 * since Chinese never separates them ("红 寺 堡 区" → "红寺堡区").
 */
#ifndef NORMALIZE_H
#define NORMALIZE_H

#include <stddef.h>

#include "base/arena.h"

/* The normalised copy of s[0..len), trimmed, allocated in `a`. */
char *normalize_cell(arena *a, const char *s, size_t len);

#endif
