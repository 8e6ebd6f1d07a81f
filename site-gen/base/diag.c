/*
 * diag.c: "file:line: message" reporting with counts.
 *
 * A message names files and quotes reports, and both come from outside:
 * a file name or an agency name can hold ESC sequences that would drive
 * the terminal, or bidi controls (U+202E) that make "txt.exe" read as
 * "exe.txt".  So the whole line is formatted first and written through
 * put_visible(), which shows every control character and bidi control as
 * <U+XXXX> instead of sending it.
 */
#include "base/diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/buf.h"

/* The bidi controls of Unicode: embeddings, overrides, isolates, marks. */
static bool is_bidi(uint32_t c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

/* The code point of the UTF-8 sequence at S (K bytes), or 0. */
static uint32_t code_point(const unsigned char *s, int k)
{
    uint32_t v = s[0] & (0xFF >> (k + 1));
    for (int i = 1; i < k; i++) v = (v << 6) | (s[i] & 0x3F);
    return v;
}

static void put_visible(FILE *out, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text, *end = s + len;
    while (s < end) {
        int k = *s < 0x80 ? 1 : *s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 : *s >= 0xC0 ? 2 : 1;
        if (end - s < k) k = 1;
        uint32_t c = k == 1 ? *s : code_point(s, k);
        if ((c < 0x20 && c != '\t') || c == 0x7F || (c >= 0x80 && c < 0xA0) || is_bidi(c))
            fprintf(out, "<U+%04X>", (unsigned)c);
        else
            fwrite(s, 1, (size_t)k, out);
        s += k;
    }
}

static void report(diag *d, const char *kind, const char *file, int line,
                   const char *fmt, va_list ap)
{
    if (!d->out) return;
    buf text = BUF_INIT;
    if (line > 0) buf_printf(&text, "%s:%d: %s", file, line, kind);
    else buf_printf(&text, "%s: %s", file, kind);
    buf_vprintf(&text, fmt, ap);
    put_visible(d->out, text.data, text.len);
    fputc('\n', d->out);
    buf_free(&text);
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
