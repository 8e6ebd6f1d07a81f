/*
 * view_home.c: the home page.  What the portal holds (counts of agencies,
 * years, reports and findings), the latest reports, and the entry points:
 * years, provinces and cities.  The links to agencies, comparisons,
 * search and data are fixed and live in the template.
 */
#include "view/view.h"

#include <stdlib.h>

enum { LATEST = 10 };

static json_t *counts(pages *p)
{
    sqlite3_stmt *q = view_query(p,
        "SELECT (SELECT count(*) FROM agencies), (SELECT count(DISTINCT year) FROM report_pages), "
        "(SELECT count(*) FROM report_pages), "
        "(SELECT count(*) FROM findings f JOIN report_pages r ON r.id = f.report_id)");
    json_t *o = json_object();
    if (q && view_step(p, q) == SQLITE_ROW) {
        static const char *const keys[] = { "agencies", "years", "reports", "findings" };
        for (int i = 0; i < 4; i++) json_object_set_new(o, keys[i], json_integer(sqlite3_column_int(q, i)));
    }
    sqlite3_finalize(q);
    return o;
}

/* The newest reports: latest year first, then most recently ingested. */
static json_t *latest(pages *p)
{
    json_t *a = json_array();
    sqlite3_stmt *q = view_query(p,
        "SELECT a.name, a.slug, r.year, (SELECT count(*) FROM findings f WHERE f.report_id = r.id) "
        "FROM report_pages r JOIN agencies a ON a.id = r.agency_id "
        "ORDER BY r.year DESC, r.ingested_at DESC, a.name LIMIT ?");
    if (!q) return a;
    sqlite3_bind_int(q, 1, LATEST);
    while (view_step(p, q) == SQLITE_ROW) {
        const char *slug = (const char *)sqlite3_column_text(q, 1);
        if (!view_slug_ok(slug)) continue;
        char *url = view_url_report(slug, sqlite3_column_int(q, 2));
        int findings = sqlite3_column_int(q, 3);
        json_array_append_new(a, json_pack("{s:o, s:s, s:i, s:i, s:b}", "agency", view_text(q, 0),
            "url", url, "year", sqlite3_column_int(q, 2), "findings_count", findings,
            "has_findings", findings > 0));
        free(url);
    }
    sqlite3_finalize(q);
    return a;
}

int view_home(pages *p)
{
    json_t *v = json_object();
    json_object_set_new(v, "counts", counts(p));
    json_object_set_new(v, "latest", latest(p));
    json_object_set_new(v, "years", view_years_list(p));
    json_object_set_new(v, "regions", view_regions_list(p));
    json_object_set_new(v, "is_home", json_true());
    return view_render(p, "home", v, "");
}
