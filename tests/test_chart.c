/*
 * test_chart.c: the bar chart geometry of agency pages.  Bars must be
 * proportional to their values on one scale starting at 0, the axis must
 * reach the largest value in round steps, and an unknown value must get no
 * bar and no number, only the unknown mark.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "view/chart.h"
#include "check.h"

static double num(json_t *o, const char *key)
{
    return atof(json_string_value(json_object_get(o, key)));
}

int main(void)
{
    check_plan(14);
    int years[] = { 2021, 2022, 2023, 2024 };
    cell values[] = { 160, 2425, CELL_UNKNOWN, 0 };
    json_t *c = chart_bars(years, values, 4);
    json_t *bars = json_object_get(c, "bars");
    check(json_array_size(bars) == 4, "one bar per year (%zu)", json_array_size(bars));

    json_t *b0 = json_array_get(bars, 0), *b1 = json_array_get(bars, 1);
    json_t *b2 = json_array_get(bars, 2), *b3 = json_array_get(bars, 3);
    double ratio = num(b0, "h") / num(b1, "h");
    check(fabs(ratio - 160.0 / 2425.0) < 0.01, "bar heights are proportional (%.4f)", ratio);
    check(fabs(num(b0, "y") + num(b0, "h") - num(b1, "y") - num(b1, "h")) < 0.11,
          "bars stand on the same baseline");
    check(fabs(num(b1, "y") + num(b1, "h") - atof(json_string_value(json_object_get(c, "baseline")))) < 0.11,
          "the baseline is where bars end");
    check(num(b2, "h") == 0 && !json_is_true(json_object_get(json_object_get(b2, "value"), "known")),
          "an unknown value has no bar and is marked unknown");
    check(num(b3, "h") == 0 && json_is_true(json_object_get(json_object_get(b3, "value"), "known")) &&
          strcmp(json_string_value(json_object_get(json_object_get(b3, "value"), "value")), "0") == 0,
          "a known 0 is shown as 0");
    check(json_integer_value(json_object_get(b1, "year")) == 2022, "bars carry their year");
    check(num(b0, "x") < num(b1, "x") && num(b1, "x") < num(b2, "x"), "bars run left to right by year");

    json_t *ticks = json_object_get(c, "ticks");
    size_t n = json_array_size(ticks);
    const char *top = n ? json_string_value(json_object_get(json_array_get(ticks, n - 1), "label")) : "";
    check(n >= 2 && n <= 6, "2 to 6 axis ticks (%zu)", n);
    check(strcmp(json_string_value(json_object_get(json_array_get(ticks, 0), "label")), "0") == 0,
          "the axis starts at 0");
    char digits[32] = "";
    for (size_t i = 0, o = 0; top[i] && o < sizeof digits - 1; i++)
        if (top[i] != ',') digits[o++] = top[i];
    check(atof(digits) >= 2425 && atof(digits) < 2425 * 1.5, "the axis ends at a round number above the largest value (%s)", top);
    check(strcmp(top, "2,500") == 0, "the axis top is 2,500 for 2425, digits grouped (%s)", top);
    json_decref(c);

    cell none[] = { CELL_UNKNOWN, CELL_UNKNOWN };
    c = chart_bars(years, none, 2);
    check(c && json_array_size(json_object_get(c, "ticks")) >= 2, "all-unknown values still give an axis");
    json_decref(c);

    cell small[] = { 1 };
    c = chart_bars(years, small, 1);
    ticks = json_object_get(c, "ticks");
    check(json_array_size(ticks) == 2, "a largest value of 1 gives ticks 0 and 1 (%zu)", json_array_size(ticks));
    json_decref(c);
    return check_done();
}
