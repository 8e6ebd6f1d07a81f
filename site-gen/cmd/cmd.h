/*
 * cmd.h: the tool's subcommands.  main.c reads the first argument
 * and hands the rest to one of these; each returns the process exit code
 * (0 ok, 1 findings or failures the user asked to be strict about,
 * 2 unusable input or arguments).
 */
#ifndef CMD_H
#define CMD_H

#include <stdbool.h>

#include "base/diag.h"

int cmd_parse(int argc, char **argv);      /* parse.c */
int cmd_ingest(int argc, char **argv);     /* ingest.c */
int cmd_build(int argc, char **argv);      /* build.c */
int cmd_mustache(int argc, char **argv);   /* mustache.c */
int cmd_serve(int argc, char **argv);      /* serve.c */

/* What `site-gen ingest` does once its options are read (ingest.c), for
 * serve as well: registry and folder in one transaction.  NULL registry
 * and regions mean the files beside DIR. */
typedef struct ingest_options {
    const char *db, *registry, *regions, *dir;
    bool quiet;
} ingest_options;
int ingest_run(ingest_options *o, diag *d);

#endif
