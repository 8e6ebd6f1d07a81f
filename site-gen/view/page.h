/*
 * page.h: what the page writers of the view stage share (common.c).
 *
 * Values leave the database through these helpers so that every page
 * treats them the same way: a NULL cell becomes {"known": false} (the
 * templates show it as unknown, never as 0), a sum over cells remembers
 * how many were unknown, and text that is not valid UTF-8 never reaches
 * a template.
 */
#ifndef PAGE_H
#define PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/text.h"
#include "record/record.h"
#include "store/db.h"
#include "view/view.h"

/* Hands VIEW (whose reference it takes) to the sink as the page at PATH,
 * adding its own URL ("page_url"), and advances the progress line. */
int view_render(pages *p, const char *template_name, json_t *view, const char *path);

/* A text column, or S, as a JSON string; null when NULL or not UTF-8. */
json_t *view_text(const db_query *q, int col);
json_t *view_str(const char *s);
/* True when S is text a page may show: not NULL, valid UTF-8. */
bool view_text_ok(const char *s);

/* A cell for display: {"known": true, "value": "1,160", "raw": "1160"}
 * (raw: for sorting) or {"known": false}. */
json_t *view_cell(cell c);
/* A count as pages print it, digits grouped (1,250). */
json_t *view_count(long n);
/* {"parts": [{"name"}]}: a province and city, as pages print an agency's
 * place under its name; null when both are unknown. */
json_t *view_place(const char *province, const char *city);
/* A number as the pages show it: whole numbers without decimals, digits
 * grouped by commas (12,873). */
void view_number(double v, char out[32]);

/* URLs of the site's pages (site-relative, starting with "/"), malloc'd. */
char *view_url_agency(const char *slug);
char *view_url_report(const char *slug, int year);

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

/* {"any", "list": [{"key", "name", "metrics": [{"slug", "name", "unit", "url"}]}]}:
 * the metrics of the comparison pages by group (compare.c); none when
 * there is no report. */
json_t *view_metric_groups(pages *p);
/* How many pages view_compare_pages() writes. */
int view_count_compare_pages(pages *p);

/* A report's cells, sections and findings as a record, from the database. */
record *view_load_record(pages *p, int64_t report_id);

#endif
