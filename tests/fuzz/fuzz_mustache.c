/*
 * fuzz_mustache.c: the Mustache engine (template/mustache.c), compiling
 * and rendering, partials, parents, blocks and lambdas included.
 *
 * An input is templates, then optionally the data:
 *
 *     MAIN [ RS NAME LF TEMPLATE ]... [ NUL JSON ]
 *
 * RS is the byte 0x1E.  MAIN is rendered; each NAME LF TEMPLATE after it
 * is a partial or parent the loader knows by NAME.  JSON after a NUL byte
 * is the data; without it (or when it is not JSON) the data is a fixed
 * object with strings holding markup, lists, nested objects, booleans,
 * numbers and two lambdas.  Each input is rendered by a lenient loader
 * (with a warning callback) and by a strict one, with a budget of 1 MiB
 * and 200,000 tags so that every input stays quick.  Seeds: the site's
 * templates/ with their partials, and every case of the Mustache spec
 * (tests/mustache-spec/), written out by tests/fuzz/seeds.sh.
 */
#include "fuzz.h"

#include "base/buf.h"
#include "template/mustache.h"

static const char default_data[] =
    "{\"title\": \"<script>alert(1)</script>\", \"name\": \"\\\"'&<>\", \"n\": 3, \"x\": 1.5,"
    " \"yes\": true, \"no\": false, \"none\": null, \"empty\": [], \"s\": \"\","
    " \"list\": [1, 2, {\"name\": \"a\", \"list\": [\"b\", \"c\"]}, [4, 5], \"d\"],"
    " \"obj\": {\"a\": {\"b\": {\"c\": \"deep\"}}, \"list\": [{\"x\": 1}, {\"x\": 2}]},"
    " \"site\": {\"title\": \"t\", \"base_path\": \"/p\"}, \"partial\": \"p\","
    " \"lambda\": {\"__lambda__\": \"same\"}, \"wrap\": {\"__lambda__\": \"wrap\"}}";

/* "same" gives back what it got (a section's text, or "{{name}}" for an
 * interpolation); "wrap" puts it between two tags; any other fails. */
static int lambda(void *ctx, const char *name, const char *text, size_t len, buf *result)
{
    (void)ctx;
    if (strcmp(name, "same") == 0) {
        if (text) buf_append(result, text, len);
        else buf_puts(result, "{{name}}");
        return 0;
    }
    if (strcmp(name, "wrap") == 0) {
        buf_puts(result, "<{{n}}>");
        if (text) buf_append(result, text, len);
        buf_puts(result, "</{{n}}>");
        return 0;
    }
    return -1;
}

static void warned(void *ctx, const char *message)
{
    (void)ctx;
    if (!strstr(message, ": warning: unknown ")) fuzz_fail("warning", message);
}

/* Registers each RS NAME LF TEMPLATE chunk of [p, end) with L. */
static void add_partials(mustache_loader *l, const char *p, const char *end)
{
    while (p < end) {
        const char *next = memchr(p, '\x1e', (size_t)(end - p));
        const char *e = next ? next : end;
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        if (nl && nl > p) {
            char name[64];
            size_t n = (size_t)(nl - p) < sizeof name - 1 ? (size_t)(nl - p) : sizeof name - 1;
            memcpy(name, p, n);
            name[n] = '\0';
            mustache_error err;
            mustache_loader_add(l, name, nl + 1, (size_t)(e - nl - 1), &err);
        }
        p = next ? next + 1 : end;
    }
}

static void render(const mustache_template *t, json_t *data, const char *p, const char *end,
                   bool strict)
{
    mustache_loader *l = mustache_loader_new(NULL);
    mustache_loader_strict(l, strict);
    if (!strict) mustache_loader_warn(l, warned, NULL);
    add_partials(l, p, end);
    mustache_options opts = { .lambda = lambda, .max_output = 1 << 20, .max_steps = 200000 };
    buf out = BUF_INIT;
    mustache_error err = { "" };
    if (mustache_render_with(t, data, l, &opts, &out, &err) != 0 && !err.message[0])
        fuzz_fail("render", "failed without a message");
    buf_free(&out);
    mustache_loader_free(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data, *end = s + size;
    const char *nul = memchr(s, '\0', size);
    const char *tend = nul ? nul : end;
    json_t *j = nul ? json_loadb(nul + 1, (size_t)(end - nul - 1), JSON_DECODE_ANY, NULL) : NULL;
    if (!j) j = json_loads(default_data, 0, NULL);
    if (!j) abort();
    const char *rs = memchr(s, '\x1e', (size_t)(tend - s));
    const char *mend = rs ? rs : tend;
    mustache_error err = { "" };
    mustache_template *t = mustache_compile("page.mustache", s, (size_t)(mend - s), &err);
    if (!t && !err.message[0]) fuzz_fail("compile", "failed without a message");
    if (t) {
        render(t, j, rs ? rs + 1 : tend, tend, false);
        render(t, j, rs ? rs + 1 : tend, tend, true);
    }
    mustache_template_free(t);
    json_decref(j);
    return 0;
}
