/*
 * arena.c: region allocation as a list of chunks.
 *
 * Small requests are carved from the current chunk; when it runs out a new
 * chunk twice the size of the last (up to a cap) is linked in front.  A
 * request larger than a chunk gets a chunk of its own, so big buffers do
 * not waste the rest of a chunk.
 */
#include "base/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FIRST_CHUNK = 4096, MAX_CHUNK = 1 << 20, ALIGN = 16 };

typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} chunk;

struct arena {
    chunk *head;
    size_t next_size;
};

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fputs("site-gen: out of memory\n", stderr);
        abort();
    }
    return p;
}

arena *arena_new(void)
{
    arena *a = xmalloc(sizeof *a);
    a->head = NULL;
    a->next_size = FIRST_CHUNK;
    return a;
}

void arena_free(arena *a)
{
    if (!a) return;
    for (chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

static chunk *chunk_new(size_t size)
{
    chunk *c = xmalloc(sizeof *c + size);
    c->used = 0;
    c->size = size;
    return c;
}

void *arena_alloc(arena *a, size_t size)
{
    size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (size == 0) size = ALIGN;
    chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        if (size > a->next_size / 2) {
            /* Large: its own chunk, kept behind the current one. */
            chunk *big = chunk_new(size);
            big->used = size;
            if (c) { big->next = c->next; c->next = big; }
            else { big->next = NULL; a->head = big; }
            memset(big->data, 0, size);
            return big->data;
        }
        c = chunk_new(a->next_size);
        c->next = a->head;
        a->head = c;
        if (a->next_size < MAX_CHUNK) a->next_size *= 2;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) n = 0;
    char *d = arena_alloc(a, (size_t)n + 1);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    return d;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *d = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return d;
}
