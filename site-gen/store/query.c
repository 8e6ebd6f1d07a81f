/*
 * query.c: reading the database (db.h), the one way the later stages
 * run SQL.
 *
 * A db_query wraps a prepared statement with the connection it came from
 * and one flag: whether any step has failed.  db_row() is the only step
 * there is, so every loop over rows tells the end of the rows from an
 * error, the error is said once through the connection's diag, and
 * db_query_end() reports it to the caller, who only has to check one
 * return value after the loop.
 */
#include "store/db.h"

#include <stdlib.h>

#include "store/sql.h"

struct db_query {
    db *db;
    sqlite3_stmt *st;
    bool failed;
};

db_query *db_query_new(db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK) {
        db_fail(db, "query failed");
        sqlite3_finalize(st);
        return NULL;
    }
    db_query *q = malloc(sizeof *q);
    if (!q) abort();
    *q = (db_query){ .db = db, .st = st };
    return q;
}

bool db_row(db_query *q)
{
    int rc = sqlite3_step(q->st);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE && !q->failed) {
        q->failed = true;
        db_fail(q->db, "query failed");
    }
    return false;
}

bool db_query_failed(const db_query *q) { return q->failed; }

void db_query_reset(db_query *q)
{
    sqlite3_reset(q->st);
    sqlite3_clear_bindings(q->st);
}

int db_query_end(db_query *q)
{
    if (!q) return -1;
    bool failed = q->failed;
    sqlite3_finalize(q->st);
    free(q);
    return failed ? -1 : 0;
}

void db_bind_int(db_query *q, int i, int64_t v) { sqlite3_bind_int64(q->st, i, v); }
void db_bind_double(db_query *q, int i, double v) { sqlite3_bind_double(q->st, i, v); }

void db_bind_text(db_query *q, int i, const char *s)
{
    if (s) sqlite3_bind_text(q->st, i, s, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(q->st, i);
}

int db_columns(const db_query *q) { return sqlite3_column_count(q->st); }
const char *db_column_name(const db_query *q, int col) { return sqlite3_column_name(q->st, col); }

enum db_type db_type(const db_query *q, int col)
{
    switch (sqlite3_column_type(q->st, col)) {
    case SQLITE_INTEGER: return DB_INTEGER;
    case SQLITE_FLOAT: return DB_REAL;
    case SQLITE_TEXT: return DB_TEXT;
    case SQLITE_BLOB: return DB_BLOB;
    default: return DB_NULL;
    }
}

bool db_null(const db_query *q, int col) { return sqlite3_column_type(q->st, col) == SQLITE_NULL; }
int64_t db_int(const db_query *q, int col) { return sqlite3_column_int64(q->st, col); }
double db_double(const db_query *q, int col) { return sqlite3_column_double(q->st, col); }

const char *db_text(const db_query *q, int col)
{
    return (const char *)sqlite3_column_text(q->st, col);
}

const void *db_blob(const db_query *q, int col, size_t *len)
{
    const void *p = sqlite3_column_blob(q->st, col);
    *len = (size_t)sqlite3_column_bytes(q->st, col);
    return p ? p : "";
}
