/*
 * out.h: the out stage, the site written to disk.
 *
 * site_build() renders every page that the view stage describes through
 * the Mustache templates, writes the static assets, downloads, Markdown
 * pages and feeds, and publishes the result in one step: everything goes
 * into a fresh temporary folder beside OUT, which replaces OUT only when
 * all of it was written.  A failed or interrupted build leaves OUT as it
 * was.
 */
#ifndef OUT_H
#define OUT_H

#include <stdbool.h>

#include "base/buf.h"
#include "base/diag.h"

typedef struct build_options {
    const char *db;             /* written by 'site-gen ingest' */
    const char *templates;      /* Mustache templates and static/ */
    const char *content;        /* site.yaml and pages/ */
    const char *out;            /* the published folder */
    bool quiet;                 /* no progress line, no summary */
    bool timings;               /* say on stderr how long each part of the build took */
    bool force;                 /* build even when OUT was made from the same inputs */
    int jobs;                   /* pages written by this many threads; 0: one per core */
} build_options;

/* 0 when the site was built and published; -1 after messages through D,
 * OUT then being left as it was. */
int site_build(const build_options *o, diag *d);

/* The file that a host serves for PATH (relative to the site's root, no
 * leading slash), as netlify.toml says: in the large-text folder,
 * "large/static/X" is "static/large/X" (assets.c writes it there) and
 * "large/X" is "X" ("large/large/X", a folder deeper, is "large/X").
 * Into OUT, emptied first; returns OUT's data.  For `site-gen serve` and
 * the link checker, so that both follow the same rules. */
const char *out_served_path(buf *out, const char *path);

#endif
