/*
 * diag.h: messages about bad input, for the person running the build.
 *
 * Every problem with a file is reported as "file:line: message" on the
 * diag's stream (stderr in the tool), so editors and terminals can jump to
 * it.  Line 0 means the file as a whole and is printed "file: message".
 * The diag counts what it printed, so a command can choose its exit code.
 */
#ifndef DIAG_H
#define DIAG_H

#include <stdio.h>

typedef struct diag {
    FILE *out;      /* where messages go; NULL to keep quiet */
    int errors;     /* the input could not be used */
    int warnings;   /* used, with a problem worth saying */
} diag;

void diag_error(diag *d, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_warning(diag *d, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
