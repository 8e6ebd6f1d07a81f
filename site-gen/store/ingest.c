/*
 * ingest.c: walking the folder, deciding per file, and the final pass.
 *
 * The walk lists names per folder, sorts them bytewise and descends, so
 * two runs over the same tree see files in the same order and the first
 * file of a duplicate pair is always the same one.  Symbolic links to
 * files are followed; links to folders are not, so a loop cannot trap the
 * walk.
 *
 * Per file: stat (a file too large to be a report is refused unread),
 * read into a buffer of the job ring (reused from file to file), hash;
 * the stored hash decides whether to parse at all.  Parsing goes through
 * parse_bytes() on those bytes, so the file is read once and the original
 * stored is exactly what was hashed and parsed.  A worker thread does
 * this while the main thread stores earlier files (see "per file").
 *
 * Each file's messages are collected in memory and printed by the main
 * thread, after clearing the progress line when one is on screen, so
 * messages come in walk order and never share a line with the progress.
 *
 * When at least INGEST_BULK more files than stored reports are about to
 * be stored, the scattered cells index is dropped for the run and built
 * again at the end (db_bulk_begin), which keeps one transaction per
 * report cheap.
 *
 * A file that cannot be stored is said and the walk goes on, unless
 * SQLite rolled the run's transaction back (a full disk, an I/O error):
 * the rest would then be committed file by file, so nothing more is
 * stored and the run ends as failed, the database as it was before it.
 *
 * The final pass places every agency in the division tree (place.c),
 * then computes the cross-report findings in SQL as a set
 * ("what should exist"), deletes the stored ones that no longer apply and
 * inserts the missing ones, so an unchanged database is not rewritten.
 */
#include "store/ingest.h"

#include "store/db.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/buf.h"
#include "base/fs.h"
#include "base/hash.h"
#include "base/text.h"
#include "record/record.h"
#include "store/place.h"
#include "store/write.h"

/* ---- the walk ---- */

static void list_add(file_list *l, const char *path)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->paths = realloc(l->paths, l->cap * sizeof *l->paths);
        if (!l->paths) abort();
    }
    l->paths[l->n++] = arena_strdup(l->mem, path);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the files under ROOT/REL (REL "" for ROOT itself). */
static bool walk(file_list *l, const char *root, const char *rel, diag *d)
{
    char *dir = fs_join(l->mem, root, rel);
    char **names = fs_list(l->mem, dir, NULL);
    if (!names) {
        diag_error(d, dir, 0, "cannot read folder: %s", strerror(errno));
        return false;
    }
    bool ok = true;
    for (char **name = names; *name; name++) {
        char *sub = fs_join(l->mem, rel, *name);
        char *full = fs_join(l->mem, root, sub);
        struct stat st;
        if (lstat(full, &st) != 0) {
            diag_error(d, full, 0, "cannot stat: %s", strerror(errno));
            ok = false;
            continue;
        }
        bool link = S_ISLNK(st.st_mode);
        if (link && stat(full, &st) != 0) continue;     /* dangling link */
        if (S_ISDIR(st.st_mode)) {
            if (!link && !walk(l, root, sub, d)) ok = false;
        } else if (S_ISREG(st.st_mode)) {
            list_add(l, sub);
        }
    }
    return ok;
}

bool file_list_read(file_list *out, const char *dir, diag *d)
{
    *out = (file_list){ .mem = arena_new() };
    struct stat st;
    if (stat(dir, &st) != 0) {
        diag_error(d, dir, 0, "cannot read folder: %s", strerror(errno));
        return false;
    }
    if (!S_ISDIR(st.st_mode)) {
        diag_error(d, dir, 0, "not a folder");
        return false;
    }
    char **probe = fs_list(out->mem, dir, NULL);
    if (!probe) {
        diag_error(d, dir, 0, "cannot read folder: %s", strerror(errno));
        return false;
    }
    out->incomplete = !walk(out, dir, "", d);
    return true;
}

void file_list_free(file_list *l)
{
    free(l->paths);
    arena_free(l->mem);
    *l = (file_list){ 0 };
}

/* ---- per file ---- */

/*
 * Reading, hashing and parsing a file needs nothing from the database
 * except the stored hashes, which are loaded once; so a worker thread
 * prepares files ("jobs") in walk order while the main thread stores the
 * previous ones.  The two meet in a small ring of jobs.  Each job carries
 * the messages printed while preparing it, and the main thread prints
 * them when it takes the job, so the output is in walk order too.
 */

/* DIR/REL, malloc'd. */
static char *path_join(const char *dir, const char *rel)
{
    buf b = BUF_INIT;
    buf_printf(&b, "%s/%s", dir, rel);
    return buf_detach(&b, NULL);
}

typedef struct stored {         /* what the database holds for a path */
    const char *path;
    char hash[17];
    char ingested_at[32];
} stored;

enum outcome { JOB_FAILED, JOB_UNCHANGED, JOB_PARSED };

typedef struct job {
    const char *rel;
    enum outcome outcome;
    bool known;                 /* the database holds a version */
    char hash[17];
    buf bytes;                  /* the file; kept across jobs for its memory */
    record *r;
    char *json;                 /* record_to_json, compact */
    char *messages;             /* printed while preparing */
    size_t messages_len;
    int errors, warnings;
} job;

enum { RING = 32 };

typedef struct run {
    db *db;
    const char *dir;
    diag *d;                    /* where the user's messages go */
    ingest_counts *n;
    char now[32];               /* ingested_at for this run */
    const file_list *files;
    stored *stored;             /* sorted by path */
    size_t nstored, cap_stored;
    arena *mem;                 /* the stored paths */
    job ring[RING];
    size_t prepared, taken;     /* jobs made by the worker / taken by main */
    pthread_mutex_t lock;
    pthread_cond_t changed;
    bool progress;
    size_t done;
    struct timespec drawn;
    bool in_run;                /* the ingest is one transaction (db_run_begin) */
    bool lost;                  /* which SQLite rolled back: nothing more is stored */
} run;

static int by_path(const void *a, const void *b)
{
    return strcmp(((const stored *)a)->path, ((const stored *)b)->path);
}

static void add_stored(void *arg, const char *path, const char *hash, const char *at)
{
    run *ctx = arg;
    if (ctx->nstored == ctx->cap_stored) {
        ctx->cap_stored = ctx->cap_stored ? ctx->cap_stored * 2 : 256;
        ctx->stored = realloc(ctx->stored, ctx->cap_stored * sizeof *ctx->stored);
        if (!ctx->stored) abort();
    }
    stored *s = &ctx->stored[ctx->nstored++];
    s->path = arena_strdup(ctx->mem, path ? path : "");
    snprintf(s->hash, sizeof s->hash, "%s", hash ? hash : "");
    snprintf(s->ingested_at, sizeof s->ingested_at, "%s", at ? at : "");
}

/* The stored reports, sorted by path (the query's order, bytewise). */
static bool load_stored(run *ctx)
{
    if (!db_each_stored(ctx->db, add_stored, ctx)) return false;
    if (ctx->nstored) qsort(ctx->stored, ctx->nstored, sizeof *ctx->stored, by_path);
    return true;
}

static const stored *find_stored(const run *ctx, const char *rel)
{
    stored key = { .path = rel };
    return ctx->nstored ? bsearch(&key, ctx->stored, ctx->nstored, sizeof key, by_path) : NULL;
}

static bool read_all(buf *b, const char *full, diag *d)
{
    return fs_read_or_say(b, full, FS_MAX_FILE, d);
}

/* The charset the reader reported, else what decode would pick. */
static const char *charset_of(const record *r, const buf *b)
{
    if (r->charset) return r->charset;
    size_t skip = b->len >= 3 && memcmp(b->data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    return utf8_valid(b->data + skip, b->len - skip, NULL) ? "UTF-8" : "GB18030";
}

/* Read, hash, and (when new or changed) parse; messages into d. */
static enum outcome prepare(const run *ctx, job *j, diag *d)
{
    char *full = path_join(ctx->dir, j->rel);
    const stored *old = find_stored(ctx, j->rel);
    j->known = old != NULL;
    enum outcome out = JOB_FAILED;
    if (read_all(&j->bytes, full, d)) {
        content_hash(j->bytes.data, j->bytes.len, j->hash);
        if (old && strcmp(j->hash, old->hash) == 0) {
            out = JOB_UNCHANGED;
        } else {
            int errors = d->errors;
            j->r = parse_bytes(full, j->bytes.data, j->bytes.len, d);
            if (!j->r && d->errors == errors) diag_error(d, full, 0, "not a report");
            if (j->r && (!j->r->agency || !j->r->year)) {
                diag_error(d, full, 0, "no %s found; a report cannot be stored without it",
                           !j->r->agency && !j->r->year ? "agency or year"
                           : !j->r->agency ? "agency" : "year");
                record_free(j->r);
                j->r = NULL;
            }
            if (j->r) {
                json_t *o = record_to_json(j->r);
                j->json = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
                json_decref(o);
                if (!j->json) abort();
                out = JOB_PARSED;
            }
        }
    }
    if (out == JOB_FAILED && old)
        diag_warning(d, full, 0, "the version ingested at %s stays published", old->ingested_at);
    free(full);
    return out;
}

static void prepare_job(const run *ctx, job *j, const char *rel)
{
    j->rel = rel;
    j->r = NULL;
    j->json = NULL;
    j->messages = NULL;
    j->messages_len = 0;
    FILE *held = open_memstream(&j->messages, &j->messages_len);
    diag d = { .out = held };
    j->outcome = prepare(ctx, j, &d);
    if (held) fclose(held);
    j->errors = d.errors;
    j->warnings = d.warnings;
}

static void *worker(void *arg)
{
    run *ctx = arg;
    for (size_t i = 0; i < ctx->files->n; i++) {
        pthread_mutex_lock(&ctx->lock);
        while (ctx->prepared - ctx->taken == RING) pthread_cond_wait(&ctx->changed, &ctx->lock);
        pthread_mutex_unlock(&ctx->lock);
        prepare_job(ctx, &ctx->ring[i % RING], ctx->files->paths[i]);
        pthread_mutex_lock(&ctx->lock);
        ctx->prepared++;
        pthread_cond_broadcast(&ctx->changed);
        pthread_mutex_unlock(&ctx->lock);
    }
    return NULL;
}

/* ---- progress ---- */

static double since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void draw(run *ctx, bool force)
{
    if (!ctx->progress || (!force && since(&ctx->drawn) < 0.1)) return;
    clock_gettime(CLOCK_MONOTONIC, &ctx->drawn);
    fprintf(stderr, "\r\033[Kingest: %zu/%zu files", ctx->done, ctx->files->n);
    fflush(stderr);
}

/* Messages go out on their own lines, the progress line redrawn after. */
static void say(run *ctx, const char *text, size_t len)
{
    if (!len) return;
    if (ctx->progress) fputs("\r\033[K", stderr);
    if (ctx->d->out) fwrite(text, 1, len, ctx->d->out);
    draw(ctx, true);
}

/* ---- storing, on the main thread ---- */

static void store_job(run *ctx, job *j)
{
    if (!ctx->lost) {
        say(ctx, j->messages, j->messages_len);
        ctx->d->errors += j->errors;
        ctx->d->warnings += j->warnings;
    }
    if (ctx->lost) ctx->n->failed++;
    else if (j->outcome == JOB_UNCHANGED) ctx->n->unchanged++;
    else if (j->outcome == JOB_FAILED) ctx->n->failed++;
    else {
        char *text = NULL;
        size_t len = 0;
        FILE *held = open_memstream(&text, &len);
        diag d = { .out = held ? held : ctx->d->out };
        char *full = path_join(ctx->dir, j->rel);
        report_file f = { .source_path = j->rel, .name = full, .bytes = j->bytes.data, .len = j->bytes.len,
                          .content_hash = j->hash, .charset = charset_of(j->r, &j->bytes),
                          .ingested_at = ctx->now, .record_json = j->json };
        bool registered = true;
        if (!db_store_report(ctx->db, j->r, &f, &registered, &d)) {
            ctx->n->failed++;
            ctx->lost = ctx->in_run && !db_run_active(ctx->db);
            const stored *old = find_stored(ctx, j->rel);
            if (old && !ctx->lost)
                diag_warning(&d, full, 0, "the version ingested at %s stays published",
                             old->ingested_at);
        } else {
            if (j->known) ctx->n->changed++;
            else ctx->n->added++;
            if (!registered)
                diag_warning(&d, full, 0, "agency %s is not in the registry; stored as "
                             "unregistered", j->r->agency);
        }
        if (held) fclose(held);
        say(ctx, text, len);
        free(text);
        free(full);
        ctx->d->errors += d.errors;
        ctx->d->warnings += d.warnings;
    }
    record_free(j->r);
    free(j->json);
    free(j->messages);
    j->r = NULL;
    j->json = NULL;
    j->messages = NULL;
    ctx->done++;
    draw(ctx, false);
}

/* Every file, prepared on a worker thread when one can be started. */
static void ingest_files(run *ctx)
{
    pthread_t thread;
    if (pthread_mutex_init(&ctx->lock, NULL) != 0 ||
        pthread_cond_init(&ctx->changed, NULL) != 0 ||
        pthread_create(&thread, NULL, worker, ctx) != 0) {
        for (size_t i = 0; i < ctx->files->n; i++) {   /* one thread after all */
            prepare_job(ctx, &ctx->ring[0], ctx->files->paths[i]);
            store_job(ctx, &ctx->ring[0]);
        }
        return;
    }
    for (size_t i = 0; i < ctx->files->n; i++) {
        pthread_mutex_lock(&ctx->lock);
        while (ctx->prepared == ctx->taken) pthread_cond_wait(&ctx->changed, &ctx->lock);
        pthread_mutex_unlock(&ctx->lock);
        store_job(ctx, &ctx->ring[i % RING]);
        pthread_mutex_lock(&ctx->lock);
        ctx->taken++;
        pthread_cond_broadcast(&ctx->changed);
        pthread_mutex_unlock(&ctx->lock);
    }
    pthread_join(thread, NULL);
    pthread_cond_destroy(&ctx->changed);
    pthread_mutex_destroy(&ctx->lock);
}

/* ---- removal and cross-report findings ---- */

/* The stored paths that FILES no longer holds. */
typedef struct gone_ctx {
    char **sorted;
    size_t n;
    file_list gone;
} gone_ctx;

static void note_gone(void *arg, const char *path, const char *hash, const char *at)
{
    (void)hash; (void)at;
    gone_ctx *g = arg;
    if (!path || !g->n || !bsearch(&path, g->sorted, g->n, sizeof *g->sorted, by_name))
        list_add(&g->gone, path ? path : "");
}

static bool remove_missing(run *ctx, const file_list *files)
{
    gone_ctx g = { .n = files->n, .gone = { .mem = arena_new() } };
    g.sorted = malloc((files->n + 1) * sizeof *g.sorted);
    if (!g.sorted) abort();
    if (files->n) {
        memcpy(g.sorted, files->paths, files->n * sizeof *g.sorted);
        qsort(g.sorted, files->n, sizeof *g.sorted, by_name);
    }
    bool ok = db_each_stored(ctx->db, note_gone, &g);
    for (size_t i = 0; ok && i < g.gone.n; i++) {
        if (db_delete_report(ctx->db, g.gone.paths[i])) ctx->n->removed++;
        else ok = false;
    }
    free(g.sorted);
    file_list_free(&g.gone);
    return ok;
}

/* One error per file that repeats an earlier file's agency and year. */
static void say_duplicate(void *arg, const char *path, const char *agency, int year,
                          const char *shown)
{
    run *ctx = arg;
    char *full = path_join(ctx->dir, path ? path : "");
    diag_error(ctx->d, full, 0, "%s %d is also reported by %s/%s; both are stored, "
               "the site shows %s/%s", agency ? agency : "", year, ctx->dir, shown ? shown : "",
               ctx->dir, shown ? shown : "");
    free(full);
}

bool ingest_dir(db *db, const char *dir, bool progress, diag *d, ingest_counts *n)
{
    file_list files;
    if (!file_list_read(&files, dir, d)) return false;
    run *ctx = calloc(1, sizeof *ctx);
    if (!ctx) abort();
    *ctx = (run){ .db = db, .dir = dir, .d = d, .n = n, .progress = progress,
                  .files = &files, .mem = arena_new() };
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ctx->now, sizeof ctx->now, "%Y-%m-%dT%H:%M:%SZ", &tm);

    ctx->in_run = db_run_active(db);
    bool ok = load_stored(ctx);
    bool bulk = ok && files.n >= ctx->nstored + INGEST_BULK;
    if (bulk) ok = db_bulk_begin(db);
    if (ok) ingest_files(ctx);
    if (progress) fputs("\r\033[K", stderr);
    if (ctx->lost) {
        diag_error(d, db_path(db), 0, "the database could not be written, and SQLite rolled "
                   "the run back: nothing of this run is stored");
        ok = false;
    }
    if (bulk && !db_bulk_end(db)) ok = false;
    if (ok && files.incomplete)
        diag_warning(d, dir, 0, "some folders could not be read; no report was removed");
    else if (ok)
        ok = remove_missing(ctx, &files);
    if (ok) ok = place_agencies(db);
    if (ok) ok = db_derive_findings(db);
    if (ok) ok = db_each_duplicate(db, say_duplicate, ctx);
    for (size_t i = 0; i < RING; i++) buf_free(&ctx->ring[i].bytes);
    free(ctx->stored);
    arena_free(ctx->mem);
    free(ctx);
    file_list_free(&files);
    return ok;
}
