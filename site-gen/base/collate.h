/*
 * collate.h: Chinese names in the order readers look them up, by pinyin
 * (ICU's "zh" collation: 安福 before 临泽 before 宁夏).
 *
 * Every list of names on the site is sorted this way.  The store stage
 * registers it with SQLite as the collation "zh" (ORDER BY name COLLATE
 * zh); code that sorts in memory calls collate_zh() itself.  The schema
 * never names it, so the database that the site offers for download
 * opens in any SQLite.
 */
#ifndef COLLATE_H
#define COLLATE_H

#include <stddef.h>

/* <0, 0 or >0 as A sorts before, with or after B (UTF-8, lengths in
 * bytes).  Bytewise when ICU cannot be used. */
int collate_zh(const char *a, size_t alen, const char *b, size_t blen);

/* The same for NUL-terminated strings; NULL sorts last. */
int collate_zh_str(const char *a, const char *b);

#endif
