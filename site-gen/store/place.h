/*
 * place.h: placing agencies in the official division tree (GB/T 2260),
 * inside the store stage (place.c).
 *
 * An agency lands in its county, city or province by, in this order of
 * authority: content/agencies.csv when its line names the region (the
 * office's word always wins); the division names at the front of its
 * name (武义县卫生健康局 → 浙江省 › 金华市 › 武义县, 南京市鼓楼区… → 江苏省 ›
 * 南京市 › 鼓楼区); and, when the name fits several divisions (鼓楼区 is
 * in four cities), the names of their cities and provinces in the
 * report's title and prose.  What cannot be decided is left unplaced,
 * with a note saying why and what agencies.csv should add.
 *
 * The tree and the matching are usable on their own (tests/test_place.c
 * places names without a database); place_agencies() does it for every
 * stored agency at the end of an ingest.
 */
#ifndef PLACE_H
#define PLACE_H

#include <stdbool.h>

#include "base/buf.h"
#include "store/db.h"

enum { PLACE_MAX_CANDIDATES = 16 };

enum place_level { PLACE_PROVINCE, PLACE_CITY, PLACE_COUNTY };

typedef struct place_tree place_tree;

place_tree *place_tree_new(void);
void place_tree_free(place_tree *t);
/* Adds a division; PARENT is the code above it (NULL for a province).
 * Strings are copied.  Call place_tree_done() after the last one. */
void place_tree_add(place_tree *t, const char *code, const char *name, const char *level,
                    const char *parent, const char *slug);
void place_tree_done(place_tree *t);
/* Every division of the database's tree; false after a message. */
bool place_tree_load(place_tree *t, db *db);
int place_tree_size(const place_tree *t);

/* How a division was found. */
enum place_how {
    PLACE_NONE,         /* nothing in the name */
    PLACE_BY_NAME,      /* the name names one division */
    PLACE_BY_PROSE,     /* several; the report's text named the cities or provinces of one */
    PLACE_PARTIAL,      /* several; only what they share is known (their province or city) */
    PLACE_AMBIGUOUS,    /* several; nothing decides */
};

typedef struct place_result {
    enum place_how how;
    int division;                       /* index into the tree, -1 when none */
    char matched[64];                   /* the division name found in the agency's name */
    int ncandidates;                    /* divisions of that name, before the text decided */
    int candidates[PLACE_MAX_CANDIDATES];
} place_result;

/* Places an agency by its NAME, using TEXT (title and prose of its
 * reports; may be NULL) only when the name fits several divisions. */
void place_by_name(const place_tree *t, const char *name, const char *text, place_result *out);

/* The division's code, name and level, its parent's index (-1 for a
 * province) and its slug. */
const char *place_code(const place_tree *t, int i);
const char *place_name(const place_tree *t, int i);
const char *place_slug(const place_tree *t, int i);
enum place_level place_level_of(const place_tree *t, int i);
int place_parent(const place_tree *t, int i);
/* The division with CODE, or -1. */
int place_find_code(const place_tree *t, const char *code);
/* The division named NAME (its full or short name) at LEVEL under the
 * division ABOVE (-1: anywhere, when only one has that name); -1 when
 * there is none or, anywhere, more than one. */
int place_find_name(const place_tree *t, const char *name, enum place_level level, int above);
/* True when division A is B or above it. */
bool place_is_above(const place_tree *t, int a, int b);
/* "浙江省 › 金华市 › 武义县" (SEP between the parts) appended to OUT. */
void place_path(const place_tree *t, int i, const char *sep, buf *out);

/* Places every stored agency, creates the regions (provinces and cities
 * of the tree) that agencies are placed in and drops those left empty;
 * only rows that change are written.  One transaction; false after a
 * message. */
bool place_agencies(db *db);

#endif
