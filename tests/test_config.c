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

    static const char *const no_host[] = { "https://", "http:///", "https:///portal" };
    for (int i = 0; i < 3; i++) {
        char yaml[128];
        snprintf(yaml, sizeof yaml, "title: t\nbase_url: %s\nlanguage: zh-CN\n", no_host[i]);
        c = (captured){0};
        j = load(path, yaml, &c);
        check_why(j == NULL && c.text && strstr(c.text, "site.yaml:2: error: 'base_url' must be an "
                                                "absolute http(s) URL"),
                  c.text, "a base_url with no host (%s) is reported at its line", no_host[i]);
        free(c.text);
    }

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

/* config_front_matter on PAGE: its message, or "" (then *fm is set). */
static char *front(const char *page, size_t len, front_matter *fm)
{
    char *text = NULL;
    size_t n = 0;
    FILE *out = open_memstream(&text, &n);
    diag d = { out, 0, 0 };
    if (!config_front_matter("page.md", page, len, fm, &d)) fm->data = NULL;
    fclose(out);
    return text;
}

static void test_front_matter(void)
{
    static const char page[] = "---\ntitle: 关于\nslug: about\n---\n# 正文\n";
    front_matter fm;
    char *said = front(page, strlen(page), &fm);
    check(fm.data && strcmp(json_string_value(json_object_get(fm.data, "slug")), "about") == 0,
          "front matter: the YAML between the '---' lines");
    check(fm.body_len == strlen("# 正文\n") && memcmp(fm.body, "# 正文\n", fm.body_len) == 0,
          "front matter: the body is what follows the closing line");
    check(fm.yaml == page + 4 && fm.yaml_len == strlen("title: 关于\nslug: about\n"),
          "front matter: its YAML's place in the page");
    json_decref(fm.data);
    free(said);

    /* Cut short before the closing line's newline, and without a NUL:
     * nothing past LEN is read (the page's last byte is the closing '-'). */
    static const char cut[] = "---\r\ntitle: t\n---";
    said = front(cut, strlen(cut), &fm);
    check(fm.data && fm.body_len == 0, "front matter: a page that ends at the closing line");
    json_decref(fm.data);
    free(said);

    said = front("---\ntitle: t\n", 13, &fm);
    check_why(!fm.data && strcmp(said, "page.md:1: error: front matter is not closed by a line '---'\n") == 0,
              said, "front matter that is not closed is said at line 1");
    free(said);
    said = front("# 正文\n", 9, &fm);
    check_why(!fm.data && strcmp(said, "page.md:1: error: expected front matter: a first line '---'\n") == 0,
              said, "a page without front matter is said at line 1");
    free(said);
}

int main(void)
{
    check_plan(8 + 6 + 5 + 11 + 6);   /* site.yaml, shapes, errors, load errors, front matter */
    test_site_yaml();
    test_shapes();
    test_errors();
    test_load_errors();
    test_front_matter();
    return check_done();
}
