/*
 * workers.c: the page writers of a build, run side by side (site.h,
 * site_write_parallel).
 *
 * The writers are independent: each reads the database and writes files
 * no other writer writes.  So each is a unit of work, and one thread per
 * core takes the next unit until none is left, the longest first (the
 * comparison pages, then the agency and report pages, then the
 * downloads), which keeps the threads busy to the end.
 *
 * A thread owns all it uses: its own read-only connection to the
 * database (SQLite connections are not shared), its own template loader,
 * copies of the configuration and asset names, and its own diag, whose
 * counts are added to the build's when it ends.  Each unit lists the
 * pages it wrote in its own array, and the arrays are joined in the
 * writers' fixed order, so the sitemap and feed are the same whatever
 * the threads' timing.  The only things the threads share are the index
 * of the next unit and the count of pages written (for the progress
 * line), both atomic, and the messages of broken templates, said once
 * for the whole build (site.h, said_lock).  A unit
 * that fails does not stop the others, so that one build names every
 * broken template; the build fails at the end.
 */
#include "out/site.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "view/view.h"

enum { MAX_WORKERS = 8 };

typedef struct unit {
    const char *name;               /* for --timings */
    int (*view)(pages *);           /* a page writer of the view stage, or */
    int (*out)(site *);             /* one of this stage */
    json_t *urls;                   /* the pages it listed */
    int pages;
    double seconds;
    int rc;
} unit;

typedef struct pool pool;

typedef struct worker_state {
    pool *pool;
    site site;
    diag diag;
    pthread_t thread;
} worker_state;

struct pool {
    const site *main;
    unit *units;
    int nunits, total;
    bool progress;
    atomic_int next, written;
};

/* The writers in the order of the sitemap; the order taken is by size. */
static const struct { const char *name; int (*view)(pages *); int (*out)(site *); } writers[] = {
    { "home", view_home, NULL }, { "agencies", view_agencies, NULL },
    { "agency pages", view_agency_pages, NULL }, { "report pages", view_report_pages, NULL },
    { "year pages", view_year_pages, NULL }, { "region pages", view_region_pages, NULL },
    { "compare", view_compare, NULL }, { "comparison pages", view_compare_pages, NULL },
    { "search", view_search, NULL }, { "downloads", NULL, downloads_write },
    { "markdown pages", NULL, mdpages_write },
};
/* Units by how long they take, the longest first (writers[] indexes). */
static const int by_size[] = { 7, 2, 9, 3, 4, 5, 0, 1, 6, 8, 10 };

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int sink_page(void *ctx, const char *name, json_t *view, const char *path)
{
    return site_page(ctx, name, view, path, true);
}

static int sink_file(void *ctx, const char *path, const void *data, size_t len)
{
    return site_file(ctx, path, data, len);
}

/* A thread's own site: the build's, with its own connection, loader,
 * copies and diag.  False (after a message) when the database cannot be
 * opened again. */
static bool worker_site(site *w, diag *d, const site *m)
{
    *d = (diag){ .out = m->diag->out };
    *w = (site){ .templates_dir = m->templates_dir, .content_dir = m->content_dir,
                 .out_dir = m->out_dir, .published_dir = m->published_dir, .diag = d,
                 .quiet = m->quiet, .said = m->said, .said_lock = m->said_lock };
    w->db = db_open_read(db_path(m->db), d);
    w->config = json_deep_copy(m->config);
    w->assets = m->assets ? json_deep_copy(m->assets) : NULL;
    w->templates = mustache_loader_new(m->templates_dir);
    mustache_loader_strict(w->templates, true);
    return w->db != NULL;
}

/* Adds what thread W did to M's counts, and frees what it owned. */
static void worker_site_end(site *w, site *m)
{
    m->pages_written += w->pages_written;
    m->files_written += w->files_written;
    m->files_kept += w->files_kept;
    m->pages_failed += w->pages_failed;
    m->diag->errors += w->diag->errors;
    m->diag->warnings += w->diag->warnings;
    json_decref(w->config);
    json_decref(w->assets);
    mustache_loader_free(w->templates);
    db_close(w->db);
}

static void run_unit(pool *pl, site *w, unit *u)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    w->urls = u->urls;
    int errors = w->diag->errors;
    if (u->view) {
        pages p = { .db = w->db, .diag = w->diag, .total = pl->total, .progress = pl->progress,
                    .all_written = &pl->written,
                    .sink = { .page = sink_page, .file = sink_file, .ctx = w } };
        u->rc = u->view(&p);
        u->pages = p.written;
    } else {
        int before = w->pages_written;
        u->rc = u->out(w);
        u->pages = w->pages_written - before;
    }
    /* A page writer's error (a query that failed mid-page, say) fails the
     * build; a Markdown page's is that page's alone, skipped. */
    if (u->rc == 0 && u->view && w->diag->errors > errors) u->rc = -1;
    w->urls = NULL;
    u->seconds = seconds_since(&t0);
}

static void *worker(void *arg)
{
    worker_state *ws = arg;
    pool *pl = ws->pool;
    if (!worker_site(&ws->site, &ws->diag, pl->main))
        return NULL;        /* its units go to the other threads; a unit never run fails */
    for (;;) {
        int i = atomic_fetch_add(&pl->next, 1);
        if (i >= pl->nunits) break;
        run_unit(pl, &ws->site, &pl->units[by_size[i]]);
    }
    return NULL;
}

static int workers_wanted(int jobs, int nunits)
{
    long cores = jobs > 0 ? jobs : sysconf(_SC_NPROCESSORS_ONLN);
    int n = cores < 1 ? 1 : cores > MAX_WORKERS ? MAX_WORKERS : (int)cores;
    return n < nunits ? n : nunits;
}

/* Joins the units' page lists into S's, in the writers' order; says the
 * timings; 0 when every unit succeeded. */
static int join_units(site *s, unit *units, int n, bool timings)
{
    int rc = 0;
    for (int i = 0; i < n; i++) {
        if (timings && units[i].rc == 0)
            fprintf(stderr, "build: %s %.3f s, %d pages\n", units[i].name, units[i].seconds, units[i].pages);
        if (units[i].rc != 0) rc = -1;
        json_array_extend(s->urls, units[i].urls);
        json_decref(units[i].urls);
    }
    return rc;
}

int site_write_parallel(site *s, int total, bool progress, bool timings)
{
    enum { N = sizeof writers / sizeof writers[0] };
    _Static_assert(sizeof by_size / sizeof by_size[0] == N, "every writer has a place by size");
    unit units[N];
    for (int i = 0; i < N; i++)
        units[i] = (unit){ .name = writers[i].name, .view = writers[i].view, .out = writers[i].out,
                           .urls = json_array(), .rc = -1 };
    pthread_mutex_t said_lock = PTHREAD_MUTEX_INITIALIZER;
    if (!s->said) s->said = json_object();
    s->said_lock = &said_lock;
    pool pl = { .main = s, .units = units, .nunits = N, .total = total, .progress = progress };
    atomic_init(&pl.next, 0);
    atomic_init(&pl.written, 0);
    worker_state ws[MAX_WORKERS];
    int nthreads = workers_wanted(s->jobs, N), started = 0;
    for (; started < nthreads; started++) {
        ws[started] = (worker_state){ .pool = &pl };
        if (pthread_create(&ws[started].thread, NULL, worker, &ws[started]) != 0) break;
    }
    if (started == 0) {                 /* no thread to be had: the work in this one */
        ws[0] = (worker_state){ .pool = &pl };
        worker(&ws[0]);
    }
    for (int i = 0; i < started; i++) pthread_join(ws[i].thread, NULL);
    for (int i = 0; i < (started ? started : 1); i++) worker_site_end(&ws[i].site, s);
    s->said_lock = NULL;
    if (progress) fputc('\n', stderr);
    return join_units(s, units, N, timings);
}
