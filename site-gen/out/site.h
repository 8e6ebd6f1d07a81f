/*
 * site.h: what every part of a build shares, and the two ways a build
 * writes output: a page rendered through a template, or a file of bytes.
 *
 * A build writes into `out_dir`, a temporary directory that cmd_build.c
 * swaps in for public/ only when everything succeeded.  Paths given to
 * site_page() and site_file() are relative to the site root and may not
 * contain "..": they come from slugs and years, never from report text.
 */
#ifndef SITE_H
#define SITE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>
#include <sqlite3.h>

#include "base/diag.h"
#include "template/mustache.h"

typedef struct site {
    sqlite3 *db;                /* read-only */
    const char *db_path;
    const char *templates_dir;
    const char *content_dir;    /* site.yaml and pages/ */
    const char *out_dir;        /* the temporary output directory */
    json_t *config;             /* site.yaml as loaded by config_load(): handed to
                                   every template as "site" */
    mustache_loader *templates;
    diag *diag;
    json_t *urls;               /* array of site-relative URLs written, for the sitemap */
    json_t *assets;             /* fingerprinted static files, {"style_css": "/static/style.3f2a9c1b.css"},
                                   filled by view_assets() before any page is rendered */
    bool quiet;
    int pages_written;
} site;

/* Renders templates/NAME.mustache with `view` (which gets "site" added)
 * into out_dir/PATH, creating folders; a PATH ending in "/" gets
 * "index.html".  Records the URL for the sitemap when `listed`.
 * 0 on success; on failure says which template and line through the diag. */
int site_page(site *s, const char *name, json_t *view, const char *path, bool listed);

/* Writes bytes to out_dir/PATH, creating folders.  0 on success. */
int site_file(site *s, const char *path, const void *data, size_t len);

/* True when PATH is safe inside the output: relative, no "..", no "//". */
bool site_path_ok(const char *path);

#endif
