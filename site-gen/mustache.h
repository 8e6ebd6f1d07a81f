/*
 * mustache.h: the Mustache template engine (the official spec, with the
 * optional inheritance, dynamic-name and lambda modules).
 *
 * A template is compiled once into a token tree and rendered many times
 * against jansson values.  Partials and parents are found by name through
 * a loader, which reads DIR/NAME.mustache on first use, compiles it, and
 * keeps it for the loader's lifetime.  Every failure is described in a
 * mustache_error as "template:line:column: message".
 */
#ifndef MUSTACHE_H
#define MUSTACHE_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"

typedef struct mustache_error {
    char message[512];      /* "template:line:column: message" */
} mustache_error;

typedef struct mustache_template mustache_template;
typedef struct mustache_loader mustache_loader;

/* Compiles `src`; `name` is used in error messages.  NULL and *err on failure. */
mustache_template *mustache_compile(const char *name, const char *src, size_t len,
                                    mustache_error *err);
void mustache_template_free(mustache_template *t);

/* A loader for templates in `dir` (NULL: only what mustache_loader_add gives it). */
mustache_loader *mustache_loader_new(const char *dir);
void mustache_loader_free(mustache_loader *l);
/* Registers a template from memory under `name` (replacing any). 0 on success. */
int mustache_loader_add(mustache_loader *l, const char *name, const char *src, size_t len,
                        mustache_error *err);
/* The template `name`, compiled and cached; owned by the loader. */
const mustache_template *mustache_loader_get(mustache_loader *l, const char *name,
                                             mustache_error *err);

/* Renders `t` with `data` as the root context, appending to `out`.
 * `partials` may be NULL (then every partial is empty).  0 on success. */
int mustache_render(const mustache_template *t, json_t *data, mustache_loader *partials,
                    buf *out, mustache_error *err);

#endif
