/*
 * test_mustache_render.c: what the template engine writes for the values
 * and cases the spec leaves open or does not test: numbers (integers;
 * reals in their shortest form), escaping of all five HTML characters,
 * which values are falsy, lambdas through the C callback, and a template
 * rendered many times (and from a directory) giving the same page.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "template/mustache.h"

/* Renders `src` against the JSON text `data`; the output, or the error. */
static void render(const char *src, const char *data, mustache_loader *l,
                   const mustache_options *opts, buf *out)
{
    mustache_error err;
    buf_clear(out);
    json_t *d = json_loads(data, JSON_DECODE_ANY, NULL);
    mustache_template *t = mustache_compile("t", src, strlen(src), &err);
    if (!t || mustache_render_with(t, d, l, opts, out, &err) != 0) {
        buf_clear(out);
        buf_printf(out, "ERROR %s", err.message);
    }
    mustache_template_free(t);
    json_decref(d);
}

static void expect(const char *src, const char *data, const char *want)
{
    buf out = BUF_INIT;
    render(src, data, NULL, NULL, &out);
    buf why = BUF_INIT;
    buf_printf(&why, "got \"%s\"", out.data);
    check_why(strcmp(out.data, want) == 0, why.data, "%s with %s gives \"%s\"", src, data, want);
    buf_free(&why);
    buf_free(&out);
}

static void numbers(void)
{
    expect("{{n}}", "{\"n\": 42}", "42");
    expect("{{n}}", "{\"n\": -9223372036854775807}", "-9223372036854775807");
    expect("{{n}}", "{\"n\": 30.0}", "30");
    expect("{{n}}", "{\"n\": 1.21}", "1.21");
    expect("{{n}}", "{\"n\": -2.5}", "-2.5");
    expect("{{n}}", "{\"n\": 0.1}", "0.1");
    expect("{{n}}", "{\"n\": 12.345678}", "12.345678");
    expect("{{n}}", "{\"n\": 0.3333333333333333}", "0.3333333333333333");
    expect("{{n}}", "{\"n\": 0.000015}", "0.000015");
    expect("{{n}}", "{\"n\": 1e-7}", "1e-7");
    expect("{{n}}", "{\"n\": 1e20}", "100000000000000000000");
    expect("{{n}}", "{\"n\": 1e21}", "1e+21");
    expect("{{a}} {{b}} [{{c}}] [{{d}}]", "{\"a\": true, \"b\": false, \"c\": null, \"d\": [1]}",
           "true false [] []");
}

static void escaping(void)
{
    expect("{{s}}|{{{s}}}|{{&s}}", "{\"s\": \"<a href='x'>\\\"&\\\"</a>\"}",
           "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;|<a href='x'>\"&\"</a>|<a href='x'>\"&\"</a>");
    expect("{{s}}", "{\"s\": \"中文 / = `\"}", "中文 / = `");
}

static void falsy(void)
{
    expect("{{#v}}yes{{/v}}{{^v}}no{{/v}}", "{\"v\": \"\"}", "no");
    expect("{{#v}}yes{{/v}}{{^v}}no{{/v}}", "{\"v\": []}", "no");
    expect("{{#v}}yes{{/v}}{{^v}}no{{/v}}", "{\"v\": null}", "no");
    expect("{{#v}}yes{{/v}}{{^v}}no{{/v}}", "{}", "no");
    expect("{{#v}}yes{{/v}}{{^v}}no{{/v}}", "{\"v\": 0}", "yes");
    expect("{{#v}}yes{{/v}}{{^v}}no{{/v}}", "{\"v\": {}}", "yes");
    expect("{{#v}}{{.}}{{/v}}", "{\"v\": \"x\"}", "x");
}

static int twice(void *ctx, const char *name, const char *text, size_t len, buf *result)
{
    int *calls = ctx;
    ++*calls;
    if (strcmp(name, "fail") == 0) return -1;
    if (!text) return buf_puts(result, "<{{who}}>"), 0;
    buf_append(result, text, len);
    buf_append(result, text, len);
    return 0;
}

static void lambdas(void)
{
    int calls = 0;
    mustache_options opts = { .lambda = twice, .lambda_ctx = &calls };
    buf out = BUF_INIT;
    const char *data = "{\"who\": \"me\", \"up\": {\"__lambda__\": \"up\"}, \"bad\": {\"__lambda__\": \"fail\"}}";
    render("{{up}} {{{up}}} {{#up}}hi {{who}}.{{/up}}", data, NULL, &opts, &out);
    check_why(strcmp(out.data, "&lt;me&gt; <me> hi me.hi me.") == 0, out.data,
              "lambdas: interpolation is rendered then escaped; sections get raw text");
    check(calls == 3, "lambdas: one call per tag (%d)", calls);
    render("x\n{{bad}}", data, NULL, &opts, &out);
    check_why(strcmp(out.data, "ERROR t:2:1: lambda 'fail' failed") == 0, out.data,
              "lambdas: a failing callback is an error at its tag");
    render("[{{up}}]", data, NULL, NULL, &out);
    check_why(strcmp(out.data, "[]") == 0, out.data, "lambdas: without a callback a marker is an object");
    buf_free(&out);
}

/* Partials from a directory, cached; the same page each time. */
static void directory_loader(void)
{
    char dir[] = "/tmp/mustache-test-XXXXXX";
    if (!check(mkdtemp(dir) != NULL, "temporary directory")) return;
    char path[256];
    snprintf(path, sizeof path, "%s/item.mustache", dir);
    FILE *f = fopen(path, "w");
    fputs("<li>{{name}}</li>\n", f);
    fclose(f);
    mustache_loader *l = mustache_loader_new(dir);
    mustache_loader_strict(l, true);
    buf out = BUF_INIT, first = BUF_INIT;
    const char *data = "{\"items\": [{\"name\": \"a&b\"}, {\"name\": \"c\"}]}";
    render("<ul>\n  {{#items}}\n  {{> item}}\n  {{/items}}\n</ul>\n", data, l, NULL, &first);
    check_why(strcmp(first.data, "<ul>\n  <li>a&amp;b</li>\n  <li>c</li>\n</ul>\n") == 0, first.data,
              "partials load from the directory and are indented");
    remove(path);
    render("<ul>\n  {{#items}}\n  {{> item}}\n  {{/items}}\n</ul>\n", data, l, NULL, &out);
    check(strcmp(out.data, first.data) == 0, "a partial is compiled once and cached");
    rmdir(dir);
    buf_free(&out);
    buf_free(&first);
    mustache_loader_free(l);
}

/* A page that fills a layout's block keeps the layout's indentation. */
static void layout(void)
{
    mustache_loader *l = mustache_loader_new(NULL);
    mustache_error err;
    const char *lay = "<body>\n  <main>\n    {{$content}}\n    <p>default</p>\n    {{/content}}\n"
                      "  </main>\n  {{> foot}}\n</body>\n";
    mustache_loader_add(l, "layout", lay, strlen(lay), &err);
    mustache_loader_add(l, "foot", "<footer>\n  {{year}}\n</footer>\n", 30, &err);
    buf out = BUF_INIT;
    render("{{<layout}}\n{{$content}}\n<h1>{{title}}</h1>\n<ul>\n  {{#items}}\n  <li>{{.}}</li>\n"
           "  {{/items}}\n</ul>\n{{/content}}\n{{/layout}}\n",
           "{\"title\": \"T\", \"items\": [\"a\", \"b\"], \"year\": 2024}", l, NULL, &out);
    const char *want = "<body>\n  <main>\n    <h1>T</h1>\n    <ul>\n      <li>a</li>\n      <li>b</li>\n"
                       "    </ul>\n  </main>\n  <footer>\n    2024\n  </footer>\n</body>\n";
    check_why(strcmp(out.data, want) == 0, out.data, "a layout's block and partial are indented in place");
    render("{{<layout}}{{/layout}}", "{\"year\": 1}", l, NULL, &out);
    check_why(strstr(out.data, "  <main>\n    <p>default</p>\n  </main>\n") != NULL, out.data,
              "a block not overridden renders its default");
    buf_free(&out);
    mustache_loader_free(l);
}

int main(void)
{
    check_plan(13 + 2 + 7 + 4 + 3 + 2);   /* in the order of the calls below */
    numbers();
    escaping();
    falsy();
    lambdas();
    directory_loader();
    layout();
    return check_done();
}
