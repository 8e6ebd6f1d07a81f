/*
 * outputs_page.c: rendering the pages of outputs.h (the data page, the
 * Markdown pages, the 404 page) with the same view the portal's own pages
 * get from view_render(): the asset URLs (`assets`) and the page's path
 * (`path`), so the shared layout finds its style sheet on every page.
 *
 * The asset URLs are fingerprinted names that only view_assets() knows;
 * rather than guess them, it is run again into a scratch `pages`, which
 * writes the same bytes under the same names and fills in the URLs.
 */
#include "outputs.h"

#include "view.h"

int outputs_page(site *s, const char *name, json_t *view, const char *path, bool listed)
{
    pages scratch = { .site = s };
    int rc = view_assets(&scratch);
    if (rc == 0) {
        json_object_set(view, "assets", scratch.assets);
        json_object_set_new(view, "path", json_string(path));
        rc = site_page(s, name, view, path, listed);
    }
    json_decref(scratch.assets);
    return rc;
}
