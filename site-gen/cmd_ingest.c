/* cmd_ingest.c: the 'ingest' subcommand (being written). */
#include <stdio.h>

#include "commands.h"

int cmd_ingest(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("site-gen ingest: not available yet\n", stderr);
    return 2;
}
