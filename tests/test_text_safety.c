/*
 * test_text_safety.c: control characters and bidi controls from a report
 * never reach the site or the terminal: normalize_cell() (read/) drops
 * them from report text, and the diag (base/) shows them as <U+XXXX> in
 * messages, where a file name or an agency name can still carry them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "check.h"
#include "read/read.h"

static void normalize_drops(void)
{
    static const struct { const char *in, *out, *what; } cases[] = {
        { "A\x1b[31mB", "A[31mB", "ESC is dropped (the rest of the sequence is plain text)" },
        { "x\x01y\x7fz", "xyz", "0x01 and DEL are dropped" },
        { "a\xc2\x85" "b", "ab", "a C1 control (U+0085) is dropped" },
        { "f-\xe2\x80\xaetxt.exe", "f-txt.exe", "U+202E RIGHT-TO-LEFT OVERRIDE is dropped" },
        { "\xe2\x81\xa6局\xe2\x81\xa9", "局", "bidi isolates U+2066..2069 are dropped" },
        { "\xe2\x80\x8f红寺堡\xe2\x80\x8e", "红寺堡", "RLM and LRM are dropped" },
    };
    arena *a = arena_new();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = normalize_cell(a, cases[i].in, strlen(cases[i].in));
        check_why(strcmp(got, cases[i].out) == 0, got, "normalize: %s", cases[i].what);
    }
    arena_free(a);
}

/* What the diag prints for one error about FILE with MESSAGE. */
static char *said(const char *file, const char *message)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) abort();
    diag d = { .out = f };
    diag_error(&d, file, 3, "%s", message);
    fclose(f);
    return text;
}

static void diag_shows(void)
{
    char *got = said("f-\xe2\x80\xaetxt.exe.txt", "agency \x1b]0;x\x07 is not registered");
    check_why(strcmp(got, "f-<U+202E>txt.exe.txt:3: error: agency <U+001B>]0;x<U+0007> is not registered\n") == 0,
              got, "diag: U+202E, ESC and BEL in a message are shown as <U+XXXX>");
    free(got);
    got = said("局.txt", "tab\tand 中文 stay");
    check_why(strcmp(got, "局.txt:3: error: tab\tand 中文 stay\n") == 0, got,
              "diag: tabs and Chinese text are printed as they are");
    free(got);
}

int main(void)
{
    check_plan(6 + 2);
    normalize_drops();
    diag_shows();
    return check_done();
}
