/*
 * ingest.h: bring the database in line with a folder of report files.
 *
 * Every file under the folder (recursively, in sorted order, dotfiles and
 * dot-folders skipped) is a report.  A file whose path and content hash
 * are already stored is skipped unread; a new or changed one is parsed and
 * stored in one transaction; a stored report whose file is gone is
 * removed.  A file that cannot be used is reported and counted as failed,
 * and whatever was stored from it before stays.  Findings that depend on
 * more than one report (duplicate agency and year) or on the registry
 * (unregistered agency) are brought up to date at the end.
 */
#ifndef INGEST_H
#define INGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"
#include "base/diag.h"

/* Larger than any real report by far; refused before being read. */
enum { INGEST_MAX_BYTES = 16 << 20 };
/* New files from which a run loads in bulk (see db_bulk_begin). */
enum { INGEST_BULK = 1000 };

typedef struct ingest_counts {
    int added, changed, unchanged, removed, failed;
} ingest_counts;

/* A folder's files, relative to it, in walk order. */
typedef struct file_list {
    arena *mem;
    char **paths;
    size_t n, cap;
    bool incomplete;        /* some folder could not be read */
} file_list;

/* Lists DIR; false (after a message) when DIR itself cannot be read. */
bool file_list_read(file_list *out, const char *dir, diag *d);
void file_list_free(file_list *l);

/* Ingests DIR into DB.  PROGRESS draws a one-line progress display on
 * stderr (which must be a terminal).  False only when the database failed
 * in a way that stopped the run; per-file failures are counted in *N. */
bool ingest_dir(db *db, const char *dir, bool progress, diag *d, ingest_counts *n);

#endif
