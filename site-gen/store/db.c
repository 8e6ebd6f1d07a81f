/*
 * db.c: opening, migrating and writing the portal's database.
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
 * Every statement used per report is prepared once in db_open() and reset
 * after each use; a report's cells go in with one multi-row INSERT whose
 * table/row/column keys are constants of the statement, so only values are
 * bound; a report is written as one transaction: delete whatever
 * was stored from its path (ON DELETE CASCADE takes originals, cells,
 * sections, published and findings with it), insert it again.
 */
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
};

enum stmt_id {
    S_BEGIN, S_COMMIT, S_ROLLBACK,
    S_FIND, S_AGENCY_GET, S_AGENCY_ADD, S_REPORT_DEL, S_REPORT_ADD,
    S_ORIGINAL_ADD, S_CELL_ADD, S_SECTION_ADD, S_PUBLISHED_ADD, S_FINDING_ADD,
    S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
    [S_FIND] = "SELECT id, content_hash, ingested_at FROM reports WHERE source_path = ?1",
    [S_AGENCY_GET] = "SELECT id, registered FROM agencies WHERE name = ?1",
    [S_AGENCY_ADD] = "INSERT INTO agencies (name, slug, registered) VALUES (?1, ?2, 0)",
    [S_REPORT_DEL] = "DELETE FROM reports WHERE source_path = ?1",
    [S_REPORT_ADD] =
        "INSERT INTO reports (agency_id, year, source_path, content_hash, form, charset,"
        " title, bytes, ingested_at, record_json)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [S_ORIGINAL_ADD] = "INSERT INTO originals (report_id, bytes) VALUES (?1, ?2)",
    [S_CELL_ADD] = NULL,                /* make_cells_sql() */
    [S_SECTION_ADD] =
        "INSERT INTO sections (report_id, ord, number, heading, body, line)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [S_PUBLISHED_ADD] =
        "INSERT OR IGNORE INTO published (report_id, channel, label, items, line)"
        " VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_FINDING_ADD] =
        "INSERT INTO findings (report_id, code, location, message, line)"
        " VALUES (?1, ?2, ?3, ?4, ?5)",
};

struct db {
    sqlite3 *sql;
    char *path;
    sqlite3_stmt *stmt[S_COUNT];
};

uint64_t fnv1a64(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

void content_hash(const void *p, size_t n, char out[17])
{
    snprintf(out, 17, "%016llx", (unsigned long long)fnv1a64(p, n));
}

void generated_slug(const char *prefix, const char *text, char out[32])
{
    uint64_t h = fnv1a64(text, strlen(text)) & 0xffffffffffffULL;
    snprintf(out, 32, "%s-%012llx", prefix, (unsigned long long)h);
}

bool db_exec(db *db, const char *sql, diag *d)
{
    char *err = NULL;
    if (sqlite3_exec(db->sql, sql, NULL, NULL, &err) == SQLITE_OK) return true;
    diag_error(d, db->path, 0, "%s", err ? err : sqlite3_errmsg(db->sql));
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

static bool add_missing_columns(db *db, diag *d)
{
    for (size_t i = 0; i < sizeof added_columns / sizeof added_columns[0]; i++) {
        if (has_column(db, added_columns[i].table, added_columns[i].column)) continue;
        char *sql = sqlite3_mprintf("ALTER TABLE \"%w\" ADD COLUMN \"%w\" %s",
                                    added_columns[i].table, added_columns[i].column,
                                    added_columns[i].decl);
        bool ok = db_exec(db, sql, d);
        sqlite3_free(sql);
        if (!ok) return false;
    }
    return true;
}

/* Brings the file to DB_SCHEMA_VERSION; refuses files that are not ours. */
static bool migrate(db *db, diag *d)
{
    int version = 0, objects = 0;
    if (query_int(db, "PRAGMA user_version", &version) != SQLITE_OK ||
        query_int(db, "SELECT count(*) FROM sqlite_master", &objects) != SQLITE_OK) {
        diag_error(d, db->path, 0, "not a usable SQLite database: %s", sqlite3_errmsg(db->sql));
        return false;
    }
    if (version == 0 && objects > 0) {
        diag_error(d, db->path, 0, "not a site-gen database (it has tables but no schema version)");
        return false;
    }
    if (version > DB_SCHEMA_VERSION) {
        diag_error(d, db->path, 0, "schema version %d is newer than this site-gen (%d)",
                   version, DB_SCHEMA_VERSION);
        return false;
    }
    for (int v = version; v >= 1 && v < DB_SCHEMA_VERSION; v++) {
        const char *step = migrations[v];
        char *sql = sqlite3_mprintf("BEGIN; %s; PRAGMA user_version = %d; COMMIT;",
                                    step ? step : "", v + 1);
        bool ok = db_exec(db, sql, d);
        sqlite3_free(sql);
        if (!ok) {
            sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
            return false;
        }
    }
    return db_exec(db, schema_sql, d) && add_missing_columns(db, d);
}

static char *make_cells_sql(void);

static bool prepare_all(db *db, diag *d)
{
    for (int i = 0; i < S_COUNT; i++) {
        char *made = stmt_sql[i] ? NULL : make_cells_sql();
        int rc = sqlite3_prepare_v3(db->sql, made ? made : stmt_sql[i], -1,
                                    SQLITE_PREPARE_PERSISTENT, &db->stmt[i], NULL);
        sqlite3_free(made);
        if (rc != SQLITE_OK) {
            diag_error(d, db->path, 0, "%s", sqlite3_errmsg(db->sql));
            return false;
        }
    }
    return true;
}

db *db_open(const char *path, diag *d)
{
    db *db = calloc(1, sizeof *db);
    if (!db) abort();
    db->path = strdup(path);
    if (!db->path) abort();
    if (sqlite3_open_v2(path, &db->sql, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
        != SQLITE_OK) {
        diag_error(d, path, 0, "cannot open database: %s",
                   db->sql ? sqlite3_errmsg(db->sql) : "out of memory");
        db_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db->sql, 5000);
    if (!migrate(db, d) ||
        !db_exec(db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;"
                     " PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;"
                     " PRAGMA wal_autocheckpoint = 16384;", d) ||
        !prepare_all(db, d)) {
        db_close(db);
        return NULL;
    }
    return db;
}

void db_close(db *db)
{
    if (!db) return;
    for (int i = 0; i < S_COUNT; i++) sqlite3_finalize(db->stmt[i]);
    if (db->sql) sqlite3_close(db->sql);
    free(db->path);
    free(db);
}

bool db_bulk_begin(db *db, diag *d)
{
    return db_exec(db, "DROP INDEX IF EXISTS cells_by_key", d);
}

bool db_bulk_end(db *db, diag *d)
{
    return db_exec(db, schema_sql, d);
}

sqlite3 *db_sqlite(db *db) { return db->sql; }
const char *db_path(const db *db) { return db->path; }

/* Steps a statement that returns no rows, then resets it for reuse. */
static bool run(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

static void bind_cell(sqlite3_stmt *st, int i, cell c)
{
    if (cell_known(c)) sqlite3_bind_double(st, i, c);
    else sqlite3_bind_null(st, i);
}

static void bind_line(sqlite3_stmt *st, int i, int line)
{
    if (line > 0) sqlite3_bind_int(st, i, line);
    else sqlite3_bind_null(st, i);
}

bool db_find_report(db *db, const char *source_path, stored_report *out)
{
    sqlite3_stmt *st = db->stmt[S_FIND];
    sqlite3_bind_text(st, 1, source_path, -1, SQLITE_STATIC);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        out->id = sqlite3_column_int64(st, 0);
        snprintf(out->content_hash, sizeof out->content_hash, "%s",
                 (const char *)sqlite3_column_text(st, 1));
        snprintf(out->ingested_at, sizeof out->ingested_at, "%s",
                 (const char *)sqlite3_column_text(st, 2));
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return found;
}

/* The agency's id, creating it unregistered when it is not known. */
static int64_t agency_id(db *db, const char *name, bool *registered)
{
    sqlite3_stmt *st = db->stmt[S_AGENCY_GET];
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int64_t id = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        *registered = sqlite3_column_int(st, 1) != 0;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (id) return id;

    char slug[32];
    generated_slug("a", name, slug);
    st = db->stmt[S_AGENCY_ADD];
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, slug, -1, SQLITE_STATIC);
    if (!run(st)) return 0;
    *registered = false;
    return sqlite3_last_insert_rowid(db->sql);
}

/* Calls FN for every cell of the four tables, in one fixed order. */
static void each_cell(const record *r, void (*fn)(void *, const char *, const char *,
                                                 const char *, cell), void *arg)
{
    for (int row = 0; row < ACTIVE_ROWS; row++)
        for (int col = 0; col < ACTIVE_COLS; col++) {
            const cell *c = record_active_cell_c(r, row, col);
            if (c) fn(arg, "active", active_row_keys[row], active_col_keys[col], *c);
        }
    for (int row = 0; row < REQ_ROWS; row++)
        for (int col = 0; col < REQ_COLS; col++)
            fn(arg, "requests", req_row_keys[row], req_col_keys[col], r->requests[row][col]);
    for (int g = 0; g < APPEAL_GROUPS; g++)
        for (int col = 0; col < APPEAL_COLS; col++)
            fn(arg, "appeals", appeal_group_keys[g], appeal_col_keys[col], r->appeals[g][col]);
}

typedef struct cells_sql {
    char *text;
    int n;
} cells_sql;

static void add_cell_row(void *arg, const char *tbl, const char *row, const char *col, cell v)
{
    (void)v;
    cells_sql *q = arg;
    char *more = sqlite3_mprintf("%s%s(?1, %Q, %Q, %Q, ?%d)", q->text, q->n ? ", " : "",
                                 tbl, row, col, q->n + 2);
    sqlite3_free(q->text);
    q->text = more;
    q->n++;
}

/* One INSERT for all of a report's cells: the keys are constants in the
 * statement, only the report id and the values are bound. */
static char *make_cells_sql(void)
{
    record *blank = record_new(NULL);
    cells_sql q = { .text = sqlite3_mprintf("INSERT INTO cells (report_id, tbl, row, col, value)"
                                            " VALUES ") };
    each_cell(blank, add_cell_row, &q);
    record_free(blank);
    return q.text;
}

typedef struct cell_binding {
    sqlite3_stmt *st;
    int n;
} cell_binding;

static void bind_next_cell(void *arg, const char *tbl, const char *row, const char *col, cell v)
{
    (void)tbl; (void)row; (void)col;
    cell_binding *b = arg;
    bind_cell(b->st, b->n++ + 2, v);
}

static bool store_cells(db *db, int64_t id, const record *r)
{
    cell_binding b = { .st = db->stmt[S_CELL_ADD] };
    sqlite3_bind_int64(b.st, 1, id);
    each_cell(r, bind_next_cell, &b);
    return run(b.st);
}

static bool store_lists(db *db, int64_t id, const record *r)
{
    sqlite3_stmt *st = db->stmt[S_SECTION_ADD];
    int ord = 0;
    for (const section *s = r->sections; s; s = s->next) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, ord++);
        sqlite3_bind_int(st, 3, s->number);
        bind_text(st, 4, s->heading ? s->heading : "");
        bind_text(st, 5, s->body ? s->body : "");
        sqlite3_bind_int(st, 6, s->line);
        if (!run(st)) return false;
    }
    st = db->stmt[S_PUBLISHED_ADD];
    for (const published_count *p = r->published; p; p = p->next) {
        if (!cell_known(p->items)) continue;    /* a count the prose did not give */
        sqlite3_bind_int64(st, 1, id);
        bind_text(st, 2, p->channel);
        bind_text(st, 3, p->label ? p->label : "");
        sqlite3_bind_double(st, 4, p->items);
        sqlite3_bind_int(st, 5, p->line);
        if (!run(st)) return false;
    }
    st = db->stmt[S_FINDING_ADD];
    for (const finding *f = r->findings; f; f = f->next) {
        sqlite3_bind_int64(st, 1, id);
        bind_text(st, 2, f->code);
        bind_text(st, 3, f->where ? f->where : "document");
        bind_text(st, 4, f->message ? f->message : "");
        bind_line(st, 5, f->line);
        if (!run(st)) return false;
    }
    return true;
}

static int64_t store_row(db *db, const record *r, const report_file *f,
                         int64_t agency, const char *json)
{
    sqlite3_stmt *st = db->stmt[S_REPORT_ADD];
    sqlite3_bind_int64(st, 1, agency);
    sqlite3_bind_int(st, 2, r->year);
    bind_text(st, 3, f->source_path);
    bind_text(st, 4, f->content_hash);
    bind_text(st, 5, r->form ? r->form : "text");
    bind_text(st, 6, f->charset ? f->charset : "UTF-8");
    bind_text(st, 7, r->title);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)f->len);
    bind_text(st, 9, f->ingested_at);
    bind_text(st, 10, json);
    if (!run(st)) return 0;
    int64_t id = sqlite3_last_insert_rowid(db->sql);

    st = db->stmt[S_ORIGINAL_ADD];
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_blob64(st, 2, f->bytes ? f->bytes : "", f->len, SQLITE_STATIC);
    return run(st) ? id : 0;
}

bool db_store_report(db *db, const record *r, const report_file *f,
                     bool *registered, diag *d)
{
    if (!r->agency || !r->year) {
        diag_error(d, f->source_path, 0, "cannot store a report without agency and year");
        return false;
    }
    char *json = NULL;
    if (!f->record_json) {
        json_t *j = record_to_json(r);
        json = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(j);
        if (!json) abort();
    }

    bool ok = run(db->stmt[S_BEGIN]);
    if (ok) {
        sqlite3_stmt *del = db->stmt[S_REPORT_DEL];
        bind_text(del, 1, f->source_path);
        int64_t agency = 0, id = 0;
        ok = run(del) &&
             (agency = agency_id(db, r->agency, registered)) != 0 &&
             (id = store_row(db, r, f, agency, json ? json : f->record_json)) != 0 &&
             store_cells(db, id, r) && store_lists(db, id, r) &&
             run(db->stmt[S_COMMIT]);
    }
    free(json);
    if (!ok) {
        diag_error(d, f->source_path, 0, "not stored: %s", sqlite3_errmsg(db->sql));
        if (!sqlite3_get_autocommit(db->sql)) run(db->stmt[S_ROLLBACK]);
    }
    return ok;
}

bool db_delete_report(db *db, const char *source_path, diag *d)
{
    sqlite3_stmt *del = db->stmt[S_REPORT_DEL];
    bind_text(del, 1, source_path);
    if (run(del)) return true;      /* one statement: its own transaction */
    diag_error(d, source_path, 0, "not removed: %s", sqlite3_errmsg(db->sql));
    return false;
}
