/*
 * view.h: the portal's pages, each built as a jansson view from SQL
 * queries and handed to its one Mustache template.
 *
 * One file per page type: view_home.c, view_agencies.c (the index and
 * each agency), view_report.c, view_year.c, view_region.c, view_entry.c
 * (the compare and search entry pages); view_assets.c copies the static
 * files; view_common.c holds what they share: queries, cells as view
 * values, key figures and their totals, and rendering with the progress
 * line.  chart.c computes the geometry of the agency charts.
 *
 * Views hold data only: names, numbers as display strings, URLs, flags.
 * Every word a reader sees is in the templates; the row and column labels
 * of the statistical tables are data and come from record.c.
 */
#ifndef VIEW_H
#define VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>
#include <sqlite3.h>

#include "record/record.h"
#include "out/site.h"

typedef struct pages {
    site *site;
    int total;          /* pages this build will write, for the progress line */
    bool progress;      /* draw "\r[ n/total] pages" on stderr */
} pages;

/* The page writers, in the order cmd_build.c calls them.  0 on success;
 * on failure the diag has said why and the build stops. */
int view_assets(pages *p);          /* templates/static/ -> static/NAME.HASH.EXT, site->assets */
int view_home(pages *p);            /* / */
int view_agencies(pages *p);        /* /agencies/ */
int view_agency_pages(pages *p);    /* /agencies/<slug>/ */
int view_report_pages(pages *p);    /* /agencies/<slug>/<year>/ and original.<ext> */
int view_year_pages(pages *p);      /* /years/<year>/ */
int view_region_pages(pages *p);    /* /regions/<slug>/ */
int view_compare(pages *p);         /* /compare/ */
int view_search(pages *p);          /* /search/ */

/* How many pages the writers above will render. */
int view_count_pages(pages *p);

/* ---- shared by the page writers (view_common.c) ---- */

/* Adds the assets and the page's own URL ("page_url") to VIEW, renders TEMPLATE into PATH,
 * advances the progress line; takes VIEW's reference.  0 on success. */
int view_render(pages *p, const char *template_name, json_t *view, const char *path);

/* True when SIGINT, SIGTERM or SIGHUP arrived: cmd_build.c blocks them
 * for the build, so a stop request waits here as a pending signal and the
 * build ends cleanly (temporary output removed) before it takes effect. */
bool view_interrupted(void);

/* A prepared statement, or NULL after a message naming the database. */
sqlite3_stmt *view_query(pages *p, const char *sql);
/* Steps STMT; SQLITE_ROW, SQLITE_DONE, or an error after a message. */
int view_step(pages *p, sqlite3_stmt *stmt);

/* A text column as a JSON string (null when NULL or not UTF-8). */
json_t *view_text(sqlite3_stmt *stmt, int col);

/* S as a JSON string; null when S is NULL or not valid UTF-8. */
json_t *view_str(const char *s);
bool view_utf8_ok(const char *s);

/* A cell for display: {"known": true, "value": "160"} or {"known": false}. */
json_t *view_cell(cell c);
/* A number as the pages show it: whole numbers without decimals. */
void view_number(double v, char out[32]);

/* True when S is a slug that may become part of a URL: [a-z0-9-]+. */
bool view_slug_ok(const char *s);

/* URLs of the site's pages (site-relative, starting with "/"). */
char *view_url_agency(const char *slug);                 /* malloc'd */
char *view_url_report(const char *slug, int year);       /* malloc'd */

/* The key figures shown in year tables, region totals and agency charts:
 * one value per report, named by a key the templates use. */
enum key_figure { KF_NEW, KF_PROCESSED, KF_LICENSING, KF_PENALTY, KF_COERCION,
                  KF_FEES, KF_REVIEW, KEY_FIGURES };
extern const char *const key_figure_names[KEY_FIGURES];

/* Reads the key figures of a report; each is CELL_UNKNOWN when missing. */
int view_key_figures(pages *p, int64_t report_id, cell out[KEY_FIGURES]);

/* A sum over cells that says when some were unknown. */
typedef struct total {
    double sum;
    int known, unknown;
} total;
void total_add(total *t, cell c);
/* {"known": bool, "value": "…", "partial": bool, "unknown": n} */
json_t *total_to_json(const total *t);

/* {"new": cell, "licensing": cell, ...} from an array of key figures. */
json_t *view_figures_json(const cell figures[KEY_FIGURES]);
json_t *view_totals_json(const total totals[KEY_FIGURES]);

/* {"province": {"name", "url"}, "city": {"name", "url"}} for an agency's
 * place; a part is absent when unknown, its url absent when it has no page. */
json_t *view_region_links(pages *p, const char *province, const char *city);

/* [{"year", "url"}] of an agency's reports, oldest first. */
json_t *view_agency_reports(pages *p, int64_t agency_id, const char *slug);
/* [{"year", "url", "count"}] of every year with reports, newest first. */
json_t *view_years_list(pages *p);
/* [{"name", "url", "count", "cities": [{"name", "url", "count"}]}]: every
 * province with its cities; count is the number of agencies. */
json_t *view_regions_list(pages *p);

/* A report's cells, sections and findings as a record, from the database. */
record *view_load_record(pages *p, int64_t report_id);

#endif
