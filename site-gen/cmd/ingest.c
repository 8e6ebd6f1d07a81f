/*
 * ingest.c: the 'ingest' subcommand.
 *
 * Reads the options, opens the database, stores the registry, and hands
 * the folder to ingest_dir().  The registry files default to the folder
 * above DIR (content/agencies.csv for content/reports), so the usual
 * layout needs no options.  An explicitly named registry file that cannot
 * be read is an argument error; a missing default only means that every
 * agency is unregistered.  The registry and the folder are one
 * transaction (db_run_begin): a build meanwhile, or after the run was
 * killed, sees the database as it was before it.
 *
 * Exit status: 0 every file ingested, 1 some failed (the rest were
 * ingested), 2 bad arguments or an unusable database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "base/arena.h"
#include "base/fs.h"
#include "store/db.h"

static const char usage[] =
    "usage: site-gen ingest [--db PATH] [--registry FILE] [--regions FILE] [--quiet] DIR\n"
    "\n"
    "Loads every report under DIR into the SQLite database (default build/site.db).\n"
    "Unchanged files are skipped, changed ones replaced, deleted ones removed.\n"
    "\n"
    "  --db PATH        the database file; created when missing\n"
    "  --registry FILE  the agency registry (default: agencies.csv beside DIR)\n"
    "  --regions FILE   the regions (default: regions.csv beside the registry)\n"
    "  --quiet          no progress line and no summary\n"
    "  --help           this text\n";


/* 0 to go on, else the exit status. */
static int parse_args(int argc, char **argv, ingest_options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **value = strcmp(a, "--db") == 0 ? &o->db
                           : strcmp(a, "--registry") == 0 ? &o->registry
                           : strcmp(a, "--regions") == 0 ? &o->regions : NULL;
        if (value) {
            if (i + 1 == argc) {
                fprintf(stderr, "site-gen ingest: %s needs a value\n", a);
                return 2;
            }
            *value = argv[++i];
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            o->quiet = true;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            exit(0);
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "site-gen ingest: unknown option %s\n\n%s", a, usage);
            return 2;
        } else if (o->dir) {
            fprintf(stderr, "site-gen ingest: one folder only (%s and %s)\n\n%s",
                    o->dir, a, usage);
            return 2;
        } else {
            o->dir = a;
        }
    }
    if (!o->dir) {
        fputs(usage, stderr);
        return 2;
    }
    return 0;
}

/* Reads and stores the registry; 0 to go on, else the exit status.  The
 * files default to the folder above DIR. */
static int load_registry(ingest_options *o, db *db, arena *a, diag *d)
{
    bool agencies_named = o->registry != NULL, regions_named = o->regions != NULL;
    if (!o->registry) o->registry = fs_join(a, fs_parent(a, o->dir), "agencies.csv");
    if (!o->regions) o->regions = fs_join(a, fs_parent(a, o->registry), "regions.csv");
    if (!agencies_named && access(o->registry, F_OK) != 0 && !o->quiet)
        diag_warning(d, o->registry, 0, "no agency registry; every agency is unregistered");
    return registry_load(db, o->registry, agencies_named, o->regions, regions_named, d) ? 0 : 2;
}

int ingest_run(ingest_options *o, diag *d)
{
    struct stat st;
    if (stat(o->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        diag_error(d, o->dir, 0, "not a folder");
        return 2;
    }
    arena *a = arena_new();
    int err = fs_make_parents(o->db);
    if (err) diag_error(d, o->db, 0, "cannot create its folder: %s", strerror(err));
    db *db = err ? NULL : db_open(o->db, d);
    if (!db) {
        arena_free(a);
        return 2;
    }
    int status = db_run_begin(db) ? load_registry(o, db, a, d) : 2;
    ingest_counts n = { 0 };
    if (status == 0) {
        bool progress = !o->quiet && isatty(fileno(stderr));
        if (!ingest_dir(db, o->dir, progress, d, &n)) status = 2;
        else status = n.failed ? 1 : 0;
    }
    if (!db_run_end(db, status != 2)) status = 2;
    if (status != 2 && !o->quiet)
        fprintf(stderr, "ingest: %d added, %d changed, %d unchanged, %d removed, %d failed\n",
                n.added, n.changed, n.unchanged, n.removed, n.failed);
    db_close(db);
    arena_free(a);
    return status;
}

int cmd_ingest(int argc, char **argv)
{
    ingest_options o = { .db = "build/site.db" };
    int status = parse_args(argc, argv, &o);
    if (status) return status;
    diag d = { .out = stderr };
    return ingest_run(&o, &d);
}
