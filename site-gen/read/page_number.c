/*
 * page_number.c: whether a line is a page number (page_number.h).  The
 * line is first copied without its spaces ("第 3 页" and "第3页" are the
 * same), into a fixed buffer: a page number is short, so a line longer
 * than the buffer is not one.
 */
#include "read/page_number.h"

#include <string.h>

static bool all_digits(const char *s, const char *end)
{
    if (s == end) return false;
    for (; s < end; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

/* "第N页" or "第N页共M页" (T..END). */
static bool chinese_page(const char *t, const char *end)
{
    static const char di[] = "\xE7\xAC\xAC", ye[] = "\xE9\xA1\xB5", gong[] = "\xE5\x85\xB1";
    if (end - t <= 6 || memcmp(t, di, 3) != 0) return false;
    const char *p = t + 3, *q = p;
    while (q < end && *q >= '0' && *q <= '9') q++;
    if (q == p || end - q < 3 || memcmp(q, ye, 3) != 0) return false;
    q += 3;
    if (q == end) return true;
    if (end - q < 6 || memcmp(q, gong, 3) != 0 || memcmp(end - 3, ye, 3) != 0) return false;
    return all_digits(q + 3, end - 3);
}

bool page_number(const char *line, bool bare)
{
    char t[64];
    size_t n = 0;
    for (; *line && n < sizeof t - 1; line++)
        if (*line != ' ') t[n++] = *line;
    if (*line) return false;
    t[n] = '\0';
    const char *end = t + n;
    if (all_digits(t, end)) return bare && n <= 4;
    if (n >= 3 && (t[0] == '-' || t[0] == '~') && end[-1] == t[0]) return all_digits(t + 1, end - 1);
    static const char dash[] = "\xE2\x80\x94";  /* — */
    if (n > 6 && memcmp(t, dash, 3) == 0 && memcmp(end - 3, dash, 3) == 0)
        return all_digits(t + 3, end - 3);
    if (chinese_page(t, end)) return true;
    if (n > 4 && memcmp(t, "Page", 4) == 0) return all_digits(t + 4, end);
    const char *slash = memchr(t, '/', n);
    return slash && all_digits(t, slash) && all_digits(slash + 1, end);
}
