/*
 * chart.h: the geometry of the small bar charts on agency and region
 * pages, and of the ranking charts of the comparison pages.
 *
 * A chart is computed at build time: C scales the values, places the bars
 * and picks round axis ticks; the SVG markup that draws them lives in the
 * template partial (templates/partials/chart.mustache).  Coordinates go to
 * the view as strings with one decimal, so the markup does not depend on
 * how the template engine prints numbers.  An unknown value gets no bar,
 * only a marker the template shows as unknown; it never counts as 0.
 */
#ifndef CHART_H
#define CHART_H

#include <jansson.h>

#include "record/record.h"

/* A bar chart of VALUES[i] labelled by YEARS[i], i < n:
 * {"width", "height", "left", "right", "baseline", "year_y", "tick_x",
 *  "ticks": [{"y", "label"}],
 *  "bars": [{"year", "x", "cx", "y", "w", "h", "label_y",
 *            "value": {"known", "value"} as view_cell() makes it}]}.
 * An unknown value's bar has h 0 and value.known false. */
json_t *chart_bars(const int *years, const cell *values, int n);

/* A horizontal bar chart of N known values (largest first, as ranked),
 * each with its LABELS[i] (an agency's name, cut to fit with "…") and the
 * value as shown (SHOWN[i]):
 * {"width", "height", "label_x", "bar_x",
 *  "rows": [{"y", "h", "w", "text_y", "value_x", "label", "full", "value"}]};
 * a row's text_y and its bar are relative to its top, y. */
json_t *chart_hbars(const char *const *labels, const char *const *shown, const double *values, int n);

#endif
