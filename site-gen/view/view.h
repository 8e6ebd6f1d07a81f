/*
 * view.h: the view stage, the portal's pages as data.
 *
 * Each page is built as a jansson view from SQL queries (store/db.h) and
 * handed, with the name of its template, to a page sink that the out
 * stage provides: this stage decides what every page says, never how it
 * is rendered or where the bytes go.  Views hold data only: names,
 * numbers as display strings, URLs, flags.  The words of the pages are
 * in templates/, the sentences of findings in record/messages.h, the
 * labels of the table rows and columns in record.c.
 *
 * One file per page type: home.c, agencies.c (the index and each
 * agency), report.c, year.c, region.c, entry.c (the compare and search
 * entry pages), and the comparison pages: compare.c (rankings),
 * compare_regions.c (regions side by side and over the years), changes.c
 * and quality.c, sharing compare.h; common.c holds what they all share
 * (page.h), chart.c the geometry of the charts (chart.h).
 */
#ifndef VIEW_H
#define VIEW_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/diag.h"
#include "store/db.h"

/* Where the pages go: the out stage renders and writes them. */
typedef struct page_sink {
    /* Renders templates/TEMPLATE.mustache with VIEW (borrowed) into the
     * site at PATH, relative to its root; a PATH ending in "/" (or "")
     * is a folder whose index.html it writes.  0, or -1 after a message. */
    int (*page)(void *ctx, const char *template_name, json_t *view, const char *path);
    /* Writes LEN bytes to PATH.  0, or -1 after a message. */
    int (*file)(void *ctx, const char *path, const void *data, size_t len);
    void *ctx;
} page_sink;

typedef struct pages {
    db *db;                 /* read-only */
    diag *diag;
    page_sink sink;
    int total;              /* pages this build will write, for the progress line */
    int written;            /* pages this writer wrote */
    atomic_int *all_written;    /* pages every writer of the build wrote, when they run side
                                   by side (the progress line counts them); NULL: this one's */
    bool progress;          /* draw "\r[ n/total] pages" on stderr */
} pages;

/* The page writers, in the order a build calls them.  0 on success; on
 * failure the diag has said why and the build stops. */
int view_home(pages *p);            /* / */
int view_agencies(pages *p);        /* /agencies/ */
int view_agency_pages(pages *p);    /* /agencies/<slug>/ */
int view_report_pages(pages *p);    /* /agencies/<slug>/<year>/ and original.<ext> */
int view_year_pages(pages *p);      /* /years/<year>/ */
int view_region_pages(pages *p);    /* /regions/<slug>/ */
int view_compare(pages *p);         /* /compare/ */
int view_compare_pages(pages *p);   /* /compare/<metric>/..., changes/, quality/, metrics.json */
int view_search(pages *p);          /* /search/ */

/* How many pages the writers above will render. */
int view_count_pages(pages *p);

/* True when SIGINT, SIGTERM or SIGHUP arrived: the build blocks them, so
 * a stop request waits as a pending signal, checked between pages, and
 * the build ends cleanly (temporary output removed) before it takes
 * effect. */
bool view_interrupted(void);

#endif
