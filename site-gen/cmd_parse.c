/* cmd_parse.c: the 'parse' subcommand (being written). */
#include <stdio.h>

#include "commands.h"

int cmd_parse(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("site-gen parse: not available yet\n", stderr);
    return 2;
}
