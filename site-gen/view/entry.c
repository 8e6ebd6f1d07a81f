/*
 * entry.c: the entry pages that point into the rest of the site.
 * /compare/ lists the comparison views that exist (the year tables and
 * the region totals); /search/ holds the search form that
 * templates/static/search.js runs on (the index is out/search_*.c's)
 * and, for when the script does not run, links to the indexes.  It
 * lists no agencies itself: at ten thousand reports such a list weighs
 * megabytes, and every page the search draws would restyle it.
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
    db_query *q = db_query_new(p->db, "SELECT count(*) FROM agencies");
    if (!q) return -1;
    long n = db_row(q) ? (long)db_int(q, 0) : 0;
    if (db_query_end(q) != 0) return -1;
    json_t *v = json_pack("{s:o, s:b}", "count", view_count(n), "search_page", true);
    return view_render(p, "search", v, "search/");
}
