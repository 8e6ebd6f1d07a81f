/*
 * chart.c: bar chart geometry.  The plot area is fixed in SVG user units
 * (the SVG scales with CSS); bars share the width evenly, and the value
 * axis runs from 0 to the first "nice" number (1, 2 or 5 times a power of
 * ten per step, at most five steps) at or above the largest known value.
 */
#include "view/chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/page.h"

enum { WIDTH = 320, HEIGHT = 180, LEFT = 44, RIGHT = 8, TOP = 18, BOTTOM = 26, MAX_TICKS = 5 };

static json_t *coord(double v)
{
    char s[32];
    snprintf(s, sizeof s, "%.1f", v);
    return json_string(s);
}

/* The tick step: 1, 2 or 5 times a power of ten, at most MAX_TICKS of them up to MAX. */
static double nice_step(double max)
{
    double raw = max / MAX_TICKS;
    double mag = pow(10, floor(log10(raw)));
    double steps[] = { 1, 2, 5, 10 };
    for (int i = 0; i < 4; i++)
        if (steps[i] * mag >= raw) return fmax(steps[i] * mag, 1);
    return 10 * mag;
}

static json_t *ticks(double top, double step, double plot_h)
{
    json_t *a = json_array();
    for (double v = 0; v <= top + step / 2; v += step) {
        char label[32];
        view_number(v, label);
        json_t *t = json_object();
        json_object_set_new(t, "y", coord(TOP + plot_h - v / top * plot_h));
        json_object_set_new(t, "label", json_string(label));
        json_array_append_new(a, t);
    }
    return a;
}

json_t *chart_bars(const int *years, const cell *values, int n)
{
    double max = 0;
    for (int i = 0; i < n; i++)
        if (cell_known(values[i]) && values[i] > max) max = values[i];
    double step = nice_step(max > 0 ? max : 1);
    double top = ceil((max > 0 ? max : 1) / step) * step;
    double plot_w = WIDTH - LEFT - RIGHT, plot_h = HEIGHT - TOP - BOTTOM;
    double slot = n > 0 ? plot_w / n : plot_w;
    double bar_w = slot * 0.6;

    json_t *bars = json_array();
    for (int i = 0; i < n; i++) {
        double v = cell_known(values[i]) && values[i] > 0 ? values[i] : 0;
        double h = v / top * plot_h;
        json_t *b = json_object();
        json_object_set_new(b, "year", json_integer(years[i]));
        json_object_set_new(b, "x", coord(LEFT + slot * i + (slot - bar_w) / 2));
        json_object_set_new(b, "cx", coord(LEFT + slot * i + slot / 2));
        json_object_set_new(b, "y", coord(TOP + plot_h - h));
        json_object_set_new(b, "w", coord(bar_w));
        json_object_set_new(b, "h", coord(h));
        json_object_set_new(b, "label_y", coord(TOP + plot_h - h - 3));
        json_object_set_new(b, "value", view_cell(values[i]));
        json_array_append_new(bars, b);
    }

    json_t *c = json_object();
    json_object_set_new(c, "width", json_integer(WIDTH));
    json_object_set_new(c, "height", json_integer(HEIGHT));
    json_object_set_new(c, "left", json_integer(LEFT));
    json_object_set_new(c, "right", json_integer(WIDTH - RIGHT));
    json_object_set_new(c, "baseline", coord(TOP + plot_h));
    json_object_set_new(c, "year_y", coord(HEIGHT - 8));
    json_object_set_new(c, "tick_x", coord(LEFT - 4));
    json_object_set_new(c, "ticks", ticks(top, step, plot_h));
    json_object_set_new(c, "bars", bars);
    return c;
}

/* ---- ranking charts: one horizontal bar per agency ---- */

enum { H_WIDTH = 560, H_LABEL = 208, H_VALUE = 64, H_ROW = 20, H_BAR = 13, H_TOP = 4, H_NAME_CHARS = 15 };

/* LABEL cut to H_NAME_CHARS characters, "…" marking the cut. */
static json_t *cut_label(const char *label)
{
    size_t at = 0;
    int chars = 0;
    while (label[at] && chars < H_NAME_CHARS) {
        unsigned char c = (unsigned char)label[at];
        at += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        chars++;
    }
    if (!label[at]) return json_string(label);
    char *cut = malloc(at + 4);
    if (!cut) abort();
    memcpy(cut, label, at);
    memcpy(cut + at, "\xE2\x80\xA6", 4);           /* … */
    json_t *j = json_string(cut);
    free(cut);
    return j ? j : json_string("");
}

json_t *chart_hbars(const char *const *labels, const char *const *shown, const double *values, int n)
{
    double max = 0;
    for (int i = 0; i < n; i++)
        if (values[i] > max) max = values[i];
    double plot = H_WIDTH - H_LABEL - H_VALUE;
    json_t *rows = json_array();
    for (int i = 0; i < n; i++) {
        double w = max > 0 && values[i] > 0 ? values[i] / max * plot : 0;
        double y = H_TOP + i * H_ROW;
        json_t *r = json_object();
        json_object_set_new(r, "y", coord(y));
        json_object_set_new(r, "h", json_integer(H_BAR));
        json_object_set_new(r, "w", coord(w));
        json_object_set_new(r, "text_y", json_integer(H_BAR - 2));
        json_object_set_new(r, "value_x", coord(H_LABEL + w + 4));
        json_object_set_new(r, "label", cut_label(labels[i] ? labels[i] : ""));
        json_object_set_new(r, "full", json_string(labels[i] ? labels[i] : ""));
        json_object_set_new(r, "value", json_string(shown[i] ? shown[i] : ""));
        json_array_append_new(rows, r);
    }
    json_t *c = json_object();
    json_object_set_new(c, "width", json_integer(H_WIDTH));
    json_object_set_new(c, "height", json_integer(H_TOP * 2 + n * H_ROW));
    json_object_set_new(c, "label_x", json_integer(H_LABEL - 6));
    json_object_set_new(c, "bar_x", json_integer(H_LABEL));
    json_object_set_new(c, "rows", rows);
    return c;
}
