/*
 * compare.c: the rankings (/compare/<metric>/<year>/ and one page per
 * province, city and kind of agency below it, each with its data.csv),
 * /compare/metrics.json, and what the other comparison writers share
 * (compare.h).
 *
 * One query reads every shown report's value of every metric with the
 * agency's previous report beside it (the schema's metric_changes), in
 * metric and year order; each metric and year is then one group of rows,
 * sorted once (largest value first, ties in pinyin order of names) and
 * cut by region in memory.  Each row is made into its page form and its
 * CSV line once and shared by the country's page and its regions' pages,
 * which differ only in the rank.
 *
 * Ranks are competition ranks: rows with equal values share a rank and
 * the next rank counts them (1, 2, 2, 4).  A row whose value is unknown
 * (a cell it needs is blank or unreadable) or has no meaning (a share of
 * nothing: no request processed) is never ranked, and is listed below
 * the ranked rows for what it is.
 */
#include "view/compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/collate.h"
#include "base/csv.h"
#include "view/chart.h"

enum { CHART_ROWS = 20 };

/* ---- loading ---- */

static int by_id_agency(const void *a, const void *b)
{
    int64_t x = ((const cmp_agency *)a)->id, y = ((const cmp_agency *)b)->id;
    return (x > y) - (x < y);
}

static int by_id_region(const void *a, const void *b)
{
    int64_t x = ((const cmp_region *)a)->id, y = ((const cmp_region *)b)->id;
    return (x > y) - (x < y);
}

static const char *keep(compare *c, db_query *q, int col)
{
    const char *s = db_text(q, col);
    return s && view_text_ok(s) ? arena_strdup(c->mem, s) : NULL;
}

static int load_regions(compare *c)
{
    db_query *q = db_query_new(c->p->db,
        "SELECT id, name, slug, level = 'city', parent_id FROM regions ORDER BY name COLLATE zh, id");
    if (!q) return -1;
    int cap = 0;
    int64_t *parents = NULL;
    while (db_row(q)) {
        if (c->nregions == cap) {
            cap = cap ? 2 * cap : 64;
            c->regions = realloc(c->regions, (size_t)cap * sizeof *c->regions);
            parents = realloc(parents, (size_t)cap * sizeof *parents);
            if (!c->regions || !parents) abort();
        }
        const char *slug = db_text(q, 2);
        if (!slug_valid(slug) || !view_text_ok(db_text(q, 1))) continue;
        parents[c->nregions] = db_null(q, 4) ? 0 : db_int(q, 4);
        c->regions[c->nregions] = (cmp_region){
            .id = db_int(q, 0), .name = keep(c, q, 1), .slug = keep(c, q, 2),
            .is_city = db_int(q, 3) != 0, .order = c->nregions, .parent = -1,
        };
        c->nregions++;
    }
    int rc = db_query_end(q);
    /* parents by id, then the array sorted by id for lookups */
    for (int i = 0; i < c->nregions; i++) c->regions[i].agencies = (int)parents[i];  /* parked */
    if (c->nregions) qsort(c->regions, (size_t)c->nregions, sizeof *c->regions, by_id_region);
    for (int i = 0; i < c->nregions; i++) {
        int64_t parent = c->regions[i].agencies;
        c->regions[i].parent = parent ? cmp_region_index(c, parent) : -1;
        c->regions[i].agencies = 0;
    }
    free(parents);
    return rc;
}

static int load_agencies(compare *c)
{
    db_query *q = db_query_new(c->p->db,
        "SELECT a.id, a.name, a.slug, a.province, a.city, a.county, a.region_id, k.kind, k.name"
        " FROM agencies a LEFT JOIN agency_kinds k ON k.agency_id = a.id"
        " ORDER BY a.name COLLATE zh, a.id");
    if (!q) return -1;
    int cap = 0;
    while (db_row(q)) {
        if (!slug_valid(db_text(q, 2)) || !view_text_ok(db_text(q, 1))) continue;
        if (c->nagencies == cap) {
            cap = cap ? 2 * cap : 256;
            c->agencies = realloc(c->agencies, (size_t)cap * sizeof *c->agencies);
            if (!c->agencies) abort();
        }
        cmp_agency a = {
            .id = db_int(q, 0), .name = keep(c, q, 1), .slug = keep(c, q, 2),
            .province = keep(c, q, 3), .city = keep(c, q, 4), .county = keep(c, q, 5),
            .kind = keep(c, q, 7), .kind_name = keep(c, q, 8),
            .region = { -1, -1 }, .order = c->nagencies,
        };
        int r = db_null(q, 6) ? -1 : cmp_region_index(c, db_int(q, 6));
        if (r >= 0 && c->regions[r].is_city) {
            a.region[1] = r;
            a.region[0] = c->regions[r].parent;
        } else {
            a.region[0] = r;
        }
        for (int k = 0; k < 2; k++)
            if (a.region[k] >= 0) c->regions[a.region[k]].agencies++;
        c->agencies[c->nagencies++] = a;
    }
    int rc = db_query_end(q);
    if (c->nagencies) qsort(c->agencies, (size_t)c->nagencies, sizeof *c->agencies, by_id_agency);
    return rc;
}

static int load_metrics(compare *c)
{
    db_query *q = db_query_new(c->p->db,
        "SELECT slug, name, short_name, unit, kind, grp, definition, ord FROM metrics ORDER BY ord");
    if (!q) return -1;
    int cap = 0;
    while (db_row(q)) {
        if (!slug_valid(db_text(q, 0))) continue;
        if (c->nmetrics == cap) {
            cap = cap ? 2 * cap : 128;
            c->metrics = realloc(c->metrics, (size_t)cap * sizeof *c->metrics);
            if (!c->metrics) abort();
        }
        const char *kind = db_text(q, 4);
        c->metrics[c->nmetrics++] = (cmp_metric){
            .slug = keep(c, q, 0), .name = keep(c, q, 1), .short_name = keep(c, q, 2),
            .unit = keep(c, q, 3), .kind = keep(c, q, 4), .grp = keep(c, q, 5),
            .definition = keep(c, q, 6), .ord = (int)db_int(q, 7),
            .share = kind && strcmp(kind, "share") == 0,
        };
    }
    return db_query_end(q);
}

static int load_years_and_findings(compare *c)
{
    db_query *q = db_query_new(c->p->db, "SELECT DISTINCT year FROM report_pages ORDER BY year");
    if (!q) return -1;
    int cap = 0;
    while (db_row(q)) {
        if (c->nyears == cap) {
            cap = cap ? 2 * cap : 16;
            c->years = realloc(c->years, (size_t)cap * sizeof *c->years);
            if (!c->years) abort();
        }
        c->years[c->nyears++] = (int)db_int(q, 0);
    }
    if (db_query_end(q) != 0) return -1;
    q = db_query_new(c->p->db, "SELECT coalesce(max(id), 0) FROM reports");
    if (!q) return -1;
    if (db_row(q)) c->max_report = db_int(q, 0);
    if (db_query_end(q) != 0) return -1;
    c->report_findings = calloc((size_t)c->max_report + 1, 1);
    if (!c->report_findings) abort();
    q = db_query_new(c->p->db, "SELECT DISTINCT report_id FROM data_findings");
    if (!q) return -1;
    while (db_row(q)) {
        int64_t id = db_int(q, 0);
        if (id >= 0 && id <= c->max_report) c->report_findings[id] = 1;
    }
    return db_query_end(q);
}

int compare_load(compare *c, pages *p)
{
    *c = (compare){ .p = p, .mem = arena_new() };
    if (load_regions(c) != 0 || load_agencies(c) != 0 || load_metrics(c) != 0 ||
        load_years_and_findings(c) != 0)
        return -1;
    return 0;
}

void compare_free(compare *c)
{
    free(c->agencies);
    free(c->regions);
    free(c->metrics);
    free(c->years);
    free(c->report_findings);
    arena_free(c->mem);
}

int cmp_agency_index(const compare *c, int64_t id)
{
    int lo = 0, hi = c->nagencies - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (c->agencies[mid].id == id) return mid;
        if (c->agencies[mid].id < id) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

int cmp_region_index(const compare *c, int64_t id)
{
    int lo = 0, hi = c->nregions - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (c->regions[mid].id == id) return mid;
        if (c->regions[mid].id < id) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

int cmp_year_index(const compare *c, int year)
{
    for (int i = 0; i < c->nyears; i++)
        if (c->years[i] == year) return i;
    return -1;
}

/* ---- what rows look like ---- */

void cmp_format(const cmp_metric *m, double v, char out[32])
{
    if (m->share) snprintf(out, 32, "%.1f%%", v * 100);
    else view_number(v, out);
}

void cmp_format_change(const cmp_metric *m, double change, char out[32])
{
    char digits[32];
    double size = fabs(change);
    if (m->share) snprintf(digits, sizeof digits, "%.1f", size * 100);
    else view_number(size, digits);
    bool zero = m->share ? size * 100 < 0.05 : size == 0;
    const char *sign = zero ? "" : change > 0 ? "+" : "\xE2\x88\x92";     /* − */
    const char *text = zero ? "0" : digits;
    size_t ns = strlen(sign), nt = strlen(text);
    if (ns + nt > 31) nt = 31 - ns;
    memcpy(out, sign, ns);
    memcpy(out + ns, text, nt);
    out[ns + nt] = '\0';
}

double cmp_csv_value(const cmp_metric *m, double v)
{
    return m->share ? round(v * 10000) / 100 : v;
}

json_t *cmp_metric_json(const compare *c, int metric)
{
    const cmp_metric *m = &c->metrics[metric];
    buf url = BUF_INIT;
    buf_printf(&url, "/compare/%s/", m->slug);
    json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:b, s:s}", "slug", m->slug,
                          "name", view_str(m->name), "short_name", view_str(m->short_name),
                          "unit", view_str(m->unit), "definition", view_str(m->definition),
                          "is_share", m->share, "url", url.data);
    buf_free(&url);
    return o;
}

json_t *cmp_region_json(const compare *c, int region)
{
    const cmp_region *r = &c->regions[region];
    json_t *o = json_pack("{s:o, s:s, s:b}", "name", view_str(r->name), "slug", r->slug,
                          "is_city", r->is_city);
    buf url = BUF_INIT;
    buf_printf(&url, "/regions/%s/", r->slug);
    json_object_set_new(o, "url", json_string(url.data));
    buf_free(&url);
    if (r->parent >= 0) json_object_set_new(o, "parent", cmp_region_json(c, r->parent));
    return o;
}

json_t *cmp_place_json(const compare *c, const cmp_agency *a)
{
    (void)c;
    return view_place(a->province, a->city);
}

void cmp_path(const compare *c, int metric, int year, int region, buf *out)
{
    buf_printf(out, "compare/%s/", c->metrics[metric].slug);
    if (year) buf_printf(out, "%d/", year);
    if (year && region >= 0) buf_printf(out, "%s/", c->regions[region].slug);
}

int cmp_write_csv(const compare *c, const char *path, const buf *text)
{
    return c->p->sink.file(c->p->sink.ctx, path, text->data, text->len);
}

void cmp_csv_header(buf *out, const cmp_column *columns, int n)
{
    buf_puts(out, CSV_BOM);
    csv_line l = { .out = out };
    buf cell = BUF_INIT;
    for (int i = 0; i < n; i++) {
        buf_clear(&cell);
        buf_printf(&cell, "%s（%s）", columns[i].key, columns[i].label);
        csv_text(&l, cell.data);
    }
    csv_end(&l);
    buf_free(&cell);
}

/* ---- one metric and year: the rows ---- */

typedef struct group {
    int metric, year;
    cmp_row *rows;
    int n, cap;
} group;

static const compare *sorting;      /* qsort has no context argument */

static int row_order(const void *a, const void *b)
{
    const cmp_row *x = a, *y = b;
    if (x->status != y->status) return (int)x->status - (int)y->status;
    if (x->status == ST_KNOWN && x->value != y->value) return x->value > y->value ? -1 : 1;
    return sorting->agencies[x->agency].order - sorting->agencies[y->agency].order;
}

static const char *status_key(cmp_status s)
{
    return s == ST_KNOWN ? "known" : s == ST_UNKNOWN ? "unknown" : "none";
}

/* The CSV columns of a ranking: the rank, then cmp_row.csv. */
static const cmp_column rank_columns[] = {
    { "rank", "排名" }, { "agency", "机构" }, { "agency_slug", "机构网址名" },
    { "province", "省级" }, { "city", "地市级" }, { "county", "县级" }, { "year", "年度" },
    { "value", "数值" }, { "unit", "单位" }, { "status", "状态：known 已知，unknown 未知，none 不适用" },
    { "previous_year", "上一份报告年度" }, { "previous_value", "上一份报告数值" },
    { "change", "变化，比例为百分点" }, { "report", "报告网址" },
};

static void row_csv(const compare *c, const cmp_metric *m, cmp_row *r)
{
    const cmp_agency *a = &c->agencies[r->agency];
    buf out = BUF_INIT;
    csv_line l = { .out = &out, .fields = 1 };  /* after the rank */
    csv_text(&l, a->name);
    csv_text(&l, a->slug);
    csv_text(&l, a->province);
    csv_text(&l, a->city);
    csv_text(&l, a->county);
    csv_number(&l, r->year);
    if (r->status == ST_KNOWN) csv_number(&l, cmp_csv_value(m, r->value));
    else csv_empty(&l);
    csv_text(&l, m->unit);
    csv_text(&l, status_key(r->status));
    if (r->prev_year) csv_number(&l, r->prev_year);
    else csv_empty(&l);
    if (r->prev_year && r->prev_status == ST_KNOWN) csv_number(&l, cmp_csv_value(m, r->prev_value));
    else csv_empty(&l);
    if (r->prev_year && r->status == ST_KNOWN && r->prev_status == ST_KNOWN)
        csv_number(&l, cmp_csv_value(m, r->change));
    else csv_empty(&l);
    char *url = view_url_report(a->slug, r->year);
    csv_text(&l, url);
    free(url);
    csv_end(&l);
    r->csv = buf_detach(&out, NULL);
}

/* The row as every page lists it. */
static void row_shown(const compare *c, const cmp_metric *m, cmp_row *r)
{
    const cmp_agency *a = &c->agencies[r->agency];
    char value[32] = "", sort[40] = "";
    if (r->status == ST_KNOWN) {
        cmp_format(m, r->value, value);
        snprintf(sort, sizeof sort, "%.17g", r->value);
    }
    char *agency_url = view_url_agency(a->slug), *report_url = view_url_report(a->slug, r->year);
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:b, s:b, s:b}", "agency", a->name,
                          "url", agency_url, "report_url", report_url,
                          "place", cmp_place_json(c, a), "value", value, "sort", sort,
                          "known", r->status == ST_KNOWN, "unknown", r->status == ST_UNKNOWN,
                          "none", r->status == ST_NONE);
    free(agency_url);
    free(report_url);
    if (r->prev_year) {
        json_t *prev = json_pack("{s:i, s:b, s:s}", "year", r->prev_year, "known", r->prev_status == ST_KNOWN,
                                 "sort", "");
        if (r->prev_status == ST_KNOWN) {
            char pv[32], ps[40];
            cmp_format(m, r->prev_value, pv);
            snprintf(ps, sizeof ps, "%.17g", r->prev_value);
            json_object_set_new(prev, "value", json_string(pv));
            json_object_set_new(prev, "sort", json_string(ps));
        }
        json_object_set_new(o, "prev", prev);
    }
    if (r->prev_year && r->status == ST_KNOWN && r->prev_status == ST_KNOWN) {
        char ch[32], chs[40];
        cmp_format_change(m, r->change, ch);
        snprintf(chs, sizeof chs, "%.17g", r->change);
        json_object_set_new(o, "change", json_pack("{s:s, s:s, s:b, s:b}", "text", ch, "sort", chs,
                                                   "up", r->change > 0, "down", r->change < 0));
    }
    r->shown = o;
}

/* ---- one ranking page ---- */

/* {"rank", "tied", "r"} for the known rows among IDX (in sorted order),
 * ranked among themselves; unknown and not-applicable rows apart. */
static void rank_rows(const group *g, const int *idx, int n, json_t *ranked, json_t *unknown,
                      json_t *none, buf *csv)
{
    int rank = 0;
    for (int k = 0; k < n; k++) {
        const cmp_row *r = &g->rows[idx[k]];
        csv_line l = { .out = csv };
        if (r->status != ST_KNOWN) {
            json_array_append_new(r->status == ST_UNKNOWN ? unknown : none,
                                  json_pack("{s:O}", "r", r->shown));
            csv_empty(&l);
            buf_puts(csv, r->csv);
            continue;
        }
        bool same_as_before = k > 0 && g->rows[idx[k - 1]].status == ST_KNOWN &&
                              g->rows[idx[k - 1]].value == r->value;
        bool same_as_next = k + 1 < n && g->rows[idx[k + 1]].status == ST_KNOWN &&
                            g->rows[idx[k + 1]].value == r->value;
        if (!same_as_before) rank = k + 1;
        json_array_append_new(ranked, json_pack("{s:i, s:b, s:O}", "rank", rank,
                                                "tied", same_as_before || same_as_next, "r", r->shown));
        csv_number(&l, rank);
        buf_puts(csv, r->csv);
    }
}

static json_t *page_chart(const compare *c, const group *g, const int *idx, int n)
{
    const char *labels[CHART_ROWS], *shown[CHART_ROWS];
    double values[CHART_ROWS];
    int m = 0;
    for (int k = 0; k < n && m < CHART_ROWS; k++) {
        const cmp_row *r = &g->rows[idx[k]];
        if (r->status != ST_KNOWN) break;
        labels[m] = c->agencies[r->agency].name;
        shown[m] = json_string_value(json_object_get(r->shown, "value"));
        values[m++] = r->value;
    }
    return m ? chart_hbars(labels, shown, values, m) : NULL;
}

/* Links to the same ranking in other years (where the scope has reports). */
static json_t *year_links(const compare *c, const group *g, int region, const unsigned char *has_year)
{
    json_t *a = json_array();
    for (int y = 0; y < c->nyears; y++) {
        if (region >= 0 && !has_year[region * c->nyears + y]) continue;
        buf path = BUF_INIT;
        buf_putc(&path, '/');
        cmp_path(c, g->metric, c->years[y], region, &path);
        json_array_append_new(a, json_pack("{s:i, s:s, s:b}", "year", c->years[y], "url", path.data,
                                           "current", c->years[y] == g->year));
        buf_free(&path);
    }
    return a;
}

/* {"name", "url", "count", "current"} of region R's ranking page. */
static json_t *region_link(const compare *c, const group *g, int r, int count, int current)
{
    buf path = BUF_INIT;
    buf_putc(&path, '/');
    cmp_path(c, g->metric, g->year, r, &path);
    json_t *o = json_pack("{s:s, s:s, s:o, s:b}", "name", c->regions[r].name, "url", path.data,
                          "count", view_count(count), "current", r == current);
    buf_free(&path);
    return o;
}

/* The links of REGIONS[0..n) that have rows, in that order. */
static json_t *region_links(const compare *c, const group *g, const int *regions, int n,
                            const int *counts, int current)
{
    json_t *a = json_array();
    for (int k = 0; k < n; k++)
        if (counts[regions[k]])
            json_array_append_new(a, region_link(c, g, regions[k], counts[regions[k]], current));
    return a;
}

/* Region indices in pinyin order: provinces (CITIES false), the cities
 * of PARENT, or (PARENT -1) the cities that have no province. */
static int regions_in_order(const compare *c, bool cities, int parent, int *out)
{
    int n = 0;
    for (int i = 0; i < c->nregions; i++) {
        const cmp_region *r = &c->regions[i];
        if (r->is_city != cities || (cities && r->parent != parent)) continue;
        out[n++] = i;
    }
    for (int i = 1; i < n; i++)         /* insertion sort by order: a few hundred at most */
        for (int j = i; j > 0 && c->regions[out[j - 1]].order > c->regions[out[j]].order; j--) {
            int t = out[j]; out[j] = out[j - 1]; out[j - 1] = t;
        }
    return n;
}

/* The kinds of agency (agency_kinds) with at least MIN_KIND agencies
 * reporting in a year get a ranking of their own, the country's page
 * cut to them: /compare/<metric>/<year>/kinds/<kind>/ ("which district
 * health bureaus got the most requests?"). */
enum { MIN_KIND = 2 };

typedef struct kind_count {
    const char *kind, *name;
    int count;                          /* rows of this group */
} kind_count;

typedef struct rank_ctx {
    compare *c;
    const group *g;
    const int *counts;                  /* rows per region in this group */
    const unsigned char *has_year;      /* [region * nyears + year]: the region has reports */
    int *order, *cities;                /* scratch: region indices */
    const kind_count *kinds;            /* the kinds with pages this year */
    int nkinds;
    int kind;                           /* the page's kind, -1 for none */
} rank_ctx;

/* {"has_kinds", "kinds": [{"name", "url", "count", "current"}]} */
static json_t *kind_links(rank_ctx *x)
{
    json_t *a = json_array();
    for (int k = 0; k < x->nkinds; k++) {
        buf url = BUF_INIT;
        buf_printf(&url, "/compare/%s/%d/kinds/%s/", x->c->metrics[x->g->metric].slug, x->g->year,
                   x->kinds[k].kind);
        json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:b}", "name", x->kinds[k].name, "url", url.data,
                                           "count", view_count(x->kinds[k].count), "current", k == x->kind));
        buf_free(&url);
    }
    return json_pack("{s:b, s:o}", "has_kinds", json_array_size(a) > 0, "kinds", a);
}

/* The filters of a page: for the country, every province with its
 * cities (and cities with no province); for a province or city, the
 * province's cities. */
static json_t *filters(rank_ctx *x, int region)
{
    const compare *c = x->c;
    json_t *o = kind_links(x);
    if (x->kind >= 0) return o;         /* a kind's page: other kinds only */
    if (region < 0) {
        json_t *provinces = json_array();
        int n = regions_in_order(c, false, -1, x->order);
        for (int k = 0; k < n; k++) {
            int prov = x->order[k];
            if (!x->counts[prov]) continue;
            json_t *one = region_link(c, x->g, prov, x->counts[prov], -1);
            int m = regions_in_order(c, true, prov, x->cities);
            json_t *cities = region_links(c, x->g, x->cities, m, x->counts, -1);
            json_object_set_new(one, "has_cities", json_boolean(json_array_size(cities) > 0));
            json_object_set_new(one, "cities", cities);
            json_array_append_new(provinces, one);
        }
        int m = regions_in_order(c, true, -1, x->cities);
        json_t *loose = region_links(c, x->g, x->cities, m, x->counts, -1);
        json_array_extend(provinces, loose);
        json_decref(loose);
        json_object_set_new(o, "has_provinces", json_boolean(json_array_size(provinces) > 0));
        json_object_set_new(o, "provinces", provinces);
        return o;
    }
    const cmp_region *r = &c->regions[region];
    int parent = r->is_city ? r->parent : region;
    if (parent >= 0) {
        int n = regions_in_order(c, true, parent, x->order);
        json_t *cities = region_links(c, x->g, x->order, n, x->counts, region);
        json_object_set_new(o, "has_cities", json_boolean(json_array_size(cities) > 0));
        json_object_set_new(o, "cities", cities);
    }
    return o;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* {"total", "median"} over the known values of the rows IDX: the sum (for
 * a share the pooled share, all numerators over all denominators) and
 * the median; NULL when no value is known. */
static json_t *page_summary(const compare *c, const group *g, const int *idx, int n)
{
    const cmp_metric *m = &c->metrics[g->metric];
    double *v = malloc(((size_t)n + 1) * sizeof *v), sum = 0, num = 0, den = 0;
    if (!v) abort();
    int k = 0;
    for (int i = 0; i < n; i++) {
        const cmp_row *r = &g->rows[idx[i]];
        if (r->status != ST_KNOWN) continue;
        v[k++] = r->value;
        sum += r->value;
        num += r->num;
        den += r->den;
    }
    json_t *o = NULL;
    if (k > 0 && (!m->share || den > 0)) {
        qsort(v, (size_t)k, sizeof *v, by_double);
        double median = k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
        char total[32], med[32];
        cmp_format(m, m->share ? num / den : sum, total);
        cmp_format(m, median, med);
        o = json_pack("{s:s, s:s}", "total", total, "median", med);
    }
    free(v);
    return o;
}

static int rank_page(rank_ctx *x, const int *idx, int n, int region)
{
    compare *c = x->c;
    const group *g = x->g;
    json_t *ranked = json_array(), *unknown = json_array(), *none = json_array();
    buf csv = BUF_INIT, path = BUF_INIT, url = BUF_INIT;
    cmp_csv_header(&csv, rank_columns, (int)(sizeof rank_columns / sizeof rank_columns[0]));
    rank_rows(g, idx, n, ranked, unknown, none, &csv);
    cmp_path(c, g->metric, g->year, region, &path);
    if (x->kind >= 0) buf_printf(&path, "kinds/%s/", x->kinds[x->kind].kind);
    buf_printf(&url, "/%sdata.csv", path.data);

    json_t *v = json_object();
    json_object_set_new(v, "metric", cmp_metric_json(c, g->metric));
    json_object_set_new(v, "year", json_integer(g->year));
    if (region >= 0) json_object_set_new(v, "region", cmp_region_json(c, region));
    if (x->kind >= 0)
        json_object_set_new(v, "kind", json_pack("{s:s, s:s}", "slug", x->kinds[x->kind].kind,
                                                 "name", x->kinds[x->kind].name));
    json_object_set_new(v, "years", x->kind >= 0 ? json_array() : year_links(c, g, region, x->has_year));
    json_object_set_new(v, "filters", filters(x, region));
    size_t nranked = json_array_size(ranked);
    json_object_set_new(v, "count", view_count(n));
    json_object_set_new(v, "ranked_count", view_count((long)nranked));
    json_object_set_new(v, "unknown_count", view_count((long)json_array_size(unknown)));
    json_object_set_new(v, "none_count", view_count((long)json_array_size(none)));
    json_object_set_new(v, "has_ranked", json_boolean(json_array_size(ranked) > 0));
    json_object_set_new(v, "has_unknown", json_boolean(json_array_size(unknown) > 0));
    json_object_set_new(v, "has_none", json_boolean(json_array_size(none) > 0));
    json_object_set_new(v, "ranked", ranked);
    json_object_set_new(v, "unknown", unknown);
    json_object_set_new(v, "none", none);
    json_t *summary = page_summary(c, g, idx, n);
    if (summary) json_object_set_new(v, "summary", summary);
    json_t *chart = page_chart(c, g, idx, n);
    if (chart) {
        size_t rows = json_array_size(json_object_get(chart, "rows"));
        json_object_set_new(chart, "all", json_boolean(rows == nranked));
        json_object_set_new(chart, "count", json_integer((json_int_t)rows));
        json_object_set_new(v, "chart", chart);
    }
    json_object_set_new(v, "csv", json_string(url.data));
    buf_clear(&url);
    buf_printf(&url, "/compare/%s/regions/%d/", c->metrics[g->metric].slug, g->year);
    json_object_set_new(v, "regions_url", json_string(url.data));

    buf file = BUF_INIT;
    buf_printf(&file, "%sdata.csv", path.data);
    int rc = cmp_write_csv(c, file.data, &csv);
    if (rc == 0) rc = view_render(c->p, "compare-rank", v, path.data);
    else json_decref(v);
    buf_free(&file);
    buf_free(&csv);
    buf_free(&path);
    buf_free(&url);
    return rc;
}

/* ---- one group: every page of a metric and year ---- */

static int kind_order(const void *a, const void *b)
{
    return collate_zh_str(((const kind_count *)a)->name, ((const kind_count *)b)->name);
}

/* The kinds of the group's agencies with MIN_KIND rows or more, in the
 * pinyin order of their names. */
static kind_count *group_kinds(const compare *c, const group *g, int *n)
{
    kind_count *all = calloc((size_t)g->n + 1, sizeof *all);
    if (!all) abort();
    int m = 0;
    for (int i = 0; i < g->n; i++) {
        const cmp_agency *a = &c->agencies[g->rows[i].agency];
        if (!a->kind || !slug_valid(a->kind) || !a->kind_name) continue;
        int k = 0;
        while (k < m && strcmp(all[k].kind, a->kind) != 0) k++;
        if (k == m) all[m++] = (kind_count){ .kind = a->kind, .name = a->kind_name };
        all[k].count++;
    }
    int kept = 0;
    for (int k = 0; k < m; k++)
        if (all[k].count >= MIN_KIND) all[kept++] = all[k];
    if (kept) qsort(all, (size_t)kept, sizeof *all, kind_order);
    *n = kept;
    return all;
}

typedef struct metric_run {
    compare *c;
    metric_trend *trend;
    change_list *changes;
    unsigned char *has_year;
} metric_run;

static int write_group(metric_run *mr, group *g)
{
    compare *c = mr->c;
    const cmp_metric *m = &c->metrics[g->metric];
    sorting = c;
    if (g->n) qsort(g->rows, (size_t)g->n, sizeof *g->rows, row_order);
    int *idx = malloc(((size_t)g->n + 1) * sizeof *idx);
    int *counts = calloc((size_t)c->nregions + 1, sizeof *counts);
    int *order = malloc(((size_t)c->nregions + 1) * sizeof *order);
    int *cities = malloc(((size_t)c->nregions + 1) * sizeof *cities);
    if (!idx || !counts || !order || !cities) abort();
    for (int i = 0; i < g->n; i++) {
        cmp_row *r = &g->rows[i];
        r->findings = r->report_id >= 0 && r->report_id <= c->max_report && c->report_findings[r->report_id];
        row_shown(c, m, r);
        row_csv(c, m, r);
        idx[i] = i;
        for (int k = 0; k < 2; k++)
            if (c->agencies[r->agency].region[k] >= 0) counts[c->agencies[r->agency].region[k]]++;
        if (r->prev_year && r->status == ST_KNOWN && r->prev_status == ST_KNOWN) changes_add(mr->changes, r);
    }
    int nkinds = 0;
    kind_count *kinds = group_kinds(c, g, &nkinds);
    rank_ctx x = { .c = c, .g = g, .counts = counts, .has_year = mr->has_year, .order = order,
                   .cities = cities, .kinds = kinds, .nkinds = nkinds, .kind = -1 };
    int rc = rank_page(&x, idx, g->n, -1);
    for (int k = 0; rc == 0 && k < nkinds; k++) {
        int n = 0;
        for (int i = 0; i < g->n; i++) {
            const char *kind = c->agencies[g->rows[i].agency].kind;
            if (kind && strcmp(kind, kinds[k].kind) == 0) idx[n++] = i;
        }
        x.kind = k;
        rc = rank_page(&x, idx, n, -1);
    }
    x.kind = -1;
    for (int reg = 0; rc == 0 && reg < c->nregions; reg++) {
        if (!counts[reg]) continue;
        int n = 0;
        for (int i = 0; i < g->n; i++) {
            const cmp_agency *a = &c->agencies[g->rows[i].agency];
            if (a->region[0] == reg || a->region[1] == reg) idx[n++] = i;
        }
        rc = rank_page(&x, idx, n, reg);
    }
    trend_add(c, mr->trend, g->year, g->rows, g->n);
    if (rc == 0) rc = regions_year_page(c, mr->trend, g->year);
    for (int i = 0; i < g->n; i++) {
        json_decref(g->rows[i].shown);
        free(g->rows[i].csv);
    }
    g->n = 0;
    free(idx);
    free(counts);
    free(order);
    free(cities);
    free(kinds);
    return rc;
}

static cmp_status status_of(const char *s)
{
    return !s ? ST_UNKNOWN : strcmp(s, "known") == 0 ? ST_KNOWN : strcmp(s, "none") == 0 ? ST_NONE
                                                                                      : ST_UNKNOWN;
}

static void add_row(compare *c, group *g, db_query *q)
{
    int a = cmp_agency_index(c, db_int(q, 2));
    if (a < 0) return;                  /* an agency without a usable slug has no pages */
    if (g->n == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 256;
        g->rows = realloc(g->rows, (size_t)g->cap * sizeof *g->rows);
        if (!g->rows) abort();
    }
    cmp_row r = {
        .agency = a, .report_id = db_int(q, 3), .year = (int)db_int(q, 1),
        .value = db_double(q, 4), .status = status_of(db_text(q, 5)),
        .prev_year = db_null(q, 6) ? 0 : (int)db_int(q, 6), .prev_value = db_double(q, 7),
        .prev_status = status_of(db_text(q, 8)), .change = db_double(q, 9),
        .num = db_double(q, 10), .den = db_double(q, 11),
    };
    if (db_null(q, 4) && r.status == ST_KNOWN) r.status = ST_UNKNOWN;
    g->rows[g->n++] = r;
}

/* [region * nyears + year]: whether the region has a report that year. */
static unsigned char *region_years(compare *c)
{
    unsigned char *has = calloc((size_t)(c->nregions + 1) * (size_t)(c->nyears + 1), 1);
    if (!has) abort();
    db_query *q = db_query_new(c->p->db, "SELECT DISTINCT agency_id, year FROM report_pages");
    while (q && db_row(q)) {
        int a = cmp_agency_index(c, db_int(q, 0)), y = cmp_year_index(c, (int)db_int(q, 1));
        if (a < 0 || y < 0) continue;
        for (int k = 0; k < 2; k++)
            if (c->agencies[a].region[k] >= 0) has[c->agencies[a].region[k] * c->nyears + y] = 1;
    }
    db_query_end(q);
    return has;
}

/* Ends metric M: its region trend page and its own page. */
static int end_metric(metric_run *mr, int metric)
{
    compare *c = mr->c;
    int rc = regions_trend_page(c, mr->trend);
    json_t *changes = changes_json(c, metric, &mr->changes[0], 10);
    if (rc == 0) rc = metric_page(c, mr->trend, changes);
    else json_decref(changes);
    trend_free(c, mr->trend);
    mr->trend = NULL;
    return rc;
}

static const char rows_sql[] =
    "SELECT m.ord, v.year, v.agency_id, v.report_id, v.value, v.status, v.prev_year, v.prev_value,"
    " v.prev_status, v.change, v.num, v.den"
    " FROM metric_changes v JOIN metrics m ON m.slug = v.metric ORDER BY m.ord, v.year";

static int metric_of_ord(const compare *c, int ord)
{
    for (int i = 0; i < c->nmetrics; i++)
        if (c->metrics[i].ord == ord) return i;
    return -1;
}

static int write_rankings(compare *c, change_list *lists)
{
    db_query *q = db_query_new(c->p->db, rows_sql);
    if (!q) return -1;
    metric_run mr = { .c = c, .has_year = region_years(c) };
    group g = { .metric = -1 };
    int rc = 0;
    for (;;) {
        bool row = db_row(q);
        int metric = row ? metric_of_ord(c, (int)db_int(q, 0)) : -1, year = row ? (int)db_int(q, 1) : 0;
        if (row && metric < 0) continue;
        if (g.metric >= 0 && (!row || metric != g.metric || year != g.year)) {
            rc = write_group(&mr, &g);
            if (rc == 0 && (!row || metric != g.metric)) rc = end_metric(&mr, g.metric);
        }
        if (!row || rc != 0) break;
        if (metric != g.metric) {
            mr.trend = trend_new(c, metric);
            mr.changes = &lists[metric];
        }
        g.metric = metric;
        g.year = year;
        add_row(c, &g, q);
    }
    if (mr.trend) trend_free(c, mr.trend);
    free(g.rows);
    free(mr.has_year);
    return db_query_end(q) == 0 ? rc : -1;
}

/* ---- metrics.json and the index ---- */

static int metrics_json(compare *c)
{
    json_t *a = json_array();
    for (int i = 0; i < c->nmetrics; i++) {
        const cmp_metric *m = &c->metrics[i];
        buf url = BUF_INIT;
        buf_printf(&url, "/compare/%s/", m->slug);
        json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "slug", m->slug,
            "name", view_str(m->name), "short_name", view_str(m->short_name), "unit", view_str(m->unit),
            "kind", view_str(m->kind), "group", view_str(m->grp), "definition", view_str(m->definition),
            "url", url.data));
        buf_free(&url);
    }
    json_t *doc = json_pack("{s:o}", "metrics", a);
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (!text) abort();
    size_t n = strlen(text);
    text[n] = '\n';
    int rc = c->p->sink.file(c->p->sink.ctx, "compare/metrics.json", text, n + 1);
    free(text);
    return rc;
}

json_t *view_metric_groups(pages *p)
{
    json_t *groups = json_array();
    db_query *q = db_query_new(p->db,
        "SELECT g.grp, g.name, m.slug, m.name, m.unit FROM metric_groups g"
        " JOIN metrics m ON m.grp = g.grp WHERE EXISTS (SELECT 1 FROM report_pages)"
        " ORDER BY g.ord, m.ord");
    json_t *last = NULL;
    while (q && db_row(q)) {
        const char *grp = db_text(q, 0);
        if (!slug_valid(db_text(q, 2))) continue;
        if (!last || strcmp(json_string_value(json_object_get(last, "key")), grp ? grp : "") != 0) {
            last = json_pack("{s:s, s:o, s:[]}", "key", grp ? grp : "", "name", view_text(q, 1), "metrics");
            json_array_append_new(groups, last);
        }
        buf url = BUF_INIT;
        buf_printf(&url, "/compare/%s/", db_text(q, 2));
        json_array_append_new(json_object_get(last, "metrics"), json_pack("{s:s, s:o, s:o, s:s}",
            "slug", db_text(q, 2), "name", view_text(q, 3), "unit", view_text(q, 4), "url", url.data));
        buf_free(&url);
    }
    db_query_end(q);
    return json_pack("{s:b, s:o}", "any", json_array_size(groups) > 0, "list", groups);
}

int view_compare_pages(pages *p)
{
    compare c;
    int rc = compare_load(&c, p);
    change_list *lists = calloc((size_t)c.nmetrics + 1, sizeof *lists);
    if (!lists) abort();
    if (rc == 0) rc = metrics_json(&c);
    if (rc == 0) rc = write_rankings(&c, lists);
    if (rc == 0) rc = changes_page(&c, lists);
    if (rc == 0) rc = quality_page(&c);
    for (int i = 0; i < c.nmetrics; i++) free(lists[i].rows);
    free(lists);
    compare_free(&c);
    return rc;
}

int view_count_compare_pages(pages *p)
{
    db_query *q = db_query_new(p->db,
        "WITH places AS ("
        "  SELECT DISTINCT r.year, g.id AS region FROM report_pages r"
        "  JOIN agencies a ON a.id = r.agency_id JOIN regions g ON g.id = a.region_id"
        "  UNION SELECT DISTINCT r.year, g.parent_id FROM report_pages r"
        "  JOIN agencies a ON a.id = r.agency_id JOIN regions g ON g.id = a.region_id"
        "  WHERE g.parent_id IS NOT NULL),"
        " kinds AS (SELECT r.year, k.kind FROM report_pages r JOIN agency_kinds k ON k.agency_id = r.agency_id"
        "  GROUP BY r.year, k.kind HAVING count(*) >= ?1)"
        " SELECT (SELECT count(*) FROM metrics) * (2 + 2 * (SELECT count(DISTINCT year) FROM report_pages)"
        "        + (SELECT count(*) FROM places) + (SELECT count(*) FROM kinds)) + 2");
    if (q) db_bind_int(q, 1, MIN_KIND);
    int n = 0;
    if (q && db_row(q)) n = (int)db_int(q, 0);
    db_query_end(q);
    return n;
}
