/*
 * buf.c: growable byte buffer.  Capacity doubles, so appending n bytes
 * one at a time costs O(n) overall.  A buf with cap 0 owns no memory:
 * its data is the read-only "" of BUF_INIT, replaced on the first growth.
 */
#include "base/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *why)
{
    fprintf(stderr, "site-gen: %s\n", why);
    abort();
}

void buf_free(buf *b)
{
    if (b->cap) free(b->data);
    *b = BUF_INIT;
}

void buf_reserve(buf *b, size_t extra)
{
    if (extra >= SIZE_MAX / 2 - b->len) die("buffer size overflow");
    if (b->cap > b->len + extra) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap <= b->len + extra) cap *= 2;
    char *p = b->cap ? realloc(b->data, cap) : malloc(cap);
    if (!p) die("out of memory");
    if (!b->cap) p[0] = '\0';
    b->data = p;
    b->cap = cap;
}

void buf_append(buf *b, const void *p, size_t n)
{
    if (!n) return;
    buf_reserve(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(buf *b, const char *s)
{
    buf_append(b, s, strlen(s));
}

void buf_putc(buf *b, char c)
{
    buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n <= 0) return;
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_clear(buf *b)
{
    b->len = 0;
    if (b->cap) b->data[0] = '\0';
}

char *buf_detach(buf *b, size_t *len)
{
    buf_reserve(b, 0);
    char *p = b->data;
    if (len) *len = b->len;
    *b = BUF_INIT;
    return p;
}
