/*
 * cmd_build.c: `site-gen build`, rendering the portal from SQLite.
 *
 * The build reads the database only (opened read-only) and writes into a
 * fresh temporary directory beside --out.  Only when every page and file
 * was written is that directory swapped in: the old output is renamed to
 * OUT.old, the new one to OUT, and OUT.old removed.  A failed or
 * interrupted build therefore leaves the previous output exactly as it
 * was, and the failure is reported as the template engine's
 * "template:line:column: message".  SIGINT, SIGTERM and SIGHUP are held
 * back during the build and checked between pages, so an interrupted
 * build also removes its temporary directory before it exits.  One
 * failure cannot keep that promise: the new output could not be moved in
 * and the old one cannot be moved back; it then stays at OUT.old, and the
 * messages say so.
 *
 * The order of writers is fixed: static assets first (pages need their
 * fingerprinted names), then the pages, then downloads, Markdown pages and
 * feeds (the feeds need the list of every URL written).
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "cmd/cmd.h"
#include "read/config.h"
#include "out/out.h"
#include "out/site.h"
#include "view/view.h"

typedef struct build_options {
    const char *db, *templates, *content, *out;
    bool quiet;
} build_options;

static const char usage[] =
    "usage: site-gen build [--db PATH] [--templates DIR] [--content DIR] [--out DIR] [--quiet]\n"
    "\n"
    "Renders the site from the database into DIR (default public/), replacing\n"
    "it only when the whole build succeeded.\n"
    "  --db PATH         the database written by 'site-gen ingest' (build/site.db)\n"
    "  --templates DIR   Mustache templates and static/ assets (templates)\n"
    "  --content DIR     site.yaml and pages/ (content)\n"
    "  --out DIR         the output folder (public)\n"
    "  --quiet           no progress line, no summary\n";

/* 0 ok, 1 help printed, 2 bad arguments. */
static int parse_options(int argc, char **argv, build_options *o)
{
    *o = (build_options){ "build/site.db", "templates", "content", "public", false };
    for (int i = 1; i < argc; i++) {
        const char **target = NULL;
        if (strcmp(argv[i], "--db") == 0) target = &o->db;
        else if (strcmp(argv[i], "--templates") == 0) target = &o->templates;
        else if (strcmp(argv[i], "--content") == 0) target = &o->content;
        else if (strcmp(argv[i], "--out") == 0) target = &o->out;
        else if (strcmp(argv[i], "--quiet") == 0) { o->quiet = true; continue; }
        else if (strcmp(argv[i], "--help") == 0) { fputs(usage, stdout); return 1; }
        if (!target || i + 1 >= argc) {
            fprintf(stderr, "site-gen build: unexpected argument '%s'\n\n%s", argv[i], usage);
            return 2;
        }
        *target = argv[++i];
    }
    size_t n = strlen(o->out);
    if (n == 0 || strcmp(o->out, "/") == 0 || strcmp(o->out, ".") == 0) {
        fprintf(stderr, "site-gen build: --out must name a folder of its own\n");
        return 2;
    }
    return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

static int remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* OUT without trailing slashes, so "OUT.tmp-…" lands beside it. */
static char *strip_slashes(const char *out)
{
    char *s = strdup(out);
    if (!s) abort();
    size_t n = strlen(s);
    while (n > 1 && s[n - 1] == '/') s[--n] = '\0';
    return s;
}

/* Puts the previous site back after the new one could not take its
 * place: -1, or -2 when it stays at OLD. */
static int move_back(const char *old, const char *out, diag *d)
{
    if (rename(old, out) == 0) return -1;
    diag_error(d, old, 0, "cannot move the previous site back to %s: %s; it is left here",
               out, strerror(errno));
    return -2;
}

/* Moves TMP into OUT's place; the old OUT goes away only after.  0 ok,
 * -1 failed with OUT as it was, -2 failed with the old OUT at OUT.old. */
static int swap_in(const char *tmp, const char *out, diag *d)
{
    buf old = {0};
    buf_printf(&old, "%s.old", out);
    int rc = -1;
    bool aside = false;
    if (remove_tree(old.data) != 0) {
        diag_error(d, old.data, 0, "cannot remove: %s", strerror(errno));
    } else if (!(aside = rename(out, old.data) == 0) && errno != ENOENT) {
        diag_error(d, out, 0, "cannot move aside: %s", strerror(errno));
    } else if (rename(tmp, out) != 0) {
        diag_error(d, out, 0, "cannot move the new site in place: %s", strerror(errno));
        if (aside) rc = move_back(old.data, out, d);
    } else {
        if (remove_tree(old.data) != 0)
            diag_warning(d, old.data, 0, "cannot remove the previous site: %s", strerror(errno));
        rc = 0;
    }
    buf_free(&old);
    return rc;
}

/* Every writer in order; stops at the first that fails. */
static int write_site(pages *p)
{
    int (*const writers[])(pages *) = {
        view_assets, view_home, view_agencies, view_agency_pages, view_report_pages,
        view_year_pages, view_region_pages, view_compare, view_search,
    };
    int errors = p->site->diag->errors;
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
        if (writers[i](p) != 0) return -1;
    if (p->site->diag->errors > errors) return -1;  /* e.g. a query that failed mid-page */
    if (p->progress) fputc('\n', stderr);
    if (downloads_write(p->site) != 0 || mdpages_write(p->site) != 0 || feeds_write(p->site) != 0)
        return -1;
    return 0;
}

static sqlite3 *open_db(const char *path, diag *d)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        diag_error(d, path, 0, "cannot open database: %s", db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return NULL;
    }
    /* A read-only open succeeds on any file; ask for a table to be sure. */
    if (sqlite3_exec(db, "SELECT count(*) FROM report_pages", NULL, NULL, NULL) != SQLITE_OK) {
        diag_error(d, path, 0, "not a portal database: %s", sqlite3_errmsg(db));
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

static int build(const build_options *o, diag *d)
{
    buf yaml = {0}, tmp = {0};
    buf_printf(&yaml, "%s/site.yaml", o->content);
    char *out = strip_slashes(o->out);
    buf_printf(&tmp, "%s.tmp-XXXXXX", out);

    site s = { .db_path = o->db, .templates_dir = o->templates, .content_dir = o->content,
               .diag = d, .quiet = o->quiet };
    pages p = { .site = &s, .progress = !o->quiet && isatty(STDERR_FILENO) };
    int rc = -1;
    s.db = open_db(o->db, d);
    s.config = s.db ? config_load(yaml.data, d) : NULL;
    if (s.config && (!mkdtemp(tmp.data) || chmod(tmp.data, 0755) != 0)) {
        diag_error(d, tmp.data, 0, "cannot create: %s", strerror(errno));
    } else if (s.config) {
        s.out_dir = tmp.data;
        s.templates = mustache_loader_new(o->templates);
        mustache_loader_strict(s.templates, true);  /* a misspelt partial fails the build */
        s.urls = json_array();
        p.total = view_count_pages(&p);
        rc = write_site(&p);
        if (rc == 0 && view_interrupted()) rc = -1;
        if (rc != 0 && p.progress) fputc('\n', stderr);
        rc = rc == 0 ? swap_in(tmp.data, out, d) : -1;
        if (rc != 0) remove_tree(tmp.data);
    }
    if (rc == 0 && !o->quiet)
        fprintf(stderr, "site-gen build: %d pages written to %s\n", s.pages_written, out);
    else if (rc == -2)
        fprintf(stderr, "site-gen build: failed; the previous site is in %s.old, not %s\n",
                out, out);
    else if (rc != 0)
        fprintf(stderr, "site-gen build: failed; %s left as it was\n", out);

    json_decref(s.assets);
    json_decref(s.urls);
    json_decref(s.config);
    mustache_loader_free(s.templates);
    sqlite3_close(s.db);
    free(out);
    buf_free(&yaml);
    buf_free(&tmp);
    return rc;
}

int cmd_build(int argc, char **argv)
{
    build_options o;
    int rc = parse_options(argc, argv, &o);
    if (rc != 0) return rc == 1 ? 0 : 2;
    diag d = { .out = stderr };
    /* Stop requests wait until the temporary output is cleaned up; then,
     * unblocked, they end the process as usual. */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    sigprocmask(SIG_BLOCK, &stop, &old);
    rc = build(&o, &d) == 0 ? 0 : 1;
    sigprocmask(SIG_SETMASK, &old, NULL);
    return rc;
}
