/*
 * view_year.c: one page per year (/years/<year>/): every agency's key
 * figures that year in one table, with a total per column.  A total over
 * cells some of which are unknown is marked partial with the number of
 * unknown cells, so no unknown value is silently added as 0.
 */
#include "view/view.h"

#include <stdio.h>
#include <stdlib.h>

static int year_page(pages *p, int year)
{
    sqlite3_stmt *q = view_query(p,
        "SELECT r.id, a.name, a.slug, a.province, a.city FROM report_pages r "
        "JOIN agencies a ON a.id = r.agency_id WHERE r.year = ? "
        "ORDER BY a.province IS NULL, a.province, a.city, a.name");
    if (!q) return -1;
    sqlite3_bind_int(q, 1, year);
    json_t *rows = json_array();
    total totals[KEY_FIGURES] = {0};
    int rc = 0;
    while (rc == 0 && view_step(p, q) == SQLITE_ROW) {
        const char *slug = (const char *)sqlite3_column_text(q, 2);
        if (!view_slug_ok(slug)) continue;
        cell f[KEY_FIGURES];
        rc = view_key_figures(p, sqlite3_column_int64(q, 0), f);
        for (int k = 0; k < KEY_FIGURES; k++) total_add(&totals[k], f[k]);
        char *agency_url = view_url_agency(slug), *url = view_url_report(slug, year);
        json_array_append_new(rows, json_pack("{s:o, s:s, s:s, s:o, s:o, s:o}",
            "agency", view_text(q, 1), "agency_url", agency_url, "url", url,
            "province", view_text(q, 3), "city", view_text(q, 4), "figures", view_figures_json(f)));
        free(agency_url);
        free(url);
    }
    sqlite3_finalize(q);
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
    sqlite3_stmt *q = view_query(p, "SELECT DISTINCT year FROM report_pages ORDER BY year");
    if (!q) return -1;
    int rc = 0, step;
    while (rc == 0 && (step = view_step(p, q)) == SQLITE_ROW) rc = year_page(p, sqlite3_column_int(q, 0));
    sqlite3_finalize(q);
    return rc == 0 && step == SQLITE_DONE ? 0 : -1;
}
