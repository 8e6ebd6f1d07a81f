/*
 * site.c: writing the output of a build.  Every file of the site goes
 * through site_file(), so the rule that nothing escapes the output
 * directory is enforced in one place; every page gets the site's
 * settings, the assets' URLs, its own URL and the date of the data from
 * here.
 *
 * A build writes a whole new site, but most of its files are the same
 * bytes as the published site's: such a file is not written again but
 * hard-linked from the published site into the new one (same_as_published,
 * keep_published).  That costs a name, not an inode and its blocks, and
 * keeps the file's date, so caches see it unchanged; the published site
 * itself is never written to.  Since two sites may then share a file, a
 * file of the new site is always made anew (O_EXCL), never truncated.
 */
#include "out/site.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* True when the published site's OLD holds exactly DATA. */
static bool same_as_published(const char *old, const void *data, size_t len)
{
    int fd = open(old, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st;
    bool same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len;
    if (same && len > 0) {
        void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
        same = map != MAP_FAILED && memcmp(map, data, len) == 0;
        if (map != MAP_FAILED) munmap(map, len);
    }
    close(fd);
    return same;
}

/* Links the published site's copy of PATH to FULL when it holds DATA. */
static bool keep_published(site *s, const char *path, const char *full, const void *data, size_t len)
{
    if (!s->published_dir) return false;
    buf old = BUF_INIT;
    buf_printf(&old, "%s/%s", s->published_dir, path);
    bool kept = same_as_published(old.data, data, len) &&
                (link(old.data, full) == 0 ||
                 (errno == ENOENT && fs_make_parents(full) == 0 && link(old.data, full) == 0));
    buf_free(&old);
    return kept;
}

/* A new file FULL (its folders made when missing); -1 with errno set. */
static int create_new(const char *full)
{
    int fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == ENOENT) {
        int err = fs_make_parents(full);
        if (err) {
            errno = err;
            return -1;
        }
        fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    }
    if (fd < 0 && errno == EEXIST && unlink(full) == 0)     /* never truncate: it may be shared */
        fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    return fd;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int site_file(site *s, const char *path, const void *data, size_t len)
{
    if (!site_path_ok(path)) {
        diag_error(s->diag, path, 0, "refusing to write outside the site");
        return -1;
    }
    buf full = BUF_INIT;
    buf_printf(&full, "%s/%s", s->out_dir, path);
    int rc = 0;
    if (keep_published(s, path, full.data, data, len)) {
        s->files_kept++;
    } else {
        int fd = create_new(full.data);
        rc = fd >= 0 && write_all(fd, data, len) == 0 ? 0 : -1;
        int err = errno;
        if (fd >= 0 && close(fd) != 0 && rc == 0) {
            rc = -1;
            err = errno;
        }
        if (rc != 0) diag_error(s->diag, full.data, 0, "cannot write: %s", strerror(err));
        else s->files_written++;
    }
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
    if (s->said_lock) pthread_mutex_lock(s->said_lock);
    if (!s->said) s->said = json_object();
    bool first = !json_object_get(s->said, err->message);
    if (first) json_object_set_new(s->said, err->message, json_true());
    if (s->said_lock) pthread_mutex_unlock(s->said_lock);
    if (!first) return;
    const char *m = err->message, *text = message_text(m);
    buf where = BUF_INIT;
    if (text == m) buf_puts(&where, path);
    else buf_append(&where, m, (size_t)(text - m) - 2);
    diag_error(s->diag, where.data, 0, "%s (page /%s)", text, path);
    buf_free(&where);
}

/* The way from the page at PATH up to the site's root, for links that
 * stay relative: "." for the home page, ".." for "search/", "../../.."
 * for "agencies/SLUG/2024/".  Relative links are what keeps a reader in
 * the large-text folder (/large/, partials/modes): the same page, served
 * there by the host, links to pages there too. */
static json_t *root_of(const char *path)
{
    buf up = BUF_INIT;
    buf_puts(&up, ".");
    bool first = true;
    for (const char *c = path; *c; c++) {
        if (*c != '/') continue;
        buf_puts(&up, first ? "." : "/..");
        first = false;
    }
    json_t *root = json_string(up.data);
    buf_free(&up);
    return root;
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
    if (!json_object_get(view, "root")) json_object_set_new(view, "root", root_of(path));
    if (!json_object_get(view, "page_url")) {
        buf url = BUF_INIT;
        buf_printf(&url, "/%s", path);
        json_object_set_new(view, "page_url", json_string(url.data));
        buf_free(&url);
    }
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

int site_data_date(site *s)
{
    db_query *q = db_query_new(s->db, "SELECT substr(max(ingested_at), 1, 10) FROM report_pages");
    if (q && db_row(q)) {
        const char *day = db_text(q, 0);
        if (day && strlen(day) == 10) json_object_set_new(s->config, "data_date", json_string(day));
    }
    return db_query_end(q);
}
