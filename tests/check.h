/*
 * check.h: the few helpers every test program uses.
 *
 * A test program starts with check_plan(N), the TAP plan line "1..N" for
 * the N checks it will make, prints one line per check, "ok - what" or
 * "not ok - what: why", and ends with check_done(), whose exit status is
 * non-zero when anything failed.  tests/run.sh counts those lines across
 * all programs and scripts, and counts a program whose plan is missing,
 * doubled or different from the checks it printed as one failure more.
 * Where N depends on input files, the program counts them before its
 * first check, and one of its checks holds that count to a fixed floor.
 * A test program is its own main(), so the counters below are its only
 * state.
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static int check_passed, check_failed, check_planned = -1;

/* Prints the plan "1..n": call once, before the first check. */
static void check_plan(int n)
{
    check_planned = n;
    printf("1..%d\n", n);
    fflush(stdout);
}

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

/* Prints the counts, and a note when they differ from the plan (run.sh
 * counts that as a failure).  Non-zero when a check failed. */
static int check_done(void)
{
    int ran = check_passed + check_failed;
    printf("# %d passed, %d failed\n", check_passed, check_failed);
    if (check_planned < 0) printf("# no plan: check_plan() was not called\n");
    else if (check_planned != ran) printf("# planned %d, ran %d\n", check_planned, ran);
    return check_failed ? 1 : 0;
}

#endif
