/*
 * site.h: what the files of the out stage share while a build runs: the
 * site being written, and the two ways it writes output, a page rendered
 * through a template or a file of bytes.
 *
 * A build writes into `out_dir`, a temporary folder that build.c swaps in
 * for the published one only when everything succeeded.  Paths given to
 * site_page() and site_file() are relative to the site root and may not
 * contain "..": they come from slugs and years, never from report text.
 */
#ifndef SITE_H
#define SITE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/diag.h"
#include "store/db.h"
#include "template/mustache.h"

typedef struct site {
    db *db;                     /* read-only */
    const char *templates_dir;
    const char *content_dir;    /* site.yaml and pages/ */
    const char *out_dir;        /* the temporary output folder */
    const char *published_dir;  /* the site it replaces, whose unchanged files
                                   are linked, not written; NULL when none */
    json_t *config;             /* site.yaml, handed to every template as "site", with
                                   "data_date" added by site_data_date() */
    mustache_loader *templates;
    diag *diag;
    json_t *urls;               /* listed pages, for the sitemap: [{"path", "lastmod"}],
                                   lastmod (YYYY-MM-DD) where the page's view gave one */
    json_t *assets;             /* fingerprinted static files, {"style_css": "/static/style.3f2a9c1b.css"},
                                   filled by assets_write() before any page is rendered */
    int pages_written;
    int files_written;          /* files written anew */
    int files_kept;             /* files linked from the published site */
    int pages_failed;           /* pages whose template could not be compiled or rendered */
    json_t *said;               /* those templates' messages, each said once: {message: true};
                                   shared by the threads of a build, under said_lock */
    pthread_mutex_t *said_lock; /* NULL when one thread writes */
    bool quiet;                 /* no summary lines (the search index's time and size) */
    int jobs;                   /* threads for the pages; 0: one per core */
} site;

/* Renders templates/NAME.mustache with VIEW (borrowed; it gets "site",
 * "assets" and, unless it has them, "page_url" ("/" PATH) and "root" (the
 * relative way up to the site's root: ".", "..", "../.."; every link of
 * a page starts with it) added) into
 * out_dir/PATH, creating folders; a PATH ending in "/" (or "") gets
 * "index.html".  Records the URL for the sitemap when
 * LISTED.  0 on success, -1 when the file cannot be written.  A template
 * that cannot be compiled or rendered does not stop the build: it is said
 * once, as "template:line:column: error: message (page /PATH)" for the
 * first page it fails, the page is counted in pages_failed and not
 * written, and 0 is returned, so that every broken template is said in
 * one run; the build then fails at its end (build.c). */
int site_page(site *s, const char *name, json_t *view, const char *path, bool listed);

/* Sets site.data_date (YYYY-MM-DD): the day the newest shown report was
 * added, which every page prints as the date of its data (and so does
 * every printout).  Not set when no report is shown.  0 on success. */
int site_data_date(site *s);

/* Writes bytes to out_dir/PATH, creating folders.  0 on success. */
int site_file(site *s, const char *path, const void *data, size_t len);

/* The writers besides the view stage's pages, in the order build.c calls
 * them; each 0 on success. */
int assets_write(site *s);      /* assets.c: templates/static/ -> static/NAME.HASH.EXT, s->assets */
int search_write(site *s);      /* search_docs.c: search/, the index; s->assets gets its URLs */
int downloads_write(site *s);   /* downloads.c: /data/site.db, /data/NAME.csv, JSON, the data page */
int mdpages_write(site *s);     /* mdpages.c: content/pages/NAME.md and the 404 page */
int feeds_write(site *s);       /* feeds.c: feed.xml, sitemap.xml, robots.txt (last: needs s->urls) */

/* Runs the view stage's page writers, downloads_write and mdpages_write
 * side by side, one thread per core (workers.c); TOTAL pages are
 * expected, for the progress line.  The pages they list are added to
 * s->urls in the writers' order.  0 when all succeeded. */
int site_write_parallel(site *s, int total, bool progress, bool timings);

/* The published site's record of what it was made from, at its root. */
#define INPUTS_FILE ".site-gen-inputs"
/* The hash of everything the build reads (inputs.c) into OUT, 16 hex
 * digits; 0, or -1 after a message. */
int site_inputs(site *s, char out[17]);

/* Calls FN with the slug, title and plain text of every usable page of
 * content/pages (mdpages.c), for the search index; 0, or -1 when FN
 * could not be given them. */
typedef void (*mdpage_fn)(void *ctx, const char *slug, const char *title, const char *text);
int mdpages_each(site *s, mdpage_fn fn, void *ctx);

#endif
