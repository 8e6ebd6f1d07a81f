/*
 * mustache.h: the Mustache template engine (the official spec, with the
 * optional inheritance, dynamic-name and lambda modules).
 *
 * A template is compiled once into a token tree and rendered many times
 * against jansson values.  Partials and parents are found by name through
 * a loader, which reads DIR/NAME.mustache on first use, compiles it, and
 * keeps it for the loader's lifetime.  Every failure is described in a
 * mustache_error as "template:line:column: message".
 *
 * Values: strings render as themselves (HTML-escaped by {{x}}), integers
 * in decimal, reals in the shortest form that reads back as the same
 * double, true/false as "true"/"false", null/objects/arrays as nothing.
 * Falsy for sections: a missing name, null, false, "" and [].
 *
 * Lambdas: jansson cannot hold a C function, so a lambda in the data is
 * an object with a string member "__lambda__" naming it, e.g.
 * {"greeting": {"__lambda__": "greet"}}.  When rendering with options
 * whose `lambda` is set, such a value is handed to that callback with
 * its name: for {{x}}/{{{x}}} with text NULL (the returned text is then
 * rendered with the default delimiters, and escaped by {{x}}); for
 * {{#x}}…{{/x}} with the section's raw, unrendered text (the returned
 * text is rendered with the delimiters in force at the section).  An
 * inverted section over a lambda renders nothing.  Without a callback
 * such objects are ordinary objects.
 */
#ifndef MUSTACHE_H
#define MUSTACHE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/buf.h"

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
/* Strict loaders make a partial or parent that does not exist an error
 * ("template:line:column: unknown partial 'x'", or "unknown parent 'x'")
 * instead of the spec's empty string.  Loaders start lenient, as the spec
 * asks; a site build should make its loader strict. */
void mustache_loader_strict(mustache_loader *l, bool strict);

/* Called by a lenient loader when a tag names a partial or parent that
 * does not exist, which then renders as the empty string.  `message` is
 * "template:line:column: warning: unknown partial 'x'" (or "parent"),
 * valid during the call only. */
typedef void (*mustache_warn_fn)(void *ctx, const char *message);
/* Sets the loader's warning callback (NULL: none, the default); `ctx` is
 * passed to it as is.  It is called once per missing name for the
 * loader's lifetime, at the first tag that asks for it, however often
 * that tag is rendered, and never by a strict loader (whose render fails
 * instead). */
void mustache_loader_warn(mustache_loader *l, mustache_warn_fn fn, void *ctx);

/* Renders `t` with `data` as the root context, appending to `out`.
 * `partials` may be NULL (then every partial is empty).  0 on success. */
int mustache_render(const mustache_template *t, json_t *data, mustache_loader *partials,
                    buf *out, mustache_error *err);

/* A lambda (see the top of this file).  `text` is NULL for an
 * interpolation, the section's raw text (`len` bytes) for a section.
 * Appends the template text to render to `result`; returns 0, or -1 to
 * fail the render ("lambda 'name' failed"). */
typedef int (*mustache_lambda_fn)(void *ctx, const char *name, const char *text,
                                  size_t len, buf *result);

typedef struct mustache_options {
    mustache_lambda_fn lambda;  /* NULL: no lambdas */
    void *lambda_ctx;           /* passed to `lambda` as is */
    size_t max_output;          /* bytes one render may write; 0: MUSTACHE_MAX_OUTPUT */
    size_t max_steps;           /* tags and texts it may render; 0: MUSTACHE_MAX_STEPS */
} mustache_options;

/* mustache_render with options; `opts` may be NULL. */
int mustache_render_with(const mustache_template *t, json_t *data,
                         mustache_loader *partials, const mustache_options *opts,
                         buf *out, mustache_error *err);

/* Limits: sections nested in one template; partials, parents, blocks
 * and lambdas nested while rendering; and both together while rendering
 * (which bounds the C stack).  Past them is an error with its own message. */
#define MUSTACHE_MAX_SECTION_DEPTH 100
#define MUSTACHE_MAX_RENDER_DEPTH 100
#define MUSTACHE_MAX_LEVELS 1000

/* What one render may do: write 64 MiB and render 10 million tags and
 * pieces of text (a page of the comparison site of tests/compare/ writes
 * up to 42 KB in 3,000 of them).  Sections over
 * lists multiply their content; past either limit the render fails with
 * "template:line:column: rendering stopped: …" at the tag it reached. */
#define MUSTACHE_MAX_OUTPUT ((size_t)64 << 20)
#define MUSTACHE_MAX_STEPS ((size_t)10000000)

#endif
