/*
 * site.c: writing the output of a build.  Every file of the site goes
 * through site_file(), so the rule that nothing escapes the output
 * directory is enforced in one place.
 */
#include "out/site.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/fs.h"

/* True when PATH is safe inside the output: relative, no "..", no "//". */
static bool site_path_ok(const char *path)
{
    if (!path || !*path || path[0] == '/') return false;
    for (const char *p = path; *p; p++) {
        if (p[0] == '/' && p[1] == '/') return false;
        if (p[0] == '\\') return false;
        bool seg_start = p == path || p[-1] == '/';
        if (seg_start && p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
            return false;
    }
    return true;
}

int site_file(site *s, const char *path, const void *data, size_t len)
{
    if (!site_path_ok(path)) {
        diag_error(s->diag, path, 0, "refusing to write outside the site");
        return -1;
    }
    buf full = BUF_INIT;
    buf_printf(&full, "%s/%s", s->out_dir, path);
    int rc = -1, err = fs_make_parents(full.data);
    FILE *f = NULL;
    if (!err && (f = fopen(full.data, "wb")) != NULL) {
        if (fwrite(data, 1, len, f) == len) rc = 0;
        if (fclose(f) != 0) rc = -1;
    }
    if (rc != 0) diag_error(s->diag, full.data, 0, "cannot write: %s", strerror(err ? err : errno));
    buf_free(&full);
    return rc;
}

/* Where the text of an engine message "template:line:column: text"
 * starts: past the ": " that follows line:column; M itself when there is
 * none. */
static const char *message_text(const char *m)
{
    for (const char *p = m; (p = strchr(p, ':')) != NULL; p++) {
        size_t a = strspn(p + 1, "0123456789");
        size_t b = a && p[1 + a] == ':' ? strspn(p + 2 + a, "0123456789") : 0;
        if (b && p[2 + a + b] == ':' && p[3 + a + b] == ' ') return p + 4 + a + b;
    }
    return m;
}

/* A template's failure for the page at PATH: counted, and said the first
 * time its message comes, as "template:line:column: error: text (page
 * /PATH)". */
static void template_failed(site *s, const mustache_error *err, const char *path)
{
    s->pages_failed++;
    if (!s->said) s->said = json_object();
    if (json_object_get(s->said, err->message)) return;
    json_object_set_new(s->said, err->message, json_true());
    const char *m = err->message, *text = message_text(m);
    buf where = BUF_INIT;
    if (text == m) buf_puts(&where, path);
    else buf_append(&where, m, (size_t)(text - m) - 2);
    diag_error(s->diag, where.data, 0, "%s (page /%s)", text, path);
    buf_free(&where);
}

int site_page(site *s, const char *name, json_t *view, const char *path, bool listed)
{
    mustache_error err;
    const mustache_template *t = mustache_loader_get(s->templates, name, &err);
    if (!t) {
        template_failed(s, &err, path);
        return 0;
    }
    json_object_set(view, "site", s->config);
    if (s->assets) json_object_set(view, "assets", s->assets);
    buf out = BUF_INIT;
    int rc = mustache_render(t, view, s->templates, &out, &err);
    if (rc != 0) {
        template_failed(s, &err, path);
        rc = 0;
    } else {
        buf file = BUF_INIT;
        buf_puts(&file, path);
        size_t n = strlen(path);
        if (n == 0 || path[n - 1] == '/') buf_puts(&file, "index.html");
        rc = site_file(s, file.data, out.data, out.len);
        buf_free(&file);
        if (rc == 0) {
            s->pages_written++;
            if (listed && s->urls) {
                json_t *entry = json_pack("{s:s}", "path", path);
                json_t *lastmod = json_object_get(view, "lastmod");
                if (json_is_string(lastmod)) json_object_set(entry, "lastmod", lastmod);
                json_array_append_new(s->urls, entry);
            }
        }
    }
    buf_free(&out);
    return rc;
}
