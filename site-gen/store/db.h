/*
 * db.h: the store stage, the portal's SQLite database.
 *
 * Every SQL statement of the tool runs through this stage: the ingest
 * writes reports and the registry into the database, and the later
 * stages read it only through the queries below, which never hand out a
 * raw sqlite3 handle.  A db remembers the diag it was opened with, and
 * every failure of a statement is said there as "database: message", so
 * a caller only has to tell a failure from the end of the rows.
 *
 * db_open() creates the file from the compiled-in schema (schema.sql) or
 * brings an older one up to date; db_open_read() opens an existing one
 * read-only for a build.
 */
#ifndef DB_H
#define DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

enum { DB_SCHEMA_VERSION = 1 };

typedef struct db db;

/* ---- connections (db.c) ---- */

/* Opens or creates PATH for writing; NULL (after a "path: message") when
 * unusable.  Messages of later calls go to D as well. */
db *db_open(const char *path, diag *d);
/* Opens PATH read-only; NULL (after a message) unless it is a portal
 * database. */
db *db_open_read(const char *path, diag *d);
void db_close(db *db);
const char *db_path(const db *db);

/* Runs SQL (one or more statements); false after a message. */
bool db_exec(db *db, const char *sql);
/* The database offered for download, at PATH, which must not exist: the
 * numbers, findings and metrics without the files, JSON and prose
 * (download.sql, export.c); false after a message. */
bool db_export_data(db *db, const char *path);
/* Folds into *H what the pages are made of (stamp.c): equal after two
 * ingests that changed nothing, different after one that changed
 * anything a page shows.  False after a message. */
bool db_stamp(db *db, uint64_t *h);

/* ---- queries (query.c) ---- */

typedef struct db_query db_query;
enum db_type { DB_NULL, DB_INTEGER, DB_REAL, DB_TEXT, DB_BLOB };

/* A prepared query; NULL after a message. */
db_query *db_query_new(db *db, const char *sql);
/* Steps Q: true on a row; false at the end or on a failure, which is said
 * once and remembered. */
bool db_row(db_query *q);
/* True when a step of Q has failed. */
bool db_query_failed(const db_query *q);
/* Makes Q ready to run again (bindings cleared); a failure stays
 * remembered. */
void db_query_reset(db_query *q);
/* Frees Q (NULL is fine): 0, or -1 when Q was NULL or a step failed. */
int db_query_end(db_query *q);

/* Parameters count from 1.  Text is copied; NULL binds SQL NULL. */
void db_bind_int(db_query *q, int i, int64_t v);
void db_bind_double(db_query *q, int i, double v);
void db_bind_text(db_query *q, int i, const char *s);

/* Columns count from 0 and are read from the current row. */
int db_columns(const db_query *q);
const char *db_column_name(const db_query *q, int col);
enum db_type db_type(const db_query *q, int col);
bool db_null(const db_query *q, int col);
int64_t db_int(const db_query *q, int col);
double db_double(const db_query *q, int col);
/* NULL when the value is NULL. */
const char *db_text(const db_query *q, int col);
/* The bytes of a text or blob value, never NULL; *len gets their count. */
const void *db_blob(const db_query *q, int col, size_t *len);

/* ---- loading content (registry.c, ingest.c) ---- */

/* One ingest is one transaction: a build (which reads through its own
 * connection) sees the database as it was before the run or after it,
 * never half of a batch, and a run that is killed leaves it as it was.
 * db_run_end() commits when COMMIT is true, else rolls back; each false
 * after a message. */
bool db_run_begin(db *db);
bool db_run_end(db *db, bool commit);
/* True while a transaction is open.  SQLite rolls the whole run back by
 * itself on some errors (a full disk, an I/O error); what follows would
 * then be committed report by report, so the ingest stops instead. */
bool db_run_active(db *db);

/* Reads the agency registry (name,slug,province,city,county) and the
 * regions (name,slug,parent) and stores them in one transaction.  A file
 * that is NULL, or that does not exist and was not NAMED by the user, is
 * left out (every agency is then unregistered).  Bad lines are said and
 * skipped.  False when a named file cannot be read or storing failed. */
bool registry_load(db *db, const char *agencies, bool agencies_named,
                   const char *regions, bool regions_named, diag *d);

typedef struct ingest_counts {
    int added, changed, unchanged, removed, failed;
} ingest_counts;

/* Brings DB in line with the report files under DIR: new and changed
 * files parsed and stored, one transaction each; unchanged ones skipped;
 * reports whose file is gone removed; findings that depend on several
 * reports or on the registry brought up to date.  PROGRESS draws a
 * one-line progress display on stderr (which must be a terminal).  False
 * only when the database failed in a way that stopped the run; per-file
 * failures are counted in *N. */
bool ingest_dir(db *db, const char *dir, bool progress, diag *d, ingest_counts *n);

#endif
