/*
 * quality.c: the data-quality page (/compare/quality/ and its data.csv):
 * "whose tables don't add up?"
 *
 * Agencies are ranked by the findings about their data that their shown
 * reports carry (the schema's data_findings: everything but the notes on
 * the registry), ties sharing a rank; each agency's findings are listed
 * with a link to the finding on its report page (#f-N, the report's Nth
 * finding in stored order, as report.c numbers them).  The findings are
 * also counted by kind.  Apart from them, the registry notes: agencies
 * that could not be placed in their region, with what content/
 * agencies.csv should add, and agencies that are not registered.
 */
#include "view/compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"

typedef struct agency_findings {
    int agency;
    int findings, reports;
    json_t *items;              /* [{"year", "url", "kind", "message"}] */
    json_t *codes;              /* {"balance": n, ...} */
} agency_findings;

static const compare *ordering;

static int by_findings(const void *a, const void *b)
{
    const agency_findings *x = a, *y = b;
    if (x->findings != y->findings) return y->findings - x->findings;
    return ordering->agencies[x->agency].order - ordering->agencies[y->agency].order;
}

/* Every agency with data findings, with its findings in year order. */
static agency_findings *gather(compare *c, int *n, json_t *kinds)
{
    db_query *q = db_query_new(c->p->db,
        "SELECT r.agency_id, r.year, f.code, f.message, r.id,"
        "  (SELECT count(*) FROM findings g WHERE g.report_id = f.report_id AND g.id <= f.id)"
        " FROM data_findings f JOIN report_pages r ON r.id = f.report_id"
        " ORDER BY r.agency_id, r.year, f.id");
    agency_findings *list = NULL;
    int cap = 0;
    int64_t last_report = -1;
    *n = 0;
    while (q && db_row(q)) {
        int a = cmp_agency_index(c, db_int(q, 0));
        if (a < 0) continue;
        if (*n == 0 || list[*n - 1].agency != a) {
            if (*n == cap) {
                cap = cap ? 2 * cap : 64;
                list = realloc(list, (size_t)cap * sizeof *list);
                if (!list) abort();
            }
            list[(*n)++] = (agency_findings){ .agency = a, .items = json_array(), .codes = json_object() };
        }
        agency_findings *af = &list[*n - 1];
        const char *code = db_text(q, 2);
        int year = (int)db_int(q, 1);
        af->findings++;
        if (db_int(q, 4) != last_report) af->reports++;
        last_report = db_int(q, 4);
        char *report = view_url_report(c->agencies[a].slug, year);
        buf url = BUF_INIT;
        buf_printf(&url, "%s#f-%lld", report, (long long)db_int(q, 5));
        json_array_append_new(af->items, json_pack("{s:i, s:s, s:s, s:s, s:o}", "year", year,
            "report_url", report, "url", url.data, "kind", finding_kind(code), "message", view_text(q, 3)));
        buf_free(&url);
        free(report);
        const char *key = code ? code : "";
        json_object_set_new(af->codes, key, json_integer(json_integer_value(json_object_get(af->codes, key)) + 1));
        json_t *k = json_object_get(kinds, key);
        if (!k) json_object_set_new(kinds, key, k = json_pack("{s:s, s:i}", "kind", finding_kind(code), "count", 0));
        json_object_set_new(k, "count", json_integer(json_integer_value(json_object_get(k, "count")) + 1));
    }
    db_query_end(q);
    return list;
}

static const cmp_column quality_columns[] = {
    { "rank", "排名" }, { "agency", "机构" }, { "agency_slug", "机构网址名" }, { "province", "省级" },
    { "city", "地市级" }, { "findings", "数据问题条数" }, { "reports_with_findings", "有问题的报告份数" },
    { "codes", "问题类型代码及条数" },
};

static void quality_csv(buf *csv, const compare *c, int rank, const agency_findings *af)
{
    const cmp_agency *a = &c->agencies[af->agency];
    csv_line l = { .out = csv };
    csv_number(&l, rank);
    csv_text(&l, a->name);
    csv_text(&l, a->slug);
    csv_text(&l, a->province);
    csv_text(&l, a->city);
    csv_number(&l, af->findings);
    csv_number(&l, af->reports);
    buf codes = BUF_INIT;
    const char *key;
    json_t *v;
    json_object_foreach(af->codes, key, v)
        buf_printf(&codes, "%s%s:%lld", codes.len ? ";" : "", key, (long long)json_integer_value(v));
    csv_text(&l, codes.data);
    buf_free(&codes);
    csv_end(&l);
}

/* The registry notes: agencies not placed (with their note) and not registered. */
static json_t *registry_notes(compare *c, bool placed_note)
{
    json_t *list = json_array();
    db_query *q = db_query_new(c->p->db, placed_note
        ? "SELECT id, place_note FROM agencies WHERE place_note IS NOT NULL ORDER BY name COLLATE zh"
        : "SELECT id, NULL FROM agencies WHERE registered = 0 ORDER BY name COLLATE zh");
    while (q && db_row(q)) {
        int a = cmp_agency_index(c, db_int(q, 0));
        if (a < 0) continue;
        const cmp_agency *ag = &c->agencies[a];
        char *url = view_url_agency(ag->slug);
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "agency", ag->name,
            "slug", ag->slug, "url", url, "note", view_text(q, 1), "province", view_str(ag->province),
            "city", view_str(ag->city), "county", view_str(ag->county), "place", cmp_place_json(c, ag)));
        free(url);
    }
    db_query_end(q);
    return list;
}

static int by_count(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    json_int_t cx = json_integer_value(json_object_get(x, "count")), cy = json_integer_value(json_object_get(y, "count"));
    if (cx != cy) return cx > cy ? -1 : 1;
    return strcmp(json_string_value(json_object_get(x, "kind")), json_string_value(json_object_get(y, "kind")));
}

/* The kinds of findings, the most frequent first. */
static json_t *kinds_list(json_t *kinds)
{
    size_t n = json_object_size(kinds), i = 0;
    json_t **all = malloc((n + 1) * sizeof *all);
    if (!all) abort();
    const char *key;
    json_t *v;
    json_object_foreach(kinds, key, v) all[i++] = v;
    qsort(all, n, sizeof *all, by_count);
    json_t *a = json_array();
    for (i = 0; i < n; i++) json_array_append(a, all[i]);
    free(all);
    return a;
}

int quality_page(compare *c)
{
    json_t *kinds = json_object();
    int n = 0;
    agency_findings *list = gather(c, &n, kinds);
    ordering = c;
    if (n) qsort(list, (size_t)n, sizeof *list, by_findings);
    buf csv = BUF_INIT;
    cmp_csv_header(&csv, quality_columns, (int)(sizeof quality_columns / sizeof quality_columns[0]));
    json_t *ranked = json_array();
    int rank = 0, total = 0;
    for (int i = 0; i < n; i++) {
        agency_findings *af = &list[i];
        const cmp_agency *a = &c->agencies[af->agency];
        bool tied_before = i > 0 && list[i - 1].findings == af->findings;
        bool tied_after = i + 1 < n && list[i + 1].findings == af->findings;
        if (!tied_before) rank = i + 1;
        total += af->findings;
        char *url = view_url_agency(a->slug);
        json_array_append_new(ranked, json_pack("{s:i, s:b, s:s, s:s, s:s, s:o, s:i, s:i, s:o}",
            "rank", rank, "tied", tied_before || tied_after, "agency", a->name, "slug", a->slug, "url", url,
            "place", cmp_place_json(c, a), "findings", af->findings, "reports", af->reports,
            "items", af->items));
        free(url);
        quality_csv(&csv, c, rank, af);
        json_decref(af->codes);
    }
    free(list);
    json_t *unplaced = registry_notes(c, true), *unregistered = registry_notes(c, false);
    json_t *v = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "ranked", ranked, "kinds", kinds_list(kinds),
                          "total", view_count(total), "agencies", view_count(n), "unplaced", unplaced,
                          "unregistered", unregistered,
                          "csv", "/compare/quality/data.csv");
    json_object_set_new(v, "has_ranked", json_boolean(n > 0));
    json_object_set_new(v, "has_unplaced", json_boolean(json_array_size(unplaced) > 0));
    json_object_set_new(v, "has_unregistered", json_boolean(json_array_size(unregistered) > 0));
    json_decref(kinds);
    int rc = cmp_write_csv(c, "compare/quality/data.csv", &csv);
    if (rc == 0) rc = view_render(c->p, "compare-quality", v, "compare/quality/");
    else json_decref(v);
    buf_free(&csv);
    return rc;
}
