/*
 * pdf_rules.c: the ruling lines of a PDF page, found by drawing the page.
 *
 * poppler-glib gives a page's text with the box of every character but
 * nothing of the paths it draws, and a table's rules are paths.
 * pdf_paths.c reads them from the page's content; where it cannot follow
 * a file or a page, the page is drawn (cairo, RULE_SCALE pixels to the point, white paper) and
 * its rules are read off the pixels the way an eye finds them: a run of
 * pixels darker than the pixels a little to either side of it (a thin
 * line, not the edge of a shaded cell or the inside of a picture), long
 * enough not to be a stroke of a character.  A run must also be that
 * long outside the characters' boxes, so that no stroke of one (the 丨
 * of 中, the 一 of 一、, strokes of characters side by side at one
 * height) is taken for a rule however large its font, while a rule that
 * passes under a box (Chromium's are twice the text's height) stays.
 * "Darker" is loose enough for the light grey rules web pages draw
 * (#ccc, half-toned by Chromium's print).  Runs of neighbouring pixel
 * columns (rows) that overlap join into one rule: a half-point line
 * drawn between two pixels darkens both.
 *
 * The work is bounded: a page is drawn with at most MAX_PIXELS pixels
 * (a larger page at a coarser scale), at most MAX_RUNS runs are looked
 * at and at most MAX_RULES rules of each direction kept.  One pixel to
 * the point is enough: a half-point rule still darkens its pixel by half,
 * and a light grey one (#ccc) drawn one pixel wide by a browser still
 * passes DARK.  Drawing costs about 8 ms a page printed from Word and
 * 20 ms one printed by Chromium (its Type 3 fonts), most of it poppler
 * reading the page's text and fonts again, not painting pixels (a page
 * drawn with everything clipped away takes nearly as long), which is why
 * only pages that may hold a table are drawn.
 */
#include "read/pdf_rules.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

enum { MAX_PIXELS = 1 << 24, MAX_RUNS = 20000,
       SIDE = 3,        /* pixels: a rule is compared with the pixels this far off */
       DARK = 230,      /* a rule's pixels are at most this light (0 black, 255 white) */
       CONTRAST = 20,   /* and darker than both sides by this much */
       BRIDGE = 3 };    /* pixels: a run goes on over a break this short (a crossing rule) */

static const double RULE_SCALE = 1.0;   /* pixels to the point */
static const double MIN_RULE = 4.0;     /* points: a shorter run is not a rule */
static const double GLYPH_PAD = 0.5;    /* points around a character's box */

/* The page drawn: 0xRRGGBB pixels, `stride` of them to a row. */
typedef struct page_image {
    cairo_surface_t *surf;
    const uint32_t *px;
    int w, h, stride;
    double scale;
} page_image;

static void *must(void *p)
{
    if (!p) abort();
    return p;
}

/* The page drawn on white; false if it could not be drawn. */
static bool draw(PopplerPage *page, page_image *g)
{
    double w, h;
    poppler_page_get_size(page, &w, &h);
    double s = RULE_SCALE;
    while (s > 0.25 && w * s * h * s > MAX_PIXELS) s /= 2;
    int W = (int)ceil(w * s), H = (int)ceil(h * s);
    if (W <= 2 * SIDE || H <= 2 * SIDE || (double)W * H > MAX_PIXELS) return false;
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surf);
        return false;
    }
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, s, s);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(surf);
    g->surf = surf;
    g->px = (const uint32_t *)cairo_image_surface_get_data(surf);
    g->stride = cairo_image_surface_get_stride(surf) / 4;
    g->w = W;
    g->h = H;
    g->scale = s;
    return true;
}

/* A pixel's lightness, 0 (black) to 255 (white). */
static int lightness(uint32_t c)
{
    return (int)((((c >> 16) & 0xFF) * 77 + ((c >> 8) & 0xFF) * 150 + (c & 0xFF) * 29) >> 8);
}

/* A position in pixels held to [0, max] (a damaged font can put a
 * character's box anywhere). */
static int to_pixel(double v, int max)
{
    return v <= 0 ? 0 : v >= max ? max : (int)v;
}

/* Marks the pixels inside the box of some character (poppler's box,
 * which holds its ink, a little wider). */
static unsigned char *glyph_mask(const page_image *g, const pdf_glyph *gl, int n)
{
    unsigned char *m = must(calloc((size_t)g->w * (size_t)g->h, 1));
    for (int i = 0; i < n; i++) {
        int x1 = to_pixel(floor((gl[i].x1 - GLYPH_PAD) * g->scale), g->w);
        int x2 = to_pixel(ceil((gl[i].x2 + GLYPH_PAD) * g->scale), g->w);
        int y1 = to_pixel(floor((gl[i].top - GLYPH_PAD) * g->scale), g->h);
        int y2 = to_pixel(ceil((gl[i].bottom + GLYPH_PAD) * g->scale), g->h);
        for (int y = y1; y < y2; y++)
            if (x2 > x1) memset(m + (size_t)y * g->w + x1, 1, (size_t)(x2 - x1));
    }
    return m;
}

typedef struct run { int at, from, to; } run;   /* pixels: column (row), [from, to] */

typedef struct runs {
    run *v;
    int n, cap, min_len;
} runs;

/* A run in the making: where it started, its last pixel, and how many of
 * its pixels lie outside every character's box. */
typedef struct growing { int start, last, outside; } growing;

static void add_run(runs *rs, int at, const growing *g)
{
    if (g->last - g->start + 1 < rs->min_len || g->outside < rs->min_len || rs->n >= MAX_RUNS)
        return;
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 256;
        rs->v = must(realloc(rs->v, (size_t)rs->cap * sizeof *rs->v));
    }
    rs->v[rs->n++] = (run){ at, g->start, g->last };
}

/* Pixel `pos` of a run at `at` goes on run g (a break of at most BRIDGE
 * pixels is bridged), or ends it and starts another. */
static void extend(runs *rs, growing *g, int at, int pos, bool masked)
{
    if (g->last < 0 || pos - g->last > BRIDGE) {
        if (g->last >= 0) add_run(rs, at, g);
        g->start = pos;
        g->outside = 0;
    }
    g->last = pos;
    g->outside += !masked;
}

/* The page's lightness, one byte a pixel (W by H, no padding): each
 * pixel is weighed once, not once for every comparison it takes part in. */
static unsigned char *gray_of(const page_image *g)
{
    unsigned char *out = must(malloc((size_t)g->w * (size_t)g->h));
    for (int y = 0; y < g->h; y++) {
        const uint32_t *row = g->px + (size_t)y * g->stride;
        unsigned char *o = out + (size_t)y * g->w;
        for (int x = 0; x < g->w; x++)
            o[x] = (row[x] & 0xFFFFFF) == 0xFFFFFF ? 255 : (unsigned char)lightness(row[x]);
    }
    return out;
}

/* A pixel of a thin dark line: darker than DARK, and than the pixels
 * `side` away on either side by CONTRAST. */
static bool thin_at(const unsigned char *p, ptrdiff_t side)
{
    int v = p[0];
    return v <= DARK && p[-side] >= v + CONTRAST && p[side] >= v + CONTRAST;
}

/* Runs of rule pixels: down each pixel column (vertical) and along each
 * pixel row (horizontal), in one pass over the rows.  A run must be long
 * enough outside the characters' boxes: a stroke of a character lies
 * inside its box, a rule runs between the cells' text. */
static void find_runs(const page_image *g, const unsigned char *mask, runs *vert, runs *horiz)
{
    int W = g->w, H = g->h;
    unsigned char *gray = gray_of(g);
    ptrdiff_t down = (ptrdiff_t)SIDE * W;
    vert->min_len = horiz->min_len = (int)ceil(MIN_RULE * g->scale);
    growing *col = must(malloc((size_t)W * sizeof *col));
    for (int x = 0; x < W; x++) col[x] = (growing){ -1, -1, 0 };
    for (int y = 0; y < H; y++) {
        const unsigned char *row = gray + (size_t)y * W;
        const unsigned char *mrow = mask + (size_t)y * W;
        bool across = y >= SIDE && y < H - SIDE;
        growing line = { -1, -1, 0 };
        for (int x = SIDE; x < W - SIDE; x++) {
            if (row[x] > DARK) continue;    /* white, most of a page, or too light */
            if (thin_at(row + x, SIDE)) extend(vert, &col[x], x, y, mrow[x]);
            if (across && thin_at(row + x, down)) extend(horiz, &line, y, x, mrow[x]);
        }
        if (line.last >= 0) add_run(horiz, y, &line);
    }
    for (int x = 0; x < W; x++)
        if (col[x].last >= 0) add_run(vert, x, &col[x]);
    free(col);
    free(gray);
}

static int by_at(const void *a, const void *b)
{
    const run *p = a, *q = b;
    if (p->at != q->at) return p->at < q->at ? -1 : 1;
    return p->from < q->from ? -1 : p->from > q->from;
}

/* A rule being joined: its last column (row), its extent, and the sum
 * and number of the columns (rows) it takes. */
typedef struct open_rule { int last, from, to, n; double sum; } open_rule;

/* Runs in neighbouring columns (rows) that overlap are one rule, placed
 * at their middle; returns the rules, in points, allocated in `a`. */
static int join_runs(arena *a, runs *rs, double scale, bool vertical, pdf_rule **out)
{
    if (rs->n) qsort(rs->v, (size_t)rs->n, sizeof *rs->v, by_at);
    open_rule *o = must(malloc(((size_t)rs->n + 1) * sizeof *o));
    int *active = must(malloc(((size_t)rs->n + 1) * sizeof *active));
    int no = 0, nactive = 0, at = -1;
    for (int i = 0; i < rs->n; i++) {
        const run *r = &rs->v[i];
        if (r->at != at) {      /* a new column (row): keep the rules that reach the one before */
            int k = 0;
            for (int j = 0; j < nactive; j++)
                if (o[active[j]].last >= r->at - 1) active[k++] = active[j];
            nactive = k;
            at = r->at;
        }
        int found = -1;
        for (int j = 0; j < nactive && found < 0; j++) {
            const open_rule *c = &o[active[j]];
            if (c->last >= r->at - 1 && r->from <= c->to && c->from <= r->to) found = active[j];
        }
        if (found < 0) {
            o[no] = (open_rule){ r->at, r->from, r->to, 0, 0 };
            active[nactive++] = found = no++;
        }
        open_rule *c = &o[found];
        c->last = r->at;
        c->from = c->from < r->from ? c->from : r->from;
        c->to = c->to > r->to ? c->to : r->to;
        c->sum += r->at;
        c->n++;
    }
    int n = no < MAX_RULES ? no : MAX_RULES;
    pdf_rule *v = arena_alloc(a, ((size_t)n + 1) * sizeof *v);
    for (int i = 0; i < n; i++) {
        double pos = (o[i].sum / o[i].n + 0.5) / scale;
        double from = o[i].from / scale, to = (o[i].to + 1) / scale;
        v[i] = vertical ? (pdf_rule){ pos, from, pos, to } : (pdf_rule){ from, pos, to, pos };
    }
    free(o);
    free(active);
    *out = v;
    return n;
}

void pdf_find_rules(arena *a, PopplerPage *page, const pdf_glyph *g, int ng, pdf_rules *out)
{
    memset(out, 0, sizeof *out);
    page_image img;
    if (!draw(page, &img)) return;
    unsigned char *mask = glyph_mask(&img, g, ng);
    runs vert = {0}, horiz = {0};
    find_runs(&img, mask, &vert, &horiz);
    free(mask);
    cairo_surface_destroy(img.surf);
    out->nv = join_runs(a, &vert, img.scale, true, &out->v);
    out->nh = join_runs(a, &horiz, img.scale, false, &out->h);
    free(vert.v);
    free(horiz.v);
}
