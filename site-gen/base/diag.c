/* diag.c: "file:line: message" reporting with counts. */
#include "base/diag.h"

#include <stdarg.h>

static void report(diag *d, const char *kind, const char *file, int line,
                   const char *fmt, va_list ap)
{
    if (!d->out) return;
    if (line > 0) fprintf(d->out, "%s:%d: %s", file, line, kind);
    else fprintf(d->out, "%s: %s", file, kind);
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
}

void diag_error(diag *d, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(d, "error: ", file, line, fmt, ap);
    va_end(ap);
    d->errors++;
}

void diag_warning(diag *d, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(d, "warning: ", file, line, fmt, ap);
    va_end(ap);
    d->warnings++;
}
