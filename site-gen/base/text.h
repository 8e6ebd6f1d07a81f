/*
 * text.h: the one UTF-8 check and the one slug rule.
 *
 * Text that reaches a page, a JSON file or the database is valid UTF-8
 * (shortest forms, no surrogates, nothing past U+10FFFF).  A slug, the
 * part of a URL and a folder name that names an agency or region, is
 * [a-z0-9] then [a-z0-9-]*, at most SLUG_MAX bytes: safe in a URL and as
 * a folder name on every file system, and never "." or "..".
 */
#ifndef TEXT_H
#define TEXT_H

#include <stdbool.h>
#include <stddef.h>

enum { SLUG_MAX = 100 };

/* True when [s, s+len) is valid UTF-8; *bad (may be NULL) gets the offset
 * of the first bad byte. */
bool utf8_valid(const char *s, size_t len, size_t *bad);

/* True when S (may be NULL) follows the slug rule above. */
bool slug_valid(const char *s);

#endif
