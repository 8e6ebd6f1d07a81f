/* cmd_mustache.c: the 'mustache' subcommand (being written). */
#include <stdio.h>

#include "commands.h"

int cmd_mustache(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("site-gen mustache: not available yet\n", stderr);
    return 2;
}
