/*
 * main.c: the entry point.  Chooses the subcommand; everything else lives
 * in the command's own file.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "base/version.h"

static const char usage[] =
    "usage: site-gen COMMAND [OPTIONS] ...\n"
    "\n"
    "Builds the annual-report portal: reads reports, stores them in SQLite,\n"
    "renders the site through Mustache templates.\n"
    "\n"
    "commands:\n"
    "  parse [--strict] FILE... print the canonical JSON record of each report\n"
    "  ingest [--db PATH] [--registry FILE] [--regions FILE] [--quiet] DIR\n"
    "                           load every report under DIR into SQLite\n"
    "  build [--db PATH] [--templates DIR] [--content DIR] [--out DIR] [--quiet]\n"
    "                           render the site from SQLite\n"
    "  mustache DATA.json TEMPLATE [--partials DIR] [--strict]\n"
    "                           render one template to standard output\n"
    "  serve [--db PATH] [--templates DIR] [--content DIR] [--out DIR] [--port N]\n"
    "                           build, serve on 127.0.0.1, rebuild on every change\n"
    "\n"
    "Run 'site-gen COMMAND --help' for a command's options.\n";

int main(int argc, char **argv)
{
    /* Past `ulimit -f`, a write fails with EFBIG and is reported, rather
     * than the kernel's SIGXFSZ ending the process without a word. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("site-gen %s\n", SITE_GEN_VERSION);
        return 0;
    }
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } commands[] = {
        { "parse", cmd_parse },
        { "ingest", cmd_ingest },
        { "build", cmd_build },
        { "mustache", cmd_mustache },
        { "serve", cmd_serve },
    };
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "site-gen: unknown command '%s'\n\n%s", argv[1], usage);
    return 2;
}
