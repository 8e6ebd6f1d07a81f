/*
 * parse.c: the 'parse' subcommand.
 *
 * Prints each report's canonical JSON record (an array when several files
 * are given) and says what went wrong on stderr as "file:line: message".
 * The exit code tells a script what happened: 2 when a file could not be
 * used, 1 under --strict when a record has findings, else 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "base/diag.h"
#include "record/record.h"
#include "base/version.h"

static const char usage[] =
    "usage: site-gen parse [--strict] FILE...\n"
    "\n"
    "Reads annual reports (text from PDF or Word, HTML, Markdown) and prints\n"
    "the canonical JSON record of each: one object for one file, an array\n"
    "for several.  Problems are printed on stderr as file:line: message.\n"
    "\n"
    "options:\n"
    "  --strict     print each finding on stderr and exit 1 if there are any\n"
    "  --help       show this help\n"
    "  --version    show the version\n"
    "\n"
    "exit status: 0 ok, 1 findings (with --strict), 2 unreadable input or bad arguments\n";

static void report_findings(const record *r, diag *d)
{
    for (const finding *f = r->findings; f; f = f->next)
        diag_warning(d, r->source, f->line, "%s (%s): %s", f->code, f->where, f->message);
}

int cmd_parse(int argc, char **argv)
{
    bool strict = false;
    int first = 1;
    for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
        if (strcmp(argv[first], "--") == 0) { first++; break; }
        if (strcmp(argv[first], "--help") == 0 || strcmp(argv[first], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (strcmp(argv[first], "--version") == 0) {
            printf("site-gen %s\n", SITE_GEN_VERSION);
            return 0;
        }
        if (strcmp(argv[first], "--strict") == 0) { strict = true; continue; }
        fprintf(stderr, "site-gen parse: unknown option '%s'\n\n%s", argv[first], usage);
        return 2;
    }
    int nfiles = argc - first;
    if (nfiles < 1) {
        fputs(usage, stderr);
        return 2;
    }
    diag d = { stderr, 0, 0 };
    int unusable = 0, with_findings = 0;
    json_t *all = json_array();
    for (int i = first; i < argc; i++) {
        record *r = parse_file(argv[i], &d);
        if (!r) { unusable++; continue; }
        if (r->findings) {
            with_findings++;
            if (strict) report_findings(r, &d);
        }
        json_array_append_new(all, record_to_json(r));
        record_free(r);
    }
    json_t *out = nfiles == 1 ? json_array_get(all, 0) : all;
    if (out) {
        char *s = json_dumps(out, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
        if (s) {
            fputs(s, stdout);
            putchar('\n');
            free(s);
        }
    }
    json_decref(all);
    if (fflush(stdout) != 0) return 2;
    if (unusable) return 2;
    return strict && with_findings ? 1 : 0;
}
