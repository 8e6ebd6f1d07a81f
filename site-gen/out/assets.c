/*
 * assets.c: the static files of templates/static/ (style sheets, icons),
 * copied to /static/ with a content fingerprint in the name: style.css
 * becomes static/style.3f2a9c1b.css.  A changed file gets a new URL, so
 * the files can be cached for ever.  Pages find the URLs in their view as
 * assets.NAME_EXT ("style_css"), never by guessing the name.
 */
#include "out/site.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/fs.h"
#include "base/hash.h"

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

static int copy_asset(site *s, const char *path, const char *name)
{
    buf bytes = BUF_INIT, url = BUF_INIT;
    int rc = -1;
    if (fs_read_or_say(&bytes, path, FS_MAX_FILE, s->diag)) {
        const char *dot = strchr(name, '.');
        char print[9];
        fingerprint(bytes.data, bytes.len, print);
        buf_printf(&url, "/static/%.*s.%s%s", (int)(dot - name), name, print, dot);
        rc = site_file(s, url.data + 1, bytes.data, bytes.len);
        char *key = strdup(name);
        if (!key) abort();
        for (char *c = key; *c; c++)
            if (*c == '.' || *c == '-') *c = '_';
        json_object_set_new(s->assets, key, json_string(url.data));
        free(key);
    }
    buf_free(&bytes);
    buf_free(&url);
    return rc;
}

int assets_write(site *s)
{
    if (!s->assets) s->assets = json_object();
    arena *a = arena_new();
    char *dir = fs_join(a, s->templates_dir, "static");
    char **names = fs_list(a, dir, NULL);
    int rc = 0;
    if (!names) {
        diag_error(s->diag, dir, 0, "cannot open: %s", strerror(errno));
        rc = -1;
    }
    for (char **name = names; rc == 0 && name && *name; name++) {
        char *path = fs_join(a, dir, *name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (!asset_name_ok(*name)) {
            diag_warning(s->diag, dir, 0, "'%s' skipped: not a plain NAME.EXT", *name);
            continue;
        }
        rc = copy_asset(s, path, *name);
    }
    arena_free(a);
    return rc;
}
