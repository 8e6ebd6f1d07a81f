/*
 * compare_regions.c: regions side by side.  For each metric and year,
 * every province and city with its sum (for a share: the pooled share,
 * all numerators over all denominators), the median over its agencies,
 * how many agencies reported, how many of them with a known value and
 * how many with findings about their data (/compare/<metric>/regions/
 * <year>/ and its data.csv); each region over the years as a chart
 * (/compare/<metric>/regions/); and the page of the metric itself
 * (/compare/<metric>/): its definition, the country's figures year by
 * year and the largest changes.
 *
 * The figures are gathered while the rankings go through the years
 * (trend_add), so no value is read twice.  Sums and medians are over
 * known values only; where some agencies' values are unknown, the count
 * of known ones stands beside them.
 */
#include "view/compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "view/chart.h"

metric_trend *trend_new(const compare *c, int metric)
{
    metric_trend *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->metric = metric;
    t->by = calloc((size_t)(c->nregions + 1) * (size_t)(c->nyears ? c->nyears : 1), sizeof *t->by);
    if (!t->by) abort();
    return t;
}

void trend_free(const compare *c, metric_trend *t)
{
    if (!t) return;
    for (int i = 0; i < (c->nregions + 1) * c->nyears; i++) free(t->by[i].values);
    free(t->by);
    free(t);
}

static region_stats *stats_at(const compare *c, metric_trend *t, int region, int year)
{
    return &t->by[(region < 0 ? c->nregions : region) * c->nyears + year];
}

static void stats_add(region_stats *s, const cmp_row *r)
{
    s->reporting++;
    if (r->findings) s->findings++;
    if (r->status != ST_KNOWN) return;
    if ((s->known & (s->known - 1)) == 0) {           /* 0, 1, 2, 4, ...: grow */
        s->values = realloc(s->values, (size_t)(s->known ? 2 * s->known : 1) * sizeof *s->values);
        if (!s->values) abort();
    }
    s->values[s->known++] = r->value;
    s->sum += r->value;
    s->num += r->num;
    s->den += r->den;
}

void trend_add(const compare *c, metric_trend *t, int year, const cmp_row *rows, int n)
{
    int y = cmp_year_index(c, year);
    if (y < 0) return;
    for (int i = 0; i < n; i++) {
        const cmp_agency *a = &c->agencies[rows[i].agency];
        stats_add(stats_at(c, t, -1, y), &rows[i]);
        for (int k = 0; k < 2; k++)
            if (a->region[k] >= 0) stats_add(stats_at(c, t, a->region[k], y), &rows[i]);
    }
}

bool stats_value(const cmp_metric *m, const region_stats *s, double *out)
{
    if (s->known == 0) return false;
    if (m->share) {
        if (!(s->den > 0)) return false;
        *out = s->num / s->den;
    } else {
        *out = s->sum;
    }
    return true;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double stats_median(region_stats *s)
{
    if (s->known == 0) return NAN;
    qsort(s->values, (size_t)s->known, sizeof *s->values, by_value);
    int mid = s->known / 2;
    return s->known % 2 ? s->values[mid] : (s->values[mid - 1] + s->values[mid]) / 2;
}

/* {"value", "sort", "known", "median", "reporting", "known_count", "findings", "partial"} */
static json_t *stats_json(const cmp_metric *m, region_stats *s)
{
    double v = 0, med = stats_median(s);
    bool known = stats_value(m, s, &v);
    char shown[32] = "", sort[40] = "", median[32] = "";
    if (known) {
        cmp_format(m, v, shown);
        snprintf(sort, sizeof sort, "%.17g", v);
    }
    if (!isnan(med)) cmp_format(m, med, median);
    return json_pack("{s:s, s:s, s:b, s:s, s:b, s:o, s:o, s:o, s:b}", "value", shown, "sort", sort,
                     "known", known, "median", median, "has_median", !isnan(med),
                     "reporting", view_count(s->reporting), "known_count", view_count(s->known),
                     "findings", view_count(s->findings), "partial", s->known < s->reporting);
}

/* ---- one year: provinces and cities side by side ---- */

typedef struct ranked_region {
    int region;
    bool known;
    double value;
    int order;
} ranked_region;

static int region_order(const void *a, const void *b)
{
    const ranked_region *x = a, *y = b;
    if (x->known != y->known) return x->known ? -1 : 1;
    if (x->known && x->value != y->value) return x->value > y->value ? -1 : 1;
    return x->order - y->order;
}

static const cmp_column region_columns[] = {
    { "level", "级别：province 省级，city 地市级，country 全国" }, { "region", "地区" },
    { "region_slug", "地区网址名" }, { "year", "年度" }, { "value", "合计（比例为总体比例）" },
    { "unit", "单位" }, { "median", "中位数" }, { "reporting", "报告的机构数" },
    { "known", "数值已知的机构数" }, { "with_findings", "报告有数据问题的机构数" },
};

static void region_csv_line(buf *csv, const cmp_metric *m, const char *level, const char *name,
                            const char *slug, int year, region_stats *s)
{
    csv_line l = { .out = csv };
    double v = 0, med = stats_median(s);
    csv_text(&l, level);
    csv_text(&l, name);
    csv_text(&l, slug);
    csv_number(&l, year);
    if (stats_value(m, s, &v)) csv_number(&l, cmp_csv_value(m, v));
    else csv_empty(&l);
    csv_text(&l, m->unit);
    if (!isnan(med)) csv_number(&l, cmp_csv_value(m, med));
    else csv_empty(&l);
    csv_number(&l, s->reporting);
    csv_number(&l, s->known);
    csv_number(&l, s->findings);
    csv_end(&l);
}

/* The regions of one level with reports that year, largest first. */
static json_t *level_rows(compare *c, metric_trend *t, int y, bool cities, buf *csv)
{
    const cmp_metric *m = &c->metrics[t->metric];
    ranked_region *list = malloc(((size_t)c->nregions + 1) * sizeof *list);
    if (!list) abort();
    int n = 0;
    for (int i = 0; i < c->nregions; i++) {
        region_stats *s = stats_at(c, t, i, y);
        if (c->regions[i].is_city != cities || s->reporting == 0) continue;
        list[n] = (ranked_region){ .region = i, .order = c->regions[i].order };
        list[n].known = stats_value(m, s, &list[n].value);
        n++;
    }
    if (n) qsort(list, (size_t)n, sizeof *list, region_order);
    json_t *rows = json_array();
    for (int k = 0; k < n; k++) {
        int r = list[k].region;
        region_stats *s = stats_at(c, t, r, y);
        json_t *o = stats_json(m, s);
        buf path = BUF_INIT;
        buf_putc(&path, '/');
        cmp_path(c, t->metric, c->years[y], r, &path);
        json_object_set_new(o, "region", cmp_region_json(c, r));
        json_object_set_new(o, "url", json_string(path.data));
        json_array_append_new(rows, o);
        region_csv_line(csv, m, cities ? "city" : "province", c->regions[r].name, c->regions[r].slug,
                        c->years[y], s);
        buf_free(&path);
    }
    free(list);
    return rows;
}

int regions_year_page(compare *c, metric_trend *t, int year)
{
    int y = cmp_year_index(c, year);
    if (y < 0) return 0;
    const cmp_metric *m = &c->metrics[t->metric];
    buf csv = BUF_INIT, path = BUF_INIT, url = BUF_INIT;
    cmp_csv_header(&csv, region_columns, (int)(sizeof region_columns / sizeof region_columns[0]));
    region_csv_line(&csv, m, "country", NULL, NULL, year, stats_at(c, t, -1, y));
    json_t *provinces = level_rows(c, t, y, false, &csv), *cities = level_rows(c, t, y, true, &csv);
    buf_printf(&path, "compare/%s/regions/%d/", m->slug, year);
    buf_printf(&url, "/%sdata.csv", path.data);
    json_t *years = json_array();
    for (int i = 0; i < c->nyears; i++) {
        buf u = BUF_INIT;
        buf_printf(&u, "/compare/%s/regions/%d/", m->slug, c->years[i]);
        json_array_append_new(years, json_pack("{s:i, s:s, s:b}", "year", c->years[i], "url", u.data,
                                               "current", i == y));
        buf_free(&u);
    }
    buf rank = BUF_INIT;
    buf_printf(&rank, "/compare/%s/%d/", m->slug, year);
    json_t *v = json_pack("{s:o, s:i, s:o, s:o, s:o, s:b, s:b, s:o, s:s, s:s}",
        "metric", cmp_metric_json(c, t->metric), "year", year, "country", stats_json(m, stats_at(c, t, -1, y)),
        "provinces", provinces, "cities", cities, "has_provinces", json_array_size(provinces) > 0,
        "has_cities", json_array_size(cities) > 0, "years", years, "csv", url.data, "ranking_url", rank.data);
    buf file = BUF_INIT;
    buf_printf(&file, "%sdata.csv", path.data);
    int rc = cmp_write_csv(c, file.data, &csv);
    if (rc == 0) rc = view_render(c->p, "compare-regions", v, path.data);
    else json_decref(v);
    buf_free(&file);
    buf_free(&rank);
    buf_free(&csv);
    buf_free(&path);
    buf_free(&url);
    return rc;
}

/* ---- over the years ---- */

/* A region's values year by year as chart cells (shares in per cent, to
 * one decimal, as the tables print them). */
static json_t *trend_chart(const compare *c, metric_trend *t, int region)
{
    const cmp_metric *m = &c->metrics[t->metric];
    cell *values = malloc(((size_t)c->nyears + 1) * sizeof *values);
    if (!values) abort();
    for (int y = 0; y < c->nyears; y++) {
        double v;
        values[y] = stats_value(m, stats_at(c, t, region, y), &v)
                    ? (m->share ? round(v * 1000) / 10 : v) : CELL_UNKNOWN;
    }
    json_t *chart = chart_bars(c->years, values, c->nyears);
    free(values);
    return chart;
}

/* [{"year", "cell": stats_json}] of a region, every year of the site. */
static json_t *trend_cells(compare *c, metric_trend *t, int region)
{
    const cmp_metric *m = &c->metrics[t->metric];
    json_t *a = json_array();
    for (int y = 0; y < c->nyears; y++) {
        region_stats *s = stats_at(c, t, region, y);
        json_t *o = s->reporting ? stats_json(m, s) : json_pack("{s:b, s:b}", "known", 0, "absent", 1);
        json_object_set_new(o, "year", json_integer(c->years[y]));
        json_array_append_new(a, o);
    }
    return a;
}

static bool any_year(const compare *c, metric_trend *t, int region)
{
    for (int y = 0; y < c->nyears; y++)
        if (stats_at(c, t, region, y)->reporting) return true;
    return false;
}

/* Regions of one level with reports in any year, in pinyin order. */
static json_t *trend_rows(compare *c, metric_trend *t, bool cities, bool charts)
{
    int *order = malloc(((size_t)c->nregions + 1) * sizeof *order), n = 0;
    if (!order) abort();
    for (int i = 0; i < c->nregions; i++)
        if (c->regions[i].is_city == cities && any_year(c, t, i)) order[n++] = i;
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && c->regions[order[j - 1]].order > c->regions[order[j]].order; j--) {
            int x = order[j]; order[j] = order[j - 1]; order[j - 1] = x;
        }
    json_t *rows = json_array();
    for (int k = 0; k < n; k++) {
        json_t *o = json_pack("{s:o, s:o}", "region", cmp_region_json(c, order[k]),
                              "years", trend_cells(c, t, order[k]));
        if (charts) json_object_set_new(o, "chart", trend_chart(c, t, order[k]));
        json_array_append_new(rows, o);
    }
    free(order);
    return rows;
}

static json_t *year_heads(const compare *c, int metric, const char *under)
{
    json_t *a = json_array();
    for (int y = 0; y < c->nyears; y++) {
        buf u = BUF_INIT;
        buf_printf(&u, "/compare/%s/%s%d/", c->metrics[metric].slug, under, c->years[y]);
        json_array_append_new(a, json_pack("{s:i, s:s}", "year", c->years[y], "url", u.data));
        buf_free(&u);
    }
    return a;
}

int regions_trend_page(compare *c, metric_trend *t)
{
    const cmp_metric *m = &c->metrics[t->metric];
    json_t *v = json_pack("{s:o, s:o, s:o, s:o, s:o}", "metric", cmp_metric_json(c, t->metric),
        "years", year_heads(c, t->metric, "regions/"), "country", trend_cells(c, t, -1),
        "provinces", trend_rows(c, t, false, true), "cities", trend_rows(c, t, true, false));
    json_object_set_new(v, "has_cities", json_boolean(json_array_size(json_object_get(v, "cities")) > 0));
    buf path = BUF_INIT;
    buf_printf(&path, "compare/%s/regions/", m->slug);
    int rc = view_render(c->p, "compare-trend", v, path.data);
    buf_free(&path);
    return rc;
}

int metric_page(compare *c, metric_trend *t, json_t *changes)
{
    const cmp_metric *m = &c->metrics[t->metric];
    json_t *years = trend_cells(c, t, -1);
    size_t i;
    json_t *y;
    json_array_foreach(years, i, y) {
        buf u = BUF_INIT;
        buf_printf(&u, "/compare/%s/%d/", m->slug, c->years[i]);
        json_object_set_new(y, "url", json_string(u.data));
        buf_clear(&u);
        buf_printf(&u, "/compare/%s/regions/%d/", m->slug, c->years[i]);
        json_object_set_new(y, "regions_url", json_string(u.data));
        buf_free(&u);
    }
    buf trend = BUF_INIT;
    buf_printf(&trend, "/compare/%s/regions/", m->slug);
    json_t *v = json_pack("{s:o, s:o, s:o, s:o, s:s}", "metric", cmp_metric_json(c, t->metric),
                          "years", years, "chart", trend_chart(c, t, -1), "changes", changes,
                          "trend_url", trend.data);
    buf path = BUF_INIT;
    buf_printf(&path, "compare/%s/", m->slug);
    int rc = view_render(c->p, "compare-metric", v, path.data);
    buf_free(&path);
    buf_free(&trend);
    return rc;
}
