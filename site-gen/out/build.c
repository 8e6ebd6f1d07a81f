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
 * The view stage describes the pages; workers.c runs its writers side
 * by side, each rendering through site_page().  What must come first
 * comes first: static assets (pages need their fingerprinted names) and
 * the search index (pages need its URLs), then every page, then the
 * feeds (they need the list of every URL written).
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

/* Assets, the search index (pages need the URLs of both), every page
 * (workers.c), then the feeds, which list every page; stops at the
 * first that fails. */
static int write_site(site *s, bool progress, bool timings)
{
    pages p = { .db = s->db, .diag = s->diag };
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    if (site_data_date(s) != 0 || assets_write(s) != 0 || search_write(s) != 0) return -1;
    timed(timings, "assets and search index", &t, 0);
    bool failed = site_write_parallel(s, view_count_pages(&p), progress, timings) != 0;
    timed(timings, "pages, side by side", &t, s->pages_written);
    if (!failed && feeds_write(s) != 0) return -1;
    timed(timings, "feeds", &t, 0);
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

/* Renders into TMP (made by the caller) and swaps it in for OUT, with
 * the hash of its INPUTS beside the pages. */
static int render(site *s, const char *tmp, const char *out, const char *inputs, bool progress,
                  bool timings)
{
    s->out_dir = tmp;
    struct stat st;
    s->published_dir = stat(out, &st) == 0 && S_ISDIR(st.st_mode) ? out : NULL;
    s->templates = mustache_loader_new(s->templates_dir);
    mustache_loader_strict(s->templates, true);  /* a misspelt partial fails the build */
    s->urls = json_array();
    int rc = write_site(s, progress, timings);
    if (rc == 0) rc = site_file(s, INPUTS_FILE, inputs, strlen(inputs));
    if (rc != 0 && progress) fputc('\n', stderr);
    return rc == 0 ? swap_in(tmp, out, s->diag) : LEFT_AS_IT_WAS;
}

/* True when OUT was built from INPUTS, so there is nothing to do. */
static bool up_to_date(arena *a, const char *out, const char *inputs)
{
    buf b = BUF_INIT;
    bool same = fs_read(&b, fs_join(a, out, INPUTS_FILE), 64) == 0 && strcmp(b.data, inputs) == 0;
    buf_free(&b);
    return same;
}

enum { UP_TO_DATE = 1 };

int site_build(const build_options *o, diag *d)
{
    arena *a = arena_new();
    char *out = strip_slashes(a, o->out);
    char *tmp = arena_printf(a, "%s.tmp-%ld-XXXXXX", out, (long)getpid());
    site s = { .templates_dir = o->templates, .content_dir = o->content, .diag = d, .quiet = o->quiet,
               .jobs = o->jobs };
    bool progress = !o->quiet && isatty(STDERR_FILENO);
    int rc = LEFT_AS_IT_WAS;
    s.db = db_open_read(o->db, d);
    s.config = s.db ? config_load(fs_join(a, o->content, "site.yaml"), d) : NULL;
    int err = s.config ? fs_make_parents(tmp) : 0;
    if (s.config && !err) remove_stale(a, out, d);
    char inputs[17] = "";
    bool ready = s.config && site_inputs(&s, inputs) == 0;
    if (ready && !err && !o->force && up_to_date(a, out, inputs)) {
        rc = UP_TO_DATE;
    } else if (ready && (err || !mkdtemp(tmp) || chmod(tmp, 0755) != 0)) {
        diag_error(d, tmp, 0, "cannot create: %s", strerror(err ? err : errno));
    } else if (ready) {
        rc = render(&s, tmp, out, inputs, progress, o->timings);
        if (rc != 0) fs_remove_tree(tmp);
    }
    if (rc == UP_TO_DATE && !o->quiet)
        fprintf(stderr, "site-gen build: nothing changed since %s was built; it stays as it is\n", out);
    else if (rc == SWAPPED && !o->quiet)
        fprintf(stderr, "site-gen build: %d pages written to %s (%d files new or changed, %d as they were)\n",
                s.pages_written, out, s.files_written, s.files_kept);
    else if (rc == LEFT_AS_IT_WAS)
        fprintf(stderr, "site-gen build: failed; %s left as it was\n", out);

    json_decref(s.assets);
    json_decref(s.urls);
    json_decref(s.said);
    json_decref(s.config);
    mustache_loader_free(s.templates);
    db_close(s.db);
    arena_free(a);
    return rc == SWAPPED || rc == UP_TO_DATE ? 0 : -1;
}
