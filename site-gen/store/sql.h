/*
 * sql.h: what the files of the store stage share, and nothing outside it
 * sees: the connection itself and the helpers every statement uses.
 */
#ifndef SQL_H
#define SQL_H

#include <stdbool.h>

#include <sqlite3.h>

#include "base/diag.h"
#include "store/db.h"

typedef struct report_stmts report_stmts;

struct db {
    sqlite3 *sql;
    char *path;
    diag *d;                    /* where failures are said */
    report_stmts *reports;      /* reports.c's statements, prepared on first use */
    bool immutable;             /* opened as "file:PATH?immutable=1" (db.c, reopen_immutable) */
};

/* "file:PATH?immutable=1", PATH percent-escaped where a URI needs it;
 * the caller frees it. */
char *db_immutable_uri(const char *path);

/* Says "path: WHAT: sqlite's message" (WHAT may be NULL); returns false. */
bool db_fail(db *db, const char *what);

/* Steps a statement that returns no rows, then resets it and clears its
 * bindings: true when it ran to SQLITE_DONE. */
bool sql_run(sqlite3_stmt *st);

/* Binds text (NULL as SQL NULL) for the life of the statement's step. */
void sql_bind_text(sqlite3_stmt *st, int i, const char *s);

/* Prepares SQL to be kept for the connection's life; NULL after a message. */
sqlite3_stmt *sql_prepare_kept(db *db, const char *sql);

/* Frees reports.c's statements (db_close). */
void report_stmts_free(report_stmts *s);

#endif
