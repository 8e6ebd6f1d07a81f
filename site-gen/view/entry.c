/*
 * entry.c: the entry pages that point into the rest of the site.
 * /compare/ lists the comparison views that exist (the year tables and
 * the region totals); /search/ holds the search form that
 * templates/static/search.js runs on (the index is out/search_*.c's),
 * and a plain list of every agency and its reports, which is what the
 * page offers when the script does not run.
 */
#include "view/page.h"

#include <stdlib.h>

int view_compare(pages *p)
{
    json_t *v = json_pack("{s:o, s:o, s:o}", "years", view_years_list(p), "regions", view_regions_list(p),
                          "groups", view_metric_groups(p));
    return view_render(p, "compare", v, "compare/");
}

int view_search(pages *p)
{
    json_t *agencies = json_array();
    db_query *q = db_query_new(p->db,
        "SELECT a.id, a.name, a.slug, a.province, a.city FROM agencies a ORDER BY a.name COLLATE zh");
    if (!q) return -1;
    while (db_row(q)) {
        const char *slug = db_text(q, 2);
        if (!slug_valid(slug)) continue;
        char *url = view_url_agency(slug);
        json_array_append_new(agencies, json_pack("{s:o, s:s, s:o, s:o, s:o}",
            "name", view_text(q, 1), "url", url, "province", view_text(q, 3), "city", view_text(q, 4),
            "reports", view_agency_reports(p, db_int(q, 0), slug)));
        free(url);
    }
    if (db_query_end(q) != 0) {
        json_decref(agencies);
        return -1;
    }
    json_t *v = json_pack("{s:o, s:o, s:b}", "agencies", agencies,
                          "count", view_count((long)json_array_size(agencies)), "search_page", true);
    return view_render(p, "search", v, "search/");
}
