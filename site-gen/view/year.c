/*
 * year.c: one page per year (/years/<year>/): every agency's key
 * figures that year in one table that fits the page (the agency's place
 * under its name), with a total per column, and the full table as CSV
 * (/years/<year>/data.csv: every metric of the comparison pages, one line
 * per report).  A total over cells some of which are unknown is marked
 * partial with the number of unknown cells, so no unknown value is
 * silently added as 0; in the CSV an unknown value is an empty field.
 */
#include "view/page.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"

/* The CSV's columns before the metrics, key and Chinese name. */
static const char *const lead_columns[][2] = {
    { "agency", "机构" }, { "agency_slug", "机构网址名" }, { "province", "省级" }, { "city", "地市级" },
    { "county", "县级" }, { "year", "年度" }, { "report", "报告网址" },
};
enum { LEAD_COLUMNS = sizeof lead_columns / sizeof lead_columns[0] };

/* The header: the lead columns, then "slug（name，unit）" per metric; the
 * metrics' slugs and whether each is a share, in order, into *SLUGS. */
static int csv_header(pages *p, buf *out, json_t *slugs)
{
    db_query *q = db_query_new(p->db, "SELECT slug, name, unit, kind = 'share' FROM metrics ORDER BY ord");
    if (!q) return -1;
    buf_puts(out, CSV_BOM);
    csv_line l = { .out = out };
    buf cell = BUF_INIT;
    for (int i = 0; i < LEAD_COLUMNS; i++) {
        buf_clear(&cell);
        buf_printf(&cell, "%s（%s）", lead_columns[i][0], lead_columns[i][1]);
        csv_text(&l, cell.data);
    }
    while (db_row(q)) {
        buf_clear(&cell);
        buf_printf(&cell, "%s（%s，%s）", db_text(q, 0), db_text(q, 1), db_text(q, 2));
        csv_text(&l, cell.data);
        json_array_append_new(slugs, json_pack("[s, b]", db_text(q, 0), (int)db_int(q, 3)));
    }
    csv_end(&l);
    buf_free(&cell);
    return db_query_end(q);
}

/* One line per report of YEAR: who, then every metric's value (shares in per cent). */
static int csv_lines(pages *p, int year, json_t *slugs, buf *out)
{
    db_query *q = db_query_new(p->db,
        "SELECT a.name, a.slug, a.province, a.city, a.county, v.report_id, v.metric, v.value"
        " FROM temp.year_values v JOIN agencies a ON a.id = v.agency_id JOIN metrics m ON m.slug = v.metric"
        " WHERE v.year = ?1"
        " ORDER BY a.province IS NULL, a.province COLLATE zh, a.city COLLATE zh, a.name COLLATE zh,"
        " v.report_id, m.ord");
    if (!q) return -1;
    db_bind_int(q, 1, year);
    size_t n = json_array_size(slugs);
    double *values = calloc(n + 1, sizeof *values);
    bool *known = calloc(n + 1, sizeof *known);
    if (!values || !known) abort();
    int64_t report = -1;
    size_t at = 0;                      /* the metrics come in the header's order */
    char *who[5] = { NULL };
    for (bool row = db_row(q);; row = db_row(q)) {
        if (report >= 0 && (!row || db_int(q, 5) != report)) {
            csv_line l = { .out = out };
            for (int i = 0; i < 5; i++) csv_text(&l, who[i]);
            csv_number(&l, year);
            char *url = slug_valid(who[1]) ? view_url_report(who[1], year) : NULL;
            csv_text(&l, url);
            free(url);
            for (size_t i = 0; i < n; i++) {
                bool share = json_is_true(json_array_get(json_array_get(slugs, i), 1));
                if (known[i]) csv_number(&l, share ? round(values[i] * 10000) / 100 : values[i]);
                else csv_empty(&l);
            }
            csv_end(&l);
            memset(known, 0, n * sizeof *known);
            for (int i = 0; i < 5; i++) { free(who[i]); who[i] = NULL; }
        }
        if (!row) break;
        if (db_int(q, 5) != report) {
            report = db_int(q, 5);
            at = 0;
            for (int i = 0; i < 5; i++) who[i] = db_text(q, i) ? strdup(db_text(q, i)) : NULL;
        }
        const char *metric = db_text(q, 6);
        while (metric && at < n &&
               strcmp(json_string_value(json_array_get(json_array_get(slugs, at), 0)), metric) != 0)
            at++;
        if (at < n && !db_null(q, 7)) {
            values[at] = db_double(q, 7);
            known[at] = true;
        }
    }
    free(values);
    free(known);
    return db_query_end(q);
}

static int year_csv(pages *p, int year, int *metrics)
{
    buf out = BUF_INIT;
    json_t *slugs = json_array();
    int rc = csv_header(p, &out, slugs);
    *metrics = (int)json_array_size(slugs);
    if (rc == 0) rc = csv_lines(p, year, slugs, &out);
    char path[48];
    snprintf(path, sizeof path, "years/%d/data.csv", year);
    if (rc == 0) rc = p->sink.file(p->sink.ctx, path, out.data, out.len);
    json_decref(slugs);
    buf_free(&out);
    return rc;
}

static int year_page(pages *p, int year)
{
    db_query *q = db_query_new(p->db,
        "SELECT r.id, a.name, a.slug, a.province, a.city FROM report_pages r "
        "JOIN agencies a ON a.id = r.agency_id WHERE r.year = ? "
        "ORDER BY a.province IS NULL, a.province COLLATE zh, a.city COLLATE zh, a.name COLLATE zh");
    if (!q) return -1;
    db_bind_int(q, 1, year);
    json_t *rows = json_array();
    total totals[KEY_FIGURES] = {0};
    int rc = 0;
    while (rc == 0 && db_row(q)) {
        const char *slug = db_text(q, 2);
        if (!slug_valid(slug)) continue;
        cell f[KEY_FIGURES];
        rc = view_key_figures(p, db_int(q, 0), f);
        for (int k = 0; k < KEY_FIGURES; k++) total_add(&totals[k], f[k]);
        char *url = view_url_report(slug, year);
        json_array_append_new(rows, json_pack("{s:o, s:s, s:o, s:o}",
            "agency", view_text(q, 1), "url", url,
            "place", view_place(db_text(q, 3), db_text(q, 4)), "figures", view_figures_json(f)));
        free(url);
    }
    db_query_end(q);
    int metrics = 0;
    if (rc == 0) rc = year_csv(p, year, &metrics);
    char csv[48];
    snprintf(csv, sizeof csv, "/years/%d/data.csv", year);
    json_t *v = json_pack("{s:i, s:o, s:o, s:o, s:s, s:i}", "year", year, "count", view_count((long)json_array_size(rows)),
                          "rows", rows, "totals", view_totals_json(totals), "csv", csv, "metric_count", metrics);
    if (rc != 0) {
        json_decref(v);
        return rc;
    }
    char path[48];
    snprintf(path, sizeof path, "years/%d/", year);
    return view_render(p, "year", v, path);
}

/* Every shown report's metric values, worked out once for all the year
 * pages: metric_values is a view over every report's cells, and asking
 * it for one year still made it read them all, once per year. */
static int year_values(pages *p)
{
    return db_exec(p->db,
        "DROP TABLE IF EXISTS temp.year_values;"
        " CREATE TEMP TABLE year_values AS SELECT report_id, agency_id, year, metric, value"
        " FROM metric_values;"
        " CREATE INDEX temp.year_values_by_year ON year_values(year);") ? 0 : -1;
}

int view_year_pages(pages *p)
{
    if (year_values(p) != 0) return -1;
    db_query *q = db_query_new(p->db, "SELECT DISTINCT year FROM report_pages ORDER BY year");
    if (!q) return -1;
    int rc = 0;
    while (rc == 0 && db_row(q)) rc = year_page(p, (int)db_int(q, 0));
    return db_query_end(q) == 0 && rc == 0 ? 0 : -1;
}
