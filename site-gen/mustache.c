/* mustache.c: (being written) */
#include "mustache.h"

#include <stdio.h>
#include <stdlib.h>

static void not_yet(mustache_error *err, const char *name)
{
    if (err) snprintf(err->message, sizeof err->message, "%s:1:1: the template engine is being written", name ? name : "template");
}

mustache_template *mustache_compile(const char *name, const char *src, size_t len, mustache_error *err)
{
    (void)src; (void)len;
    not_yet(err, name);
    return NULL;
}
void mustache_template_free(mustache_template *t) { (void)t; }
mustache_loader *mustache_loader_new(const char *dir) { (void)dir; return NULL; }
void mustache_loader_free(mustache_loader *l) { (void)l; }
int mustache_loader_add(mustache_loader *l, const char *name, const char *src, size_t len, mustache_error *err)
{
    (void)l; (void)src; (void)len;
    not_yet(err, name);
    return -1;
}
const mustache_template *mustache_loader_get(mustache_loader *l, const char *name, mustache_error *err)
{
    (void)l;
    not_yet(err, name);
    return NULL;
}
int mustache_render(const mustache_template *t, json_t *data, mustache_loader *partials, buf *out, mustache_error *err)
{
    (void)t; (void)data; (void)partials; (void)out;
    not_yet(err, NULL);
    return -1;
}
