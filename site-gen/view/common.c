/*
 * view_common.c: what the page writers share.
 *
 * Values leave the database through a few helpers here so that every
 * page treats them the same way: a NULL cell becomes {"known": false}
 * (the templates show it as unknown, never as 0), a sum over cells
 * remembers how many were unknown, and text that is not valid UTF-8 never
 * reaches a template.  Rendering goes through view_render(), which adds
 * what every page needs (asset URLs, its own path) and draws the progress
 * line.
 */
#include "view/view.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"

const char *const key_figure_names[KEY_FIGURES] = {
    "new", "processed", "licensing", "penalty", "coercion", "fees", "review",
};

/* Where each key figure is stored: table, row and column keys. */
typedef struct figure_source {
    const char *tbl, *row, *col;
} figure_source;

static figure_source figure_at(enum key_figure k)
{
    switch (k) {
    case KF_NEW:
        return (figure_source){ "requests", req_row_keys[REQ_NEW], req_col_keys[COL_TOTAL] };
    case KF_PROCESSED:
        return (figure_source){ "requests", req_row_keys[REQ_PROCESSED_TOTAL], req_col_keys[COL_TOTAL] };
    case KF_LICENSING:
        return (figure_source){ "active", active_row_keys[ACT_LICENSING], active_col_keys[ACOL_VALUE] };
    case KF_PENALTY:
        return (figure_source){ "active", active_row_keys[ACT_PENALTY], active_col_keys[ACOL_VALUE] };
    case KF_COERCION:
        return (figure_source){ "active", active_row_keys[ACT_COERCION], active_col_keys[ACOL_VALUE] };
    case KF_FEES:
        return (figure_source){ "active", active_row_keys[ACT_FEES], active_col_keys[ACOL_VALUE] };
    case KF_REVIEW:
    default:
        return (figure_source){ "appeals", appeal_group_keys[APPEAL_REVIEW], appeal_col_keys[AP_TOTAL] };
    }
}

static void progress(pages *p)
{
    if (!p->progress) return;
    int width = snprintf(NULL, 0, "%d", p->total);
    fprintf(stderr, "\r[%*d/%d] pages", width, p->site->pages_written, p->total);
    fflush(stderr);
}

bool view_interrupted(void)
{
    sigset_t pending;
    return sigpending(&pending) == 0 &&
           (sigismember(&pending, SIGINT) == 1 || sigismember(&pending, SIGTERM) == 1 ||
            sigismember(&pending, SIGHUP) == 1);
}

int view_render(pages *p, const char *template_name, json_t *view, const char *path)
{
    if (view_interrupted()) {
        diag_error(p->site->diag, path, 0, "build interrupted");
        json_decref(view);
        return -1;
    }
    json_object_set(view, "assets", p->site->assets);
    buf url = {0};
    buf_printf(&url, "/%s", path);
    json_object_set_new(view, "page_url", json_string(url.data));
    buf_free(&url);
    int rc = site_page(p->site, template_name, view, path, true);
    json_decref(view);
    if (rc == 0) progress(p);
    return rc;
}

sqlite3_stmt *view_query(pages *p, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(p->site->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        diag_error(p->site->diag, p->site->db_path, 0, "query failed: %s",
                   sqlite3_errmsg(p->site->db));
        sqlite3_finalize(stmt);
        return NULL;
    }
    return stmt;
}

int view_step(pages *p, sqlite3_stmt *stmt)
{
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        diag_error(p->site->diag, p->site->db_path, 0, "query failed: %s",
                   sqlite3_errmsg(p->site->db));
    return rc;
}

json_t *view_text(sqlite3_stmt *stmt, int col)
{
    const char *s = (const char *)sqlite3_column_text(stmt, col);
    json_t *j = s ? json_string(s) : NULL;
    return j ? j : json_null();
}

json_t *view_str(const char *s)
{
    json_t *j = s ? json_string(s) : NULL;
    return j ? j : json_null();
}

bool view_utf8_ok(const char *s)
{
    json_t *j = s ? json_string(s) : NULL;
    json_decref(j);
    return j != NULL;
}

void view_number(double v, char out[32])
{
    if (v == (double)(long long)v && v > -9e15 && v < 9e15)
        snprintf(out, 32, "%lld", (long long)v);
    else
        snprintf(out, 32, "%.15g", v);
}

json_t *view_cell(cell c)
{
    if (!cell_known(c)) return json_pack("{s:b}", "known", 0);
    char num[32];
    view_number(c, num);
    return json_pack("{s:b, s:s}", "known", 1, "value", num);
}

bool view_slug_ok(const char *s)
{
    if (!s || !*s) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')) return false;
    return true;
}

char *view_url_agency(const char *slug)
{
    buf b = {0};
    buf_printf(&b, "/agencies/%s/", slug);
    return buf_detach(&b, NULL);
}

char *view_url_report(const char *slug, int year)
{
    buf b = {0};
    buf_printf(&b, "/agencies/%s/%d/", slug, year);
    return buf_detach(&b, NULL);
}

int view_key_figures(pages *p, int64_t report_id, cell out[KEY_FIGURES])
{
    sqlite3_stmt *q = view_query(p,
        "SELECT value FROM cells WHERE report_id = ? AND tbl = ? AND row = ? AND col = ?");
    if (!q) return -1;
    int rc = 0;
    for (int k = 0; k < KEY_FIGURES && rc == 0; k++) {
        figure_source at = figure_at((enum key_figure)k);
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, report_id);
        sqlite3_bind_text(q, 2, at.tbl, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, at.row, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, at.col, -1, SQLITE_STATIC);
        out[k] = CELL_UNKNOWN;
        int step = view_step(p, q);
        if (step == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
            out[k] = sqlite3_column_double(q, 0);
        else if (step != SQLITE_ROW && step != SQLITE_DONE)
            rc = -1;
    }
    sqlite3_finalize(q);
    return rc;
}

void total_add(total *t, cell c)
{
    if (cell_known(c)) {
        t->sum += c;
        t->known++;
    } else {
        t->unknown++;
    }
}

json_t *total_to_json(const total *t)
{
    if (t->known == 0) return json_pack("{s:b, s:b, s:i}", "known", 0, "partial", 0,
                                        "unknown", t->unknown);
    char num[32];
    view_number(t->sum, num);
    return json_pack("{s:b, s:s, s:b, s:i}", "known", 1, "value", num,
                     "partial", t->unknown > 0, "unknown", t->unknown);
}

json_t *view_figures_json(const cell figures[KEY_FIGURES])
{
    json_t *o = json_object();
    for (int k = 0; k < KEY_FIGURES; k++)
        json_object_set_new(o, key_figure_names[k], view_cell(figures[k]));
    return o;
}

json_t *view_totals_json(const total totals[KEY_FIGURES])
{
    json_t *o = json_object();
    for (int k = 0; k < KEY_FIGURES; k++)
        json_object_set_new(o, key_figure_names[k], total_to_json(&totals[k]));
    return o;
}

/* The index of KEY in KEYS[0..n), or -1. */
static int key_index(const char *const *keys, int n, const char *key)
{
    for (int i = 0; key && i < n; i++)
        if (strcmp(keys[i], key) == 0) return i;
    return -1;
}

/* Puts one stored cell into its place in R; unknown keys are ignored. */
static void place_cell(record *r, const char *tbl, const char *row, const char *col, cell v)
{
    if (!tbl) return;
    if (strcmp(tbl, "requests") == 0) {
        int i = key_index(req_row_keys, REQ_ROWS, row), j = key_index(req_col_keys, REQ_COLS, col);
        if (i >= 0 && j >= 0) r->requests[i][j] = v;
    } else if (strcmp(tbl, "appeals") == 0) {
        int g = key_index(appeal_group_keys, APPEAL_GROUPS, row);
        int j = key_index(appeal_col_keys, APPEAL_COLS, col);
        if (g >= 0 && j >= 0) r->appeals[g][j] = v;
    } else if (strcmp(tbl, "active") == 0) {
        int i = key_index(active_row_keys, ACTIVE_ROWS, row);
        int j = key_index(active_col_keys, ACTIVE_COLS, col);
        cell *c = i >= 0 && j >= 0 ? record_active_cell(r, i, j) : NULL;
        if (c) *c = v;
    }
}

static int load_cells(pages *p, record *r, int64_t id)
{
    sqlite3_stmt *q = view_query(p, "SELECT tbl, row, col, value FROM cells WHERE report_id = ?");
    if (!q) return -1;
    sqlite3_bind_int64(q, 1, id);
    int rc;
    while ((rc = view_step(p, q)) == SQLITE_ROW) {
        cell v = sqlite3_column_type(q, 3) == SQLITE_NULL ? CELL_UNKNOWN : sqlite3_column_double(q, 3);
        place_cell(r, (const char *)sqlite3_column_text(q, 0), (const char *)sqlite3_column_text(q, 1),
                   (const char *)sqlite3_column_text(q, 2), v);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? 0 : -1;
}

static const char *col_or(sqlite3_stmt *q, int col, const char *fallback)
{
    const char *s = (const char *)sqlite3_column_text(q, col);
    return s ? s : fallback;
}

static int load_sections(pages *p, record *r, int64_t id)
{
    sqlite3_stmt *q = view_query(p,
        "SELECT number, heading, body, line FROM sections WHERE report_id = ? ORDER BY ord");
    if (!q) return -1;
    sqlite3_bind_int64(q, 1, id);
    int rc;
    while ((rc = view_step(p, q)) == SQLITE_ROW)
        record_add_section(r, sqlite3_column_int(q, 0), col_or(q, 1, ""), col_or(q, 2, ""),
                           sqlite3_column_int(q, 3));
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int load_findings(pages *p, record *r, int64_t id)
{
    sqlite3_stmt *q = view_query(p,
        "SELECT code, location, message, line FROM findings WHERE report_id = ? ORDER BY id");
    if (!q) return -1;
    sqlite3_bind_int64(q, 1, id);
    int rc;
    while ((rc = view_step(p, q)) == SQLITE_ROW)
        record_add_finding(r, col_or(q, 0, ""), col_or(q, 1, "document"), sqlite3_column_int(q, 3),
                           "%s", col_or(q, 2, ""));
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? 0 : -1;
}

record *view_load_record(pages *p, int64_t report_id)
{
    record *r = record_new(NULL);
    if (load_cells(p, r, report_id) != 0 || load_sections(p, r, report_id) != 0 ||
        load_findings(p, r, report_id) != 0) {
        record_free(r);
        return NULL;
    }
    return r;
}

/* The slug of a region, or NULL; PARENT is NULL for a province. */
static char *region_slug(pages *p, const char *level, const char *name, const char *parent)
{
    sqlite3_stmt *q = view_query(p,
        "SELECT r.slug FROM regions r LEFT JOIN regions up ON up.id = r.parent_id "
        "WHERE r.level = ?1 AND r.name = ?2 AND (?3 IS NULL OR up.name = ?3)");
    if (!q) return NULL;
    sqlite3_bind_text(q, 1, level, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
    if (parent) sqlite3_bind_text(q, 3, parent, -1, SQLITE_STATIC);
    char *slug = NULL;
    if (view_step(p, q) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(q, 0);
        if (view_slug_ok(s)) slug = strdup(s);
    }
    sqlite3_finalize(q);
    return slug;
}

static json_t *region_link(pages *p, const char *level, const char *name, const char *parent)
{
    json_t *o = json_object();
    json_t *n = json_string(name);
    json_object_set_new(o, "name", n ? n : json_string(""));
    char *slug = region_slug(p, level, name, parent);
    if (slug) {
        buf url = {0};
        buf_printf(&url, "/regions/%s/", slug);
        json_object_set_new(o, "url", json_string(url.data));
        buf_free(&url);
        free(slug);
    }
    return o;
}

json_t *view_region_links(pages *p, const char *province, const char *city)
{
    json_t *o = json_object();
    if (province) json_object_set_new(o, "province", region_link(p, "province", province, NULL));
    if (city) json_object_set_new(o, "city", region_link(p, "city", city, province));
    return o;
}

json_t *view_agency_reports(pages *p, int64_t agency_id, const char *slug)
{
    json_t *a = json_array();
    sqlite3_stmt *q = view_query(p, "SELECT year FROM report_pages WHERE agency_id = ? ORDER BY year");
    if (!q) return a;
    sqlite3_bind_int64(q, 1, agency_id);
    while (view_step(p, q) == SQLITE_ROW) {
        int year = sqlite3_column_int(q, 0);
        char *url = view_url_report(slug, year);
        json_array_append_new(a, json_pack("{s:i, s:s}", "year", year, "url", url));
        free(url);
    }
    sqlite3_finalize(q);
    return a;
}

json_t *view_years_list(pages *p)
{
    json_t *a = json_array();
    sqlite3_stmt *q = view_query(p,
        "SELECT year, count(*) FROM report_pages GROUP BY year ORDER BY year DESC");
    if (!q) return a;
    while (view_step(p, q) == SQLITE_ROW) {
        int year = sqlite3_column_int(q, 0);
        char url[48];
        snprintf(url, sizeof url, "/years/%d/", year);
        json_array_append_new(a, json_pack("{s:i, s:s, s:i}", "year", year, "url", url,
                                           "count", sqlite3_column_int(q, 1)));
    }
    sqlite3_finalize(q);
    return a;
}

static json_t *region_entry(sqlite3_stmt *q)
{
    const char *slug = (const char *)sqlite3_column_text(q, 2);
    json_t *o = json_pack("{s:o, s:i}", "name", view_text(q, 1), "count", sqlite3_column_int(q, 3));
    if (view_slug_ok(slug)) {
        buf url = {0};
        buf_printf(&url, "/regions/%s/", slug);
        json_object_set_new(o, "url", json_string(url.data));
        buf_free(&url);
    }
    return o;
}

json_t *view_regions_list(pages *p)
{
    json_t *provinces = json_array();
    sqlite3_stmt *q = view_query(p,
        "SELECT r.id, r.name, r.slug, (SELECT count(*) FROM agencies a WHERE a.province = r.name) "
        "FROM regions r WHERE r.level = 'province' ORDER BY r.name");
    sqlite3_stmt *c = view_query(p,
        "SELECT r.id, r.name, r.slug, (SELECT count(*) FROM agencies a "
        "  WHERE a.city = r.name AND a.province = ?2) "
        "FROM regions r WHERE r.level = 'city' AND r.parent_id = ?1 ORDER BY r.name");
    while (q && c && view_step(p, q) == SQLITE_ROW) {
        json_t *prov = region_entry(q);
        json_t *cities = json_array();
        sqlite3_reset(c);
        sqlite3_bind_int64(c, 1, sqlite3_column_int64(q, 0));
        sqlite3_bind_text(c, 2, (const char *)sqlite3_column_text(q, 1), -1, SQLITE_TRANSIENT);
        while (view_step(p, c) == SQLITE_ROW) json_array_append_new(cities, region_entry(c));
        json_object_set_new(prov, "cities", cities);
        json_array_append_new(provinces, prov);
    }
    sqlite3_finalize(q);
    sqlite3_finalize(c);
    return provinces;
}

int view_count_pages(pages *p)
{
    sqlite3_stmt *q = view_query(p,
        "SELECT (SELECT count(*) FROM agencies) + (SELECT count(*) FROM report_pages) "
        "     + (SELECT count(DISTINCT year) FROM report_pages) + (SELECT count(*) FROM regions) + 4");
    int n = 0;
    if (q && view_step(p, q) == SQLITE_ROW) n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return n;
}
