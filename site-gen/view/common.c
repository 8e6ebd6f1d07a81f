/*
 * common.c: what the page writers share (page.h): values out of the
 * database, totals over cells, links and lists that several pages show,
 * and handing a finished view to the sink with the progress line.
 */
#include "view/page.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/text.h"

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
    int n = p->all_written ? atomic_fetch_add(p->all_written, 1) + 1 : p->written;
    if (!p->progress) return;
    int width = snprintf(NULL, 0, "%d", p->total);
    fprintf(stderr, "\r[%*d/%d] pages", width, n, p->total);
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
        diag_error(p->diag, path, 0, "build interrupted");
        json_decref(view);
        return -1;
    }
    buf url = BUF_INIT;
    buf_printf(&url, "/%s", path);
    json_object_set_new(view, "page_url", json_string(url.data));
    buf_free(&url);
    int rc = p->sink.page(p->sink.ctx, template_name, view, path);
    json_decref(view);
    if (rc == 0) {
        p->written++;
        progress(p);
    }
    return rc;
}

json_t *view_text(const db_query *q, int col)
{
    return view_str(db_text(q, col));
}

bool view_text_ok(const char *s)
{
    return s && utf8_valid(s, strlen(s), NULL);
}

json_t *view_str(const char *s)
{
    if (!s || !utf8_valid(s, strlen(s), NULL)) return json_null();
    json_t *j = json_string_nocheck(s);
    return j ? j : json_null();
}

/* Commas between groups of three digits before the decimal point, as
 * Chinese statistical publications print them: 12,873 and 1,234.5. */
static void group_digits(const char *plain, char out[32])
{
    const char *digits = plain + (*plain == '-');
    size_t whole = strspn(digits, "0123456789");
    size_t o = 0;
    if (digits != plain) out[o++] = '-';
    for (size_t i = 0; i < whole && o < 30; i++) {
        if (i > 0 && (whole - i) % 3 == 0) out[o++] = ',';
        out[o++] = digits[i];
    }
    snprintf(out + o, 32 - o, "%s", digits + whole);
}

void view_number(double v, char out[32])
{
    char plain[32];
    if (v == (double)(long long)v && v > -9e15 && v < 9e15)
        snprintf(plain, sizeof plain, "%lld", (long long)v);
    else
        snprintf(plain, sizeof plain, "%.15g", v);
    if (strchr(plain, 'e')) snprintf(out, 32, "%s", plain);   /* too large or small to group */
    else group_digits(plain, out);
}

json_t *view_cell(cell c)
{
    if (!cell_known(c)) return json_pack("{s:b}", "known", 0);
    char num[32], raw[40];
    view_number(c, num);
    snprintf(raw, sizeof raw, "%.17g", c);
    return json_pack("{s:b, s:s, s:s}", "known", 1, "value", num, "raw", raw);
}

json_t *view_count(long n)
{
    char shown[32];
    view_number((double)n, shown);
    return json_string(shown);
}

json_t *view_place(const char *province, const char *city)
{
    if (!view_text_ok(province) && !view_text_ok(city)) return json_null();
    json_t *parts = json_array();
    const char *p[] = { province, city };
    for (int i = 0; i < 2; i++)
        if (view_text_ok(p[i])) json_array_append_new(parts, json_pack("{s:s}", "name", p[i]));
    return json_pack("{s:o}", "parts", parts);
}

char *view_url_agency(const char *slug)
{
    buf b = BUF_INIT;
    buf_printf(&b, "/agencies/%s/", slug);
    return buf_detach(&b, NULL);
}

char *view_url_report(const char *slug, int year)
{
    buf b = BUF_INIT;
    buf_printf(&b, "/agencies/%s/%d/", slug, year);
    return buf_detach(&b, NULL);
}

int view_key_figures(pages *p, int64_t report_id, cell out[KEY_FIGURES])
{
    db_query *q = db_query_new(p->db,
        "SELECT value FROM cells WHERE report_id = ? AND tbl = ? AND row = ? AND col = ?");
    if (!q) return -1;
    int rc = 0;
    for (int k = 0; k < KEY_FIGURES && rc == 0; k++) {
        figure_source at = figure_at((enum key_figure)k);
        db_query_reset(q);
        db_bind_int(q, 1, report_id);
        db_bind_text(q, 2, at.tbl);
        db_bind_text(q, 3, at.row);
        db_bind_text(q, 4, at.col);
        out[k] = CELL_UNKNOWN;
        if (db_row(q) && !db_null(q, 0)) out[k] = db_double(q, 0);
        else if (db_query_failed(q)) rc = -1;
    }
    db_query_end(q);
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

/* {"known": bool, "value": "…", "partial": bool, "unknown": n} */
static json_t *total_to_json(const total *t)
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
    db_query *q = db_query_new(p->db, "SELECT tbl, row, col, value FROM cells WHERE report_id = ?");
    if (!q) return -1;
    db_bind_int(q, 1, id);
    while (db_row(q)) {
        cell v = db_null(q, 3) ? CELL_UNKNOWN : db_double(q, 3);
        place_cell(r, db_text(q, 0), db_text(q, 1),
                   db_text(q, 2), v);
    }
    return db_query_end(q);
}

static const char *col_or(db_query *q, int col, const char *fallback)
{
    const char *s = db_text(q, col);
    return s ? s : fallback;
}

static int load_sections(pages *p, record *r, int64_t id)
{
    db_query *q = db_query_new(p->db,
        "SELECT number, heading, body, line FROM sections WHERE report_id = ? ORDER BY ord");
    if (!q) return -1;
    db_bind_int(q, 1, id);
    while (db_row(q))
        record_add_section(r, (int)db_int(q, 0), col_or(q, 1, ""), col_or(q, 2, ""),
                           (int)db_int(q, 3));
    return db_query_end(q);
}

static int load_findings(pages *p, record *r, int64_t id)
{
    db_query *q = db_query_new(p->db,
        "SELECT code, location, message, line FROM findings WHERE report_id = ? ORDER BY id");
    if (!q) return -1;
    db_bind_int(q, 1, id);
    while (db_row(q))
        record_add_finding(r, col_or(q, 0, ""), col_or(q, 1, "document"), (int)db_int(q, 3),
                           "%s", col_or(q, 2, ""));
    return db_query_end(q);
}

static int load_deduced(pages *p, record *r, int64_t id)
{
    db_query *q = db_query_new(p->db, "SELECT tbl, row, col, rule FROM deduced WHERE report_id = ?");
    if (!q) return -1;
    db_bind_int(q, 1, id);
    while (db_row(q))
        record_add_deduction(r, arena_strdup(r->mem, col_or(q, 0, "")), arena_strdup(r->mem, col_or(q, 1, "")),
                             arena_strdup(r->mem, col_or(q, 2, "")), arena_strdup(r->mem, col_or(q, 3, "")));
    return db_query_end(q);
}

record *view_load_record(pages *p, int64_t report_id)
{
    record *r = record_new(NULL);
    if (load_cells(p, r, report_id) != 0 || load_sections(p, r, report_id) != 0 ||
        load_findings(p, r, report_id) != 0 || load_deduced(p, r, report_id) != 0) {
        record_free(r);
        return NULL;
    }
    return r;
}

/* The slug of a region, or NULL; PARENT is NULL for a province. */
static char *region_slug(pages *p, const char *level, const char *name, const char *parent)
{
    db_query *q = db_query_new(p->db,
        "SELECT r.slug FROM regions r LEFT JOIN regions up ON up.id = r.parent_id "
        "WHERE r.level = ?1 AND r.name = ?2 AND (?3 IS NULL OR up.name = ?3)");
    if (!q) return NULL;
    db_bind_text(q, 1, level);
    db_bind_text(q, 2, name);
    if (parent) db_bind_text(q, 3, parent);
    char *slug = NULL;
    if (db_row(q)) {
        const char *s = db_text(q, 0);
        if (slug_valid(s)) slug = strdup(s);
    }
    db_query_end(q);
    return slug;
}

static json_t *region_link(pages *p, const char *level, const char *name, const char *parent)
{
    json_t *o = json_object();
    json_t *n = json_string(name);
    json_object_set_new(o, "name", n ? n : json_string(""));
    char *slug = region_slug(p, level, name, parent);
    if (slug) {
        buf url = BUF_INIT;
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
    db_query *q = db_query_new(p->db, "SELECT year FROM report_pages WHERE agency_id = ? ORDER BY year");
    if (!q) return a;
    db_bind_int(q, 1, agency_id);
    while (db_row(q)) {
        int year = (int)db_int(q, 0);
        char *url = view_url_report(slug, year);
        json_array_append_new(a, json_pack("{s:i, s:s}", "year", year, "url", url));
        free(url);
    }
    db_query_end(q);
    return a;
}

json_t *view_years_list(pages *p)
{
    json_t *a = json_array();
    db_query *q = db_query_new(p->db,
        "SELECT year, count(*) FROM report_pages GROUP BY year ORDER BY year DESC");
    if (!q) return a;
    while (db_row(q)) {
        int year = (int)db_int(q, 0);
        char url[48];
        snprintf(url, sizeof url, "/years/%d/", year);
        json_array_append_new(a, json_pack("{s:i, s:s, s:o}", "year", year, "url", url,
                                           "count", view_count((long)db_int(q, 1))));
    }
    db_query_end(q);
    return a;
}

static json_t *region_entry(db_query *q)
{
    const char *slug = db_text(q, 2);
    json_t *o = json_pack("{s:o, s:o}", "name", view_text(q, 1), "count", view_count((long)db_int(q, 3)));
    if (slug_valid(slug)) {
        buf url = BUF_INIT;
        buf_printf(&url, "/regions/%s/", slug);
        json_object_set_new(o, "url", json_string(url.data));
        buf_free(&url);
    }
    return o;
}

json_t *view_regions_list(pages *p)
{
    json_t *provinces = json_array();
    db_query *q = db_query_new(p->db,
        "SELECT r.id, r.name, r.slug, (SELECT count(*) FROM agencies a WHERE a.province = r.name) "
        "FROM regions r WHERE r.level = 'province' ORDER BY r.name COLLATE zh");
    db_query *c = db_query_new(p->db,
        "SELECT r.id, r.name, r.slug, (SELECT count(*) FROM agencies a "
        "  WHERE a.city = r.name AND a.province = ?2) "
        "FROM regions r WHERE r.level = 'city' AND r.parent_id = ?1 ORDER BY r.name COLLATE zh");
    while (q && c && db_row(q)) {
        json_t *prov = region_entry(q);
        json_t *cities = json_array();
        db_query_reset(c);
        db_bind_int(c, 1, db_int(q, 0));
        db_bind_text(c, 2, db_text(q, 1));
        while (db_row(c)) json_array_append_new(cities, region_entry(c));
        json_object_set_new(prov, "cities", cities);
        json_array_append_new(provinces, prov);
    }
    db_query_end(q);
    db_query_end(c);
    return provinces;
}

int view_count_pages(pages *p)
{
    db_query *q = db_query_new(p->db,
        "SELECT (SELECT count(*) FROM agencies) + (SELECT count(*) FROM report_pages) "
        "     + (SELECT count(DISTINCT year) FROM report_pages) + (SELECT count(*) FROM regions) + 4");
    int n = 0;
    if (q && db_row(q)) n = (int)db_int(q, 0);
    db_query_end(q);
    return n + view_count_compare_pages(p);
}
