/*
 * build.c: `site-gen build`, rendering the portal from SQLite.
 *
 * Reads the options and hands them to site_build() (out/out.h), which
 * renders into a temporary folder and publishes it only when the whole
 * build succeeded.  SIGINT, SIGTERM and SIGHUP are held back for the
 * build and checked between pages, so that an interrupted build removes
 * its temporary folder before the signal, unblocked, ends the process.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "out/out.h"

static const char usage[] =
    "usage: site-gen build [--db PATH] [--templates DIR] [--content DIR] [--out DIR] [--quiet]\n"
    "                      [--timings] [--force] [--jobs N]\n"
    "\n"
    "Renders the site from the database into DIR (default public/), replacing\n"
    "it only when the whole build succeeded.\n"
    "  --db PATH         the database written by 'site-gen ingest' (build/site.db)\n"
    "  --templates DIR   Mustache templates and static/ assets (templates)\n"
    "  --content DIR     site.yaml and pages/ (content)\n"
    "  --out DIR         the output folder (public)\n"
    "  --quiet           no progress line, no summary\n"
    "  --timings         say how long each part of the build took (for make bench)\n"
    "  --force           build even when nothing changed since DIR was built\n"
    "  --jobs N          write pages with N threads (default: one per core, at most 8)\n";

/* 0 ok, 1 help printed, 2 bad arguments. */
static int parse_options(int argc, char **argv, build_options *o)
{
    *o = (build_options){ "build/site.db", "templates", "content", "public", false, false, false, 0 };
    for (int i = 1; i < argc; i++) {
        const char **target = NULL;
        if (strcmp(argv[i], "--db") == 0) target = &o->db;
        else if (strcmp(argv[i], "--templates") == 0) target = &o->templates;
        else if (strcmp(argv[i], "--content") == 0) target = &o->content;
        else if (strcmp(argv[i], "--out") == 0) target = &o->out;
        else if (strcmp(argv[i], "--quiet") == 0) { o->quiet = true; continue; }
        else if (strcmp(argv[i], "--timings") == 0) { o->timings = true; continue; }
        else if (strcmp(argv[i], "--force") == 0) { o->force = true; continue; }
        else if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 64) {
                fprintf(stderr, "site-gen build: --jobs wants a number from 1 to 64, not '%s'\n", argv[i]);
                return 2;
            }
            o->jobs = (int)n;
            continue;
        }
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

int cmd_build(int argc, char **argv)
{
    build_options o;
    int rc = parse_options(argc, argv, &o);
    if (rc != 0) return rc == 1 ? 0 : 2;
    diag d = { .out = stderr };
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    sigprocmask(SIG_BLOCK, &stop, &old);
    rc = site_build(&o, &d) == 0 ? 0 : 1;
    sigprocmask(SIG_SETMASK, &old, NULL);
    return rc;
}
