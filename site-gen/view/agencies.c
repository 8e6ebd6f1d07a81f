/*
 * agencies.c: the agencies index (/agencies/), grouped by province
 * and city, and one page per agency (/agencies/<slug>/) with its reports,
 * its key figures over the years as a table and as bar charts, its
 * nearest peers (same kind of agency, same city or else province) side
 * by side, and its findings year by year.
 *
 * Agencies are grouped by the province and city they are placed in
 * (registered or not: store/place.c places them by name); those whose
 * province is unknown are grouped apart, and the template names that
 * group.  An agency whose slug could not be a URL gets no page and a
 * warning.
 */
#include "view/page.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "view/chart.h"

#define AGENCY_COLUMNS "a.id, a.name, a.slug, a.province, a.city, a.county, a.registered, a.region_id"

/* One row of AGENCY_COLUMNS. */
typedef struct agency_row {
    int64_t id;
    const char *name, *slug, *province, *city, *county;
    bool registered;
    int64_t region_id;          /* 0 when not placed */
} agency_row;

static agency_row agency_at(db_query *q)
{
    return (agency_row){
        .id = db_int(q, 0), .name = db_text(q, 1),
        .slug = db_text(q, 2),
        .province = db_text(q, 3),
        .city = db_text(q, 4),
        .county = db_text(q, 5),
        .registered = (int)db_int(q, 6) != 0,
        .region_id = db_null(q, 7) ? 0 : db_int(q, 7),
    };
}

static bool agency_usable(pages *p, const agency_row *a)
{
    if (slug_valid(a->slug) && view_text_ok(a->name)) return true;
    diag_warning(p->diag, db_path(p->db), 0,
                 "agency %lld has no usable slug or name; no page", (long long)a->id);
    return false;
}

/* An agency in a list: name, URL, county, whether registered, its report years. */
static json_t *agency_entry(pages *p, const agency_row *a)
{
    char *url = view_url_agency(a->slug);
    json_t *o = json_pack("{s:o, s:s, s:o, s:b, s:o}", "name", view_str(a->name), "url", url,
                          "county", view_str(a->county), "registered", a->registered,
                          "reports", view_agency_reports(p, a->id, a->slug));
    free(url);
    return o;
}

/* The last element of the array A if its "name" equals NAME, else a new one appended. */
static json_t *group_for(json_t *a, const char *name, const char *list_key)
{
    size_t n = json_array_size(a);
    json_t *last = n ? json_array_get(a, n - 1) : NULL;
    const char *have = last ? json_string_value(json_object_get(last, "name")) : NULL;
    if (last && ((!have && !name) || (have && name && strcmp(have, name) == 0))) return last;
    json_t *g = json_object();
    json_object_set_new(g, "name", view_str(name));
    json_object_set_new(g, "has_name", json_boolean(name != NULL));
    json_object_set_new(g, list_key, json_array());
    json_array_append_new(a, g);
    return g;
}

static void add_region_urls(pages *p, json_t *province, json_t *city, const agency_row *a)
{
    json_t *links = view_region_links(p, a->province, a->city);
    json_t *pu = json_object_get(json_object_get(links, "province"), "url");
    json_t *cu = json_object_get(json_object_get(links, "city"), "url");
    if (pu && !json_object_get(province, "url")) json_object_set(province, "url", pu);
    if (cu && city && !json_object_get(city, "url")) json_object_set(city, "url", cu);
    json_decref(links);
}

int view_agencies(pages *p)
{
    db_query *q = db_query_new(p->db,
        "SELECT " AGENCY_COLUMNS " FROM agencies a "
        "ORDER BY a.province IS NULL, a.province COLLATE zh, a.city IS NULL, a.city COLLATE zh, a.name COLLATE zh");
    if (!q) return -1;
    json_t *provinces = json_array(), *elsewhere = json_array();
    int count = 0;
    while (db_row(q)) {
        agency_row a = agency_at(q);
        if (!agency_usable(p, &a)) continue;
        count++;
        if (!a.province) {
            json_array_append_new(elsewhere, agency_entry(p, &a));
            continue;
        }
        json_t *prov = group_for(provinces, a.province, "cities");
        json_t *city = group_for(json_object_get(prov, "cities"), a.city, "agencies");
        add_region_urls(p, prov, a.city ? city : NULL, &a);
        json_array_append_new(json_object_get(city, "agencies"), agency_entry(p, &a));
    }
    db_query_end(q);
    json_t *v = json_pack("{s:o, s:o}", "provinces", provinces, "agency_count", view_count(count));
    if (json_array_size(elsewhere) > 0)
        json_object_set_new(v, "unregistered", json_pack("{s:o}", "agencies", elsewhere));
    else
        json_decref(elsewhere);
    return view_render(p, "agencies", v, "agencies/");
}

/* The agency's reports with key figures, and one chart per charted figure. */
static int agency_reports(pages *p, const agency_row *a, json_t *v)
{
    static const enum key_figure charted[] = { KF_NEW, KF_LICENSING, KF_PENALTY };
    db_query *q = db_query_new(p->db,
        "SELECT r.id, r.year, (SELECT count(*) FROM findings f WHERE f.report_id = r.id) "
        "FROM report_pages r WHERE r.agency_id = ? ORDER BY r.year");
    if (!q) return -1;
    db_bind_int(q, 1, a->id);
    json_t *reports = json_array();
    int n = 0, cap = 0, rc = 0, *years = NULL;
    cell (*figures)[KEY_FIGURES] = NULL;
    while (rc == 0 && db_row(q)) {
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            years = realloc(years, cap * sizeof *years);
            figures = realloc(figures, cap * sizeof *figures);
            if (!years || !figures) abort();
        }
        years[n] = (int)db_int(q, 1);
        rc = view_key_figures(p, db_int(q, 0), figures[n]);
        char *url = view_url_report(a->slug, years[n]);
        json_array_append_new(reports, json_pack("{s:i, s:s, s:i, s:o}", "year", years[n],
            "url", url, "findings_count", (int)db_int(q, 2),
            "figures", view_figures_json(figures[n])));
        free(url);
        n++;
    }
    db_query_end(q);
    json_t *charts = json_object();
    for (size_t k = 0; k < sizeof charted / sizeof charted[0] && n > 0; k++) {
        cell *values = malloc(n * sizeof *values);
        if (!values) abort();
        for (int i = 0; i < n; i++) values[i] = figures[i][charted[k]];
        json_object_set_new(charts, key_figure_names[charted[k]], chart_bars(years, values, n));
        free(values);
    }
    json_object_set_new(v, "reports", reports);
    json_object_set_new(v, "has_reports", json_boolean(n > 0));
    json_object_set_new(v, "charts", charts);
    free(years);
    free(figures);
    return rc;
}

/* [{"year", "url", "items": [{"code", "kind", "message", "url"}]}], years
 * with findings only; an item's url is the finding on its report page. */
static json_t *agency_findings(pages *p, const agency_row *a)
{
    json_t *years = json_array();
    db_query *q = db_query_new(p->db,
        "SELECT r.year, f.code, f.message, "
        "  (SELECT count(*) FROM findings g WHERE g.report_id = f.report_id AND g.id <= f.id) "
        "FROM findings f JOIN report_pages r ON r.id = f.report_id "
        "WHERE r.agency_id = ? ORDER BY r.year, f.id");
    if (!q) return years;
    db_bind_int(q, 1, a->id);
    while (db_row(q)) {
        int year = (int)db_int(q, 0);
        size_t n = json_array_size(years);
        json_t *last = n ? json_array_get(years, n - 1) : NULL;
        if (!last || json_integer_value(json_object_get(last, "year")) != year) {
            char *url = view_url_report(a->slug, year);
            last = json_pack("{s:i, s:s, s:[]}", "year", year, "url", url, "items");
            json_array_append_new(years, last);
            free(url);
        }
        char *url = view_url_report(a->slug, year);
        buf at = BUF_INIT;
        buf_printf(&at, "%s#f-%lld", url, (long long)db_int(q, 3));
        json_array_append_new(json_object_get(last, "items"),
                              json_pack("{s:o, s:s, s:o, s:s}", "code", view_text(q, 1),
                                        "kind", finding_kind(db_text(q, 1)), "message", view_text(q, 2),
                                        "url", at.data));
        buf_free(&at);
        free(url);
    }
    db_query_end(q);
    return years;
}

enum { PEERS = 8 };

/* The agency's nearest peers: agencies of the same kind (agency_kinds)
 * in the same city, else in the same province, with a report in the
 * agency's latest year; their key figures beside its own.
 * {"year", "kind", "same_city", "rows": [{"name", "url", "self", "place", "figures"}]}
 * or NULL when it has none. */
static json_t *agency_peers(pages *p, const agency_row *a)
{
    if (!a->region_id) return NULL;
    db_query *q = db_query_new(p->db,
        "WITH me AS (SELECT kind, kind_name, region_id AS region, province, year"
        "   FROM temp.peer_reports WHERE agency_id = ?1 ORDER BY year DESC LIMIT 1)"
        " SELECT a.id, a.name, a.slug, a.province, a.city, k.report_id, a.id = ?1,"
        "   k.region_id = me.region, me.year, me.kind_name"
        " FROM me JOIN temp.peer_reports k"
        "   ON k.kind = me.kind AND k.province = me.province AND k.year = me.year"
        " JOIN agencies a ON a.id = k.agency_id"
        " ORDER BY a.id = ?1 DESC, k.region_id = me.region DESC, k.name_order LIMIT ?3");
    if (!q) return NULL;
    db_bind_int(q, 1, a->id);
    db_bind_int(q, 3, PEERS + 1);
    json_t *rows = json_array(), *o = NULL;
    bool any_city = false;
    while (db_row(q)) {
        const char *slug = db_text(q, 2);
        if (!slug_valid(slug)) continue;
        bool self = db_int(q, 6) != 0;
        if (!o) o = json_pack("{s:i, s:o}", "year", (int)db_int(q, 8), "kind", view_text(q, 9));
        if (!self && db_int(q, 7)) any_city = true;
        cell f[KEY_FIGURES];
        if (view_key_figures(p, db_int(q, 5), f) != 0) continue;
        char *url = view_url_report(slug, (int)db_int(q, 8));
        if (any_city && !self && !db_int(q, 7)) {   /* same city first; the province only without them */
            free(url);
            break;
        }
        json_array_append_new(rows, json_pack("{s:o, s:s, s:b, s:o, s:o}", "name", view_text(q, 1),
            "url", url, "self", self, "place", view_place(db_text(q, 3), db_text(q, 4)),
            "figures", view_figures_json(f)));
        free(url);
    }
    db_query_end(q);
    if (!o || json_array_size(rows) < 2) {      /* itself alone: no peers */
        json_decref(o);
        json_decref(rows);
        return NULL;
    }
    json_object_set_new(o, "same_city", json_boolean(any_city));
    json_object_set_new(o, "rows", rows);
    return o;
}

static int agency_page(pages *p, const agency_row *a)
{
    char *url = view_url_agency(a->slug);
    json_t *v = json_object();
    json_object_set_new(v, "agency", json_pack("{s:o, s:s, s:s, s:o, s:b}", "name", view_str(a->name),
        "slug", a->slug, "url", url, "county", view_str(a->county), "registered", a->registered));
    json_object_set_new(v, "region", view_region_links(p, a->province, a->city));
    json_t *findings = agency_findings(p, a);
    json_object_set_new(v, "has_findings", json_boolean(json_array_size(findings) > 0));
    json_object_set_new(v, "findings", findings);
    json_t *peers = agency_peers(p, a);
    if (peers) json_object_set_new(v, "peers", peers);
    int rc = agency_reports(p, a, v);
    if (rc == 0) rc = view_render(p, "agency", v, url + 1);
    else json_decref(v);
    free(url);
    return rc;
}

/* Each shown report of a placed agency with a kind (agency_kinds), with
 * what its peers are chosen by: the kind, the region they share, the year,
 * and the agency's place in pinyin order, worked out once per build.
 * Asked per agency page, the view matched every name against every
 * kind's suffix, and sorting the candidates by name through ICU for each
 * page made the agency pages quadratic in the number of agencies (208 s
 * for 10,000). */
static int peer_reports(pages *p)
{
    return db_exec(p->db,
        "DROP TABLE IF EXISTS temp.peer_reports;"
        " CREATE TEMP TABLE peer_reports AS"
        " SELECT k.agency_id, k.kind, k.name AS kind_name, a.region_id,"
        "   coalesce(g.parent_id, g.id) AS province, r.year, r.id AS report_id,"
        "   dense_rank() OVER (ORDER BY a.name COLLATE zh) AS name_order"
        " FROM agency_kinds k JOIN agencies a ON a.id = k.agency_id"
        " JOIN regions g ON g.id = a.region_id JOIN report_pages r ON r.agency_id = a.id;"
        " CREATE INDEX temp.peer_reports_by_agency ON peer_reports(agency_id, year);"
        " CREATE INDEX temp.peer_reports_by_kind ON peer_reports(kind, province, year);") ? 0 : -1;
}

int view_agency_pages(pages *p)
{
    if (peer_reports(p) != 0) return -1;
    db_query *q = db_query_new(p->db, "SELECT " AGENCY_COLUMNS " FROM agencies a ORDER BY a.slug");
    if (!q) return -1;
    int rc = 0;
    while (rc == 0 && db_row(q)) {
        agency_row a = agency_at(q);
        if (agency_usable(p, &a)) rc = agency_page(p, &a);
    }
    return db_query_end(q) == 0 && rc == 0 ? 0 : -1;
}
