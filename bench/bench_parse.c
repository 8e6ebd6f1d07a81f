/*
 * bench_parse.c: parse throughput on one core.
 *
 *   bench_parse DIR
 *
 * Reads every file under DIR into memory first (the same walk as ingest),
 * then times parse_bytes() over all of them, so the figure is the parser's
 * alone: no disk, no SQLite.  Prints reports/s, how many parsed, and the
 * process's peak resident memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "base/buf.h"
#include "store/ingest.h"
#include "record/record.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: bench_parse DIR\n", stderr);
        return 2;
    }
    diag d = { .out = stderr };
    file_list files;
    if (!file_list_read(&files, argv[1], &d)) return 2;
    buf *texts = malloc((files.n ? files.n : 1) * sizeof *texts);
    char **paths = calloc(files.n ? files.n : 1, sizeof *paths);
    if (!texts || !paths) return 2;
    for (size_t i = 0; i < files.n; i++) texts[i] = BUF_INIT;
    for (size_t i = 0; i < files.n; i++) {
        paths[i] = malloc(strlen(argv[1]) + strlen(files.paths[i]) + 2);
        if (!paths[i]) return 2;
        sprintf(paths[i], "%s/%s", argv[1], files.paths[i]);
        FILE *f = fopen(paths[i], "rb");
        if (!f) continue;
        char chunk[65536];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&texts[i], chunk, got);
        fclose(f);
    }

    diag quiet = { .out = NULL };
    size_t parsed = 0, bytes = 0;
    double start = now();
    for (size_t i = 0; i < files.n; i++) {
        record *r = parse_bytes(paths[i], texts[i].data, texts[i].len,
                                &quiet);
        if (r && r->agency && r->year) parsed++;
        bytes += texts[i].len;
        record_free(r);
    }
    double secs = now() - start;

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("parse: %zu files (%.1f MB) in %.2f s: %.0f reports/s on one core; "
           "%zu with agency and year; peak RSS %ld MB\n",
           files.n, (double)bytes / 1e6, secs, secs > 0 ? (double)files.n / secs : 0.0,
           parsed, ru.ru_maxrss / 1024);
    for (size_t i = 0; i < files.n; i++) { buf_free(&texts[i]); free(paths[i]); }
    free(texts);
    free(paths);
    file_list_free(&files);
    return 0;
}
