/*
 * check.h: the few helpers every test program uses.
 *
 * A test program prints one line per check, "ok - what" or
 * "not ok - what: why", and ends with check_done(), whose exit status is
 * non-zero when anything failed.  tests/run.sh counts those lines across
 * all programs and scripts.  A test program is its own main(), so the two
 * counters below are its only state.
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static int check_passed, check_failed;

/* Records one check; `what` names it in the output. Returns `ok`. */
__attribute__((format(printf, 2, 3)))
static bool check(bool ok, const char *what, ...)
{
    va_list ap;
    va_start(ap, what);
    fputs(ok ? "ok - " : "not ok - ", stdout);
    vprintf(what, ap);
    putchar('\n');
    va_end(ap);
    if (ok) check_passed++; else check_failed++;
    fflush(stdout);
    return ok;
}

/* Like check(), with a reason printed after the name when it fails. */
#define check_why(ok, why, ...) \
    ((ok) ? check(true, __VA_ARGS__) \
          : (check(false, __VA_ARGS__), printf("    %s\n", (why)), false))

static int check_done(void)
{
    printf("# %d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
