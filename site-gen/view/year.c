/*
 * year.c: one page per year (/years/<year>/): every agency's key
 * figures that year in one table, with a total per column.  A total over
 * cells some of which are unknown is marked partial with the number of
 * unknown cells, so no unknown value is silently added as 0.
 */
#include "view/page.h"

#include <stdio.h>
#include <stdlib.h>

static int year_page(pages *p, int year)
{
    db_query *q = db_query_new(p->db,
        "SELECT r.id, a.name, a.slug, a.province, a.city FROM report_pages r "
        "JOIN agencies a ON a.id = r.agency_id WHERE r.year = ? "
        "ORDER BY a.province IS NULL, a.province COLLATE zh, a.city COLLATE zh, a.name COLLATE zh");
    if (!q) return -1;
    db_bind_int(q, 1, year);
    json_t *rows = json_array();
    total totals[KEY_FIGURES] = {0};
    int rc = 0;
    while (rc == 0 && db_row(q)) {
        const char *slug = db_text(q, 2);
        if (!slug_valid(slug)) continue;
        cell f[KEY_FIGURES];
        rc = view_key_figures(p, db_int(q, 0), f);
        for (int k = 0; k < KEY_FIGURES; k++) total_add(&totals[k], f[k]);
        char *agency_url = view_url_agency(slug), *url = view_url_report(slug, year);
        json_array_append_new(rows, json_pack("{s:o, s:s, s:s, s:o, s:o, s:o}",
            "agency", view_text(q, 1), "agency_url", agency_url, "url", url,
            "province", view_text(q, 3), "city", view_text(q, 4), "figures", view_figures_json(f)));
        free(agency_url);
        free(url);
    }
    db_query_end(q);
    json_t *v = json_pack("{s:i, s:i, s:o, s:o}", "year", year, "count", (int)json_array_size(rows),
                          "rows", rows, "totals", view_totals_json(totals));
    if (rc != 0) {
        json_decref(v);
        return rc;
    }
    char path[48];
    snprintf(path, sizeof path, "years/%d/", year);
    return view_render(p, "year", v, path);
}

int view_year_pages(pages *p)
{
    db_query *q = db_query_new(p->db, "SELECT DISTINCT year FROM report_pages ORDER BY year");
    if (!q) return -1;
    int rc = 0;
    while (rc == 0 && db_row(q)) rc = year_page(p, (int)db_int(q, 0));
    return db_query_end(q) == 0 && rc == 0 ? 0 : -1;
}
