/*
 * build.c: one build of the portal, from the database to a published
 * folder (out.h).
 *
 * The build reads the database only (opened read-only) and writes into a
 * fresh temporary folder beside OUT, OUT.tmp-PID-XXXXXX.  Only when every
 * page and file was written is that folder swapped with OUT, in one
 * atomic step (swap_in), and the old site removed.  A failed build
 * therefore leaves the previous output exactly as it was, and the failure
 * is reported as the template engine's "template:line:column: message".
 * A template that fails does not stop the build: the other pages are
 * still rendered, each broken template said once, and only then is the
 * build given up.
 * Stop signals are held back by the caller and checked between pages
 * (view_interrupted), so an interrupted build also removes its temporary
 * folder; one killed outright leaves it behind, and the next build
 * removes it, knowing it by the PID in its name.
 *
 * The view stage describes the pages; this file hands it a sink that
 * renders each one through site_page().  The order of writers is fixed:
 * static assets first (pages need their fingerprinted names), the search
 * index (pages need its URLs), then the pages, then downloads, Markdown pages and feeds (the feeds need the
 * list of every URL written).
 */
#define _GNU_SOURCE      /* renameat2 */
#include "out/out.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/fs.h"
#include "out/site.h"
#include "read/read.h"
#include "view/view.h"

static int sink_page(void *ctx, const char *name, json_t *view, const char *path)
{
    return site_page(ctx, name, view, path, true);
}

static int sink_file(void *ctx, const char *path, const void *data, size_t len)
{
    return site_file(ctx, path, data, len);
}

/* Seconds since *T, and *T moved to now. */
static double lap(struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double s = (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
    *t = now;
    return s;
}

/* With --timings: "build: NAME 1.234 s, N pages" on stderr. */
static void timed(bool timings, const char *name, struct timespec *t, int pages)
{
    double s = lap(t);
    if (timings) fprintf(stderr, "build: %s %.3f s, %d pages\n", name, s, pages);
}

/* What --timings calls a writer (the comparison pages' line is what
 * bench/compare.sh reads); a writer not named here is "pages". */
static const char *writer_name(int (*writer)(pages *))
{
    static const struct {
        int (*writer)(pages *);
        const char *name;
    } names[] = {
        { view_home, "home" }, { view_agencies, "agencies" }, { view_agency_pages, "agency pages" },
        { view_report_pages, "report pages" }, { view_year_pages, "year pages" },
        { view_region_pages, "region pages" }, { view_compare, "compare" },
        { view_compare_pages, "comparison pages" }, { view_search, "search" },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].writer == writer) return names[i].name;
    return "pages";
}

/* Every writer in order; stops at the first that fails. */
static int write_site(site *s, bool progress, bool timings)
{
    pages p = { .db = s->db, .diag = s->diag, .progress = progress,
                .sink = { .page = sink_page, .file = sink_file, .ctx = s } };
    int (*const writers[])(pages *) = {
        view_home, view_agencies, view_agency_pages, view_report_pages,
        view_year_pages, view_region_pages, view_compare, view_compare_pages, view_search,
    };
    int errors = s->diag->errors;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    if (assets_write(s) != 0 || search_write(s) != 0) return -1;
    p.total = view_count_pages(&p);
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
        int before = p.written;
        if (writers[i](&p) != 0) return -1;
        if (timings && progress) fputc('\n', stderr);
        timed(timings, writer_name(writers[i]), &t, p.written - before);
    }
    bool failed = s->diag->errors > errors;    /* a query that failed mid-page, a template */
    if (progress) fputc('\n', stderr);
    if (downloads_write(s) != 0 || mdpages_write(s) != 0 || feeds_write(s) != 0) return -1;
    timed(timings, "downloads, pages and feeds", &t, 0);
    if (s->pages_failed) {      /* a Markdown page that is skipped is not a failure */
        diag_error(s->diag, s->templates_dir, 0, "%d %s could not be rendered", s->pages_failed,
                   s->pages_failed == 1 ? "page" : "pages");
        failed = true;
    }
    return failed || view_interrupted() ? -1 : 0;
}

enum { SWAPPED = 0, LEFT_AS_IT_WAS = -1 };

/* Where the file system cannot exchange two names: OUT moves aside to
 * OUT.old and TMP takes its place.  Not atomic (a kill between the two
 * leaves no OUT), so it is said when it happens. */
static int two_step_swap(const char *tmp, const char *out, diag *d)
{
    buf old = BUF_INIT;
    buf_printf(&old, "%s.old", out);
    diag_warning(d, out, 0, "this file system cannot swap folders in one step; replacing in two");
    int err = fs_remove_tree(old.data);
    if (!err && rename(out, old.data) != 0) err = errno;
    if (!err && rename(tmp, out) != 0) {
        err = errno;
        if (rename(old.data, out) != 0)
            diag_error(d, old.data, 0, "the previous site is here, not in %s", out);
    }
    if (!err) fs_remove_tree(old.data);
    buf_free(&old);
    return err;
}

/* Puts TMP in OUT's place in one step, so that a reader (or a kill at
 * any moment) sees the old site or the new one, never neither:
 * renameat2(RENAME_EXCHANGE) swaps the two folders, and the old site,
 * now at TMP, is removed after.  Where OUT does not exist yet, a rename
 * is already atomic. */
static int swap_in(const char *tmp, const char *out, diag *d)
{
    struct stat st;
    int err = 0;
    if (lstat(out, &st) != 0) {
        if (rename(tmp, out) != 0) err = errno;
    } else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_EXCHANGE) != 0) {
        err = errno == EINVAL || errno == ENOSYS ? two_step_swap(tmp, out, d) : errno;
    } else if ((err = fs_remove_tree(tmp)) != 0) {
        diag_warning(d, tmp, 0, "the previous site was replaced but cannot be removed: %s",
                     strerror(err));
        err = 0;
    }
    if (!err) return SWAPPED;
    diag_error(d, out, 0, "cannot put the new site in place: %s", strerror(err));
    return LEFT_AS_IT_WAS;
}

/* Temporary folders of builds that were killed (OUT.tmp-PID-XXXXXX whose
 * PID no longer runs) are removed before a build makes its own. */
static void remove_stale(arena *a, const char *out, diag *d)
{
    char *dir = fs_parent(a, out);
    const char *base = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
    char *prefix = arena_printf(a, "%s.tmp-", base);
    size_t n = strlen(prefix);
    char **names = fs_list(a, dir, NULL);
    for (char **name = names; name && *name; name++) {
        if (strncmp(*name, prefix, n) != 0) continue;
        long pid = strtol(*name + n, NULL, 10);
        if (pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno == ESRCH)) {
            char *path = fs_join(a, dir, *name);
            int err = fs_remove_tree(path);
            if (err) diag_warning(d, path, 0, "left by a stopped build; cannot remove: %s", strerror(err));
        }
    }
}

/* OUT without trailing slashes, so "OUT.tmp-…" lands beside it. */
static char *strip_slashes(arena *a, const char *out)
{
    char *s = arena_strdup(a, out);
    size_t n = strlen(s);
    while (n > 1 && s[n - 1] == '/') s[--n] = '\0';
    return s;
}

/* Renders into TMP (made by the caller) and swaps it in for OUT. */
static int render(site *s, const char *tmp, const char *out, bool progress, bool timings)
{
    s->out_dir = tmp;
    s->templates = mustache_loader_new(s->templates_dir);
    mustache_loader_strict(s->templates, true);  /* a misspelt partial fails the build */
    s->urls = json_array();
    int rc = write_site(s, progress, timings);
    if (rc != 0 && progress) fputc('\n', stderr);
    return rc == 0 ? swap_in(tmp, out, s->diag) : LEFT_AS_IT_WAS;
}

int site_build(const build_options *o, diag *d)
{
    arena *a = arena_new();
    char *out = strip_slashes(a, o->out);
    char *tmp = arena_printf(a, "%s.tmp-%ld-XXXXXX", out, (long)getpid());
    site s = { .templates_dir = o->templates, .content_dir = o->content, .diag = d, .quiet = o->quiet };
    bool progress = !o->quiet && isatty(STDERR_FILENO);
    int rc = LEFT_AS_IT_WAS;
    s.db = db_open_read(o->db, d);
    s.config = s.db ? config_load(fs_join(a, o->content, "site.yaml"), d) : NULL;
    int err = s.config ? fs_make_parents(tmp) : 0;
    if (s.config && !err) remove_stale(a, out, d);
    if (s.config && (err || !mkdtemp(tmp) || chmod(tmp, 0755) != 0)) {
        diag_error(d, tmp, 0, "cannot create: %s", strerror(err ? err : errno));
    } else if (s.config) {
        rc = render(&s, tmp, out, progress, o->timings);
        if (rc != 0) fs_remove_tree(tmp);
    }
    if (rc == SWAPPED && !o->quiet)
        fprintf(stderr, "site-gen build: %d pages written to %s\n", s.pages_written, out);
    else if (rc == LEFT_AS_IT_WAS)
        fprintf(stderr, "site-gen build: failed; %s left as it was\n", out);

    json_decref(s.assets);
    json_decref(s.urls);
    json_decref(s.said);
    json_decref(s.config);
    mustache_loader_free(s.templates);
    db_close(s.db);
    arena_free(a);
    return rc == SWAPPED ? 0 : -1;
}
