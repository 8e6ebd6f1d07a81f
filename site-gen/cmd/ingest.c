/*
 * cmd_ingest.c: the 'ingest' subcommand.
 *
 * Reads the options, opens the database, stores the registry, and hands
 * the folder to ingest_dir().  The registry files default to the folder
 * above DIR (content/agencies.csv for content/reports), so the usual
 * layout needs no options.  An explicitly named registry file that cannot
 * be read is an argument error; a missing default only means that every
 * agency is unregistered.
 *
 * Exit status: 0 every file ingested, 1 some failed (the rest were
 * ingested), 2 bad arguments or an unusable database.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "store/db.h"
#include "store/ingest.h"
#include "store/registry.h"

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

typedef struct options {
    const char *db, *registry, *regions, *dir;
    bool quiet;
    char *owned[2];         /* defaults built from DIR */
} options;

/* The folder holding PATH's last component ("." when none). */
static char *parent_of(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--;
    const char *last = path + n;
    while (last > path && last[-1] != '/') last--;
    size_t comp = (size_t)(path + n - last);
    char *out = malloc(n + 4);
    if (!out) abort();
    if ((comp == 1 && last[0] == '.') || (comp == 2 && last[0] == '.' && last[1] == '.'))
        snprintf(out, n + 4, "%.*s/..", (int)n, path);      /* "." or "..": go up */
    else if (last == path) snprintf(out, n + 4, ".");
    else if (last - 1 == path) snprintf(out, n + 4, "/");
    else snprintf(out, n + 4, "%.*s", (int)(last - 1 - path), path);
    return out;
}

static char *beside(const char *folder, const char *name)
{
    size_t n = strlen(folder) + strlen(name) + 2;
    char *out = malloc(n);
    if (!out) abort();
    snprintf(out, n, "%s/%s", folder, name);
    return out;
}

/* 0 to go on, else the exit status. */
static int parse_args(int argc, char **argv, options *o)
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

/* Makes sure the folder that will hold the database exists. */
static void make_parent(const char *path)
{
    char *parent = parent_of(path);
    struct stat st;
    if (stat(parent, &st) != 0) mkdir(parent, 0777);       /* open reports any failure */
    free(parent);
}

/* Reads and stores the registry; 0 to go on, else the exit status. */
static int load_registry(options *o, db *db, diag *d)
{
    bool registry_named = o->registry != NULL, regions_named = o->regions != NULL;
    if (!o->registry) {
        char *up = parent_of(o->dir);
        o->registry = o->owned[0] = beside(up, "agencies.csv");
        free(up);
    }
    if (!o->regions) {
        char *up = parent_of(o->registry);
        o->regions = o->owned[1] = beside(up, "regions.csv");
        free(up);
    }
    registry *reg = registry_new();
    bool have_agencies = access(o->registry, F_OK) == 0 || registry_named;
    bool have_regions = access(o->regions, F_OK) == 0 || regions_named;
    int status = 0;
    if (have_agencies && !registry_read_agencies(reg, o->registry, d)) status = 2;
    if (have_regions && !registry_read_regions(reg, o->regions, d)) status = 2;
    if (!have_agencies && !o->quiet)
        diag_warning(d, o->registry, 0, "no agency registry; every agency is unregistered");
    if (status == 0 && !registry_store(reg, db, d)) status = 2;
    registry_free(reg);
    return status;
}

int cmd_ingest(int argc, char **argv)
{
    options o = { .db = "build/site.db" };
    int status = parse_args(argc, argv, &o);
    if (status) return status;
    struct stat st;
    if (stat(o.dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: error: not a folder\n", o.dir);
        return 2;
    }
    diag d = { .out = stderr };
    make_parent(o.db);
    db *db = db_open(o.db, &d);
    if (!db) return 2;
    status = load_registry(&o, db, &d);
    ingest_counts n = { 0 };
    if (status == 0) {
        bool progress = !o.quiet && isatty(fileno(stderr));
        if (!ingest_dir(db, o.dir, progress, &d, &n)) status = 2;
        else status = n.failed ? 1 : 0;
        if (!o.quiet)
            fprintf(stderr, "ingest: %d added, %d changed, %d unchanged, %d removed, %d failed\n",
                    n.added, n.changed, n.unchanged, n.removed, n.failed);
    }
    db_close(db);
    free(o.owned[0]);
    free(o.owned[1]);
    return status;
}
