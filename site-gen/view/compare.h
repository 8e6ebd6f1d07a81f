/*
 * compare.h: what the comparison pages share inside the view stage:
 * compare.c (loading, the rankings, metrics.json), compare_regions.c
 * (regions side by side, over the years, the page of each metric),
 * changes.c (notable changes) and quality.c (the data-quality ranking).
 *
 * The values come from the schema's views (metric_changes: every shown
 * report's value of every metric beside the agency's previous report),
 * read once per build in metric and year order.  Agencies, regions and
 * metrics are loaded into arrays first, so a ranking is sorted and cut
 * by region in memory: one query for all the pages.
 */
#ifndef COMPARE_H
#define COMPARE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/buf.h"
#include "view/page.h"

typedef enum cmp_status { ST_KNOWN, ST_UNKNOWN, ST_NONE } cmp_status;

typedef struct cmp_agency {
    int64_t id;
    const char *name, *slug, *province, *city, *county, *kind, *kind_name;
    int region[2];              /* indices of its province and its city, -1 when none */
    int order;                  /* its place in the pinyin order of names */
} cmp_agency;

typedef struct cmp_region {
    int64_t id;
    const char *name, *slug;
    bool is_city;
    int parent;                 /* a city's province, -1 */
    int order;                  /* pinyin order among all regions */
    int agencies;               /* agencies placed in it */
} cmp_region;

typedef struct cmp_metric {
    const char *slug, *name, *short_name, *unit, *kind, *grp, *definition;
    int ord;
    bool share;                 /* a fraction, shown in per cent; changes in points */
} cmp_metric;

/* One agency's value of one metric in one year. */
typedef struct cmp_row {
    int agency;                 /* index into compare.agencies */
    int64_t report_id;
    int year, prev_year;        /* prev_year 0: no earlier report */
    double value, prev_value, change, num, den;
    cmp_status status, prev_status;
    bool findings;              /* its report has findings about its data */
    json_t *shown;              /* as the pages show it; shared by every page listing it */
    char *csv;                  /* its CSV fields after the rank, shared likewise */
} cmp_row;

typedef struct compare {
    pages *p;
    arena *mem;
    cmp_agency *agencies;       /* sorted by id */
    int nagencies;
    cmp_region *regions;        /* sorted by id */
    int nregions;
    cmp_metric *metrics;        /* in catalogue order */
    int nmetrics;
    int *years;                 /* every year with reports, oldest first */
    int nyears;
    int64_t max_report;
    unsigned char *report_findings;     /* per report id: has data findings */
} compare;

/* Loads agencies, regions, metrics and years; -1 after a message. */
int compare_load(compare *c, pages *p);
void compare_free(compare *c);

int cmp_agency_index(const compare *c, int64_t id);
int cmp_region_index(const compare *c, int64_t id);
int cmp_year_index(const compare *c, int year);

/* Values as the pages show them: counts with grouped digits, shares in
 * per cent with one decimal, changes signed (shares: in points). */
void cmp_format(const cmp_metric *m, double v, char out[32]);
void cmp_format_change(const cmp_metric *m, double change, char out[32]);
/* The value as the CSV writes it: a share in per cent. */
double cmp_csv_value(const cmp_metric *m, double v);

/* {"slug", "name", "short_name", "unit", "definition", "is_share", "url"} */
json_t *cmp_metric_json(const compare *c, int metric);
/* {"name", "url", "slug", "is_city", "parent": {...}} of a region's comparison page for a
 * metric and year (year 0: its region page). */
json_t *cmp_region_json(const compare *c, int region);
/* {"parts": [{"name"}]}: an agency's province and city; null when unknown. */
json_t *cmp_place_json(const compare *c, const cmp_agency *a);

/* Paths without the leading "/": compare/<metric>/, compare/<metric>/<year>/,
 * compare/<metric>/<year>/<region slug>/ (region -1: the country). */
void cmp_path(const compare *c, int metric, int year, int region, buf *out);

/* Writes a CSV file (BOM first) at PATH; 0 or -1. */
int cmp_write_csv(const compare *c, const char *path, const buf *text);

/* The CSV header for COLUMNS, each "key（中文）", with the BOM. */
typedef struct cmp_column {
    const char *key, *label;
} cmp_column;
void cmp_csv_header(buf *out, const cmp_column *columns, int n);

/* The rankings: every page under compare/<metric>/ (compare.c calls the
 * region and metric writers of compare_regions.c as it goes). */
typedef struct region_stats {
    int reporting, known, findings;
    double sum, num, den;       /* sum of values; of numerators and denominators (shares) */
    double *values;             /* known values, for the median */
} region_stats;

/* compare_regions.c: per metric, the regions' figures of each year,
 * kept while the years go by. */
typedef struct metric_trend {
    int metric;
    region_stats *by;           /* [region * nyears + year]; region nregions is the country */
} metric_trend;

metric_trend *trend_new(const compare *c, int metric);
void trend_free(const compare *c, metric_trend *t);
/* Adds one year's rows (all of them, in any order) to T. */
void trend_add(const compare *c, metric_trend *t, int year, const cmp_row *rows, int n);
/* The value of a region's figures: the sum, or for a share the pooled share. */
bool stats_value(const cmp_metric *m, const region_stats *s, double *out);
double stats_median(region_stats *s);
/* compare/<metric>/regions/<year>/ with its CSV; compare/<metric>/regions/;
 * compare/<metric>/.  0 or -1. */
int regions_year_page(compare *c, metric_trend *t, int year);
int regions_trend_page(compare *c, metric_trend *t);
int metric_page(compare *c, metric_trend *t, json_t *changes);

/* changes.c: the year-over-year changes of one metric, gathered while the
 * rankings are written, then written out. */
typedef struct change_list {
    cmp_row *rows;
    int n, cap;
} change_list;
void changes_add(change_list *l, const cmp_row *r);
/* {"jumps": [...], "drops": [...], "to_zero": [...]} of metric M: the
 * largest rises and falls; LIMIT each. */
json_t *changes_json(compare *c, int metric, change_list *l, int limit);
/* compare/changes/ (and data.csv) from every metric's lists. */
int changes_page(compare *c, change_list *lists);

/* quality.c: compare/quality/ and its data.csv. */
int quality_page(compare *c);

#endif
