/*
 * db.c: opening, migrating and copying the portal's database.
 *
 * The schema text (schema.sql, compiled in as schema_sql) always describes
 * the newest version and only uses CREATE ... IF NOT EXISTS, so running it
 * on any file of the current version is harmless.  Opening therefore
 * (1) refuses a file that is not ours or is newer than this tool,
 * (2) runs the migration steps from the file's user_version up, each in
 * its own transaction, (3) runs the schema text, and (4) adds the columns
 * that were added to existing tables without a version change (ALTER
 * TABLE ADD COLUMN, when PRAGMA table_info lacks them).
 *
 * Every connection knows the collation "zh" (pinyin order, collate.h),
 * which queries name when they list names; the schema never does.
 *
 * Writing reports is reports.c's, reading is query.c's.
 */
#include "store/db.h"
#include "store/sql.h"

#include "base/buf.h"
#include "base/collate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const char schema_sql[];

/* Steps from version i+1 to i+2; version 1 is schema_sql itself. */
static const char *const migrations[] = {
    NULL,
};

/* Columns added to existing tables after they were first released. */
static const struct {
    const char *table, *column, *decl;
} added_columns[] = {
    { "agencies", "region_id", "INTEGER REFERENCES regions(id)" },
    { "reports", "published_on", "TEXT" },
    { "agencies", "division", "TEXT" },
    { "agencies", "placed_by", "TEXT" },
    { "agencies", "place_note", "TEXT" },
    { "regions", "code", "TEXT" },
};

bool db_exec(db *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db->sql, sql, NULL, NULL, &err) == SQLITE_OK) return true;
    diag_error(db->d, db->path, 0, "%s", err ? err : sqlite3_errmsg(db->sql));
    sqlite3_free(err);
    return false;
}

static int query_int(db *db, const char *sql, int *out)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static bool has_column(db *db, const char *table, const char *column)
{
    char *sql = sqlite3_mprintf("SELECT count(*) FROM pragma_table_info(%Q) WHERE name = %Q",
                                table, column);
    int n = 0;
    int rc = query_int(db, sql, &n);
    sqlite3_free(sql);
    return rc == SQLITE_OK && n > 0;
}

static bool add_missing_columns(db *db)
{
    for (size_t i = 0; i < sizeof added_columns / sizeof added_columns[0]; i++) {
        if (has_column(db, added_columns[i].table, added_columns[i].column)) continue;
        char *sql = sqlite3_mprintf("ALTER TABLE \"%w\" ADD COLUMN \"%w\" %s",
                                    added_columns[i].table, added_columns[i].column,
                                    added_columns[i].decl);
        bool ok = db_exec(db, sql);
        sqlite3_free(sql);
        if (!ok) return false;
    }
    return true;
}

/* Brings the file to DB_SCHEMA_VERSION; refuses files that are not ours. */
static bool migrate(db *db)
{
    int version = 0, objects = 0;
    if (query_int(db, "PRAGMA user_version", &version) != SQLITE_OK ||
        query_int(db, "SELECT count(*) FROM sqlite_master", &objects) != SQLITE_OK) {
        int code = sqlite3_errcode(db->sql);
        diag_error(db->d, db->path, 0, "%s: %s",
                   code == SQLITE_READONLY ? "read-only: ingest cannot write to it"
                   : code == SQLITE_NOTADB ? "not a database" : "not a usable SQLite database",
                   sqlite3_errmsg(db->sql));
        return false;
    }
    if (version == 0 && objects > 0) {
        diag_error(db->d, db->path, 0, "not a site-gen database (it has tables but no schema version)");
        return false;
    }
    if (version > DB_SCHEMA_VERSION) {
        diag_error(db->d, db->path, 0, "schema version %d is newer than this site-gen (%d)",
                   version, DB_SCHEMA_VERSION);
        return false;
    }
    for (int v = version; v >= 1 && v < DB_SCHEMA_VERSION; v++) {
        const char *step = migrations[v];
        char *sql = sqlite3_mprintf("BEGIN; %s; PRAGMA user_version = %d; COMMIT;",
                                    step ? step : "", v + 1);
        bool ok = db_exec(db, sql);
        sqlite3_free(sql);
        if (!ok) {
            sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
            return false;
        }
    }
    return db_exec(db, schema_sql) && add_missing_columns(db);
}


bool db_fail(db *db, const char *what)
{
    if (what) diag_error(db->d, db->path, 0, "%s: %s", what, sqlite3_errmsg(db->sql));
    else diag_error(db->d, db->path, 0, "%s", sqlite3_errmsg(db->sql));
    return false;
}

bool sql_run(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE;
}

void sql_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

sqlite3_stmt *sql_prepare_kept(db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) == SQLITE_OK)
        return st;
    db_fail(db, NULL);
    sqlite3_finalize(st);
    return NULL;
}

/* A db for PATH with nothing open yet. */
static db *db_new(const char *path, diag *d)
{
    db *db = calloc(1, sizeof *db);
    if (!db) abort();
    db->path = strdup(path);
    if (!db->path) abort();
    db->d = d;
    return db;
}

/* SQLite's side of collate_zh(): ORDER BY name COLLATE zh. */
static int zh_order(void *arg, int alen, const void *a, int blen, const void *b)
{
    (void)arg;
    return collate_zh(a, (size_t)alen, b, (size_t)blen);
}

/* SITE_GEN_SQL_PROFILE=1: every statement that ran for more than 5 ms,
 * with its time, on stderr (a loop over rows counts until it ends, so
 * the work done per row is in it). */
static int profile_statement(unsigned kind, void *ctx, void *stmt, void *nanos)
{
    (void)kind;
    (void)ctx;
    int64_t ns = *(int64_t *)nanos;
    if (ns > 5000000) {
        char *sql = sqlite3_expanded_sql(stmt);
        fprintf(stderr, "sql: %.1f ms: %.300s\n", (double)ns / 1e6, sql ? sql : "(no memory)");
        sqlite3_free(sql);
    }
    return 0;
}

static bool connect(db *db, int flags)
{
    if (sqlite3_open_v2(db->path, &db->sql, flags, NULL) == SQLITE_OK &&
        sqlite3_create_collation_v2(db->sql, "zh", SQLITE_UTF8, NULL, zh_order, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db->sql, 5000);
        if (getenv("SITE_GEN_SQL_PROFILE"))
            sqlite3_trace_v2(db->sql, SQLITE_TRACE_PROFILE, profile_statement, NULL);
        return true;
    }
    diag_error(db->d, db->path, 0, "cannot open database: %s",
               db->sql ? sqlite3_errmsg(db->sql) : "out of memory");
    return false;
}

db *db_open(const char *path, diag *d)
{
    db *db = db_new(path, d);
    if (!connect(db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) || !migrate(db) ||
        !db_exec(db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;"
                     " PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;"
                     " PRAGMA wal_autocheckpoint = 16384;")) {
        db_close(db);
        return NULL;
    }
    return db;
}

/* "file:PATH?immutable=1", PATH percent-escaped where a URI needs it. */
char *db_immutable_uri(const char *path)
{
    buf u = BUF_INIT;
    buf_puts(&u, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '?' || *p == '#' || *p == '%' || *p <= ' ' || *p == 0x7F) buf_printf(&u, "%%%02X", *p);
        else buf_putc(&u, (char)*p);
    }
    buf_puts(&u, "?immutable=1");
    return u.data;
}

/* A WAL database in a folder this process cannot write to (a copy on
 * read-only media, a folder of another user) cannot be opened the usual
 * way: SQLite needs its -shm file beside it.  When no -wal file is there
 * either, the database file alone is the whole database and is opened as
 * immutable, which needs neither. */
static bool reopen_immutable(db *db)
{
    int code = sqlite3_errcode(db->sql);
    char *wal = sqlite3_mprintf("%s-wal", db->path);
    bool no_wal = wal && access(wal, F_OK) != 0 && errno == ENOENT;
    sqlite3_free(wal);
    if ((code != SQLITE_READONLY && code != SQLITE_CANTOPEN) || !no_wal) return false;
    sqlite3_close(db->sql);
    db->sql = NULL;
    char *uri = db_immutable_uri(db->path);
    bool ok = sqlite3_open_v2(uri, &db->sql, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK &&
              sqlite3_create_collation_v2(db->sql, "zh", SQLITE_UTF8, NULL, zh_order, NULL) == SQLITE_OK &&
              sqlite3_exec(db->sql, "SELECT count(*) FROM report_pages", NULL, NULL, NULL) == SQLITE_OK;
    free(uri);
    db->immutable = ok;
    return ok;
}

db *db_open_read(const char *path, diag *d)
{
    db *db = db_new(path, d);
    if (!connect(db, SQLITE_OPEN_READONLY)) {
        db_close(db);
        return NULL;
    }
    /* A read-only open succeeds on any file; ask for a table to be sure.
     * Only a database that answers without the table is another one: a
     * file that cannot be read (a WAL database whose folder is read-only
     * and holds its -wal file, say) is said as such. */
    if (sqlite3_exec(db->sql, "SELECT count(*) FROM report_pages", NULL, NULL, NULL) != SQLITE_OK &&
        !reopen_immutable(db)) {
        int code = sqlite3_errcode(db->sql);
        if (code == SQLITE_ERROR)
            diag_error(d, path, 0, "not a portal database: %s", sqlite3_errmsg(db->sql));
        else if (code == SQLITE_NOTADB)
            diag_error(d, path, 0, "not a database: %s", sqlite3_errmsg(db->sql));
        else
            diag_error(d, path, 0, "cannot read the database: %s", sqlite3_errmsg(db->sql));
        db_close(db);
        return NULL;
    }
    return db;
}

void db_close(db *db)
{
    if (!db) return;
    report_stmts_free(db->reports);
    if (db->sql) sqlite3_close(db->sql);
    free(db->path);
    free(db);
}

const char *db_path(const db *db) { return db->path; }

bool db_run_begin(db *db)
{
    return db_exec(db, "BEGIN IMMEDIATE");
}

bool db_run_active(db *db)
{
    return !sqlite3_get_autocommit(db->sql);
}

bool db_run_end(db *db, bool commit)
{
    if (commit) return db_exec(db, "COMMIT");
    if (!sqlite3_get_autocommit(db->sql)) sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
    return true;
}
