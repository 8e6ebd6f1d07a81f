/*
 * labels.h: telling which row of the format a piece of text names.
 *
 * Reports spell the fixed labels of the format in many ways: with or
 * without their numbering ("（三）", "1.", "3、"), with remarks in
 * parentheses, broken over lines, with typos.  A label is therefore
 * reduced to its code points that carry meaning (ideographs and letters),
 * and two labels are compared by their longest common subsequence, which
 * tolerates a wrong, missing or extra character anywhere.
 */
#ifndef LABELS_H
#define LABELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { LABEL_MAX = 64 };

typedef struct label {
    uint32_t cp[LABEL_MAX];
    int n;
} label;

/* The meaningful code points of normalised text: numbering, anything in
 * parentheses, digits, punctuation and spaces are dropped; a numbering
 * mark in the middle starts the label afresh ("（三）不予公开 1.属于国家
 * 秘密" → 属于国家秘密), and so does a ')' closing a remark that an earlier
 * line opened.  Only the last LABEL_MAX code points are kept. */
void label_clean(label *out, const char *text, size_t len);
/* The same for a line that starts inside `depth` open parentheses (a
 * remark wrapped over lines); returns the depth at its end. */
int label_clean_within(label *out, const char *text, size_t len, int depth);
/* Appends b to a (the last LABEL_MAX code points are kept). */
void label_append(label *a, const label *b);
bool label_equal(const label *a, const label *b);
/* True when a ends with b. */
bool label_ends_with(const label *a, const label *b);

/* The share of b's code points found, in order, in a: LCS / |b|. */
double label_recall(const label *a, const label *b);
/* How well `text` names `key`: 1 for the same label, else their similarity 2·LCS / (|a| + |b|),
 * raised to 0.75 when text is a near-exact piece of a longer key (a label
 * whose rest was wrapped onto a later line).  A score that cannot beat
 * `floor` may be returned as 0 without being computed. */
double label_score(const label *text, const label *key, double floor);

/* True when normalised text starts with a numbering mark: 一、 （一） 1. 3、 */
bool label_numbered(const char *text);
/* The value 1..99 of a leading Chinese numeral followed by '、' or '.'
 * ("四、…" → 4), 0 when there is none; *rest gets the text after it. */
int label_chinese_number(const char *text, const char **rest);

#endif
