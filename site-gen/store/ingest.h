/*
 * ingest.h: the folder walk of the ingest (ingest.c), for the store stage
 * and the benchmarks; ingest_dir() itself is in db.h.
 *
 * Every file under the folder (recursively, in sorted order, dotfiles and
 * dot-folders skipped) is a report.  A file whose path and content hash
 * are already stored is skipped unread; a new or changed one is parsed and
 * stored in one transaction; a stored report whose file is gone is
 * removed.  A file that cannot be used is reported and counted as failed,
 * and whatever was stored from it before stays.
 */
#ifndef INGEST_H
#define INGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"

/* New files from which a run loads in bulk (see db_bulk_begin). */
enum { INGEST_BULK = 1000 };

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

#endif
