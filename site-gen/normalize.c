/* normalize.c: (being written: NFKC only so far) */
#include "normalize.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

char *normalize_cell(arena *a, const char *s, size_t len)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
    if (n < 0) return arena_strndup(a, s, len);
    const char *p = (const char *)out;
    size_t m = (size_t)n;
    while (m && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++, m--;
    while (m && (p[m - 1] == ' ' || p[m - 1] == '\t' || p[m - 1] == '\r' || p[m - 1] == '\n')) m--;
    char *r = arena_strndup(a, p, m);
    free(out);
    return r;
}
