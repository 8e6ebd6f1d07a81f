/*
 * view_assets.c: the static files of templates/static/ (style sheets,
 * icons), copied to /static/ with a content fingerprint in the name:
 * style.css becomes static/style.3f2a9c1b.css.  A changed file gets a new
 * URL, so the files can be cached for ever.  Pages find the URLs in their
 * view as assets.NAME_EXT ("style_css"), never by guessing the name.
 */
#include "view/view.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"

/* FNV-1a, 32 bit: a short fingerprint, stable across machines. */
static unsigned fingerprint(const char *p, size_t n)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}

/* Only plain names become URLs: letters, digits, '-', '_' and one '.'. */
static bool asset_name_ok(const char *name)
{
    const char *dot = strchr(name, '.');
    if (!dot || dot == name || strchr(dot + 1, '.') || !dot[1]) return false;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '-' || *c == '_' || *c == '.'))
            return false;
    return true;
}

static int copy_asset(pages *p, const char *dir, const char *name)
{
    buf src = {0}, bytes = {0}, url = {0};
    buf_printf(&src, "%s/%s", dir, name);
    int rc = buf_read_file(&bytes, src.data);
    if (rc != 0) {
        diag_error(p->site->diag, src.data, 0, "cannot read: %s", strerror(errno));
    } else {
        const char *dot = strchr(name, '.');
        buf_printf(&url, "/static/%.*s.%08x%s", (int)(dot - name), name,
                   fingerprint(bytes.data ? bytes.data : "", bytes.len), dot);
        rc = site_file(p->site, url.data + 1, bytes.data ? bytes.data : "", bytes.len);
        char *key = strdup(name);
        for (char *c = key; *c; c++)
            if (*c == '.' || *c == '-') *c = '_';
        json_object_set_new(p->site->assets, key, json_string(url.data));
        free(key);
    }
    buf_free(&src);
    buf_free(&bytes);
    buf_free(&url);
    return rc;
}

int view_assets(pages *p)
{
    if (!p->site->assets) p->site->assets = json_object();
    buf dir = {0};
    buf_printf(&dir, "%s/static", p->site->templates_dir);
    DIR *d = opendir(dir.data);
    int rc = 0;
    if (!d) {
        diag_error(p->site->diag, dir.data, 0, "cannot open: %s", strerror(errno));
        rc = -1;
    }
    struct dirent *e;
    while (rc == 0 && d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        buf path = {0};
        buf_printf(&path, "%s/%s", dir.data, e->d_name);
        struct stat st;
        bool regular = stat(path.data, &st) == 0 && S_ISREG(st.st_mode);
        buf_free(&path);
        if (!regular) continue;
        if (!asset_name_ok(e->d_name)) {
            diag_warning(p->site->diag, dir.data, 0, "'%s' skipped: not a plain NAME.EXT", e->d_name);
            continue;
        }
        rc = copy_asset(p, dir.data, e->d_name);
    }
    if (d) closedir(d);
    buf_free(&dir);
    return rc;
}
