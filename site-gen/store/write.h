/*
 * write.h: what the ingest writes, inside the store stage (reports.c).
 *
 * Each call that changes reports is one transaction: a report is stored
 * (replacing whatever was stored from the same path) or deleted whole, or
 * not at all.  The findings that depend on more than one report or on the
 * registry are derived in SQL as a set at the end of a run.
 */
#ifndef WRITE_H
#define WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "record/record.h"
#include "store/db.h"

/* What is stored about a report file besides its record. */
typedef struct report_file {
    const char *source_path;    /* relative to the ingested folder */
    const char *name;           /* the file as messages name it; NULL: source_path */
    const char *bytes;          /* the file as read */
    size_t len;
    const char *content_hash;   /* 16 hex digits, see content_hash() */
    const char *charset;        /* UTF-8, GB18030 */
    const char *ingested_at;    /* UTC, ISO 8601 */
    const char *record_json;    /* record_to_json as text; NULL: made from the record */
} report_file;

/* The stored version of a path, if any. */
typedef struct stored_report {
    int64_t id;
    char content_hash[17];
    char ingested_at[32];
} stored_report;

bool db_find_report(db *db, const char *source_path, stored_report *out);

/* Calls FN for every stored report, in source_path order; false after a
 * message when the query failed. */
bool db_each_stored(db *db, void (*fn)(void *ctx, const char *path, const char *hash,
                                       const char *ingested_at), void *ctx);

/* Stores R in one transaction, replacing the report stored from the same
 * path.  The agency is looked up by name and created unregistered (with a
 * generated slug) when missing; *registered tells which.  False, after a
 * message through D naming the file, when nothing was changed. */
bool db_store_report(db *db, const record *r, const report_file *f,
                     bool *registered, diag *d);

/* Deletes the report stored from SOURCE_PATH with everything that hangs
 * off it.  False after a message when it failed. */
bool db_delete_report(db *db, const char *source_path);

/* For loading many reports at once: drops the index whose entries are
 * scattered across the file by every report (cells by key), so a commit
 * writes a few pages instead of hundreds; db_bulk_end() builds it again
 * in one pass.  A run that stops in between loses nothing: db_open()
 * recreates every missing index. */
bool db_bulk_begin(db *db);
bool db_bulk_end(db *db);

/* Brings the findings 'unregistered' and 'duplicate' in line with the
 * stored reports and agencies, in one transaction, and drops unregistered
 * agencies left without reports.  False after a message. */
bool db_derive_findings(db *db);

/* Calls FN for each stored file that repeats an earlier file's agency and
 * year: its path, the agency, the year, the path of the file the site
 * shows.  False after a message when the query failed. */
bool db_each_duplicate(db *db, void (*fn)(void *ctx, const char *path, const char *agency,
                                          int year, const char *shown), void *ctx);

#endif
