/*
 * text.c: the two checks that decide whether text from a report may be
 * used as it is (text.h).  Written out by hand rather than through iconv
 * or jansson so that every stage asks the same question the same way and
 * learns where the text went wrong.
 */
#include "base/text.h"

#include <string.h>

bool utf8_valid(const char *s, size_t len, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        size_t n;
        unsigned min;
        if (c < 0x80) { i++; continue; }
        else if ((c & 0xE0) == 0xC0) { n = 1; min = 0x80; c &= 0x1F; }
        else if ((c & 0xF0) == 0xE0) { n = 2; min = 0x800; c &= 0x0F; }
        else if ((c & 0xF8) == 0xF0) { n = 3; min = 0x10000; c &= 0x07; }
        else goto fail;
        if (i + n >= len) goto fail;
        for (size_t k = 1; k <= n; k++) {
            if ((p[i + k] & 0xC0) != 0x80) goto fail;
            c = (c << 6) | (p[i + k] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) goto fail;
        i += n + 1;
    }
    return true;
fail:
    if (bad) *bad = i;
    return false;
}

bool slug_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > SLUG_MAX || s[0] == '-') return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    return true;
}
