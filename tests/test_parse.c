/*
 * test_parse.c: every report with expected values parses to them.
 *
 * The cases are found by listing directories, so a fixture added by
 * anyone (text, HTML, Markdown, rules, prose) is checked without touching
 * this file: tests/gold/NAME.txt with NAME.json, every
 * tests/fixtures/NAME.expect.json with the one other file NAME.* next to
 * it, and every tests/fixtures/real/NAME.expect.json with NAME.txt (a
 * report as an agency's portal page gives it) and NAME.source (where it
 * came from).  Each top-level key of an expectation is one check, compared
 * recursively with the record's canonical JSON (null must be null);
 * "issues_codes" must all appear and "no_issues_codes" must not, and
 * each string of "issues_say" must be in some finding's message;
 * "error": true means the parse must fail.  A few keys describe what the
 * JSON does not show: "form", "title", "charset", "blank_means_zero", and
 * "sections", a list of {number, heading, body, body_contains,
 * paragraphs} of which each given field must hold.
 *
 * The Word fixtures, tests/fixtures/office/NAME.expect.json, are run
 * against NAME.docx beside them, with one check more: the record's form
 * is "docx".  Their NAME.pdf, LibreOffice's print of the same file, holds
 * the same report and is run against the same expectation, its form
 * "pdf", save that a PDF has no charset (its text is not decoded from
 * bytes), so "charset" must be null there; where the print cannot show
 * what the Word file holds, NAME.pdf.expect.json, read off the printed
 * pages, replaces the expectation (tests/fixtures/office/README.md).
 * How many of their table cells (active, requests, appeals) came out as
 * expected is printed as a comment line, for each form.
 *
 * Before the cases, the two building blocks whose behaviour every case
 * depends on are checked directly: cell normalisation and label matching.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "check.h"
#include "record/labels.h"
#include "read/read.h"
#include "record/record.h"

enum { MAX_CASES = 512, MAX_DIFFS = 8 };

static const char OFFICE_DIR[] = "tests/fixtures/office";

/* Table cells of the Word fixtures (and of their prints): compared, and
 * found as expected; check_case() counts into `tally` when it is set. */
typedef struct cell_tally { int cells, right; } cell_tally;
static cell_tally docx_tally, pdf_tally, *tally;
#define REAL_DIR "tests/fixtures/real"

typedef struct diffs {
    buf text;
    int n;
} diffs;

static void add_diff(diffs *d, const char *path, const json_t *want, const json_t *got)
{
    if (d->n++ >= MAX_DIFFS) return;
    char *w = want ? json_dumps(want, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    char *g = got ? json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    buf_printf(&d->text, "    %s: expected %s, got %s\n", path, w ? w : "(absent)",
               g ? g : "(absent)");
    free(w);
    free(g);
}

static void compare(diffs *d, const char *path, const json_t *want, const json_t *got)
{
    char sub[512];
    if (json_is_number(want) && json_is_number(got)) {
        if (fabs(json_number_value(want) - json_number_value(got)) > 1e-9)
            add_diff(d, path, want, got);
    } else if (json_is_object(want) && json_is_object(got)) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)want, k, v) {
            snprintf(sub, sizeof sub, "%s.%s", path, k);
            compare(d, sub, v, json_object_get(got, k));
        }
    } else if (json_is_array(want) && json_is_array(got)) {
        if (json_array_size(want) != json_array_size(got)) {
            add_diff(d, path, want, got);
            return;
        }
        for (size_t i = 0; i < json_array_size(want); i++) {
            snprintf(sub, sizeof sub, "%s[%zu]", path, i);
            compare(d, sub, json_array_get(want, i), json_array_get(got, i));
        }
    } else if (!got || !json_equal((json_t *)want, (json_t *)got)) {
        add_diff(d, path, want, got);
    }
}

static bool has_code(const json_t *issues, const char *code)
{
    size_t i;
    json_t *f;
    json_array_foreach(issues, i, f)
        if (strcmp(json_string_value(json_object_get(f, "code")), code) == 0) return true;
    return false;
}

static void check_codes(const char *name, const json_t *codes, const json_t *issues, bool want)
{
    buf why = BUF_INIT;
    size_t i;
    json_t *c;
    json_array_foreach(codes, i, c)
        if (has_code(issues, json_string_value(c)) != want)
            buf_printf(&why, "%s%s", why.len ? ", " : "", json_string_value(c));
    check_why(why.len == 0, why.data, "%s: %s %s", name, want ? "finds" : "does not find",
              want ? "issues_codes" : "no_issues_codes");
    buf_free(&why);
}

/* Each string of `says` is in the message of some finding. */
static void check_messages(const char *name, const json_t *says, const json_t *issues)
{
    buf why = BUF_INIT;
    size_t i, j;
    json_t *want, *f;
    json_array_foreach(says, i, want) {
        bool found = false;
        json_array_foreach(issues, j, f)
            found = found || strstr(json_string_value(json_object_get(f, "message")),
                                    json_string_value(want));
        if (!found) buf_printf(&why, "%sno finding says \"%s\"", why.len ? "; " : "",
                               json_string_value(want));
    }
    check_why(why.len == 0, why.data, "%s: findings say issues_say", name);
    buf_free(&why);
}

static int count_paragraphs(const char *body)
{
    int n = *body ? 1 : 0;
    for (; *body; body++) n += *body == '\n';
    return n;
}

static const char *section_mismatch(const record *r, const json_t *want, buf *why)
{
    int number = (int)json_integer_value(json_object_get(want, "number"));
    const section *s = r->sections;
    while (s && s->number != number) s = s->next;
    if (!s) {
        buf_printf(why, "no section %d; ", number);
        return why->data;
    }
    const char *heading = json_string_value(json_object_get(want, "heading"));
    const char *body = json_string_value(json_object_get(want, "body"));
    const char *part = json_string_value(json_object_get(want, "body_contains"));
    json_t *paras = json_object_get(want, "paragraphs");
    if (heading && strcmp(heading, s->heading) != 0)
        buf_printf(why, "section %d heading \"%s\"; ", number, s->heading);
    if (body && strcmp(body, s->body) != 0)
        buf_printf(why, "section %d body \"%s\"; ", number, s->body);
    if (part && !strstr(s->body, part))
        buf_printf(why, "section %d body lacks \"%s\": \"%s\"; ", number, part, s->body);
    if (paras && json_integer_value(paras) != count_paragraphs(s->body))
        buf_printf(why, "section %d has %d paragraphs: \"%s\"; ", number,
                   count_paragraphs(s->body), s->body);
    return why->len ? why->data : NULL;
}

/* Keys about the record that its JSON does not carry. */
static json_t *record_extras(const record *r)
{
    return json_pack("{s:s?, s:s?, s:s?, s:b}", "form", r->form, "title", r->title,
                     "charset", r->charset, "blank_means_zero", r->blank_means_zero);
}

/* The numbers and nulls in a table's expectation. */
static int count_cells(const json_t *want)
{
    if (json_is_number(want) || json_is_null(want)) return 1;
    int n = 0;
    size_t i;
    const char *k;
    json_t *v;
    if (json_is_array(want)) json_array_foreach((json_t *)want, i, v) n += count_cells(v);
    if (json_is_object(want)) json_object_foreach((json_t *)want, k, v) n += count_cells(v);
    return n;
}

static bool is_table_key(const char *key)
{
    return strcmp(key, "active") == 0 || strcmp(key, "requests") == 0 ||
           strcmp(key, "appeals") == 0;
}

/* `form`: the form the record must have (one check more), or NULL.  For
 * a PDF (form "pdf") an expected charset is null: nothing was decoded. */
static void check_case(const char *name, const char *input, const char *expect_path,
                       const char *form)
{
    json_error_t err;
    json_t *want = json_load_file(expect_path, 0, &err);
    if (!check_why(want != NULL, err.text, "%s: expectation is valid JSON", name)) return;
    if (form && strcmp(form, "pdf") == 0 && json_object_get(want, "charset"))
        json_object_set_new(want, "charset", json_null());
    diag quiet = { NULL, 0, 0 };
    record *r = parse_file(input, &quiet);
    if (json_is_true(json_object_get(want, "error"))) {
        check(r == NULL && quiet.errors > 0, "%s: refused with an error", name);
        record_free(r);
        json_decref(want);
        return;
    }
    if (!check(r != NULL, "%s: parses", name)) {
        json_decref(want);
        return;
    }
    if (form)
        check_why(r->form && strcmp(r->form, form) == 0, r->form ? r->form : "(none)",
                  "%s: read as form %s", name, form);
    json_t *got = record_to_json(r), *extras = record_extras(r);
    const char *key;
    json_t *value;
    json_object_foreach(want, key, value) {
        if (strcmp(key, "issues_codes") == 0) {
            check_codes(name, value, json_object_get(got, "issues"), true);
        } else if (strcmp(key, "no_issues_codes") == 0) {
            check_codes(name, value, json_object_get(got, "issues"), false);
        } else if (strcmp(key, "issues_say") == 0) {
            check_messages(name, value, json_object_get(got, "issues"));
        } else if (strcmp(key, "sections") == 0) {
            buf why = BUF_INIT;
            size_t i;
            json_t *s;
            json_array_foreach(value, i, s) section_mismatch(r, s, &why);
            check_why(why.len == 0, why.data, "%s: sections", name);
            buf_free(&why);
        } else {
            diffs d = {.text = BUF_INIT};
            json_t *from = json_object_get(extras, key) ? extras : got;
            compare(&d, key, value, json_object_get(from, key));
            if (tally && is_table_key(key)) {
                int cells = count_cells(value);
                tally->cells += cells;
                tally->right += cells - (d.n < cells ? d.n : cells);
            }
            if (d.n > MAX_DIFFS) buf_printf(&d.text, "    (%d differences in all)\n", d.n);
            check_why(d.n == 0, d.text.data, "%s: %s", name, key);
            buf_free(&d.text);
        }
    }
    json_decref(extras);
    json_decref(got);
    json_decref(want);
    record_free(r);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names in dir ending with `suffix` (malloc'd). */
static int list(const char *dir, const char *suffix, char **names)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    int n = 0;
    size_t k = strlen(suffix);
    for (struct dirent *e; (e = readdir(d)) && n < MAX_CASES;) {
        size_t len = strlen(e->d_name);
        if (len > k && strcmp(e->d_name + len - k, suffix) == 0) names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, by_name);
    return n;
}

/* The input next to NAME.expect.json: the one other file called NAME.* */
static char *fixture_input(const char *dir, const char *base)
{
    DIR *d = opendir(dir);
    if (!d) return NULL;
    char *found = NULL;
    size_t k = strlen(base);
    for (struct dirent *e; (e = readdir(d));) {
        if (strncmp(e->d_name, base, k) != 0 || e->d_name[k] != '.') continue;
        if (strstr(e->d_name + k, ".expect.json")) continue;
        if (!found) {
            size_t n = strlen(dir) + strlen(e->d_name) + 2;
            found = malloc(n);
            snprintf(found, n, "%s/%s", dir, e->d_name);
        }
    }
    closedir(d);
    return found;
}

static bool is_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

/* The Word fixtures' names: NAME of each NAME.expect.json (malloc'd),
 * not counting the NAME.pdf.expect.json of a print. */
static int list_office(char **names)
{
    int n = list(OFFICE_DIR, ".expect.json", names), k = 0;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(names[i]) - strlen(".expect.json");
        if (len > 4 && strncmp(names[i] + len - 4, ".pdf", 4) == 0) {
            free(names[i]);
            continue;
        }
        names[i][len] = '\0';
        names[k++] = names[i];
    }
    return k;
}

/* The expectation for Word fixture NAME: NAME.expect.json, or for its
 * print NAME.pdf.expect.json where there is one. */
static void office_expectation(const char *name, bool pdf, char *path, size_t size)
{
    snprintf(path, size, "%s/%s.pdf.expect.json", OFFICE_DIR, name);
    if (!pdf || !is_file(path)) snprintf(path, size, "%s/%s.expect.json", OFFICE_DIR, name);
}

static void check_normalize(void)
{
    static const struct { const char *in, *out, *what; } cases[] = {
        { "红 寺 堡 区", "红寺堡区", "spaces between CJK characters are removed" },
        { "2 0 2 3 年", "2 0 2 3 年", "spaces next to a digit are kept (only CJK-CJK ones go)" },
        { "\xEF\xBC\x91\xEF\xBC\x96\xEF\xBC\x90", "160", "full-width digits become ASCII" },
        { "\xEF\xBC\x88\xE4\xB8\x89\xEF\xBC\x89", "(三)", "full-width parentheses become ASCII" },
        { "  a\t\tb\r  ", "a b", "white space folded and trimmed, CR dropped" },
        { "x\xC2\xA0y\xE3\x80\x80z", "x y z", "NBSP and U+3000 are spaces" },
        { "\xEF\xBB\xBF\xE5\xB1\x80", "局", "a BOM inside text is dropped" },
        { "\xE2\x91\xA0", "1", "other compatibility forms go through NFKC" },
        { "\xE2\x80\x9C\xE4\xB8\x89\xE2\x80\x9D", "“三”", "Chinese quotes are kept" },
    };
    arena *a = arena_new();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = normalize_cell(a, cases[i].in, strlen(cases[i].in));
        buf why = BUF_INIT;
        buf_printf(&why, "got \"%s\", expected \"%s\"", got, cases[i].out);
        check_why(strcmp(got, cases[i].out) == 0, why.data, "normalize: %s", cases[i].what);
        buf_free(&why);
    }
    arena_free(a);
}

static double score(const char *text, const char *key)
{
    label t, k;
    label_clean(&t, text, strlen(text));
    label_clean(&k, key, strlen(key));
    return label_score(&t, &k, 0);
}

static void check_labels(void)
{
    label l, want;
    const char *in = "(三)不予公开 1.属于国家秘密";
    label_clean(&l, in, strlen(in));
    label_clean(&want, "属于国家秘密", strlen("属于国家秘密"));
    check(label_equal(&l, &want), "labels: a label is what follows its last numbering mark");
    in = "(二)部分公开(区分处理的,只计这一情形,不计其他情形)";
    label_clean(&l, in, strlen(in));
    label_clean(&want, "部分公开", strlen("部分公开"));
    check(label_equal(&l, &want), "labels: remarks in parentheses are dropped");
    in = "计这一情形,不计其他情形)";
    label_clean(&l, in, strlen(in));
    check(l.n == 0, "labels: a remark closed on a later line is dropped");
    check(score("1.申请你无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请") > 0.9,
          "labels: a one-character typo still matches");
    check(score("本年度止件数", "本年废止件数") >= 0.8, "labels: 本年度止件数 is close to 本年废止件数");
    check(score("重复申请", "信访举报投诉类申请") < 0.6, "labels: different rows do not match");
    check(score("申请人无正当理由逾", "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请")
              >= 0.75, "labels: the first line of a wrapped label names its row");
    check(label_numbered("（三）不予公开") == false && label_numbered("(三)不予公开") &&
              label_numbered("3、其他") && !label_numbered("2023年"),
          "labels: numbering marks are recognised, years are not");
    const char *rest;
    check(label_chinese_number("四、政府信息公开行政复议", &rest) == 4 &&
              label_chinese_number("三安全一稳定", &rest) == 0,
          "labels: heading numerals are read, words starting with one are not");
}

/* The checks check_case() makes for one expectation: its "valid JSON"
 * check, then the refusal for "error": true, or "parses" and one per key. */
static int planned_for(const char *expect_path)
{
    json_t *want = json_load_file(expect_path, 0, NULL);
    int n = !want ? 1 : json_is_true(json_object_get(want, "error")) ? 2
                      : 2 + (int)json_object_size(want);
    json_decref(want);
    return n;
}

/* Fixture folders, each with its floor of cases. */
static const struct { const char *dir; int floor; } fixture_dirs[] = {
    { "tests/fixtures", 37 },
    { "tests/fixtures/pdf", 10 },
};
enum { NDIRS = sizeof fixture_dirs / sizeof fixture_dirs[0] };

/* The checks main() will make, counted from the expectation files before
 * any check runs: 9 normalize and 9 label checks, the counts of cases
 * (held to a floor of 5 gold reports, one per fixture folder, 10 Word
 * fixtures, 10 of their prints and 20 real portal pages), each case's
 * checks, one "has an input file" per fixture and per real page, and for
 * each Word fixture one "read as form docx" and one "read as form pdf". */
static int planned(void)
{
    char *names[MAX_CASES], path[1024];
    int total = 9 + 9 + 4 + NDIRS;
    int n = list("tests/gold", ".json", names);
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "tests/gold/%s", names[i]);
        total += planned_for(path);
        free(names[i]);
    }
    for (int k = 0; k < NDIRS; k++) {
        n = list(fixture_dirs[k].dir, ".expect.json", names);
        for (int i = 0; i < n; i++) {
            snprintf(path, sizeof path, "%s/%s", fixture_dirs[k].dir, names[i]);
            total += 1 + planned_for(path);
            free(names[i]);
        }
    }
    n = list_office(names);
    for (int i = 0; i < n; i++) {
        for (int pdf = 0; pdf < 2; pdf++) {
            office_expectation(names[i], pdf, path, sizeof path);
            json_t *want = json_load_file(path, 0, NULL);
            bool parsed = want && !json_is_true(json_object_get(want, "error"));
            json_decref(want);
            total += 1 + planned_for(path) + parsed;    /* the form check, when parsed */
        }
        free(names[i]);
    }
    n = list(REAL_DIR, ".expect.json", names);
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, REAL_DIR "/%s", names[i]);
        total += 1 + planned_for(path);
        free(names[i]);
    }
    return total;
}

/* The Word fixtures: NAME.docx, then NAME.pdf, for each NAME.expect.json. */
static void check_office(void)
{
    char *names[MAX_CASES], input[1024], expect[1024], name[600];
    int n = list_office(names), pdfs = 0;
    check(n >= 10, "Word fixtures with an expectation found (%d, at least 10)", n);
    for (int i = 0; i < n; i++) {
        snprintf(input, sizeof input, "%s/%s.pdf", OFFICE_DIR, names[i]);
        pdfs += is_file(input);
    }
    check(pdfs >= 10 && pdfs == n, "Word fixtures printed to PDF found (%d of %d, at least 10)",
          pdfs, n);
    for (int i = 0; i < n; i++) {
        for (int pdf = 0; pdf < 2; pdf++) {
            const char *form = pdf ? "pdf" : "docx";
            snprintf(input, sizeof input, "%s/%s.%s", OFFICE_DIR, names[i], form);
            snprintf(name, sizeof name, pdf ? "%s.pdf" : "%s", names[i]);
            office_expectation(names[i], pdf, expect, sizeof expect);
            tally = pdf ? &pdf_tally : &docx_tally;
            if (check(is_file(input), "%s: has a .%s", names[i], form))
                check_case(name, input, expect, form);
            tally = NULL;
        }
        free(names[i]);
    }
    printf("# Word fixtures: %d of %d table cells as expected\n", docx_tally.right,
           docx_tally.cells);
    printf("# Word fixtures printed to PDF: %d of %d table cells as expected\n", pdf_tally.right,
           pdf_tally.cells);
}

/* Real portal pages: NAME.txt as it came, NAME.source saying where from. */
static void check_real(void)
{
    char *names[MAX_CASES], input[1024], source[1024], expect[1024], name[600];
    int n = list(REAL_DIR, ".expect.json", names);
    check(n >= 20, "real portal pages with an expectation found (%d, at least 20)", n);
    for (int i = 0; i < n; i++) {
        int len = (int)(strlen(names[i]) - strlen(".expect.json"));
        snprintf(input, sizeof input, REAL_DIR "/%.*s.txt", len, names[i]);
        snprintf(source, sizeof source, REAL_DIR "/%.*s.source", len, names[i]);
        snprintf(expect, sizeof expect, REAL_DIR "/%s", names[i]);
        snprintf(name, sizeof name, "real/%.*s", len, names[i]);
        if (check(is_file(input) && is_file(source), "%s: has its page text and source note", name))
            check_case(name, input, expect, NULL);
        free(names[i]);
    }
}

int main(void)
{
    check_plan(planned());
    check_normalize();
    check_labels();

    char *names[MAX_CASES], path[1024], expect[1024];
    int n = list("tests/gold", ".json", names);
    check(n >= 5, "gold reports found (%d, at least 5)", n);
    for (int i = 0; i < n; i++) {
        size_t len = strlen(names[i]) - strlen(".json");
        snprintf(path, sizeof path, "tests/gold/%.*s.txt", (int)len, names[i]);
        snprintf(expect, sizeof expect, "tests/gold/%s", names[i]);
        names[i][len] = '\0';
        check_case(names[i], path, expect, NULL);
        free(names[i]);
    }
    for (int k = 0; k < NDIRS; k++) {
        const char *dir = fixture_dirs[k].dir;
        n = list(dir, ".expect.json", names);
        check(n >= fixture_dirs[k].floor, "%s: fixtures with an expectation found (%d, at least %d)",
              dir, n, fixture_dirs[k].floor);
        for (int i = 0; i < n; i++) {
            char base[512];
            snprintf(base, sizeof base, "%.*s", (int)(strlen(names[i]) - strlen(".expect.json")),
                     names[i]);
            snprintf(expect, sizeof expect, "%s/%s", dir, names[i]);
            char *input = fixture_input(dir, base);
            if (check(input != NULL, "%s: has an input file", base))
                check_case(base, input, expect, NULL);
            free(input);
            free(names[i]);
        }
    }
    check_office();
    check_real();
    return check_done();
}
