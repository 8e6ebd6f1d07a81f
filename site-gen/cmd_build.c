/* cmd_build.c: the 'build' subcommand (being written). */
#include <stdio.h>

#include "commands.h"

int cmd_build(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("site-gen build: not available yet\n", stderr);
    return 2;
}
