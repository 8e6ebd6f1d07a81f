/*
 * db.h: the portal's SQLite database, as the ingest stage writes it.
 *
 * db_open() creates the file from the compiled-in schema (schema.sql) or
 * brings an older one up to date, and switches on what every connection
 * needs: foreign keys, WAL, synchronous=NORMAL.  A db holds its prepared
 * statements, so storing ten thousand reports prepares each statement once.
 *
 * Each call that changes reports is one transaction: a report is stored
 * (replacing whatever was stored from the same path) or deleted whole, or
 * not at all.
 */
#ifndef DB_H
#define DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "base/diag.h"
#include "record/record.h"

enum { DB_SCHEMA_VERSION = 1 };

typedef struct db db;

/* Opens or creates PATH; NULL (after a "path: message") when unusable. */
db *db_open(const char *path, diag *d);
void db_close(db *db);
sqlite3 *db_sqlite(db *db);
const char *db_path(const db *db);

/* What is stored about a report file besides its record. */
typedef struct report_file {
    const char *source_path;    /* relative to the ingested folder */
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

/* Stores R in one transaction, replacing the report stored from the same
 * path.  The agency is looked up by name and created unregistered (with a
 * generated slug) when missing; *registered tells which.  False, after a
 * message naming the file, when nothing was changed. */
bool db_store_report(db *db, const record *r, const report_file *f,
                     bool *registered, diag *d);

/* Deletes the report stored from SOURCE_PATH with everything that hangs
 * off it.  False after a message when it failed. */
bool db_delete_report(db *db, const char *source_path, diag *d);

/* For loading many reports at once: drops the index whose entries are
 * scattered across the file by every report (cells by key), so a commit
 * writes a few pages instead of hundreds; db_bulk_end() builds it again
 * in one pass.  A run that stops in between loses nothing: db_open()
 * recreates every missing index. */
bool db_bulk_begin(db *db, diag *d);
bool db_bulk_end(db *db, diag *d);

/* Runs SQL (one or more statements) outside any prepared statement;
 * false after a message naming the database. */
bool db_exec(db *db, const char *sql, diag *d);

/* FNV-1a, 64 bit: the content hash of report files and the seed of
 * generated slugs.  Stable across machines and versions. */
uint64_t fnv1a64(const void *p, size_t n);
/* 16 lowercase hex digits of the FNV-1a hash of [p, p+n). */
void content_hash(const void *p, size_t n, char out[17]);
/* PREFIX + "-" + 12 hex digits of the hash of TEXT: a slug for something
 * that has none of its own ("a" for agencies, "r" for regions). */
void generated_slug(const char *prefix, const char *text, char out[32]);

#endif
