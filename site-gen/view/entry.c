/*
 * view_entry.c: the entry pages that point into the rest of the site.
 * /compare/ lists the comparison views that exist (the year tables and
 * the region totals); /search/ is, for now, a plain list of every agency
 * and its reports, so it works without any script.
 */
#include "view/view.h"

#include <stdlib.h>

int view_compare(pages *p)
{
    json_t *v = json_pack("{s:o, s:o}", "years", view_years_list(p), "regions", view_regions_list(p));
    return view_render(p, "compare", v, "compare/");
}

int view_search(pages *p)
{
    json_t *agencies = json_array();
    sqlite3_stmt *q = view_query(p,
        "SELECT a.id, a.name, a.slug, a.province, a.city FROM agencies a ORDER BY a.name");
    if (!q) return -1;
    int step;
    while ((step = view_step(p, q)) == SQLITE_ROW) {
        const char *slug = (const char *)sqlite3_column_text(q, 2);
        if (!view_slug_ok(slug)) continue;
        char *url = view_url_agency(slug);
        json_array_append_new(agencies, json_pack("{s:o, s:s, s:o, s:o, s:o}",
            "name", view_text(q, 1), "url", url, "province", view_text(q, 3), "city", view_text(q, 4),
            "reports", view_agency_reports(p, sqlite3_column_int64(q, 0), slug)));
        free(url);
    }
    sqlite3_finalize(q);
    if (step != SQLITE_DONE) {
        json_decref(agencies);
        return -1;
    }
    json_t *v = json_pack("{s:o, s:i}", "agencies", agencies, "count", (int)json_array_size(agencies));
    return view_render(p, "search", v, "search/");
}
