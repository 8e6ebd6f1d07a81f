/*
 * reports.c: writing reports into the database, and the findings derived
 * across reports (write.h).
 *
 * Every statement used per report is prepared once, on first use, and
 * reset after each use; a report's cells go in with one multi-row INSERT
 * whose table/row/column keys are constants of the statement, so only
 * values are bound; a report is written under one savepoint: delete
 * whatever was stored from its path (ON DELETE CASCADE takes originals,
 * cells, sections, published and findings with it), insert it again.
 * A savepoint is its own transaction when none is open, and a part of
 * the run's when the ingest holds one (db_run_begin), so a report is
 * stored whole or not at all either way.
 *
 * The findings that depend on more than one report (duplicate agency and
 * year; this year's 上年结转 against last year's 结转下年度继续办理) or on
 * the registry (unregistered agency; an agency that could not be placed
 * in its region, with place.c's note) are computed in SQL as a
 * set ("what should exist"): the stored ones that no longer apply are
 * deleted and the missing ones inserted, so an unchanged database is not
 * rewritten.  Their sentences come from record/messages.h, handed to
 * SQLite's printf() as parameters.
 */
#include "store/write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "store/sql.h"

extern const char schema_sql[];

enum stmt_id {
    S_BEGIN, S_COMMIT, S_ROLLBACK,
    S_FIND, S_AGENCY_GET, S_AGENCY_ADD, S_REPORT_DEL, S_REPORT_ADD,
    S_ORIGINAL_ADD, S_CELL_ADD, S_SECTION_ADD, S_PUBLISHED_ADD, S_FINDING_ADD, S_DEDUCED_ADD,
    S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
    [S_BEGIN] = "SAVEPOINT report",
    [S_COMMIT] = "RELEASE report",
    [S_ROLLBACK] = "ROLLBACK TO report",
    [S_FIND] = "SELECT id, content_hash, ingested_at FROM reports WHERE source_path = ?1",
    [S_AGENCY_GET] = "SELECT id, registered FROM agencies WHERE name = ?1",
    [S_AGENCY_ADD] = "INSERT INTO agencies (name, slug, registered) VALUES (?1, ?2, 0)",
    [S_REPORT_DEL] = "DELETE FROM reports WHERE source_path = ?1",
    [S_REPORT_ADD] =
        "INSERT INTO reports (agency_id, year, source_path, content_hash, form, charset,"
        " title, bytes, ingested_at, record_json, published_on)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
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
    [S_DEDUCED_ADD] =
        "INSERT OR IGNORE INTO deduced (report_id, tbl, row, col, rule) VALUES (?1, ?2, ?3, ?4, ?5)",
};

struct report_stmts {
    sqlite3_stmt *st[S_COUNT];
};

static char *make_cells_sql(void);

/* Prepares the statements on first use; false after a message. */
static bool ready(db *db)
{
    if (db->reports) return true;
    report_stmts *s = calloc(1, sizeof *s);
    if (!s) abort();
    for (int i = 0; i < S_COUNT; i++) {
        char *made = stmt_sql[i] ? NULL : make_cells_sql();
        s->st[i] = sql_prepare_kept(db, made ? made : stmt_sql[i]);
        sqlite3_free(made);
        if (!s->st[i]) {
            report_stmts_free(s);
            return false;
        }
    }
    db->reports = s;
    return true;
}

void report_stmts_free(report_stmts *s)
{
    if (!s) return;
    for (int i = 0; i < S_COUNT; i++) sqlite3_finalize(s->st[i]);
    free(s);
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
    if (!ready(db)) return false;
    sqlite3_stmt *st = db->reports->st[S_FIND];
    sqlite3_bind_text(st, 1, source_path, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        snprintf(out->content_hash, sizeof out->content_hash, "%s",
                 (const char *)sqlite3_column_text(st, 1));
        snprintf(out->ingested_at, sizeof out->ingested_at, "%s",
                 (const char *)sqlite3_column_text(st, 2));
    } else if (rc != SQLITE_DONE) {
        db_fail(db, source_path);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_ROW;
}

/* The agency's id, creating it unregistered when it is not known. */
static int64_t agency_id(db *db, const char *name, bool *registered)
{
    sqlite3_stmt *st = db->reports->st[S_AGENCY_GET];
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int64_t id = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        *registered = sqlite3_column_int(st, 1) != 0;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (id || (rc != SQLITE_ROW && rc != SQLITE_DONE)) return id;   /* 0: the caller says why */

    char slug[32];
    generated_slug("a", name, slug);
    st = db->reports->st[S_AGENCY_ADD];
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, slug, -1, SQLITE_STATIC);
    if (!sql_run(st)) return 0;
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
    cell_binding b = { .st = db->reports->st[S_CELL_ADD] };
    sqlite3_bind_int64(b.st, 1, id);
    each_cell(r, bind_next_cell, &b);
    return sql_run(b.st);
}

static bool store_lists(db *db, int64_t id, const record *r)
{
    sqlite3_stmt *st = db->reports->st[S_SECTION_ADD];
    int ord = 0;
    for (const section *s = r->sections; s; s = s->next) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, ord++);
        sqlite3_bind_int(st, 3, s->number);
        sql_bind_text(st, 4, s->heading ? s->heading : "");
        sql_bind_text(st, 5, s->body ? s->body : "");
        sqlite3_bind_int(st, 6, s->line);
        if (!sql_run(st)) return false;
    }
    st = db->reports->st[S_PUBLISHED_ADD];
    for (const published_count *p = r->published; p; p = p->next) {
        if (!cell_known(p->items)) continue;    /* a count the prose did not give */
        sqlite3_bind_int64(st, 1, id);
        sql_bind_text(st, 2, p->channel);
        sql_bind_text(st, 3, p->label ? p->label : "");
        sqlite3_bind_double(st, 4, p->items);
        sqlite3_bind_int(st, 5, p->line);
        if (!sql_run(st)) return false;
    }
    st = db->reports->st[S_FINDING_ADD];
    for (const finding *f = r->findings; f; f = f->next) {
        sqlite3_bind_int64(st, 1, id);
        sql_bind_text(st, 2, f->code);
        sql_bind_text(st, 3, f->where ? f->where : "document");
        sql_bind_text(st, 4, f->message ? f->message : "");
        bind_line(st, 5, f->line);
        if (!sql_run(st)) return false;
    }
    st = db->reports->st[S_DEDUCED_ADD];
    for (const deduction *x = r->deduced; x; x = x->next) {
        sqlite3_bind_int64(st, 1, id);
        sql_bind_text(st, 2, x->table);
        sql_bind_text(st, 3, x->row);
        sql_bind_text(st, 4, x->col);
        sql_bind_text(st, 5, x->rule);
        if (!sql_run(st)) return false;
    }
    return true;
}

static int64_t store_row(db *db, const record *r, const report_file *f,
                         int64_t agency, const char *json)
{
    sqlite3_stmt *st = db->reports->st[S_REPORT_ADD];
    sqlite3_bind_int64(st, 1, agency);
    sqlite3_bind_int(st, 2, r->year);
    sql_bind_text(st, 3, f->source_path);
    sql_bind_text(st, 4, f->content_hash);
    sql_bind_text(st, 5, r->form ? r->form : "text");
    sql_bind_text(st, 6, f->charset ? f->charset : "UTF-8");
    sql_bind_text(st, 7, r->title);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)f->len);
    sql_bind_text(st, 9, f->ingested_at);
    sql_bind_text(st, 10, json);
    sql_bind_text(st, 11, r->published_on);
    if (!sql_run(st)) return 0;
    int64_t id = sqlite3_last_insert_rowid(db->sql);

    st = db->reports->st[S_ORIGINAL_ADD];
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_blob64(st, 2, f->bytes ? f->bytes : "", f->len, SQLITE_STATIC);
    return sql_run(st) ? id : 0;
}

bool db_store_report(db *db, const record *r, const report_file *f,
                     bool *registered, diag *d)
{
    if (!r->agency || !r->year) {
        diag_error(d, f->name ? f->name : f->source_path, 0,
                   "cannot store a report without agency and year");
        return false;
    }
    char *json = NULL;
    if (!f->record_json) {
        json_t *j = record_to_json(r);
        json = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(j);
        if (!json) abort();
    }

    bool begun = ready(db) && sql_run(db->reports->st[S_BEGIN]);
    bool ok = begun;
    if (ok) {
        sqlite3_stmt *del = db->reports->st[S_REPORT_DEL];
        sql_bind_text(del, 1, f->source_path);
        int64_t agency = 0, id = 0;
        ok = sql_run(del) &&
             (agency = agency_id(db, r->agency, registered)) != 0 &&
             (id = store_row(db, r, f, agency, json ? json : f->record_json)) != 0 &&
             store_cells(db, id, r) && store_lists(db, id, r) &&
             sql_run(db->reports->st[S_COMMIT]);
    }
    free(json);
    if (!ok) {
        diag_error(d, f->name ? f->name : f->source_path, 0, "not stored: %s",
                   sqlite3_errmsg(db->sql));
        if (begun && sql_run(db->reports->st[S_ROLLBACK])) sql_run(db->reports->st[S_COMMIT]);
    }
    return ok;
}

bool db_delete_report(db *db, const char *source_path)
{
    if (!ready(db)) return false;
    sqlite3_stmt *del = db->reports->st[S_REPORT_DEL];
    sql_bind_text(del, 1, source_path);
    if (sql_run(del)) return true;      /* one statement: its own transaction */
    diag_error(db->d, source_path, 0, "not removed: %s", sqlite3_errmsg(db->sql));
    return false;
}

bool db_each_stored(db *db, void (*fn)(void *ctx, const char *path, const char *hash,
                                       const char *ingested_at), void *ctx)
{
    db_query *q = db_query_new(db, "SELECT source_path, content_hash, ingested_at"
                                   " FROM reports ORDER BY source_path");
    while (q && db_row(q)) fn(ctx, db_text(q, 0), db_text(q, 1), db_text(q, 2));
    return db_query_end(q) == 0;
}

bool db_bulk_begin(db *db)
{
    return db_exec(db, "DROP INDEX IF EXISTS cells_by_key");
}

bool db_bulk_end(db *db)
{
    return db_exec(db, schema_sql);
}

/* ?1..?6: the sentences of the findings (record/messages.h); temp.labels
 * holds the Chinese labels of table 三's columns. */
static const char derive_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS derived (report_id INTEGER, code TEXT, location TEXT,"
    " message TEXT, PRIMARY KEY (report_id, code, message)) WITHOUT ROWID;"
    "DELETE FROM temp.derived;"
    "INSERT OR IGNORE INTO temp.derived"
    " SELECT r.id, 'unregistered', 'document', printf(?1, a.name)"
    " FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE a.registered = 0;"
    "INSERT OR IGNORE INTO temp.derived"
    " SELECT r.id, 'unplaced', 'document', a.place_note"
    " FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE a.place_note IS NOT NULL;"
    "INSERT OR IGNORE INTO temp.derived"
    " SELECT r.id, 'duplicate', 'document',"
    "  printf(CASE WHEN r.source_path < o.source_path THEN ?2 ELSE ?3 END, o.source_path)"
    " FROM reports r JOIN reports o"
    "  ON o.agency_id = r.agency_id AND o.year = r.year AND o.id <> r.id;"
    /* carry_over: this year's 上年结转 against last year's 结转下年度继续办理.
     * The shown reports go into a table of their own first, and CROSS JOIN
     * fixes the join order: left to itself the planner starts from the
     * cells and evaluates report_pages for each, which is quadratic. */
    "DROP TABLE IF EXISTS temp.shown;"
    "CREATE TEMP TABLE shown AS SELECT id, agency_id, year FROM report_pages;"
    "CREATE INDEX temp.shown_by_agency_year ON shown(agency_id, year);"
    "DROP TABLE IF EXISTS temp.carry_pairs;"
    "CREATE TEMP TABLE carry_pairs AS"
    " SELECT cur.id AS cur_id, cur.year AS cur_year, prev.id AS prev_id, prev.year AS prev_year,"
    "  group_concat(printf(?6, l.label, cur.year, ci.value, prev.year, co.value), ?7) AS diffs"
    " FROM temp.shown cur CROSS JOIN temp.shown prev"
    "  ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1"
    " CROSS JOIN cells ci ON ci.report_id = cur.id AND ci.tbl = 'requests' AND ci.row = 'carried_in'"
    " CROSS JOIN cells co ON co.report_id = prev.id AND co.tbl = 'requests' AND co.row = 'carried_out'"
    "  AND co.col = ci.col"
    " CROSS JOIN temp.labels l ON l.key = ci.col"
    " WHERE ci.value IS NOT NULL AND co.value IS NOT NULL AND ci.value <> co.value"
    " GROUP BY cur.id, prev.id;"
    "INSERT OR IGNORE INTO temp.derived"
    " SELECT cur_id, 'carry_over', 'requests', printf(?4, prev_year, diffs) FROM temp.carry_pairs;"
    "INSERT OR IGNORE INTO temp.derived"
    " SELECT prev_id, 'carry_over', 'requests', printf(?5, cur_year, diffs) FROM temp.carry_pairs;"
    "DELETE FROM findings WHERE code IN ('unregistered', 'unplaced', 'duplicate', 'carry_over') AND NOT EXISTS"
    " (SELECT 1 FROM temp.derived x WHERE x.report_id = findings.report_id"
    "  AND x.code = findings.code AND x.message = findings.message);"
    "INSERT INTO findings (report_id, code, location, message, line)"
    " SELECT x.report_id, x.code, x.location, x.message, NULL FROM temp.derived x"
    " WHERE NOT EXISTS (SELECT 1 FROM findings f WHERE f.report_id = x.report_id"
    "  AND f.code = x.code AND f.message = x.message);"
    "DELETE FROM agencies WHERE registered = 0 AND NOT EXISTS"
    " (SELECT 1 FROM reports r WHERE r.agency_id = agencies.id);";

enum { DERIVE_PARAMS = 7 };

/* Runs every statement of SQL with the same parameters bound. */
static bool run_all(db *db, const char *sql, const char *const params[DERIVE_PARAMS])
{
    const char *tail = sql;
    while (tail && *tail) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db->sql, tail, -1, &st, &tail) != SQLITE_OK) return db_fail(db, NULL);
        if (!st) break;                         /* only white space was left */
        int n = sqlite3_bind_parameter_count(st);
        for (int i = 1; i <= n && i <= DERIVE_PARAMS; i++) sql_bind_text(st, i, params[i - 1]);
        bool ok = sql_run(st);
        sqlite3_finalize(st);
        if (!ok) return db_fail(db, NULL);
    }
    return true;
}

/* temp.labels: table 三's column keys with their Chinese labels. */
static bool column_labels(db *db)
{
    if (!db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS labels (key TEXT PRIMARY KEY, label TEXT);"
                     "DELETE FROM temp.labels"))
        return false;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->sql, "INSERT INTO temp.labels VALUES (?1, ?2)", -1, &st, NULL)
        != SQLITE_OK)
        return db_fail(db, NULL);
    bool ok = true;
    for (int c = 0; ok && c < REQ_COLS; c++) {
        sql_bind_text(st, 1, req_col_keys[c]);
        sql_bind_text(st, 2, req_col_labels[c]);
        ok = sql_run(st);
    }
    sqlite3_finalize(st);
    return ok || db_fail(db, NULL);
}

bool db_derive_findings(db *db)
{
    static const char *const params[DERIVE_PARAMS] = {
        MSG_UNREGISTERED, MSG_DUPLICATE_THIS_SHOWN, MSG_DUPLICATE_OTHER_SHOWN,
        MSG_CARRY_OVER_FROM, MSG_CARRY_OVER_TO, MSG_CARRY_OVER_COLUMN, MSG_LIST_SEP,
    };
    if (!db_exec(db, "SAVEPOINT derive")) return false;
    if (column_labels(db) && run_all(db, derive_sql, params) && db_exec(db, "RELEASE derive"))
        return true;
    sqlite3_exec(db->sql, "ROLLBACK TO derive; RELEASE derive", NULL, NULL, NULL);
    return false;
}

bool db_each_duplicate(db *db, void (*fn)(void *ctx, const char *path, const char *agency,
                                          int year, const char *shown), void *ctx)
{
    db_query *q = db_query_new(db,
        "SELECT r.source_path, a.name, r.year, p.source_path"
        " FROM reports r JOIN agencies a ON a.id = r.agency_id"
        " JOIN report_pages p ON p.agency_id = r.agency_id AND p.year = r.year"
        " WHERE p.id <> r.id ORDER BY r.source_path");
    while (q && db_row(q)) fn(ctx, db_text(q, 0), db_text(q, 1), (int)db_int(q, 2), db_text(q, 3));
    return db_query_end(q) == 0;
}
