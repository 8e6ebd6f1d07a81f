/*
 * csv.c: the CSV fields of csv.h, written straight into the caller's buf.
 */
#include "base/csv.h"

#include <stdbool.h>
#include <string.h>

static void next_field(csv_line *l)
{
    if (l->fields++) buf_putc(l->out, ',');
}

/* A spreadsheet runs a field that starts with = + - @ (or a tab or CR
 * before one) as a formula, so such a field gets a leading ' and is
 * quoted: =HYPERLINK(…)局 reads as text.  Numbers are written by
 * csv_number, never through here, so -5 stays a number. */
void csv_text_n(csv_line *l, const char *s, size_t n)
{
    next_field(l);
    bool formula = n > 0 && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
    bool quote = formula;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        buf_append(l->out, s, n);
        return;
    }
    buf_putc(l->out, '"');
    if (formula) buf_putc(l->out, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') buf_putc(l->out, '"');
        buf_putc(l->out, s[i]);
    }
    buf_putc(l->out, '"');
}

void csv_text(csv_line *l, const char *s)
{
    if (s) csv_text_n(l, s, strlen(s));
    else csv_empty(l);
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
