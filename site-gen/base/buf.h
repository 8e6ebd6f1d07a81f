/*
 * buf.h: a growable byte buffer.
 *
 * The one type for building output: rendered pages, JSON text, CSV rows.
 * `data` is never NULL and always NUL-terminated, so it can be used as a
 * C string, but the length is `len`, and the bytes may contain NULs.  An
 * empty buf (BUF_INIT, or after buf_free) points at a shared "" that is
 * never written; the first append gives it memory of its own.  Allocation
 * failure, or a size that would overflow, aborts.
 */
#ifndef BUF_H
#define BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *data;         /* never NULL; read-only "" while cap is 0 */
    size_t len, cap;
} buf;

#define BUF_INIT ((buf){ .data = (char *)"", .len = 0, .cap = 0 })

void buf_free(buf *b);
void buf_reserve(buf *b, size_t extra);
void buf_append(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Empties the buffer, keeping its memory. */
void buf_clear(buf *b);
/* Hands the bytes to the caller (to free()); the buffer becomes empty. */
char *buf_detach(buf *b, size_t *len);

#endif
