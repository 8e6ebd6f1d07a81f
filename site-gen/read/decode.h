/*
 * decode.h: from the bytes of a file to UTF-8 text.
 *
 * Reports come as UTF-8 with or without a BOM, or as GBK (read as its
 * superset GB18030).  A declared charset (from an HTML page) is trusted
 * first; otherwise text that is valid UTF-8 is UTF-8, and anything else is
 * tried as GB18030.  Binary files (NUL bytes) and text that is neither are
 * refused with a reason and the line where it went wrong.
 */
#ifndef DECODE_H
#define DECODE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct decoded {
    char *text;             /* malloc'd, NUL-terminated, no BOM; NULL on failure */
    size_t len;
    const char *charset;    /* "UTF-8" or "GB18030" */
    const char *error;      /* static reason when text is NULL */
    int error_line;         /* 1-based line of the first bad byte, 0 if none */
} decoded;

/* `declared` may be NULL or a charset name such as "gbk", "gb2312", "utf-8". */
decoded decode_text(const char *bytes, size_t len, const char *declared);
/* True when [s, s+len) is valid UTF-8; *bad gets the offset of the first bad byte. */
bool utf8_valid(const char *s, size_t len, size_t *bad);

#endif
