/*
 * downloads.c: the portal's data, for people who want more than pages.
 *
 *   /data/site.db               the data in one database (store/download.sql:
 *                               numbers, findings, metrics; a consistent
 *                               snapshot, written read-only)
 *   /data/TABLE.csv             one file per table, made by one SQL query each
 *   /agencies/SLUG/YEAR/report.json, report.csv
 *                               one report: its canonical record, and its cells
 *                               one per row with keys and Chinese labels
 *   /agencies/SLUG/data.json    an agency and all its reports
 *   /years/YEAR/data.json       every report of a year
 *   /data/                      the page that explains them (data.mustache)
 *
 * CSV is UTF-8 with a byte-order mark (spreadsheet programs otherwise guess
 * a Chinese file's encoding wrong), CRLF line ends and RFC 4180 quoting;
 * NULL is an empty field, so an unknown cell never reads as 0.  JSON is
 * written by jansson, which escapes whatever text a report holds.  Only the
 * report the portal shows for an agency and year (the report_pages view)
 * gets JSON, like it gets a page.  The words that explain the files are in
 * the template; this file passes it counts, sizes and URLs.
 */
#include "out/site.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/fs.h"
#include "base/text.h"
#include "record/record.h"
#include "store/db.h"

/* ---- CSV (base/csv.h) ---------------------------------------------------- */

static void csv_column(csv_line *l, db_query *q, int i)
{
    switch (db_type(q, i)) {
    case DB_NULL:
        csv_empty(l);
        break;
    case DB_INTEGER:
    case DB_REAL:
        csv_number(l, db_double(q, i));
        break;
    default: {
        size_t len;
        const char *t = db_blob(q, i, &len);
        csv_text_n(l, t, len);
    }
    }
}

/* Writes the result of SQL, with a header row of its column names, to
 * PATH; the number of data rows, or -1. */
static long csv_write_query(site *s, const char *path, const char *sql)
{
    db_query *q = db_query_new(s->db, sql);
    if (!q) return -1;
    buf out = BUF_INIT;
    buf_puts(&out, CSV_BOM);
    csv_line l = { .out = &out };
    int cols = db_columns(q);
    for (int i = 0; i < cols; i++) csv_text(&l, db_column_name(q, i));
    csv_end(&l);
    long rows = 0;
    while (db_row(q)) {
        for (int i = 0; i < cols; i++) csv_column(&l, q, i);
        csv_end(&l);
        rows++;
    }
    if (db_query_end(q) != 0) rows = -1;
    else if (site_file(s, path, out.data, out.len) != 0) rows = -1;
    buf_free(&out);
    return rows;
}

/* ---- the database and its tables ---------------------------------------- */

static const struct {
    const char *name;
    const char *sql;
} table_csvs[] = {
    { "agencies", "SELECT * FROM agencies ORDER BY id" },
    { "regions", "SELECT * FROM regions ORDER BY id" },
    { "reports",
      "SELECT id, agency_id, year, source_path, content_hash, form, charset, title, bytes,"
      " ingested_at FROM reports ORDER BY id" },
    { "cells",
      "SELECT c.report_id, a.slug AS agency_slug, a.name AS agency, r.year,"
      " c.tbl AS \"table\", c.row, c.col AS \"column\", c.value"
      " FROM cells c JOIN reports r ON r.id = c.report_id JOIN agencies a ON a.id = r.agency_id"
      " ORDER BY c.report_id, c.tbl, c.row, c.col" },
    { "sections", "SELECT * FROM sections ORDER BY report_id, ord" },
    { "published", "SELECT * FROM published ORDER BY report_id, line, channel" },
    { "findings", "SELECT * FROM findings ORDER BY report_id, id" },
};

static json_t *file_facts(site *s, const char *path, long rows)
{
    buf full = BUF_INIT;
    buf_printf(&full, "%s/%s", s->out_dir, path);
    struct stat st;
    json_int_t bytes = stat(full.data, &st) == 0 ? (json_int_t)st.st_size : 0;
    buf_free(&full);
    json_t *o = json_pack("{s:s+, s:I, s:f}", "url", "/", path, "bytes", bytes,
                          "kib", (double)((bytes * 10 + 512) / 1024) / 10.0);
    if (rows >= 0) json_object_set_new(o, "rows", json_integer(rows));
    return o;
}

static int tables_write(site *s, json_t *facts)
{
    int rc = 0;
    for (size_t i = 0; i < sizeof table_csvs / sizeof table_csvs[0]; i++) {
        char path[64];
        snprintf(path, sizeof path, "data/%s.csv", table_csvs[i].name);
        long rows = csv_write_query(s, path, table_csvs[i].sql);
        if (rows < 0) rc = -1;
        else json_object_set_new(facts, table_csvs[i].name, file_facts(s, path, rows));
    }
    return rc;
}

/* The download database (db_export_data), made read-only. */
static int database_write(site *s, json_t *facts)
{
    const char *path = "data/site.db";
    buf b = BUF_INIT;
    buf_printf(&b, "%s/%s", s->out_dir, path);
    const char *full = b.data;
    int rc = -1, err = fs_make_parents(full);
    if (err) {
        diag_error(s->diag, full, 0, "cannot create its folder: %s", strerror(err));
    } else if (unlink(full) != 0 && errno != ENOENT) {
        diag_error(s->diag, full, 0, "cannot replace: %s", strerror(errno));
    } else if (db_export_data(s->db, full)) {
        if (chmod(full, 0444) != 0) diag_error(s->diag, full, 0, "cannot make read-only");
        else rc = 0;
    }
    buf_free(&b);
    if (rc == 0) json_object_set_new(facts, "database", file_facts(s, path, -1));
    return rc;
}

/* ---- one report --------------------------------------------------------- */

/* One row of report.csv: keys, labels, value (empty when unknown). */
static void cell_row(csv_line *l, json_t *tables, json_t *cells, const char *tbl, const char *row,
                     const char *row_label, const char *col, const char *col_label)
{
    const char *tlabel = json_string_value(json_object_get(tables, tbl));
    const char *fields[] = { tbl, row, col, tlabel ? tlabel : "", row_label, col_label };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) csv_text(l, fields[i]);
    char key[128];
    snprintf(key, sizeof key, "%s/%s/%s", tbl, row, col);
    json_t *v = json_object_get(cells, key);
    if (json_is_number(v)) csv_number(l, json_number_value(v));
    else csv_empty(l);
    csv_end(l);
}

/* The report's cells from the database, keyed "table/row/column". */
static json_t *cells_of(site *s, int64_t report_id)
{
    db_query *q = db_query_new(s->db, "SELECT tbl, row, col, value FROM cells WHERE report_id = ?1");
    if (!q) return NULL;
    db_bind_int(q, 1, report_id);
    json_t *cells = json_object();
    while (db_row(q)) {
        char key[128];
        snprintf(key, sizeof key, "%s/%s/%s", db_text(q, 0), db_text(q, 1), db_text(q, 2));
        json_t *v = db_null(q, 3) ? json_null() : json_real(db_double(q, 3));
        json_object_set_new(cells, key, v);
    }
    if (db_query_end(q) != 0) {
        json_decref(cells);
        return NULL;
    }
    return cells;
}

/* report.csv: every cell of the format, in the format's order. */
static int report_csv_write(site *s, int64_t report_id, const char *path)
{
    json_t *cells = cells_of(s, report_id);
    if (!cells) return -1;
    json_t *tables = json_object_get(s->config, "tables");
    buf out = BUF_INIT;
    buf_puts(&out, CSV_BOM "table,row,column,table_label,row_label,column_label,value\r\n");
    csv_line l = { .out = &out };
    for (int r = 0; r < ACTIVE_ROWS; r++)
        for (int c = 0; c < ACTIVE_COLS; c++) {
            bool counts = r == ACT_RULES || r == ACT_NORMATIVE_DOCS;
            if (counts != (c != ACOL_VALUE)) continue;
            cell_row(&l, tables, cells, "active", active_row_keys[r], active_row_labels[r],
                     active_col_keys[c], active_col_labels[c]);
        }
    for (int r = 0; r < REQ_ROWS; r++)
        for (int c = 0; c < REQ_COLS; c++)
            cell_row(&l, tables, cells, "requests", req_row_keys[r], req_row_labels[r],
                     req_col_keys[c], req_col_labels[c]);
    for (int g = 0; g < APPEAL_GROUPS; g++)
        for (int c = 0; c < APPEAL_COLS; c++)
            cell_row(&l, tables, cells, "appeals", appeal_group_keys[g], appeal_group_labels[g],
                     appeal_col_keys[c], appeal_col_labels[c]);
    int rc = site_file(s, path, out.data, out.len);
    buf_free(&out);
    json_decref(cells);
    return rc;
}

static int json_write(site *s, const char *path, json_t *value)
{
    char *text = json_dumps(value, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!text) {
        diag_error(s->diag, path, 0, "cannot be written as JSON");
        return -1;
    }
    size_t n = strlen(text);
    text[n] = '\n';     /* json_dumps leaves room: replace the NUL with a line end */
    int rc = site_file(s, path, text, n + 1);
    free(text);
    return rc;
}

static json_t *column_json(db_query *q, int i)
{
    const char *t = db_text(q, i);
    json_t *j = t && utf8_valid(t, strlen(t), NULL) ? json_string_nocheck(t) : NULL;
    return j ? j : json_null();
}

/* The shown reports with their agencies, newest year first. */
static const char report_sql[] =
    "SELECT r.id, r.year, r.source_path, r.record_json,"
    "       a.slug, a.name, a.province, a.city, a.county"
    " FROM report_pages r JOIN agencies a ON a.id = r.agency_id"
    " ORDER BY r.year DESC, a.name COLLATE zh, a.slug";

/* The record of the current row of report_sql with where it belongs and
 * where it came from; NULL (after a message) when record_json is damaged. */
static json_t *report_json(site *s, db_query *st)
{
    const char *source = db_text(st, 2);
    const char *stored = db_text(st, 3);
    json_error_t jerr;
    json_t *rec = json_loads(stored ? stored : "", 0, &jerr);
    if (!json_is_object(rec)) {
        diag_error(s->diag, source, 0, "stored record is not a JSON object: %s", jerr.text);
        json_decref(rec);
        return NULL;
    }
    json_object_set_new(rec, "agency_slug", column_json(st, 4));
    json_object_set_new(rec, "region", json_pack("{s:o, s:o, s:o}",
                                                 "province", column_json(st, 6),
                                                 "city", column_json(st, 7),
                                                 "county", column_json(st, 8)));
    json_object_set_new(rec, "source", column_json(st, 2));
    return rec;
}

/* A year's data.json as jansson writes {"year": Y, "reports": [...]}
 * with JSON_INDENT(2), built one record at a time, so that a year's
 * records are never all held at once. */
typedef struct year_file {
    int year;               /* 0: none begun */
    buf text;
    size_t n;
} year_file;

static int year_file_end(site *s, year_file *y, json_t *list)
{
    if (!y->year) return 0;
    buf_puts(&y->text, y->n ? "\n  ]\n}\n" : "]\n}\n");
    char path[64];
    snprintf(path, sizeof path, "years/%d/data.json", y->year);
    int rc = site_file(s, path, y->text.data, y->text.len);
    json_array_append_new(list, json_pack("{s:i, s:s+}", "year", y->year, "json", "/", path));
    y->year = 0;
    return rc;
}

static int year_file_add(site *s, year_file *y, int year, json_t *rec, json_t *list)
{
    int rc = 0;
    if (year != y->year) {
        rc = year_file_end(s, y, list);
        buf_clear(&y->text);
        buf_printf(&y->text, "{\n  \"year\": %d,\n  \"reports\": [", year);
        y->year = year;
        y->n = 0;
    }
    char *text = json_dumps(rec, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!text) return -1;
    buf_puts(&y->text, y->n++ ? ",\n    " : "\n    ");
    for (const char *c = text; *c; c++) {      /* nested two levels: four more spaces a line */
        buf_putc(&y->text, *c);
        if (*c == '\n') buf_puts(&y->text, "    ");
    }
    free(text);
    return rc;
}

/* report.json and report.csv of every shown report, in report_sql's
 * order (the newest year first), each year's data.json as its reports
 * go by, and the links of both into REPORTS and YEARS. */
static int reports_write(site *s, json_t *reports, json_t *years)
{
    db_query *st = db_query_new(s->db, report_sql);
    if (!st) return -1;
    int rc = 0;
    year_file y = { .text = BUF_INIT };
    while (db_row(st)) {
        const char *slug = db_text(st, 4);
        if (!slug_valid(slug)) {     /* it has no page either */
            diag_error(s->diag, db_text(st, 2), 0,
                       "agency slug '%s' cannot be part of a URL", slug ? slug : "");
            continue;
        }
        json_t *rec = report_json(s, st);
        if (!rec) continue;             /* said why; the other reports go on */
        int year = (int)db_int(st, 1);
        char dir[512], path[600];
        snprintf(dir, sizeof dir, "agencies/%s/%d/", slug, year);
        snprintf(path, sizeof path, "%sreport.json", dir);
        if (json_write(s, path, rec) != 0) rc = -1;
        snprintf(path, sizeof path, "%sreport.csv", dir);
        if (report_csv_write(s, db_int(st, 0), path) != 0) rc = -1;
        if (year_file_add(s, &y, year, rec, years) != 0) rc = -1;
        json_array_append_new(reports, json_pack("{s:o, s:s, s:i, s:s++, s:s++, s:s+}",
            "agency", column_json(st, 5), "agency_slug", slug,
            "year", year, "json", "/", dir, "report.json", "csv", "/", dir, "report.csv",
            "page", "/", dir));
        json_decref(rec);
    }
    if (year_file_end(s, &y, years) != 0) rc = -1;
    buf_free(&y.text);
    return db_query_end(st) == 0 && rc == 0 ? 0 : -1;
}

/* Every agency's data.json, {"agency", "reports"}, its reports in
 * report_sql's order: one agency's records held at a time. */
static const char agency_reports_sql[] =
    "SELECT r.id, r.year, r.source_path, r.record_json,"
    "       a.slug, a.name, a.province, a.city, a.county, a.registered"
    " FROM agencies a LEFT JOIN report_pages r ON r.agency_id = a.id"
    " ORDER BY a.slug, r.year DESC";

static int agency_file(site *s, json_t *agency, json_t *records)
{
    const char *slug = json_string_value(json_object_get(agency, "slug"));
    char path[512];
    snprintf(path, sizeof path, "agencies/%s/data.json", slug);
    json_t *doc = json_pack("{s:O, s:O}", "agency", agency, "reports", records);
    int rc = json_write(s, path, doc);
    json_decref(doc);
    return rc;
}

static int agency_files(site *s)
{
    db_query *st = db_query_new(s->db, agency_reports_sql);
    if (!st) return -1;
    int rc = 0;
    json_t *agency = NULL, *records = NULL;
    while (db_row(st)) {
        const char *slug = db_text(st, 4);
        if (!slug_valid(slug)) continue;      /* said by reports_write, or no reports */
        if (!agency || strcmp(slug, json_string_value(json_object_get(agency, "slug"))) != 0) {
            if (agency && agency_file(s, agency, records) != 0) rc = -1;
            json_decref(agency);
            json_decref(records);
            agency = json_pack("{s:s, s:o, s:o, s:o, s:o, s:b}",
                "slug", slug, "name", column_json(st, 5), "province", column_json(st, 6),
                "city", column_json(st, 7), "county", column_json(st, 8),
                "registered", db_int(st, 9) != 0);
            records = json_array();
        }
        json_t *rec = db_null(st, 0) ? NULL : report_json(s, st);
        if (rec) json_array_append_new(records, rec);
    }
    if (agency && agency_file(s, agency, records) != 0) rc = -1;
    json_decref(agency);
    json_decref(records);
    return db_query_end(st) == 0 && rc == 0 ? 0 : -1;
}

/* The agencies for the data page, in pinyin order, with their data.json. */
static int agencies_list(site *s, json_t *list)
{
    db_query *st = db_query_new(s->db,
        "SELECT slug, name, province, city, county, registered FROM agencies"
        " ORDER BY name COLLATE zh, slug");
    if (!st) return -1;
    while (db_row(st)) {
        const char *slug = db_text(st, 0);
        if (!slug_valid(slug)) continue;
        json_array_append_new(list, json_pack("{s:s, s:o, s:o, s:o, s:o, s:b, s:s++}",
            "slug", slug, "name", column_json(st, 1), "province", column_json(st, 2),
            "city", column_json(st, 3), "county", column_json(st, 4),
            "registered", db_int(st, 5) != 0, "json", "/agencies/", slug, "/data.json"));
    }
    return db_query_end(st);
}

int downloads_write(site *s)
{
    json_t *tables = json_object();
    json_t *reports = json_array(), *agencies = json_array(), *years = json_array();
    json_t *view = json_pack("{s:o}", "tables", tables);
    int rc = 0;
    if (tables_write(s, tables) != 0) rc = -1;
    if (database_write(s, view) != 0) rc = -1;
    if (reports_write(s, reports, years) != 0) rc = -1;
    if (agency_files(s) != 0 || agencies_list(s, agencies) != 0) rc = -1;
    json_object_set_new(view, "has_reports", json_boolean(json_array_size(reports) > 0));
    json_object_set_new(view, "has_agencies", json_boolean(json_array_size(agencies) > 0));
    json_object_set_new(view, "has_years", json_boolean(json_array_size(years) > 0));
    json_object_set_new(view, "reports", reports);
    json_object_set_new(view, "agencies", agencies);
    json_object_set_new(view, "years", years);
    if (site_page(s, "data", view, "data/", true) != 0) rc = -1;
    json_decref(view);
    return rc;
}
