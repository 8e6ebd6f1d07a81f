/*
 * outputs_page.c: rendering the pages of outputs.h (the data page, the
 * Markdown pages, the 404 page) with the same view the portal's own pages
 * get from view_render(): the asset URLs (`assets`, which view_assets()
 * put in the site before any page) and the page's path (`path`), so the
 * shared layout finds its style sheet on every page.
 */
#include "out/out.h"

int outputs_page(site *s, const char *name, json_t *view, const char *path, bool listed)
{
    if (s->assets) json_object_set(view, "assets", s->assets);
    json_object_set_new(view, "path", json_string(path));
    return site_page(s, name, view, path, listed);
}
