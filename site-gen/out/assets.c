/*
 * assets.c: the static files of templates/static/ (style sheets, icons),
 * copied to /static/ with a content fingerprint in the name: style.css
 * becomes static/style.3f2a9c1b.css.  A changed file gets a new URL, so
 * the files can be cached for ever.  Pages find the URLs in their view as
 * assets.NAME_EXT ("style_css"), never by guessing the name.
 *
 * Each file is written a second time, under the same name, to
 * static/large/: what a page in the large-text folder loads, since its
 * links are relative and the host serves /large/static/ from there
 * (netlify.toml).  There every style sheet has mode-large.css after it;
 * that file is not an asset of its own, and a style sheet's fingerprint
 * covers both, so neither copy changes under its name.
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

#define LARGE_CSS "mode-large.css"

/* Writes PATH as static/NAME.PRINT.EXT and static/large/NAME.PRINT.EXT,
 * a style sheet there with LARGE (mode-large.css) after it. */
static int copy_asset(site *s, const char *path, const char *name, const buf *large)
{
    buf bytes = BUF_INIT, url = BUF_INIT, both = BUF_INIT, in_large = BUF_INIT;
    int rc = -1;
    if (fs_read_or_say(&bytes, path, FS_MAX_FILE, s->diag)) {
        const char *dot = strchr(name, '.');
        bool css = strcmp(dot, ".css") == 0;
        buf_append(&both, bytes.data, bytes.len);
        if (css) buf_append(&both, large->data, large->len);
        char print[9];
        fingerprint(both.data, both.len, print);
        buf_printf(&url, "/static/%.*s.%s%s", (int)(dot - name), name, print, dot);
        rc = site_file(s, url.data + 1, bytes.data, bytes.len);
        buf_printf(&in_large, "static/large/%s", url.data + strlen("/static/"));
        if (rc == 0) rc = site_file(s, in_large.data, both.data, both.len);
        char *key = strdup(name);
        if (!key) abort();
        for (char *c = key; *c; c++)
            if (*c == '.' || *c == '-') *c = '_';
        json_object_set_new(s->assets, key, json_string(url.data));
        free(key);
    }
    buf_free(&bytes);
    buf_free(&url);
    buf_free(&both);
    buf_free(&in_large);
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
    buf large = BUF_INIT;
    char *large_path = fs_join(a, dir, LARGE_CSS);
    if (names && !fs_read_or_say(&large, large_path, FS_MAX_FILE, s->diag)) rc = -1;
    for (char **name = names; rc == 0 && name && *name; name++) {
        if (strcmp(*name, LARGE_CSS) == 0) continue;
        char *path = fs_join(a, dir, *name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (!asset_name_ok(*name)) {
            diag_warning(s->diag, dir, 0, "'%s' skipped: not a plain NAME.EXT", *name);
            continue;
        }
        rc = copy_asset(s, path, *name, &large);
    }
    buf_free(&large);
    arena_free(a);
    return rc;
}

const char *out_served_path(buf *out, const char *path)
{
    buf_clear(out);
    while (strncmp(path, "large/large/", 12) == 0) path += 6;
    if (strncmp(path, "large/static/", 13) == 0) buf_printf(out, "static/large/%s", path + 13);
    else if (strncmp(path, "large/", 6) == 0) buf_puts(out, path + 6);
    else if (strcmp(path, "large") == 0) buf_puts(out, "");
    else buf_puts(out, path);
    return out->data;
}
