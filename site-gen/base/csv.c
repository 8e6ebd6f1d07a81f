/*
 * csv.c: the CSV fields of csv.h, written straight into the caller's buf.
 */
#include "base/csv.h"

#include <string.h>

static void next_field(csv_line *l)
{
    if (l->fields++) buf_putc(l->out, ',');
}

void csv_text(csv_line *l, const char *s)
{
    next_field(l);
    if (!s) return;
    if (!strpbrk(s, ",\"\r\n")) {
        buf_puts(l->out, s);
        return;
    }
    buf_putc(l->out, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"') buf_putc(l->out, '"');
        buf_putc(l->out, *p);
    }
    buf_putc(l->out, '"');
}

void csv_number(csv_line *l, double v)
{
    next_field(l);
    if (v == 0) v = 0;          /* no "-0" */
    buf_printf(l->out, "%.15g", v);
}

void csv_empty(csv_line *l)
{
    next_field(l);
}

void csv_end(csv_line *l)
{
    buf_puts(l->out, "\r\n");
    l->fields = 0;
}
