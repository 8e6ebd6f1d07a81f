/*
 * registry.h: the agency registry and the regions it names, as read from
 * content/agencies.csv (name,slug,province,city,county) and
 * content/regions.csv (the GB/T 2260 tree as code,name,level,parent,slug,
 * or provinces and cities as name,slug,parent), inside the store stage.
 *
 * registry.c reads both files into a registry, checked line by line
 * ("file:line: message", bad lines skipped); regions.c stores it into the
 * database in one transaction.  registry_load() (db.h) does both.
 */
#ifndef REGISTRY_H
#define REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "store/db.h"

typedef struct registry_agency {
    const char *name, *slug;
    const char *province, *city, *county;   /* NULL when the field is empty */
    const char *file;
    int line;
    struct registry_agency *next;
} registry_agency;

/* A line of regions.csv: either a province or city with the name of its
 * province (name,slug,parent), or a division of the official GB/T 2260
 * tree (code,name,level,parent,slug), which has a code. */
typedef struct registry_region {
    const char *name, *slug;
    const char *parent;                     /* the province's name; NULL for a province or division */
    const char *code;                       /* GB/T 2260 code; NULL on a name,slug,parent line */
    const char *level;                      /* province, city, county (divisions only) */
    const char *parent_code;                /* NULL for a province */
    const char *file;
    int line;
    struct registry_region *next;
} registry_region;

typedef struct registry {
    arena *mem;
    registry_agency *agencies, *agencies_tail;
    registry_region *regions, *regions_tail;
} registry;

registry *registry_new(void);
void registry_free(registry *reg);

/* Read a CSV file into REG.  False when the file cannot be read at all
 * (after a message); bad lines are reported and skipped. */
bool registry_read_agencies(registry *reg, const char *path, diag *d);
bool registry_read_regions(registry *reg, const char *path, diag *d);
/* The same for a file's text, TEXT (LEN bytes), read from PATH. */
void registry_parse_agencies(registry *reg, const char *path, const char *text, size_t len,
                             diag *d);
void registry_parse_regions(registry *reg, const char *path, const char *text, size_t len,
                            diag *d);

/* Upserts every region and agency (registered=1) in one transaction;
 * regions that agencies name but regions.csv lacks get generated slugs.
 * The divisions of the official tree replace the stored tree (only when
 * regions.csv has any): placement (place.c) reads them.
 * A line whose data is refused is said and skipped; a failure of the
 * database rolls the whole transaction back and gives false. */
bool registry_store(const registry *reg, db *db);

#endif
