/*
 * cmd.h: the tool's subcommands.  main.c reads the first argument
 * and hands the rest to one of these; each returns the process exit code
 * (0 ok, 1 findings or failures the user asked to be strict about,
 * 2 unusable input or arguments).
 */
#ifndef COMMANDS_H
#define COMMANDS_H

int cmd_parse(int argc, char **argv);      /* cmd_parse.c */
int cmd_ingest(int argc, char **argv);     /* cmd_ingest.c */
int cmd_build(int argc, char **argv);      /* cmd_build.c */
int cmd_mustache(int argc, char **argv);   /* cmd_mustache.c */

#endif
