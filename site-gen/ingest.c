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
 * read into one buffer reused across files, hash; the stored hash decides
 * whether to parse at all.  Parsing goes through parse_bytes() on those
 * bytes, so the file is read once and the original stored is exactly
 * what was hashed and parsed.
 *
 * When a progress line is on screen, each file's messages are collected
 * in memory and printed after clearing the line, so messages and the
 * progress display never share a line.
 *
 * When at least INGEST_BULK more files than stored reports are about to
 * be stored, the scattered cells index is dropped for the run and built
 * again at the end (db_bulk_begin), which keeps one transaction per
 * report cheap.
 *
 * The final pass computes the cross-report findings in SQL as a set
 * ("what should exist"), deletes the stored ones that no longer apply and
 * inserts the missing ones, so an unchanged database is not rewritten.
 */
#include "ingest.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "decode.h"
#include "parse.h"

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

/* Sorted names in DIR, without dotfiles; NULL-terminated, in l->mem. */
static char **folder_names(file_list *l, const char *dir, diag *d)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        diag_error(d, dir, 0, "cannot read folder: %s", strerror(errno));
        return NULL;
    }
    size_t n = 0, cap = 16;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while (names && (e = readdir(dh)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (n + 1 == cap) names = realloc(names, (cap *= 2) * sizeof *names);
        if (names) names[n++] = arena_strdup(l->mem, e->d_name);
    }
    closedir(dh);
    if (!names) abort();
    qsort(names, n, sizeof *names, by_name);
    names[n] = NULL;
    char **kept = arena_alloc(l->mem, (n + 1) * sizeof *kept);
    memcpy(kept, names, (n + 1) * sizeof *kept);
    free(names);
    return kept;
}

/* Adds the files under ROOT/REL (REL "" for ROOT itself). */
static bool walk(file_list *l, const char *root, const char *rel, diag *d)
{
    char *dir = rel[0] ? arena_printf(l->mem, "%s/%s", root, rel) : (char *)root;
    char **names = folder_names(l, dir, d);
    if (!names) return false;
    bool ok = true;
    for (char **name = names; *name; name++) {
        char *sub = rel[0] ? arena_printf(l->mem, "%s/%s", rel, *name) : *name;
        char *full = arena_printf(l->mem, "%s/%s", root, sub);
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
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        diag_error(d, dir, 0, "not a folder: %s", errno ? strerror(errno) : "");
        return false;
    }
    DIR *probe = opendir(dir);
    if (!probe) {
        diag_error(d, dir, 0, "cannot read folder: %s", strerror(errno));
        return false;
    }
    closedir(probe);
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

/* DIR/REL, malloc'd. */
static char *path_join(const char *dir, const char *rel)
{
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *s = malloc(n);
    if (!s) abort();
    snprintf(s, n, "%s/%s", dir, rel);
    return s;
}

typedef struct run {
    db *db;
    const char *dir;
    diag *d;                /* where the user's messages go */
    ingest_counts *n;
    char now[32];           /* ingested_at for this run */
    buf bytes;              /* the current file, reused */
    bool progress;
    size_t done, total;
    struct timespec drawn;
} run;

static bool read_all(run *ctx, const char *full, diag *d)
{
    FILE *f = fopen(full, "rb");
    if (!f) {
        diag_error(d, full, 0, "cannot read: %s", strerror(errno));
        return false;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && st.st_size > INGEST_MAX_BYTES) {
        diag_error(d, full, 0, "%lld bytes is more than any report (limit %d); not read",
                   (long long)st.st_size, INGEST_MAX_BYTES);
        fclose(f);
        return false;
    }
    buf_clear(&ctx->bytes);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 &&
           ctx->bytes.len <= INGEST_MAX_BYTES)
        buf_append(&ctx->bytes, chunk, got);
    bool failed = ferror(f);
    fclose(f);
    if (failed) diag_error(d, full, 0, "cannot read: %s", strerror(errno));
    else if (ctx->bytes.len > INGEST_MAX_BYTES)
        diag_error(d, full, 0, "more than %d bytes, more than any report; not read",
                   INGEST_MAX_BYTES);
    return !failed && ctx->bytes.len <= INGEST_MAX_BYTES;
}

/* The charset the reader reported, else what decode would pick. */
static const char *charset_of(const record *r, const buf *b)
{
    if (r->charset) return r->charset;
    size_t skip = b->len >= 3 && memcmp(b->data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    return utf8_valid(b->data + skip, b->len - skip, NULL) ? "UTF-8" : "GB18030";
}

static void failed(run *ctx, const char *full, const stored_report *old, diag *d)
{
    ctx->n->failed++;
    if (old)
        diag_warning(d, full, 0, "the version ingested at %s stays published", old->ingested_at);
}

static void ingest_one(run *ctx, const char *rel, diag *d)
{
    char *full = path_join(ctx->dir, rel);
    stored_report old;
    bool known = db_find_report(ctx->db, rel, &old);
    if (!read_all(ctx, full, d)) {
        failed(ctx, full, known ? &old : NULL, d);
        free(full);
        return;
    }
    char hash[17];
    content_hash(ctx->bytes.data, ctx->bytes.len, hash);
    if (known && strcmp(hash, old.content_hash) == 0) {
        ctx->n->unchanged++;
        free(full);
        return;
    }
    int errors = d->errors;
    record *r = parse_bytes(full, ctx->bytes.data, ctx->bytes.len, d);
    if (!r && d->errors == errors) diag_error(d, full, 0, "not a report");
    if (r && (!r->agency || !r->year)) {
        diag_error(d, full, 0, "no %s found; a report cannot be stored without it",
                   !r->agency && !r->year ? "agency or year" : !r->agency ? "agency" : "year");
        record_free(r);
        r = NULL;
    }
    if (!r) {
        failed(ctx, full, known ? &old : NULL, d);
        free(full);
        return;
    }
    report_file f = { .source_path = rel, .bytes = ctx->bytes.data, .len = ctx->bytes.len,
                      .content_hash = hash, .charset = charset_of(r, &ctx->bytes),
                      .ingested_at = ctx->now };
    bool registered = true;
    if (!db_store_report(ctx->db, r, &f, &registered, d)) {
        failed(ctx, full, known ? &old : NULL, d);
    } else {
        if (known) ctx->n->changed++;
        else ctx->n->added++;
        if (!registered)
            diag_warning(d, full, 0, "agency %s is not in the registry; stored as unregistered",
                         r->agency);
    }
    record_free(r);
    free(full);
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
    if (!force && since(&ctx->drawn) < 0.1) return;
    clock_gettime(CLOCK_MONOTONIC, &ctx->drawn);
    fprintf(stderr, "\r\033[Kingest: %zu/%zu files", ctx->done, ctx->total);
    fflush(stderr);
}

/* Runs one file with its messages held back while the progress line shows. */
static void ingest_shown(run *ctx, const char *rel)
{
    if (!ctx->progress) {
        ingest_one(ctx, rel, ctx->d);
        return;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *held = open_memstream(&text, &len);
    diag d = { .out = held ? held : ctx->d->out };
    ingest_one(ctx, rel, &d);
    if (held) fclose(held);
    if (len) {
        fputs("\r\033[K", stderr);
        fwrite(text, 1, len, stderr);
        draw(ctx, true);
    }
    free(text);
    ctx->d->errors += d.errors;
    ctx->d->warnings += d.warnings;
    ctx->done++;
    draw(ctx, false);
}

/* ---- removal and cross-report findings ---- */

static bool remove_missing(run *ctx, const file_list *files)
{
    char **sorted = malloc((files->n + 1) * sizeof *sorted);
    if (!sorted) abort();
    memcpy(sorted, files->paths, files->n * sizeof *sorted);
    qsort(sorted, files->n, sizeof *sorted, by_name);

    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_sqlite(ctx->db), "SELECT source_path FROM reports",
                           -1, &st, NULL) != SQLITE_OK) {
        diag_error(ctx->d, db_path(ctx->db), 0, "%s", sqlite3_errmsg(db_sqlite(ctx->db)));
        free(sorted);
        return false;
    }
    file_list gone = { .mem = arena_new() };
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *path = (const char *)sqlite3_column_text(st, 0);
        if (!bsearch(&path, sorted, files->n, sizeof *sorted, by_name)) list_add(&gone, path);
    }
    sqlite3_finalize(st);
    free(sorted);
    bool ok = true;
    for (size_t i = 0; i < gone.n; i++) {
        if (db_delete_report(ctx->db, gone.paths[i], ctx->d)) ctx->n->removed++;
        else ok = false;
    }
    file_list_free(&gone);
    return ok;
}

static const char derived_findings_sql[] =
    "BEGIN IMMEDIATE;"
    "CREATE TEMP TABLE IF NOT EXISTS derived (report_id INTEGER, code TEXT, message TEXT,"
    " PRIMARY KEY (report_id, code, message)) WITHOUT ROWID;"
    "DELETE FROM temp.derived;"
    "INSERT OR IGNORE INTO temp.derived"
    " SELECT r.id, 'unregistered', '“' || a.name || '”未列入本站机构名录，所属地区不详。'"
    " FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE a.registered = 0;"
    "INSERT OR IGNORE INTO temp.derived"
    " SELECT r.id, 'duplicate', '同一机构同一年度还有另一份报告文件：' || o.source_path ||"
    "  CASE WHEN r.source_path < o.source_path THEN '。本站展示本文件。'"
    "  ELSE '。本站展示该文件。' END"
    " FROM reports r JOIN reports o"
    "  ON o.agency_id = r.agency_id AND o.year = r.year AND o.id <> r.id;"
    "DELETE FROM findings WHERE code IN ('unregistered', 'duplicate') AND NOT EXISTS"
    " (SELECT 1 FROM temp.derived x WHERE x.report_id = findings.report_id"
    "  AND x.code = findings.code AND x.message = findings.message);"
    "INSERT INTO findings (report_id, code, location, message, line)"
    " SELECT x.report_id, x.code, 'document', x.message, NULL FROM temp.derived x"
    " WHERE NOT EXISTS (SELECT 1 FROM findings f WHERE f.report_id = x.report_id"
    "  AND f.code = x.code AND f.message = x.message);"
    "DELETE FROM agencies WHERE registered = 0 AND NOT EXISTS"
    " (SELECT 1 FROM reports r WHERE r.agency_id = agencies.id);"
    "COMMIT;";

/* One error per file that repeats an earlier file's agency and year. */
static void report_duplicates(run *ctx)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_sqlite(ctx->db),
            "SELECT r.source_path, a.name, r.year, p.source_path"
            " FROM reports r JOIN agencies a ON a.id = r.agency_id"
            " JOIN report_pages p ON p.agency_id = r.agency_id AND p.year = r.year"
            " WHERE p.id <> r.id ORDER BY r.source_path", -1, &st, NULL) != SQLITE_OK) {
        diag_error(ctx->d, db_path(ctx->db), 0, "%s", sqlite3_errmsg(db_sqlite(ctx->db)));
        return;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        char *path = path_join(ctx->dir, (const char *)sqlite3_column_text(st, 0));
        diag_error(ctx->d, path, 0, "%s %d is also reported by %s/%s; both are stored, "
                   "the site shows %s/%s",
                   (const char *)sqlite3_column_text(st, 1), sqlite3_column_int(st, 2),
                   ctx->dir, (const char *)sqlite3_column_text(st, 3),
                   ctx->dir, (const char *)sqlite3_column_text(st, 3));
        free(path);
    }
    sqlite3_finalize(st);
}

static size_t stored_count(db *db)
{
    sqlite3_stmt *st;
    size_t n = 0;
    if (sqlite3_prepare_v2(db_sqlite(db), "SELECT count(*) FROM reports", -1, &st, NULL)
        == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = (size_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

bool ingest_dir(db *db, const char *dir, bool progress, diag *d, ingest_counts *n)
{
    file_list files;
    if (!file_list_read(&files, dir, d)) return false;
    run ctx = { .db = db, .dir = dir, .d = d, .n = n, .progress = progress,
                .total = files.n };
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ctx.now, sizeof ctx.now, "%Y-%m-%dT%H:%M:%SZ", &tm);

    bool bulk = files.n >= stored_count(db) + INGEST_BULK;
    bool ok = !bulk || db_bulk_begin(db, d);
    for (size_t i = 0; ok && i < files.n; i++) ingest_shown(&ctx, files.paths[i]);
    if (progress) fputs("\r\033[K", stderr);
    buf_free(&ctx.bytes);
    if (bulk && !db_bulk_end(db, d)) ok = false;
    if (!ok) {
        file_list_free(&files);
        return false;
    }
    if (files.incomplete)
        diag_warning(d, dir, 0, "some folders could not be read; no report was removed");
    else
        ok = remove_missing(&ctx, &files);
    file_list_free(&files);
    if (!db_exec(db, derived_findings_sql, d)) {
        sqlite3_exec(db_sqlite(db), "ROLLBACK", NULL, NULL, NULL);
        return false;
    }
    report_duplicates(&ctx);
    return ok;
}
