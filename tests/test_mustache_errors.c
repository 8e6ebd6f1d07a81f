/*
 * test_mustache_errors.c: what the template engine says about bad
 * templates, checked message by message ("template:line:column: message"),
 * the warnings of a lenient loader about missing partials, and that huge
 * or self-including templates end in a message, not a crash, and that a
 * render stops at its output and work budgets.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "template/mustache.h"

/* The compile error for `src`, or "" when it compiles. */
static const char *compile_error(const char *name, const char *src, size_t len,
                                 mustache_error *err)
{
    strcpy(err->message, "");
    mustache_template *t = mustache_compile(name, src, len, err);
    if (t) strcpy(err->message, "");
    mustache_template_free(t);
    return err->message;
}

static void expect_compile_error(const char *src, const char *want)
{
    mustache_error err;
    const char *got = compile_error("page.mustache", src, strlen(src), &err);
    buf why = BUF_INIT;
    buf_printf(&why, "expected \"%s\", got \"%s\"", want, got);
    check_why(strcmp(got, want) == 0, why.data, "compile error: %s", want);
    buf_free(&why);
}

static void compile_errors(void)
{
    expect_compile_error("<ul>\n  {{#items}}<li>{{name}}</li>\n</ul>\n",
                         "page.mustache:2:3: unclosed section 'items'");
    expect_compile_error("{{#a}}\n{{#b}}\n{{/a}}\n",
                         "page.mustache:3:1: closing tag 'a' does not match section 'b' opened at 2:1");
    expect_compile_error("x\n {{/a}}", "page.mustache:2:2: closing tag 'a' without an open section");
    expect_compile_error("Hello {{name\nworld",
                         "page.mustache:1:7: unclosed tag '{{': no '}}' after it");
    expect_compile_error("{{=<% =}}",
                         "page.mustache:1:1: bad delimiter change '<%': expected two delimiters, "
                         "each without spaces or '='");
    expect_compile_error("a\n{{= < % > =}}",
                         "page.mustache:2:1: bad delimiter change '< % >': expected two delimiters, "
                         "each without spaces or '='");
    expect_compile_error("{{=<% %>=}}\n<%#a%>{{/a}}",
                         "page.mustache:2:1: unclosed section 'a'");
    expect_compile_error("标题：{{#a}}", "page.mustache:1:4: unclosed section 'a'");
    expect_compile_error("{{}}", "page.mustache:1:1: empty tag");
    expect_compile_error("{{# a b }}{{/a b}}", "page.mustache:1:1: bad tag name 'a b'");
    expect_compile_error("{{>}}", "page.mustache:1:1: empty tag");
    expect_compile_error("{{<layout}}{{$body}}x{{/layout}}",
                         "page.mustache:1:22: closing tag 'layout' does not match section 'body' opened at 1:12");
    /* A closing delimiter that starts with the sigil's character is sought
     * after the sigil (found by fuzz_mustache: the tag's name had length -1). */
    expect_compile_error("{{=< />=}}\n</>", "page.mustache:2:1: unclosed tag '<': no '/>' after it");
}

/* Renders `src` with `l`; the message, or "" on success (output in `out`). */
static const char *render_error(const char *src, mustache_loader *l, buf *out,
                                mustache_error *err)
{
    strcpy(err->message, "");
    mustache_template *t = mustache_compile("page.mustache", src, strlen(src), err);
    if (!t) return err->message;
    json_t *data = json_pack("{s:s}", "name", "x");
    if (mustache_render(t, data, l, out, err) == 0) strcpy(err->message, "");
    json_decref(data);
    mustache_template_free(t);
    return err->message;
}

static void unknown_partial(void)
{
    mustache_loader *l = mustache_loader_new(NULL);
    mustache_error err;
    buf out = BUF_INIT;
    const char *got = render_error("a\n  b{{> nav }}c", l, &out, &err);
    check(strcmp(got, "") == 0 && strcmp(out.data, "a\n  bc") == 0,
          "lenient loader: an unknown partial renders as nothing (spec)");
    mustache_loader_strict(l, true);
    buf_clear(&out);
    got = render_error("a\n  b{{> nav }}c", l, &out, &err);
    check_why(strcmp(got, "page.mustache:2:4: unknown partial 'nav'") == 0, got,
              "strict loader: an unknown partial is an error with its position");
    got = render_error("{{<layout}}{{/layout}}", l, &out, &err);
    check_why(strcmp(got, "page.mustache:1:1: unknown parent 'layout'") == 0, got,
              "strict loader: an unknown parent is an error with its position");
    mustache_loader_add(l, "nav", "{{name}}", 8, &err);
    buf_clear(&out);
    got = render_error("[{{> nav}}]", l, &out, &err);
    check(strcmp(got, "") == 0 && strcmp(out.data, "[x]") == 0,
          "strict loader: a known partial renders");
    buf_free(&out);
    mustache_loader_free(l);
}

/* A warning callback: collects the messages, one per line. */
static void collect(void *ctx, const char *message)
{
    buf_printf(ctx, "%s\n", message);
}

static void missing_partial_warnings(void)
{
    mustache_loader *l = mustache_loader_new(NULL);
    buf warnings = BUF_INIT, out = BUF_INIT;
    mustache_loader_warn(l, collect, &warnings);
    mustache_error err;
    const char *src = "a\n  b{{> nav }}c\n{{> nav}}{{<layout}}{{/layout}}";
    const char *got = render_error(src, l, &out, &err);
    check(strcmp(got, "") == 0 && strcmp(out.data, "a\n  bc\n") == 0,
          "lenient loader with a callback: unknown partials still render as nothing");
    const char *want = "page.mustache:2:4: warning: unknown partial 'nav'\n"
                       "page.mustache:3:10: warning: unknown parent 'layout'\n";
    check_why(strcmp(warnings.data, want) == 0, warnings.data,
              "each missing name is one warning, at the first tag naming it");
    buf_clear(&out);
    render_error(src, l, &out, &err);
    check_why(strcmp(warnings.data, want) == 0, warnings.data,
              "a name already reported is not reported again by the same loader");
    mustache_loader_strict(l, true);
    got = render_error("{{> footer}}", l, &out, &err);
    check_why(strcmp(got, "page.mustache:1:1: unknown partial 'footer'") == 0 &&
              strcmp(warnings.data, want) == 0, warnings.data,
              "a strict loader fails instead of warning");
    buf_free(&warnings);
    buf_free(&out);
    mustache_loader_free(l);
}

static void self_inclusion(void)
{
    mustache_loader *l = mustache_loader_new(NULL);
    mustache_error err;
    mustache_loader_add(l, "loop", "x\n {{>loop}}", 12, &err);
    mustache_loader_add(l, "a", "{{>b}}", 6, &err);
    mustache_loader_add(l, "b", "{{<a}}{{/a}}", 12, &err);
    buf out = BUF_INIT;
    const char *got = render_error("{{>loop}}", l, &out, &err);
    check_why(strcmp(got, "loop:2:2: partials nested deeper than 100 (does 'loop' include itself?)") == 0,
              got, "a partial that includes itself stops at the depth limit");
    buf_clear(&out);
    got = render_error("{{>a}}", l, &out, &err);
    check_why(strstr(got, "nested deeper than 100") != NULL, got,
              "partial and parent including each other stop at the depth limit");
    buf_clear(&out);
    buf deep = BUF_INIT;
    for (int i = 0; i < 99; i++) buf_puts(&deep, "{{#name}}");
    buf_puts(&deep, "{{>deep}}");
    for (int i = 0; i < 99; i++) buf_puts(&deep, "{{/name}}");
    mustache_loader_add(l, "deep", deep.data, deep.len, &err);
    got = render_error("{{>deep}}", l, &out, &err);
    check_why(strcmp(got, "deep:1:883: sections and partials nested deeper than 1000 levels") == 0,
              got, "sections inside a self-including partial stop at the level limit");
    buf_free(&deep);
    buf_free(&out);
    mustache_loader_free(l);
}

static void broken_partial(void)
{
    mustache_loader *l = mustache_loader_new("tests/fixtures/no-such-dir");
    mustache_error err;
    int rc = mustache_loader_add(l, "row", "<td>{{#cell}}</td>", 18, &err);
    check_why(rc != 0 && strcmp(err.message, "row:1:5: unclosed section 'cell'") == 0, err.message,
              "a partial that does not compile names itself");
    const mustache_template *t = mustache_loader_get(l, "missing", &err);
    check_why(!t && strstr(err.message, "missing.mustache: no such template") != NULL,
              err.message, "loader_get of a missing template says so");
    buf out = BUF_INIT;
    const char *got = render_error("{{> ../etc/passwd}}", l, &out, &err);
    check(strcmp(got, "") == 0 && out.len == 0, "a partial name leaving the directory is not read");
    buf_free(&out);
    mustache_loader_free(l);
}

/* Ten megabytes: a valid one renders, broken ones give one message. */
static void huge_templates(void)
{
    size_t n = 10 * 1024 * 1024;
    char *src = malloc(n + 1);
    for (size_t i = 0; i < n; i++) src[i] = "lorem {{name}} ipsum\n"[i % 21];
    src[n] = '\0';
    size_t whole = n / 21;
    src[whole * 21] = '\0';
    mustache_error err;
    buf out = BUF_INIT;
    mustache_loader *l = mustache_loader_new(NULL);
    const char *got = render_error(src, l, &out, &err);
    check(strcmp(got, "") == 0 && out.len == whole * 14, "a 10 MB template renders (%zu bytes out)", out.len);
    buf_free(&out);

    for (size_t i = 0; i + 6 <= n; i += 6) memcpy(src + i, "{{#a}}", 6);
    src[n - n % 6] = '\0';
    got = compile_error("deep.mustache", src, strlen(src), &err);
    check_why(strcmp(got, "deep.mustache:1:601: sections nested deeper than 100") == 0, got,
              "10 MB of nested sections stop at the nesting limit");

    memset(src, 'x', n);
    memcpy(src + n - 10, "\n{{oops", 7);
    got = compile_error("big.mustache", src, n - 3, &err);
    check_why(strcmp(got, "big.mustache:2:1: unclosed tag '{{': no '}}' after it") == 0, got,
              "an unclosed tag at the end of 10 MB is found");
    mustache_loader_free(l);
    free(src);
}

/* Sections over lists multiply their content: a render stops at 64 MiB
 * of output, or at 10 million tags and texts rendered, at the tag it had
 * reached. */
static void budgets(void)
{
    /* Five nested sections over ten items repeat X (1,000 bytes) 100,000
     * times.  64 MiB is 67,108,864 bytes, passed by the 67,109th copy,
     * number 67108 from 0: items 6, 7, 1, 0 and 8 of the five lists.  The
     * check before the next token is X's, for item 9 of the innermost
     * list: column 31, after five "{{#l}}". */
    buf src = BUF_INIT;
    for (int i = 0; i < 5; i++) buf_puts(&src, "{{#l}}");
    for (int i = 0; i < 1000; i++) buf_putc(&src, 'x');
    for (int i = 0; i < 5; i++) buf_puts(&src, "{{/l}}");
    json_t *data = json_pack("{s:[iiiiiiiiii]}", "l", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    mustache_error err = { "" };
    mustache_template *t = mustache_compile("page.mustache", src.data, src.len, &err);
    buf out = BUF_INIT;
    int rc = t ? mustache_render(t, data, NULL, &out, &err) : 0;
    check_why(rc == -1 && strcmp(err.message, "page.mustache:1:31: rendering stopped: the output "
                                 "passed 64 MiB (sections over lists repeat all they hold)") == 0,
              err.message, "five nested sections over ten items stop past 64 MiB");
    check(out.len == 67109000, "after 67,109 copies of 1,000 bytes (%zu bytes)", out.len);
    mustache_template_free(t);
    buf_free(&out);

    /* Eight nested sections that write nothing: the section tag at depth
     * k is rendered once per item of the list around it, and the tags
     * under one at depth k are T(k) = 1 + 10 T(k + 1), T(8) = 1:
     * T(1) = 11,111,111 in all.  Tag 10,000,001 comes after the first
     * tag and nine whole trees under it (1 + 9 * 1,111,111 =
     * 10,000,000): the tenth tag at depth 2, column 7. */
    buf_clear(&src);
    for (int i = 0; i < 8; i++) buf_puts(&src, "{{#l}}");
    for (int i = 0; i < 8; i++) buf_puts(&src, "{{/l}}");
    t = mustache_compile("page.mustache", src.data, src.len, &err);
    rc = t ? mustache_render(t, data, NULL, &out, &err) : 0;
    check_why(rc == -1 && strcmp(err.message, "page.mustache:1:7: rendering stopped: more than "
                                 "10000000 tags and texts rendered (sections over lists repeat "
                                 "all they hold)") == 0,
              err.message, "eight nested sections that write nothing stop at 10 million tags");
    mustache_template_free(t);

    /* A caller's smaller budget. */
    t = mustache_compile("small.mustache", "{{#l}}ab\n{{/l}}", 15, &err);
    mustache_options opts = { .max_output = 11 };
    rc = t ? mustache_render_with(t, data, NULL, &opts, &out, &err) : 0;
    check_why(rc == -1 && strcmp(err.message, "small.mustache:1:7: rendering stopped: the output "
                                 "passed 11 bytes (sections over lists repeat all they hold)") == 0,
              err.message, "a budget given in the options is kept");
    check(out.len == 12, "after the output passed it (%zu bytes)", out.len);
    mustache_template_free(t);
    buf_free(&out);
    buf_free(&src);
    json_decref(data);
}

int main(void)
{
    check_plan(13 + 4 + 4 + 3 + 3 + 3 + 5);   /* compile, partial, warnings, self, broken, huge, budgets */
    compile_errors();
    unknown_partial();
    missing_partial_warnings();
    self_inclusion();
    broken_partial();
    huge_templates();
    budgets();
    return check_done();
}
