/*
 * changes.c: notable changes (/compare/changes/ and its data.csv, and
 * the lists on each metric's page): the largest rises and falls of each
 * metric from an agency's previous report to this one; values that fell
 * to zero; agencies whose reports hold nothing but zeros for three years
 * or more; and years an agency did not report while its peers (same
 * region, same kind of agency) did.
 *
 * The rises and falls are gathered while the rankings are written
 * (changes_add: a row with both values known); "all zeros" is the
 * schema's zero_reports view; the missing years are worked out here from
 * the agencies' report years, which are few.
 */
#include "view/compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"

enum { ZERO_YEARS = 3, PAGE_LIMIT = 1 };

void changes_add(change_list *l, const cmp_row *r)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->rows = realloc(l->rows, (size_t)l->cap * sizeof *l->rows);
        if (!l->rows) abort();
    }
    cmp_row copy = *r;
    copy.shown = NULL;                  /* freed with its group */
    copy.csv = NULL;
    l->rows[l->n++] = copy;
}

static const compare *ordering;

static int tie(const cmp_row *x, const cmp_row *y)
{
    if (x->year != y->year) return y->year - x->year;
    return ordering->agencies[x->agency].order - ordering->agencies[y->agency].order;
}

static int by_rise(const void *a, const void *b)
{
    const cmp_row *x = a, *y = b;
    if (x->change != y->change) return x->change > y->change ? -1 : 1;
    return tie(x, y);
}

static int by_fall(const void *a, const void *b)
{
    const cmp_row *x = a, *y = b;
    if (x->change != y->change) return x->change < y->change ? -1 : 1;
    return tie(x, y);
}

static int by_previous(const void *a, const void *b)
{
    const cmp_row *x = a, *y = b;
    if (x->prev_value != y->prev_value) return x->prev_value > y->prev_value ? -1 : 1;
    return tie(x, y);
}

/* One change as pages list it. */
static json_t *change_json(const compare *c, int metric, const cmp_row *r)
{
    const cmp_metric *m = &c->metrics[metric];
    const cmp_agency *a = &c->agencies[r->agency];
    char value[32], prev[32], change[32];
    cmp_format(m, r->value, value);
    cmp_format(m, r->prev_value, prev);
    cmp_format_change(m, r->change, change);
    char *url = view_url_agency(a->slug), *report = view_url_report(a->slug, r->year);
    char *prev_report = view_url_report(a->slug, r->prev_year);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:i, s:i, s:s, s:s, s:s, s:b}", "agency", a->name,
                          "url", url, "report_url", report, "prev_url", prev_report,
                          "place", cmp_place_json(c, a), "year", r->year, "prev_year", r->prev_year,
                          "value", value, "prev", prev, "change", change, "up", r->change > 0);
    free(url);
    free(report);
    free(prev_report);
    return o;
}

/* The first LIMIT rows of L (sorted by CMP) that KEEP accepts. */
static json_t *top(const compare *c, int metric, change_list *l, int (*cmp)(const void *, const void *),
                   bool (*keep)(const cmp_row *), int limit)
{
    ordering = c;
    if (l->n) qsort(l->rows, (size_t)l->n, sizeof *l->rows, cmp);
    json_t *a = json_array();
    for (int i = 0; i < l->n && (int)json_array_size(a) < limit; i++)
        if (keep(&l->rows[i])) json_array_append_new(a, change_json(c, metric, &l->rows[i]));
    return a;
}

static bool rose(const cmp_row *r) { return r->change > 0; }
static bool fell(const cmp_row *r) { return r->change < 0; }
static bool to_zero(const cmp_row *r) { return r->value == 0 && r->prev_value > 0; }

json_t *changes_json(compare *c, int metric, change_list *l, int limit)
{
    json_t *jumps = top(c, metric, l, by_rise, rose, limit);
    json_t *drops = top(c, metric, l, by_fall, fell, limit);
    json_t *zero = c->metrics[metric].share ? json_array() : top(c, metric, l, by_previous, to_zero, limit);
    return json_pack("{s:o, s:o, s:o, s:b, s:b, s:b}", "jumps", jumps, "drops", drops, "to_zero", zero,
                     "has_jumps", json_array_size(jumps) > 0, "has_drops", json_array_size(drops) > 0,
                     "has_to_zero", json_array_size(zero) > 0);
}

/* ---- agencies with only zeros, years missing ---- */

/* [{"agency", "url", "place", "years": [{"year", "url"}], "count"}]: ZERO_YEARS or more. */
static json_t *all_zero(compare *c)
{
    json_t *list = json_array();
    db_query *q = db_query_new(c->p->db,
        "SELECT agency_id, group_concat(year, ',') FROM"
        " (SELECT agency_id, year FROM zero_reports ORDER BY agency_id, year)"
        " GROUP BY agency_id HAVING count(*) >= ?1");
    if (!q) return list;
    db_bind_int(q, 1, ZERO_YEARS);
    while (db_row(q)) {
        int a = cmp_agency_index(c, db_int(q, 0));
        if (a < 0) continue;
        const cmp_agency *ag = &c->agencies[a];
        json_t *years = json_array();
        for (const char *p = db_text(q, 1); p && *p;) {
            int year = atoi(p);
            char *url = view_url_report(ag->slug, year);
            json_array_append_new(years, json_pack("{s:i, s:s}", "year", year, "url", url));
            free(url);
            p = strchr(p, ',');
            if (p) p++;
        }
        char *url = view_url_agency(ag->slug);
        json_array_append_new(list, json_pack("{s:s, s:s, s:o, s:i, s:o, s:i}", "agency", ag->name,
                                              "url", url, "place", cmp_place_json(c, ag),
                                              "order", ag->order, "years", years,
                                              "count", (int)json_array_size(years)));
        free(url);
    }
    db_query_end(q);
    return list;
}

/* Which agencies reported which years: [agency * nyears + year]. */
static unsigned char *reported(compare *c)
{
    unsigned char *r = calloc((size_t)(c->nagencies + 1) * (size_t)(c->nyears + 1), 1);
    if (!r) abort();
    db_query *q = db_query_new(c->p->db, "SELECT DISTINCT agency_id, year FROM report_pages");
    while (q && db_row(q)) {
        int a = cmp_agency_index(c, db_int(q, 0)), y = cmp_year_index(c, (int)db_int(q, 1));
        if (a >= 0 && y >= 0) r[a * c->nyears + y] = 1;
    }
    db_query_end(q);
    return r;
}

static bool peers(const cmp_agency *a, const cmp_agency *b)
{
    int ra = a->region[1] >= 0 ? a->region[1] : a->region[0];
    int rb = b->region[1] >= 0 ? b->region[1] : b->region[0];
    return a != b && ra >= 0 && ra == rb && a->kind && b->kind && strcmp(a->kind, b->kind) == 0;
}

/* [{"agency", "url", "place", "kind", "year", "peers", "peer_list"}]: a
 * year in which an agency that reports did not, while peers did. */
static json_t *missing_years(compare *c)
{
    unsigned char *has = reported(c);
    json_t *list = json_array();
    for (int a = 0; a < c->nagencies; a++) {
        const cmp_agency *ag = &c->agencies[a];
        bool any = false;
        for (int y = 0; y < c->nyears; y++) any = any || has[a * c->nyears + y];
        if (!any || !ag->kind) continue;
        for (int y = 0; y < c->nyears; y++) {
            if (has[a * c->nyears + y]) continue;
            int n = 0;
            for (int b = 0; b < c->nagencies; b++)
                if (has[b * c->nyears + y] && peers(ag, &c->agencies[b])) n++;
            if (!n) continue;
            char *url = view_url_agency(ag->slug);
            json_array_append_new(list, json_pack("{s:s, s:s, s:o, s:o, s:i, s:i, s:i}", "agency", ag->name,
                                                  "url", url, "place", cmp_place_json(c, ag),
                                                  "kind", view_str(ag->kind_name), "year", c->years[y],
                                                  "peers", n, "order", ag->order));
            free(url);
        }
    }
    free(has);
    return list;
}

static int by_order(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    return (int)(json_integer_value(json_object_get(x, "order")) - json_integer_value(json_object_get(y, "order")));
}

/* A JSON array sorted by its objects' "order" (pinyin order of agencies). */
static json_t *sorted(json_t *a)
{
    size_t n = json_array_size(a);
    json_t **items = malloc((n + 1) * sizeof *items);
    if (!items) abort();
    for (size_t i = 0; i < n; i++) items[i] = json_incref(json_array_get(a, i));
    qsort(items, n, sizeof *items, by_order);
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(out, items[i]);
    free(items);
    json_decref(a);
    return out;
}

/* ---- the page ---- */

static const cmp_column change_columns[] = {
    { "metric", "指标" }, { "metric_name", "指标名称" }, { "kind", "类型：rise 增加最多，fall 减少最多，to_zero 降为 0" },
    { "agency", "机构" }, { "agency_slug", "机构网址名" }, { "province", "省级" }, { "city", "地市级" },
    { "previous_year", "上一份报告年度" }, { "previous_value", "上一份报告数值" }, { "year", "年度" },
    { "value", "数值" }, { "unit", "单位" }, { "change", "变化，比例为百分点" },
};

enum { CSV_LIMIT = 20 };

static void change_csv(buf *csv, const compare *c, int metric, const char *kind, const cmp_row *r)
{
    const cmp_metric *m = &c->metrics[metric];
    const cmp_agency *a = &c->agencies[r->agency];
    csv_line l = { .out = csv };
    csv_text(&l, m->slug);
    csv_text(&l, m->name);
    csv_text(&l, kind);
    csv_text(&l, a->name);
    csv_text(&l, a->slug);
    csv_text(&l, a->province);
    csv_text(&l, a->city);
    csv_number(&l, r->prev_year);
    csv_number(&l, cmp_csv_value(m, r->prev_value));
    csv_number(&l, r->year);
    csv_number(&l, cmp_csv_value(m, r->value));
    csv_text(&l, m->unit);
    csv_number(&l, cmp_csv_value(m, r->change));
    csv_end(&l);
}

/* The CSV's lines of one metric: its largest rises, falls, and drops to 0. */
static void metric_csv(buf *csv, compare *c, int metric, change_list *l)
{
    static const struct {
        const char *kind;
        int (*cmp)(const void *, const void *);
        bool (*keep)(const cmp_row *);
    } lists[] = { { "rise", by_rise, rose }, { "fall", by_fall, fell }, { "to_zero", by_previous, to_zero } };
    ordering = c;
    for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++) {
        if (c->metrics[metric].share && lists[k].keep == to_zero) continue;
        if (l->n) qsort(l->rows, (size_t)l->n, sizeof *l->rows, lists[k].cmp);
        for (int i = 0, n = 0; i < l->n && n < CSV_LIMIT; i++)
            if (lists[k].keep(&l->rows[i])) {
                change_csv(csv, c, metric, lists[k].kind, &l->rows[i]);
                n++;
            }
    }
}

int changes_page(compare *c, change_list *lists)
{
    buf csv = BUF_INIT;
    cmp_csv_header(&csv, change_columns, (int)(sizeof change_columns / sizeof change_columns[0]));
    json_t *metrics = json_array(), *zero_all = json_array();
    for (int i = 0; i < c->nmetrics; i++) {
        metric_csv(&csv, c, i, &lists[i]);
        json_t *ch = changes_json(c, i, &lists[i], PAGE_LIMIT);
        json_t *jump = json_array_get(json_object_get(ch, "jumps"), 0);
        json_t *drop = json_array_get(json_object_get(ch, "drops"), 0);
        if (jump || drop) {
            json_t *o = json_pack("{s:o}", "metric", cmp_metric_json(c, i));
            if (jump) json_object_set(o, "jump", jump);
            if (drop) json_object_set(o, "drop", drop);
            json_array_append_new(metrics, o);
        }
        json_decref(ch);
    }
    /* values that fell to 0, the largest earlier values first, across counts */
    change_list zeros = { 0 };
    for (int i = 0; i < c->nmetrics; i++) {
        if (c->metrics[i].share) continue;
        for (int k = 0; k < lists[i].n; k++)
            if (to_zero(&lists[i].rows[k])) {
                changes_add(&zeros, &lists[i].rows[k]);
                zeros.rows[zeros.n - 1].report_id = i;      /* carries the metric through the sort */
            }
    }
    ordering = c;
    if (zeros.n) qsort(zeros.rows, (size_t)zeros.n, sizeof *zeros.rows, by_previous);
    for (int k = 0; k < zeros.n && k < 20; k++) {
        int metric = (int)zeros.rows[k].report_id;
        json_t *o = change_json(c, metric, &zeros.rows[k]);
        json_object_set_new(o, "metric", cmp_metric_json(c, metric));
        json_array_append_new(zero_all, o);
    }
    free(zeros.rows);
    json_t *zeros_list = sorted(all_zero(c)), *missing = missing_years(c);
    json_t *v = json_pack("{s:o, s:o, s:o, s:o, s:i, s:s}", "metrics", metrics, "to_zero", zero_all,
                          "all_zero", zeros_list, "missing", missing, "zero_years", ZERO_YEARS,
                          "csv", "/compare/changes/data.csv");
    json_object_set_new(v, "has_to_zero", json_boolean(json_array_size(zero_all) > 0));
    json_object_set_new(v, "has_all_zero", json_boolean(json_array_size(zeros_list) > 0));
    json_object_set_new(v, "has_missing", json_boolean(json_array_size(missing) > 0));
    json_object_set_new(v, "has_metrics", json_boolean(json_array_size(metrics) > 0));
    int rc = cmp_write_csv(c, "compare/changes/data.csv", &csv);
    if (rc == 0) rc = view_render(c->p, "compare-changes", v, "compare/changes/");
    else json_decref(v);
    buf_free(&csv);
    return rc;
}
