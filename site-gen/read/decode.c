/*
 * decode.c: charset detection and conversion with iconv.
 *
 * UTF-8 validation is done here rather than through iconv because the
 * offset of the first bad byte is what the user needs to see.  GBK input
 * is converted as GB18030, which contains GBK and GB2312, so one
 * conversion covers all three names.
 */
#include "read/read.h"

#include "base/text.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int line_at(const char *s, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n') line++;
    return line;
}

static bool is_gb_name(const char *cs)
{
    return cs && (strcasecmp(cs, "gbk") == 0 || strcasecmp(cs, "gb2312") == 0 ||
                  strcasecmp(cs, "gb18030") == 0 || strcasecmp(cs, "x-gbk") == 0 ||
                  strcasecmp(cs, "cp936") == 0);
}

/* GB18030 -> UTF-8; NULL if the bytes are not GB18030. */
static char *from_gb18030(const char *bytes, size_t len, size_t *out_len, size_t *bad)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) return NULL;
    size_t cap = len * 2 + 16;
    char *out = malloc(cap);
    if (!out) { iconv_close(cd); return NULL; }
    char *in = (char *)bytes, *o = out;
    size_t inleft = len, oleft = cap - 1;
    while (inleft > 0) {
        if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1) continue;
        if (errno == E2BIG) {
            size_t used = (size_t)(o - out);
            cap *= 2;
            char *grown = realloc(out, cap);
            if (!grown) break;
            out = grown;
            o = out + used;
            oleft = cap - used - 1;
            continue;
        }
        *bad = (size_t)(in - bytes);
        free(out);
        iconv_close(cd);
        return NULL;
    }
    iconv_close(cd);
    if (inleft > 0) { free(out); *bad = (size_t)(in - bytes); return NULL; }
    *o = '\0';
    *out_len = (size_t)(o - out);
    return out;
}

decoded decode_text(const char *bytes, size_t len, const char *declared)
{
    decoded d = {0};
    if (memchr(bytes, '\0', len)) {
        d.error = "binary file (it contains NUL bytes), not a report";
        d.error_line = line_at(bytes, (size_t)((const char *)memchr(bytes, '\0', len) - bytes));
        return d;
    }
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
        bytes += 3;
        len -= 3;
        declared = "utf-8";
    }
    size_t bad = 0, gb_bad = 0;
    bool utf8 = utf8_valid(bytes, len, &bad);
    if (is_gb_name(declared) || !utf8) {
        d.text = from_gb18030(bytes, len, &d.len, &gb_bad);
        if (d.text) { d.charset = "GB18030"; return d; }
        if (!utf8) {
            d.error = "invalid UTF-8, and not GBK either";
            d.error_line = line_at(bytes, bad);
            return d;
        }
    }
    d.text = malloc(len + 1);
    if (!d.text) { d.error = "out of memory"; return d; }
    memcpy(d.text, bytes, len);
    d.text[len] = '\0';
    d.len = len;
    d.charset = "UTF-8";
    return d;
}
