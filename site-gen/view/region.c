/*
 * region.c: one page per province and city (/regions/<slug>/): the
 * agencies in it with the key figures of each one's latest report, its
 * cities (for a province), its totals per year over the reports of its
 * agencies (partial totals marked as such), and links to its rankings.
 *
 * An agency belongs to a province by its province name and to a city by
 * its city name under that province, as content/agencies.csv gives them.
 */
#include "view/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

/* Which agencies a region holds: "?1" is the province, "?2" the city (NULL for a province page). */
#define IN_REGION "a.province = ?1 AND (?2 IS NULL OR a.city = ?2)"

typedef struct region_row {
    int64_t id;
    bool is_city;
    const char *name, *slug, *province;  /* province: the city's parent, or the name itself */
} region_row;

static void bind_region(db_query *q, const region_row *r)
{
    db_bind_text(q, 1, r->province);
    if (r->is_city) db_bind_text(q, 2, r->name);
}

/* Every agency of the region with the key figures of its latest report. */
static json_t *region_agencies(pages *p, const region_row *r)
{
    json_t *a = json_array();
    db_query *q = db_query_new(p->db,
        "SELECT a.id, a.name, a.slug, a.city, a.county,"
        " (SELECT max(x.year) FROM report_pages x WHERE x.agency_id = a.id),"
        " (SELECT x.id FROM report_pages x WHERE x.agency_id = a.id ORDER BY x.year DESC LIMIT 1)"
        " FROM agencies a WHERE " IN_REGION " ORDER BY a.city COLLATE zh, a.name COLLATE zh");
    if (!q) return a;
    bind_region(q, r);
    while (db_row(q)) {
        const char *slug = db_text(q, 2);
        if (!slug_valid(slug)) continue;
        char *url = view_url_agency(slug);
        json_t *o = json_pack("{s:o, s:s, s:o, s:o, s:o}", "name", view_text(q, 1),
            "url", url, "city", view_text(q, 3), "county", view_text(q, 4),
            "reports", view_agency_reports(p, db_int(q, 0), slug));
        if (!db_null(q, 6)) {
            cell f[KEY_FIGURES];
            int year = (int)db_int(q, 5);
            char *report = view_url_report(slug, year);
            if (view_key_figures(p, db_int(q, 6), f) == 0)
                json_object_set_new(o, "latest", json_pack("{s:i, s:s, s:o}", "year", year,
                                                           "url", report, "figures", view_figures_json(f)));
            free(report);
        }
        json_array_append_new(a, o);
        free(url);
    }
    db_query_end(q);
    return a;
}

/* [{"year", "url", "count", "totals"}], oldest first. */
static int region_years(pages *p, const region_row *r, json_t *years)
{
    db_query *q = db_query_new(p->db, "SELECT r.year, r.id FROM report_pages r "
                                    "JOIN agencies a ON a.id = r.agency_id "
                                    "WHERE " IN_REGION " ORDER BY r.year");
    if (!q) return -1;
    bind_region(q, r);
    int rc = 0, year = 0, count = 0;
    total totals[KEY_FIGURES] = {0};
    for (;;) {
        bool row = db_row(q);
        int this_year = row ? (int)db_int(q, 0) : 0;
        if (count > 0 && (!row || this_year != year)) {
            char url[48];
            snprintf(url, sizeof url, "/years/%d/", year);
            json_array_append_new(years, json_pack("{s:i, s:s, s:o, s:o}", "year", year, "url", url,
                                                   "count", view_count(count), "totals", view_totals_json(totals)));
            memset(totals, 0, sizeof totals);
            count = 0;
        }
        if (!row || rc != 0) break;
        year = this_year;
        cell f[KEY_FIGURES];
        rc = view_key_figures(p, db_int(q, 1), f);
        for (int k = 0; k < KEY_FIGURES; k++) total_add(&totals[k], f[k]);
        count++;
    }
    return db_query_end(q) == 0 && rc == 0 ? 0 : -1;
}

static json_t *province_cities(pages *p, const region_row *r)
{
    json_t *all = view_regions_list(p), *cities = json_array();
    size_t i;
    json_t *prov;
    json_array_foreach(all, i, prov) {
        const char *name = json_string_value(json_object_get(prov, "name"));
        if (name && strcmp(name, r->name) == 0) json_array_extend(cities, json_object_get(prov, "cities"));
    }
    json_decref(all);
    return cities;
}

static int region_page(pages *p, const region_row *r)
{
    json_t *years = json_array();
    json_t *v = json_object();
    json_object_set_new(v, "region", json_pack("{s:o, s:b, s:s}", "name", view_str(r->name),
                                               "is_city", r->is_city, "slug", r->slug));
    if (r->is_city)
        json_object_set_new(v, "parent", view_region_links(p, r->province, NULL));
    else
        json_object_set_new(v, "cities", province_cities(p, r));
    json_t *agencies = region_agencies(p, r);
    json_object_set_new(v, "agency_count", view_count((long)json_array_size(agencies)));
    json_object_set_new(v, "agencies", agencies);
    int rc = region_years(p, r, years);
    json_object_set_new(v, "has_years", json_boolean(json_array_size(years) > 0));
    json_object_set_new(v, "years", years);
    if (rc != 0) {
        json_decref(v);
        return rc;
    }
    buf path = BUF_INIT;
    buf_printf(&path, "regions/%s/", r->slug);
    rc = view_render(p, "region", v, path.data);
    buf_free(&path);
    return rc;
}

int view_region_pages(pages *p)
{
    db_query *q = db_query_new(p->db,
        "SELECT r.id, r.level = 'city', r.name, r.slug, coalesce(up.name, r.name) "
        "FROM regions r LEFT JOIN regions up ON up.id = r.parent_id ORDER BY r.slug");
    if (!q) return -1;
    int rc = 0;
    while (rc == 0 && db_row(q)) {
        region_row r = {
            .id = db_int(q, 0), .is_city = (int)db_int(q, 1) != 0,
            .name = db_text(q, 2),
            .slug = db_text(q, 3),
            .province = db_text(q, 4),
        };
        if (!slug_valid(r.slug) || !view_text_ok(r.name)) {
            diag_warning(p->diag, db_path(p->db), 0,
                         "region %lld has no usable slug or name; no page", (long long)r.id);
            continue;
        }
        rc = region_page(p, &r);
    }
    return db_query_end(q) == 0 && rc == 0 ? 0 : -1;
}
