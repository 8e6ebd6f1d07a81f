/*
 * home.c: the home page.  What the portal holds (counts of agencies,
 * years, reports, problems found in the data and, apart from them, notes
 * about the registry), the latest reports, and the entry points:
 * years, provinces and cities.  The links to agencies, comparisons,
 * search and data are fixed and live in the template.
 */
#include "view/page.h"

#include <stdlib.h>

enum { LATEST = 10 };

static json_t *counts(pages *p)
{
    db_query *q = db_query_new(p->db,
        "SELECT (SELECT count(*) FROM agencies), (SELECT count(DISTINCT year) FROM report_pages), "
        "(SELECT count(*) FROM report_pages), "
        "(SELECT count(*) FROM data_findings f JOIN report_pages r ON r.id = f.report_id), "
        "(SELECT count(*) FROM findings f JOIN report_pages r ON r.id = f.report_id"
        "  WHERE f.code IN (SELECT code FROM registry_notes)), "
        "(SELECT count(DISTINCT f.report_id) FROM data_findings f JOIN report_pages r ON r.id = f.report_id)");
    json_t *o = json_object();
    if (q && db_row(q)) {
        static const char *const keys[] = { "agencies", "years", "reports", "findings", "notes",
                                             "reports_with_findings" };
        for (int i = 0; i < 6; i++) {
            char shown[32];
            view_number((double)db_int(q, i), shown);
            json_object_set_new(o, keys[i], json_string(shown));
        }
    }
    db_query_end(q);
    return o;
}

/* The newest reports: latest year first, then most recently ingested. */
static json_t *latest(pages *p)
{
    json_t *a = json_array();
    db_query *q = db_query_new(p->db,
        "SELECT a.name, a.slug, r.year, (SELECT count(*) FROM findings f WHERE f.report_id = r.id) "
        "FROM report_pages r JOIN agencies a ON a.id = r.agency_id "
        "ORDER BY r.year DESC, r.ingested_at DESC, a.name COLLATE zh LIMIT ?");
    if (!q) return a;
    db_bind_int(q, 1, LATEST);
    while (db_row(q)) {
        const char *slug = db_text(q, 1);
        if (!slug_valid(slug)) continue;
        char *url = view_url_report(slug, (int)db_int(q, 2));
        int findings = (int)db_int(q, 3);
        json_array_append_new(a, json_pack("{s:o, s:s, s:i, s:i, s:b}", "agency", view_text(q, 0),
            "url", url, "year", (int)db_int(q, 2), "findings_count", findings,
            "has_findings", findings > 0));
        free(url);
    }
    db_query_end(q);
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
