/*
 * outputs.h: the parts of a build that are not report/agency/year/region
 * pages: data downloads, feeds, Markdown pages.  cmd_build.c calls each
 * once, after the pages, with the same site.
 */
#ifndef OUTPUTS_H
#define OUTPUTS_H

#include "out/site.h"

int downloads_write(site *s);   /* downloads.c: /data/site.db, /data/NAME.csv, JSON, the data page */
int mdpages_write(site *s);     /* mdpages.c: content/pages/NAME.md and the 404 page */
int feeds_write(site *s);       /* feeds.c: feed.xml, sitemap.xml, robots.txt (last: needs s->urls) */

/* Renders templates/NAME.mustache like the portal's pages (view.h): VIEW
 * gets the asset URLs and the page's path, then goes through site_page().
 * outputs_page.c; 0 on success. */
int outputs_page(site *s, const char *name, json_t *view, const char *path, bool listed);

#endif
