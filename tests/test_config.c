/*
 * test_config.c: site.yaml and front matter as JSON (config.c): the real
 * content/site.yaml, nesting, scalars kept as text, and one file:line
 * message for each kind of bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "read/read.h"

/* What one call printed through its diag, and the counts. */
typedef struct captured {
    char *text;
    size_t len;
    int errors;
} captured;

static json_t *parse(const char *yaml, int first_line, captured *c)
{
    FILE *out = open_memstream(&c->text, &c->len);
    diag d = { out, 0, 0 };
    json_t *j = config_parse_yaml("page.md", yaml, strlen(yaml), first_line, &d);
    fclose(out);
    c->errors = d.errors;
    return j;
}

static json_t *load(const char *path, const char *yaml, captured *c)
{
    if (yaml) {
        FILE *f = fopen(path, "w");
        if (!f) return NULL;
        fputs(yaml, f);
        fclose(f);
    }
    FILE *out = open_memstream(&c->text, &c->len);
    diag d = { out, 0, 0 };
    json_t *j = config_load(path, &d);
    fclose(out);
    c->errors = d.errors;
    return j;
}

static void test_site_yaml(void)
{
    captured c = {0};
    json_t *cfg = load("content/site.yaml", NULL, &c);
    check_why(cfg != NULL, c.text, "content/site.yaml loads");
    const char *base = json_string_value(json_object_get(cfg, "base_url"));
    check(json_is_string(json_object_get(cfg, "title")), "site.yaml has a title");
    check(json_string_length(json_object_get(cfg, "description")) > 0, "site.yaml has a description");
    check(json_string_length(json_object_get(cfg, "footer_note")) > 0, "site.yaml has a footer note");
    check(base && strncmp(base, "https://", 8) == 0 && base[strlen(base) - 1] != '/',
          "base_url is absolute, without a trailing slash");
    const char *lang = json_string_value(json_object_get(cfg, "language"));
    check(lang && strcmp(lang, "zh-CN") == 0, "language is zh-CN");
    check(json_is_object(json_object_get(cfg, "contact")), "contact is a nested mapping");
    check(c.errors == 0, "no messages for site.yaml");
    json_decref(cfg);
    free(c.text);
}

static void test_shapes(void)
{
    captured c = {0};
    json_t *j = parse("title: 关于\norder: 1\nlist:\n  - a\n  - {k: v}\nempty:\n", 2, &c);
    check(json_is_object(j), "a mapping becomes an object");
    check(json_is_string(json_object_get(j, "order")) &&
          strcmp(json_string_value(json_object_get(j, "order")), "1") == 0,
          "a number stays text");
    json_t *list = json_object_get(j, "list");
    check(json_is_array(list) && json_array_size(list) == 2, "a sequence becomes an array");
    check(json_is_object(json_array_get(list, 1)), "nested flow mapping inside a sequence");
    check(json_is_string(json_object_get(j, "empty")), "an empty value is an empty string");
    check(strcmp(json_string_value(json_object_get(j, "title")), "关于") == 0, "UTF-8 text kept");
    json_decref(j);
    free(c.text);
}

static void test_errors(void)
{
    captured c = {0};
    json_t *j = parse("title: a\nslug: [x\n", 2, &c);
    check_why(j == NULL && c.errors == 1 && c.text && strstr(c.text, "page.md:"), c.text,
              "unclosed flow sequence: one page.md:LINE message");
    free(c.text);

    c = (captured){0};
    j = parse("title: a\n  bad: indent\n", 2, &c);
    check_why(j == NULL && c.text && strstr(c.text, "page.md:3:"), c.text,
              "bad indentation on the text's line 2 is reported as line 3 (offset 2)");
    free(c.text);

    c = (captured){0};
    j = parse("a: &x v\nb: *x\n", 1, &c);
    check_why(j == NULL && c.text && strstr(c.text, "page.md:2:") && strstr(c.text, "alias"),
              c.text, "aliases are refused at their line");
    free(c.text);

    c = (captured){0};
    j = parse("- a\n- b\n", 1, &c);
    check_why(j == NULL && c.errors == 1, c.text, "a top-level sequence is refused");
    free(c.text);

    c = (captured){0};
    j = parse("", 1, &c);
    check_why(j == NULL && c.errors == 1, c.text, "an empty text is refused");
    free(c.text);
}

static void test_load_errors(void)
{
    char dir[] = "/tmp/test_config.XXXXXX";
    if (!check(mkdtemp(dir) != NULL, "temporary folder")) return;
    char path[128];
    snprintf(path, sizeof path, "%s/site.yaml", dir);

    captured c = {0};
    json_t *j = load(path, "title: t\nbase_url: ftp://x\nlanguage: zh-CN\n", &c);
    check_why(j == NULL && c.text && strstr(c.text, "site.yaml:2:") && strstr(c.text, "base_url"),
              c.text, "a base_url that is not http(s) is reported at its line");
    free(c.text);

    c = (captured){0};
    j = load(path, "base_url: https://x.org/\nlanguage: zh-CN\n", &c);
    check_why(j == NULL && c.text && strstr(c.text, "'title'"), c.text, "a missing title is named");
    free(c.text);

    c = (captured){0};
    j = load(path, "title: t\nbase_url: https://x.org//\nlanguage: zh-CN\n", &c);
    check(j && strcmp(json_string_value(json_object_get(j, "base_url")), "https://x.org") == 0,
          "trailing slashes are taken off base_url");
    check(j && strcmp(json_string_value(json_object_get(j, "base_path")), "") == 0,
          "base_path is empty for a site at the host's root");
    json_decref(j);
    free(c.text);
    c = (captured){0};
    j = load(path, "title: t\nbase_url: https://x.org/portal/\nlanguage: zh-CN\n", &c);
    check(j && strcmp(json_string_value(json_object_get(j, "base_path")), "/portal") == 0,
          "base_path is the path of base_url (/portal), for pages under a sub-path");
    json_decref(j);
    free(c.text);

    c = (captured){0};
    j = load(path, "title: t\ntitle: u\nbase_url: https://x.org\nlanguage: zh-CN\n", &c);
    check_why(j && c.text && strstr(c.text, "site.yaml:2: warning"), c.text,
              "a key given twice is a warning at its second line");
    json_decref(j);
    free(c.text);

    remove(path);
    c = (captured){0};
    j = load(path, NULL, &c);
    check_why(j == NULL && c.errors == 1 && c.text && strstr(c.text, "site.yaml: error: cannot open"),
              c.text, "a missing site.yaml is an error");
    free(c.text);
    remove(dir);
}

int main(void)
{
    check_plan(8 + 6 + 5 + 8);   /* site.yaml, shapes, errors, load errors */
    test_site_yaml();
    test_shapes();
    test_errors();
    test_load_errors();
    return check_done();
}
