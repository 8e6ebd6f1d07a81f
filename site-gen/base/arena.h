/*
 * arena.h: region allocation.
 *
 * An arena owns every block allocated from it and frees them all at once.
 * A parsed report, a document being read and a page view each live in one
 * arena, so their many small strings need no individual bookkeeping and
 * no free() can be forgotten.  Allocation failure aborts: the tool has no
 * sensible way to go on without memory.
 */
#ifndef ARENA_H
#define ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);

/* Zeroed, aligned for any type. */
void *arena_alloc(arena *a, size_t size);
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);

#endif
