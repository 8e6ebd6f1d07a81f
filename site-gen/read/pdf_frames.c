/*
 * pdf_frames.c: the tables a PDF page draws with rules, as frames.
 *
 * The rules pdf_rules.c finds on a page are grouped into frames: rules
 * that touch or cross (within TOUCH points) belong to one table, and its
 * frame is the box around them.  A frame with no vertical rule inside it
 * (a line under a running header, a box around a paragraph, a table
 * ruled only across) is no table of columns and is left to the reading
 * by positions.  The inner vertical rules of a frame are its columns'
 * boundaries wherever they are drawn: a rule interrupted by a merged
 * cell still divides the rows where it is drawn, and the cells that
 * span it are merged cells.  Where a row's rightmost rule stops short
 * of the frame's right edge, the row has no cells further right (a row
 * that lost a cell), which a blank cell, still ruled, is not.
 *
 * The work is bounded: pages with more than MAX_FRAME_RULES rules (a
 * drawing, a hatched picture) are not read for frames at all.
 */
#include "read/pdf_layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FRAME_RULES = 1500 };

static const double TOUCH = 2.0;      /* points: rules this close touch */
static const double SAME_SEP = 1.5;   /* points: rules this close are one boundary */
static const double MIN_FRAME = 8.0;  /* points: the smallest frame, each way */

static int find_root(int *parent, int i)
{
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
}

static bool touch(const pdf_rule *a, const pdf_rule *b)
{
    return a->x1 - TOUCH <= b->x2 && b->x1 - TOUCH <= a->x2 && a->y1 - TOUCH <= b->y2 &&
           b->y1 - TOUCH <= a->y2;
}

static int by_y1(const void *a, const void *b)
{
    const pdf_frame *p = a, *q = b;
    return p->y1 < q->y1 ? -1 : p->y1 > q->y1;
}

static int by_value(const void *a, const void *b)
{
    double p = *(const double *)a, q = *(const double *)b;
    return p < q ? -1 : p > q;
}

/* The inner vertical rules of frame f as boundaries, near ones as one. */
static void frame_seps(pdf_frame *f, const pdf_rules *rules)
{
    double xs[MAX_FRAME_RULES];
    int n = 0;
    for (int i = 0; i < rules->nv; i++) {
        const pdf_rule *v = &rules->v[i];
        if (v->x1 > f->x1 + TOUCH && v->x1 < f->x2 - TOUCH && v->y1 >= f->y1 - TOUCH &&
            v->y2 <= f->y2 + TOUCH)
            xs[n++] = v->x1;
    }
    if (n) qsort(xs, (size_t)n, sizeof *xs, by_value);
    f->nseps = 0;
    for (int i = 0, j; i < n && f->nseps < PDF_MAX_SEPS; i = j) {
        double sum = 0;
        for (j = i; j < n && xs[j] - xs[i] <= SAME_SEP; j++) sum += xs[j];
        f->seps[f->nseps++] = sum / (j - i);
    }
}

int pdf_find_frames(arena *a, const pdf_rules *rules, pdf_frame **out)
{
    *out = NULL;
    int n = rules ? rules->nv + rules->nh : 0;
    if (n == 0 || n > MAX_FRAME_RULES) return 0;
    pdf_rule *all = malloc((size_t)n * sizeof *all);
    int *parent = malloc((size_t)n * sizeof *parent);
    if (!all || !parent) abort();
    memcpy(all, rules->v, (size_t)rules->nv * sizeof *all);
    memcpy(all + rules->nv, rules->h, (size_t)rules->nh * sizeof *all);
    for (int i = 0; i < n; i++) parent[i] = i;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (touch(&all[i], &all[j])) parent[find_root(parent, i)] = find_root(parent, j);
    pdf_frame *f = arena_alloc(a, (size_t)n * sizeof *f);
    int nf = 0;
    for (int i = 0; i < n; i++) {
        if (find_root(parent, i) != i) continue;
        pdf_frame fr = { all[i].x1, all[i].y1, all[i].x2, all[i].y2, {0}, 0, rules };
        for (int j = 0; j < n; j++) {
            if (find_root(parent, j) != i) continue;
            fr.x1 = fmin(fr.x1, all[j].x1);
            fr.y1 = fmin(fr.y1, all[j].y1);
            fr.x2 = fmax(fr.x2, all[j].x2);
            fr.y2 = fmax(fr.y2, all[j].y2);
        }
        if (fr.x2 - fr.x1 < MIN_FRAME || fr.y2 - fr.y1 < MIN_FRAME) continue;
        frame_seps(&fr, rules);
        if (fr.nseps) f[nf++] = fr;
    }
    free(all);
    free(parent);
    if (nf) qsort(f, (size_t)nf, sizeof *f, by_y1);
    *out = f;
    return nf;
}

bool pdf_frame_holds(const pdf_frame *f, const pdf_line *l)
{
    double yc = (l->y1 + l->y2) / 2;
    return yc > f->y1 && yc < f->y2 && l->x1 >= f->x1 - TOUCH && l->x2 <= f->x2 + TOUCH;
}

bool pdf_frame_ruled_between(const pdf_frame *f, double x1, double x2, double y1, double y2)
{
    for (int i = 0; i < f->rules->nh; i++) {
        const pdf_rule *h = &f->rules->h[i];
        if (h->y1 > y1 && h->y1 < y2 && h->x1 < x2 && h->x2 > x1 && h->x1 >= f->x1 - TOUCH &&
            h->x2 <= f->x2 + TOUCH)
            return true;
    }
    return false;
}

double pdf_frame_row_end(const pdf_frame *f, double y)
{
    double end = -1;
    for (int i = 0; i < f->rules->nv; i++) {
        const pdf_rule *v = &f->rules->v[i];
        if (v->x1 >= f->x1 - TOUCH && v->x1 <= f->x2 + TOUCH && v->y1 < y && v->y2 > y)
            end = fmax(end, v->x1);
    }
    return end < 0 ? f->x2 : end;
}
