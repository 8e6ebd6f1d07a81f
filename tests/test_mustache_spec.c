/*
 * test_mustache_spec.c: every case of every file of the official Mustache
 * spec (the JSON files in tests/mustache-spec, read with jansson), one check each,
 * then a count per module.
 *
 * Each case gets a fresh loader holding its partials (lenient, as the
 * spec asks).  The ~lambdas cases carry code in other languages; here
 * each such value becomes {"__lambda__": TEST NAME} and the callback
 * below implements that case in C, keyed by the test name.
 */
#include <string.h>

#include "check.h"
#include "template/mustache.h"

static const char *const spec_files[] = {
    "comments", "delimiters", "interpolation", "inverted", "partials",
    "sections", "~dynamic-names", "~inheritance", "~lambdas",
};

/* State a lambda may keep across calls within one case. */
typedef struct lambda_state {
    int calls;
} lambda_state;

static int lambda_section(const char *name, const char *text, size_t len, buf *out)
{
    if (strcmp(name, "Section") == 0) {
        bool same = len == 5 && memcmp(text, "{{x}}", 5) == 0;
        buf_puts(out, same ? "yes" : "no");
    } else if (strcmp(name, "Section - Expansion") == 0) {
        buf_append(out, text, len);
        buf_puts(out, "{{planet}}");
        buf_append(out, text, len);
    } else if (strcmp(name, "Section - Alternate Delimiters") == 0) {
        buf_append(out, text, len);
        buf_puts(out, "{{planet}} => |planet|");
        buf_append(out, text, len);
    } else if (strcmp(name, "Section - Multiple Calls") == 0) {
        buf_puts(out, "__");
        buf_append(out, text, len);
        buf_puts(out, "__");
    } else if (strcmp(name, "Inverted Section") != 0) {
        return -1;
    }
    return 0;
}

static int spec_lambda(void *ctx, const char *name, const char *text, size_t len, buf *out)
{
    lambda_state *st = ctx;
    if (text) return lambda_section(name, text, len, out);
    if (strcmp(name, "Interpolation") == 0) buf_puts(out, "world");
    else if (strcmp(name, "Interpolation - Expansion") == 0) buf_puts(out, "{{planet}}");
    else if (strcmp(name, "Interpolation - Alternate Delimiters") == 0)
        buf_puts(out, "|planet| => {{planet}}");
    else if (strcmp(name, "Interpolation - Multiple Calls") == 0)
        buf_printf(out, "%d", ++st->calls);
    else if (strcmp(name, "Escaping") == 0) buf_puts(out, ">");
    else return -1;
    return 0;
}

/* Replaces every {"__tag__": "code", ...} inside `v` by a lambda marker. */
static json_t *mark_lambdas(json_t *v, const char *test)
{
    if (json_is_object(v)) {
        const char *tag = json_string_value(json_object_get(v, "__tag__"));
        if (tag && strcmp(tag, "code") == 0) {
            json_decref(v);
            return json_pack("{ss}", "__lambda__", test);
        }
        const char *key;
        json_t *member;
        json_object_foreach(v, key, member)
            json_object_set_new(v, key, mark_lambdas(json_incref(member), test));
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            json_array_set_new(v, i, mark_lambdas(json_incref(json_array_get(v, i)), test));
    }
    return v;
}

/* Runs one case; "" on success, else why it failed (in `why`). */
static bool run_case(json_t *tc, buf *why)
{
    const char *name = json_string_value(json_object_get(tc, "name"));
    const char *tpl = json_string_value(json_object_get(tc, "template"));
    const char *expected = json_string_value(json_object_get(tc, "expected"));
    json_t *data = mark_lambdas(json_deep_copy(json_object_get(tc, "data")), name);
    mustache_loader *l = mustache_loader_new(NULL);
    mustache_error err = {{0}};
    bool ok = true;
    const char *pname;
    json_t *psrc;
    json_object_foreach(json_object_get(tc, "partials"), pname, psrc)
        if (mustache_loader_add(l, pname, json_string_value(psrc),
                                json_string_length(psrc), &err) != 0) ok = false;
    mustache_template *t = ok ? mustache_compile(name, tpl, strlen(tpl), &err) : NULL;
    lambda_state st = {0};
    mustache_options opts = { .lambda = spec_lambda, .lambda_ctx = &st };
    buf out = BUF_INIT;
    if (t && mustache_render_with(t, data, l, &opts, &out, &err) == 0) {
        ok = out.len == strlen(expected) && memcmp(out.data, expected, out.len) == 0;
        if (!ok) buf_printf(why, "expected \"%s\", got \"%s\"", expected, out.data);
    } else {
        ok = false;
        buf_printf(why, "error: %s", err.message);
    }
    buf_free(&out);
    mustache_template_free(t);
    mustache_loader_free(l);
    json_decref(data);
    return ok;
}

static void run_file(const char *module, int *passed, int *total)
{
    char path[256];
    snprintf(path, sizeof path, "tests/mustache-spec/%s.json", module);
    json_error_t jerr;
    json_t *spec = json_load_file(path, 0, &jerr);
    if (!check(spec != NULL, "%s: spec file loads", path)) return;
    json_t *cases = json_object_get(spec, "tests");
    *passed = 0, *total = (int)json_array_size(cases);
    for (size_t i = 0; i < json_array_size(cases); i++) {
        json_t *tc = json_array_get(cases, i);
        buf why = BUF_INIT;
        bool ok = run_case(tc, &why);
        check_why(ok, why.data, "spec %s: %s", module,
                  json_string_value(json_object_get(tc, "name")));
        *passed += ok;
        buf_free(&why);
    }
    json_decref(spec);
}

/* The cases in the spec files, counted before any check runs (a file that
 * does not load counts none, and its "spec file loads" check fails). */
static int count_cases(int n)
{
    int cases = 0;
    for (int i = 0; i < n; i++) {
        char path[256];
        snprintf(path, sizeof path, "tests/mustache-spec/%s.json", spec_files[i]);
        json_t *spec = json_load_file(path, 0, NULL);
        cases += (int)json_array_size(json_object_get(spec, "tests"));
        json_decref(spec);
    }
    return cases;
}

int main(void)
{
    int n = (int)(sizeof spec_files / sizeof spec_files[0]);
    /* One "loads" check per file, one per case, and the count of 194. */
    check_plan(n + count_cases(n) + 1);
    int passed[9] = {0}, total[9] = {0}, all = 0, all_passed = 0;
    for (int i = 0; i < n; i++) {
        run_file(spec_files[i], &passed[i], &total[i]);
        all += total[i], all_passed += passed[i];
    }
    for (int i = 0; i < n; i++)
        printf("# %-16s %3d/%d passed\n", spec_files[i], passed[i], total[i]);
    printf("# all modules    %3d/%d passed\n", all_passed, all);
    check(all == 194, "the spec has 194 cases (found %d)", all);
    return check_done();
}
