/*
 * pdf_layout.c: a PDF page's tables and prose, rebuilt from glyph positions.
 *
 * poppler gives each character with its box but nothing of the ruling
 * lines a table is drawn with, so a table is read off positions, the way
 * a person reads a page, and off the rules that pdf_rules.c finds where
 * the page draws them (pdf_frames.c groups them into frames).  Sizes are
 * measured in glyph heights (h) so that they hold for any font size.
 *
 * Ruled tables: the lines inside a frame are its table, however few
 * chunks each holds (a table of blank cells, or one going on at the top
 * of a page, is one too) and nothing outside it is (a heading right
 * under it); its inner vertical rules are the column boundaries, so a
 * column blank in every row still is one; two lines of text with a rule
 * between them are two cells; a row whose rules stop short of where the
 * others' go has no cells further right.  Two numbers side by side that
 * no rule divides still get a boundary (a rule too faint to be found).
 * Everything else below holds for ruled and unruled tables alike.
 *
 * Lines: glyphs whose vertical centres agree (within a third of their
 * height) share a baseline.  A table's cells are often not on one
 * baseline: a number centred in its cell sits between the two lines of
 * the wrapped label beside it, so each of them is a line of its own.
 *
 * Chunks: a line splits at gaps wider than CHUNK_GAP heights (between two
 * CJK characters, CJK_CHUNK_GAP: they touch within a run).  A line of
 * two or more chunks is tabular; prose is one chunk wide.  A table region
 * is a run of tabular lines, with the one-chunk lines between them that
 * are indented into the table (a header cell, a label in an inner column)
 * or follow the line above closely (a label wrapped in its cell).  A
 * one-chunk line at the table's left edge after a wider space is where
 * the table stops (a heading, a caption row), and so is a line of
 * another size (a heading right under the table, its numeral set off by
 * a tab).
 *
 * Columns: every gap between two chunks of a tabular line must contain a
 * column boundary; the fewest boundaries that meet every gap (found by
 * stabbing the gaps in order of their right ends) are the table's
 * columns.  A header spanning several columns holds no gap and asks for
 * none.  The header's leaves (its lowest text over each column) ask for
 * a boundary between each two side by side even where they are on
 * different lines, so a column left blank in every row of values still
 * is one: its header names it.  A chunk is then cut again wherever a boundary falls into a
 * space between two of its glyphs (a label that wrapped up to the next
 * cell's number), but never inside a run of touching glyphs, so text
 * spanning columns stays whole.
 *
 * Cells and rows: a chunk holding a number (or a blank mark) is a value;
 * a line with values is a row of values.  The text chunks of a column that
 * follow each other closely are one cell (a label wrapped over lines, a
 * header written one character per line), unless that would put two rows
 * of values in one cell, or a header's cell in the first row of values (a
 * header line holds text over the value columns: 信息内容 right above 规章
 * and its numbers).  A cell belongs to every row of values it
 * overlaps vertically (a label beside its row's numbers, a merged group
 * cell beside several rows, whose text is then repeated in each); cells
 * beside no row of values are rows of their own: the header, or a row
 * left blank.  Each row becomes one line with a cell for every column,
 * empty where nothing lies.
 */
#include "read/pdf_layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "read/read.h"

enum { MAX_SEPS = PDF_MAX_SEPS, MAX_COLS = MAX_SEPS + 1, MAX_REGION_CHUNKS = 8000, RECENT_CELLS = 64,
       MAX_BETWEEN = 400 };

static const double LINE_TOL = 0.33;     /* baseline agreement, of the taller glyph */
static const double CHUNK_GAP = 0.45;    /* a wider gap ends a chunk */
static const double CJK_CHUNK_GAP = 0.3; /* between two CJK characters, which touch within a run */
static const double SPLIT_GAP = 0.12;    /* a gap this wide at a column boundary cuts */
static const double SPACE_GAP = 0.22;    /* a gap this wide between Latin text is a space */
static const double CJK_SPACE_GAP = 0.6; /* next to CJK only a wider gap is a space */
static const double FULL_SLACK = 2.2;    /* a wrapped line ends this near its cell's edge */
static const double WRAP_SLACK = 0.15;
static const double MAX_PITCH = 2.5;
static const double NARROW = 2.5;        /* a short chunk, in heights */
static const double UNCOVERED = 1.5;     /* a space between columns no short chunk covers */     /* no line spacing is wider, in heights */   /* lines of one cell: their pitch and this much */
static const double TABLE_GAP = 3.5;     /* lines of one table are at most this far apart */
static const double OVERLAP = 0.25;      /* vertical overlap that ties a cell to a row */
static const double OVERRUN = 1.5;       /* a label's end past a boundary, at most, in heights */

static void *grow(void *p, int *cap, int need, size_t size)
{
    if (need <= *cap) return p;
    int cap2 = *cap ? *cap * 2 : 64;
    while (cap2 < need) cap2 *= 2;
    p = realloc(p, (size_t)cap2 * size);
    if (!p) {
        fputs("site-gen: out of memory\n", stderr);
        abort();
    }
    *cap = cap2;
    return p;
}

pdf_item *pdf_items_add(pdf_items *items)
{
    items->v = grow(items->v, &items->cap, items->n + 1, sizeof *items->v);
    pdf_item *it = &items->v[items->n++];
    memset(it, 0, sizeof *it);
    it->table = -1;
    return it;
}

/* ---- lines ------------------------------------------------------------ */

static double centre_y(const pdf_glyph *g) { return (g->y1 + g->y2) / 2; }
static double height(const pdf_glyph *g) { return fmax(g->y2 - g->y1, 1.0); }

static int by_y(const void *a, const void *b)
{
    const pdf_glyph *p = a, *q = b;
    double d = centre_y(p) - centre_y(q);
    if (d != 0) return d < 0 ? -1 : 1;
    return p->x1 < q->x1 ? -1 : p->x1 > q->x1;
}

static int by_x(const void *a, const void *b)
{
    const pdf_glyph *p = a, *q = b;
    return p->x1 < q->x1 ? -1 : p->x1 > q->x1;
}

/* Word draws bold CJK text twice, a hair apart: keep one of each pair. */
static int drop_doubled(pdf_glyph *g, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (k > 0 && strcmp(g[k - 1].s, g[i].s) == 0 &&
            fabs(g[k - 1].x1 - g[i].x1) < 0.3 * height(&g[i]))
            continue;
        g[k++] = g[i];
    }
    return k;
}

int pdf_make_lines(arena *a, pdf_glyph *g, int ng, pdf_line **out)
{
    if (ng) qsort(g, (size_t)ng, sizeof *g, by_y);
    pdf_line *lines = arena_alloc(a, (size_t)(ng ? ng : 1) * sizeof *lines);
    int n = 0;
    for (int i = 0; i < ng;) {
        double ref = centre_y(&g[i]), h0 = height(&g[i]);
        int j = i + 1;
        while (j < ng && fabs(centre_y(&g[j]) - ref) <= LINE_TOL * fmax(h0, height(&g[j]))) j++;
        qsort(g + i, (size_t)(j - i), sizeof *g, by_x);
        pdf_line *l = &lines[n++];
        l->g = g + i;
        l->ng = drop_doubled(g + i, j - i);
        l->x1 = l->g[0].x1;
        l->x2 = l->g[0].x2;
        l->y1 = l->g[0].y1;
        l->y2 = l->g[0].y2;
        l->h = height(&l->g[0]);
        for (int k = 1; k < l->ng; k++) {
            l->x2 = fmax(l->x2, l->g[k].x2);
            l->y1 = fmin(l->y1, l->g[k].y1);
            l->y2 = fmax(l->y2, l->g[k].y2);
            l->h = fmax(l->h, height(&l->g[k]));
        }
        i = j;
    }
    *out = lines;
    return n;
}

/* ---- text ------------------------------------------------------------- */

static bool is_wide(const char *s) { return (unsigned char)s[0] >= 0xE2; }

static bool is_ascii_word(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Full-width punctuation (、。，：；）》】 and the like, U+3000-303F and
 * U+FF00-FF65 less the letters and digits): it carries its own space, so
 * a gap after it (a tab after a numbering mark, （二）<tab>依申请公开) is
 * layout, not a space in the text. */
static bool is_cjk_punct(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == 0xE3 && u[1] == 0x80) return true;
    if (u[0] != 0xEF || (u[1] != 0xBC && u[1] != 0xBD)) return false;
    unsigned c = 0xFF00 + (unsigned)((u[1] - 0xBC) << 6) + (unsigned)(u[2] & 0x3F);
    return c <= 0xFF65 && !(c >= 0xFF10 && c <= 0xFF19) && !(c >= 0xFF21 && c <= 0xFF3A) &&
           !(c >= 0xFF41 && c <= 0xFF5A);
}

static void append_glyphs(buf *b, const pdf_glyph *g, int n, double h)
{
    for (int i = 0; i < n; i++) {
        if (i > 0) {
            double gap = g[i].x1 - g[i - 1].x2;
            bool cjk = is_wide(g[i - 1].s) || is_wide(g[i].s);
            bool after_punct = is_cjk_punct(g[i - 1].s) && is_wide(g[i].s);
            if (gap > (cjk ? CJK_SPACE_GAP : SPACE_GAP) * h && !after_punct) buf_putc(b, ' ');
        }
        buf_puts(b, g[i].s);
    }
}

char *pdf_glyph_text(arena *a, const pdf_glyph *g, int n, double h)
{
    buf b = BUF_INIT;
    append_glyphs(&b, g, n, h);
    char *t = normalize_cell(a, b.data, b.len);
    buf_free(&b);
    return t;
}

/* A table value once normalised: digits with , and . ("1,234", "12.5"),
 * or a mark for nothing (-, —, /). */
static bool is_value(const char *s)
{
    bool digit = false, mark = false, punct = false;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') digit = true;
        else if (*p == ',' || *p == '.') punct = true;
        else if (*p == '-' || *p == '/') mark = true;
        else if (strncmp(p, "\xE2\x80\x94", 3) == 0 || strncmp(p, "\xE2\x80\x93", 3) == 0) {
            mark = true;
            p += 2;
        } else {
            return false;
        }
    }
    return digit ? !mark : mark && !punct;
}

static bool is_digit_glyph(const char *s)
{
    return (s[0] >= '0' && s[0] <= '9' && !s[1]) ||
           ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBC &&
            (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x99);
}

/* ---- numbering ---- */

static bool starts_with_any(const char *s, const char *const *marks)
{
    for (; *marks; marks++)
        if (strncmp(s, *marks, strlen(*marks)) == 0) return true;
    return false;
}

/* 一、 (一) 1. 1、 第一章 第二, at the start of a line (normalised text);
 * not 第三方. */
bool pdf_is_numbered(const char *s)
{
    static const char *const numerals[] = { "一", "二", "三", "四", "五", "六", "七", "八",
                                            "九", "十", NULL };
    const char *p = s;
    bool paren = *p == '(';
    if (paren) p++;
    const char *q = p;
    while (*q >= '0' && *q <= '9') q++;
    if (q == p)
        while (starts_with_any(q, numerals)) q += 3;
    if (q == p && strncmp(s, "第", 3) == 0) {
        static const char *const after[] = { "、", ",", "章", "节", "条", "部分", "是", NULL };
        const char *r = s + 3;
        while (starts_with_any(r, numerals)) r += 3;
        return r > s + 3 && starts_with_any(r, after);
    }
    if (q == p) return false;
    if (paren) return *q == ')';
    return *q == '.' || strncmp(q, "、", 3) == 0;
}

/* ---- regions ---------------------------------------------------------- */

/* A gap between glyphs k-1 and k of line l that ends a chunk.  CJK
 * characters of one run of text touch, so between two of them a smaller
 * gap is enough (cells set close together, a few points apart); next to
 * Latin letters or digits a space is wider. */
static bool chunk_gap(const pdf_line *l, int k)
{
    double gap = l->g[k].x1 - l->g[k - 1].x2;
    bool cjk = is_wide(l->g[k - 1].s) && is_wide(l->g[k].s);
    return gap > (cjk ? CJK_CHUNK_GAP : CHUNK_GAP) * l->h;
}

static int count_chunks(const pdf_line *l)
{
    int n = 1;
    for (int i = 1; i < l->ng; i++)
        if (chunk_gap(l, i)) n++;
    return n;
}

bool pdf_any_tabular(const pdf_line *lines, int nlines)
{
    for (int i = 0; i < nlines; i++)
        if (count_chunks(&lines[i]) >= 2) return true;
    return false;
}

static double gap_between(const pdf_line *above, const pdf_line *below)
{
    return below->y1 - above->y2;
}

static double taller(const pdf_line *a, const pdf_line *b) { return fmax(a->h, b->h); }

/* Where the first chunk of a tabular line ends and the second starts. */
static double first_chunk_end(const pdf_line *l)
{
    for (int i = 1; i < l->ng; i++)
        if (chunk_gap(l, i)) return l->g[i - 1].x2;
    return l->x2;
}

static double second_chunk(const pdf_line *l)
{
    for (int i = 1; i < l->ng; i++)
        if (chunk_gap(l, i)) return l->g[i].x1;
    return l->x2;
}

static bool same_height(double a, double b)
{
    return fabs(a - b) <= 0.1 * fmax(a, b);
}

/* A one-chunk line inside a table: indented into it (a header, a label
 * of an inner column), or within its first column (a wrapped label): no
 * further right than the table's labels reach (`reach`, 0 when not yet
 * known) nor than where its values start.  A heading or a paragraph at
 * the table's left edge runs wider, or is set in another size. */
static bool within_table(const pdf_line *s, const pdf_extent *e)
{
    if (!same_height(s->h, e->h)) return false;
    if (s->x1 > e->left + s->h) return true;
    return s->x2 < e->values - 0.1 * s->h && (!e->reach || s->x2 <= e->reach + 0.5 * s->h);
}

/* The extent a tabular line shows; grow_extent adds one to what is known. */
static pdf_extent extent_of(const pdf_line *l)
{
    return (pdf_extent){ l->x1, first_chunk_end(l), second_chunk(l), l->x2, l->h, 0 };
}

static void grow_extent(pdf_extent *e, const pdf_line *l)
{
    e->left = fmin(e->left, l->x1);
    e->reach = fmax(e->reach, first_chunk_end(l));
    e->values = second_chunk(l);
    e->right = fmax(e->right, l->x2);
}

static int by_double(const void *a, const void *b)
{
    double p = *(const double *)a, q = *(const double *)b;
    return p < q ? -1 : p > q;
}

/* A one-chunk line further from the line above than any two lines of the
 * table so far (once it has a few rows of values): a heading or a
 * paragraph after the table. */
static bool apart(int rows, double widest, double gap, double h)
{
    return rows >= 3 && gap > 1.3 * widest + 0.25 * h;
}

/* The line holds a chunk of digits alone: a row of values. */
static bool has_number(const pdf_line *l)
{
    bool digits = true;
    for (int i = 0; i < l->ng; i++) {
        if (i > 0 && chunk_gap(l, i)) {
            if (digits) return true;
            digits = true;
        }
        digits = digits && (is_digit_glyph(l->g[i].s) || !strcmp(l->g[i].s, ".") ||
                            !strcmp(l->g[i].s, ","));
    }
    return digits;
}

/* The end of the table region that starts at tabular line `from`, or,
 * with `carried`, at the top of a page where the table of the page
 * before goes on (line `from` then need not be tabular: a blank row, a
 * label broken over the pages).  Its extent is left in *out. */
static int region_end(const pdf_line *l, const int *nch, int n, int from,
                      const pdf_extent *carried, pdf_extent *out)
{
    pdf_extent e = carried ? *carried : extent_of(&l[from]);
    int last = carried ? from - 1 : from;   /* the last tabular line */
    int rows = 0;
    for (int j = carried ? from : from + 1; j < n; j++) {
        double h = j > from ? taller(&l[j - 1], &l[j]) : l[j].h;
        double gap = j > from ? gap_between(&l[j - 1], &l[j]) : 0;
        if (gap > TABLE_GAP * h) break;
        if (nch[j] >= 2 && !same_height(l[j].h, e.h)) break;   /* a heading after it */
        if (nch[j] >= 2) {
            last = j;
            grow_extent(&e, &l[j]);
            rows += has_number(&l[j]);
        } else if (!within_table(&l[j], &e) || apart(rows, e.widest, gap, h)) {
            break;
        }
        e.widest = fmax(e.widest, gap);
    }
    /* After the last tabular line: lines no further apart than the
     * table's own (a last row left blank, a label wrapped below). */
    int end = last + 1;
    while (end < n && nch[end] < 2 && within_table(&l[end], &e) &&
           (end == from || gap_between(&l[end - 1], &l[end]) <= e.widest + 0.2 * l[end].h))
        end++;
    for (int j = from; j < end; j++) e.right = fmax(e.right, l[j].x2);
    *out = e;
    return end;
}

/* Lines just above a region that belong to it: header cells over its
 * inner columns (a header spanning them), or the first line of a label
 * whose numbers sit lower in its row (the two overlap) or whose next line
 * starts the table (just below, within its first column). */
static int region_start(const pdf_line *l, const int *nch, int floor, int from)
{
    int s = from;
    while (s > floor && nch[s - 1] < 2) {
        double h = taller(&l[s - 1], &l[s]), gap = gap_between(&l[s - 1], &l[s]);
        double x1 = l[s - 1].x1;
        bool header = (x1 >= second_chunk(&l[from]) - h && gap <= 2.5 * h) ||
                      (x1 > l[from].x1 + 3 * h && gap <= h);
        pdf_extent e = extent_of(&l[from]);
        e.reach = 0;
        bool first = s == from && within_table(&l[s - 1], &e) &&
                     (gap < 0 || (gap <= 0.6 * h && l[s - 1].x2 < second_chunk(&l[from]) &&
                                  l[s - 1].x1 < first_chunk_end(&l[from])));
        if (!header && !first) break;
        s--;
    }
    return s;
}

/* ---- columns ---------------------------------------------------------- */

typedef struct span { double lo, hi, h; } span;

static int by_lo(const void *a, const void *b)
{
    const span *p = a, *q = b;
    return p->lo < q->lo ? -1 : p->lo > q->lo;
}

static int by_hi(const void *a, const void *b)
{
    const span *p = a, *q = b;
    return p->hi < q->hi ? -1 : p->hi > q->hi;
}

/* The chunks of line i, as spans. */
static int line_spans(const pdf_line *l, span *out)
{
    int n = 0, start = 0;
    for (int k = 1; k <= l->ng; k++) {
        if (k < l->ng && !chunk_gap(l, k)) continue;
        out[n++] = (span){ l->g[start].x1, l->g[k - 1].x2, l->h };
        start = k;
    }
    return n;
}

/* The header's leaves, the chunks above the first row of values that no
 * chunk below them in the header overlaps: the lowest line of each
 * column's header (自然人 under 法人或其他组织, 持 of 结/果/维/持), or
 * of a header cell merged down to the values.  Each stands over one
 * column (or the labels), so two of them side by side have a boundary
 * between them, even over a column whose cells are all blank. */
static void add_leaf_gaps(const pdf_line *l, int from, int to, span **gaps, int *ngaps, int *cap)
{
    int top = from, n = 0;
    while (top < to && !has_number(&l[top])) top++;
    if (top == to) return;
    int total = 0;
    for (int i = from; i < top; i++) total += l[i].ng;
    span *ch = malloc(((size_t)total + 1) * sizeof *ch);
    if (!ch) abort();
    int *line_of = malloc(((size_t)total + 1) * sizeof *line_of);
    if (!line_of) abort();
    for (int i = from; i < top; i++) {
        int k = line_spans(&l[i], ch + n);
        for (int j = n; j < n + k; j++) line_of[j] = i;
        n += k;
    }
    int nleaf = 0;
    for (int a = 0; a < n; a++) {
        bool covered = false;
        for (int b = 0; b < n && !covered; b++)
            covered = line_of[b] > line_of[a] && ch[b].lo < ch[a].hi && ch[a].lo < ch[b].hi;
        if (!covered) ch[nleaf++] = ch[a];
    }
    if (nleaf) qsort(ch, (size_t)nleaf, sizeof *ch, by_lo);
    double end = nleaf ? ch[0].hi : 0;
    for (int a = 1; a < nleaf; a++) {
        if (ch[a].lo > end) {
            *gaps = grow(*gaps, cap, *ngaps + 1, sizeof **gaps);
            (*gaps)[(*ngaps)++] = (span){ end, ch[a].lo, ch[a].h };
        }
        end = fmax(end, ch[a].hi);
    }
    free(ch);
    free(line_of);
}

/* Sorts boundaries with the flags that go with them (few: insertion). */
static void sort_fixed(double *seps, bool *fixed, int n)
{
    for (int i = 1; i < n; i++)
        for (int k = i; k > 0 && seps[k - 1] > seps[k]; k--) {
            double t = seps[k];
            seps[k] = seps[k - 1];
            seps[k - 1] = t;
            bool f = fixed[k];
            fixed[k] = fixed[k - 1];
            fixed[k - 1] = f;
        }
}

static bool holds_sep(const double *seps, int n, double lo, double hi)
{
    for (int k = 0; k < n; k++)
        if (seps[k] > lo && seps[k] < hi) return true;
    return false;
}

/* The fewest boundaries that fall into every gap between chunks, each in
 * the middle of the room its gaps leave; a narrower space between glyphs
 * within that room (a label wrapped up to the next cell) narrows it
 * further.  A table carried over from the page before keeps its
 * boundaries (`carried`, or NULL), and gets one more only in a gap that
 * holds none of them. */
static int find_separators(const pdf_line *l, int from, int to, const pdf_carry *carried,
                           double *seps)
{
    span *gaps = NULL, *weak = NULL;
    int ngaps = 0, cap = 0, nweak = 0, capweak = 0;
    for (int i = from; i < to; i++) {
        for (int k = 1; k < l[i].ng; k++) {
            double lo = l[i].g[k - 1].x2, hi = l[i].g[k].x1;
            if (chunk_gap(&l[i], k)) {
                gaps = grow(gaps, &cap, ngaps + 1, sizeof *gaps);
                gaps[ngaps++] = (span){ lo, hi, l[i].h };
            } else if (hi - lo > SPLIT_GAP * l[i].h) {
                weak = grow(weak, &capweak, nweak + 1, sizeof *weak);
                weak[nweak++] = (span){ lo, hi, l[i].h };
            }
        }
    }
    add_leaf_gaps(l, from, to, &gaps, &ngaps, &cap);
    if (ngaps) qsort(gaps, (size_t)ngaps, sizeof *gaps, by_hi);
    span *chunks = NULL;
    int nchunks = 0, capchunks = 0;
    for (int i = from; i < to; i++) {
        chunks = grow(chunks, &capchunks, nchunks + l[i].ng + 1, sizeof *chunks);
        nchunks += line_spans(&l[i], chunks + nchunks);
    }
    int n = 0;
    bool fixed[MAX_SEPS] = {false};
    if (carried) {
        n = carried->nseps;
        memcpy(seps, carried->seps, (size_t)n * sizeof *seps);
        for (int i = 0; i < ngaps && n < MAX_SEPS; i++)
            if (!holds_sep(seps, n, gaps[i].lo, gaps[i].hi)) seps[n++] = gaps[i].hi - 0.01;
        for (int k = 0; k < n; k++) fixed[k] = k < carried->nseps;
        sort_fixed(seps, fixed, n);
    }
    /* The fewest points in every gap: in order of the gaps' right ends, a
     * gap not yet holding one gets one at its right end. */
    for (int i = 0; i < ngaps && n < MAX_SEPS && !carried; i++)
        if (n == 0 || gaps[i].lo >= seps[n - 1]) seps[n++] = gaps[i].hi - 0.01;
    /* Each boundary goes in the middle of the room left by the gaps that
     * hold it alone (a gap over a run of blank cells holds several and
     * says nothing about where each is). */
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < n; k++) {
            if (fixed[k]) continue;
            double lo = k > 0 ? seps[k - 1] : -1e9, hi = k + 1 < n ? seps[k + 1] : 1e9;
            double a = lo, b = hi;
            bool any = false;
            for (int g = 0; g < ngaps; g++) {
                if (gaps[g].lo >= seps[k] || gaps[g].hi <= seps[k]) continue;
                if ((k > 0 && gaps[g].lo < seps[k - 1]) || (k + 1 < n && gaps[g].hi > seps[k + 1]))
                    continue;
                a = any ? fmax(a, gaps[g].lo) : gaps[g].lo;
                b = any ? fmin(b, gaps[g].hi) : gaps[g].hi;
                any = true;
            }
            if (!any || a >= b) continue;
            /* Text from the left that runs into the room (a label up to
             * its cell's edge, a header over the label columns ending
             * past the labels) pushes the boundary past its end. */
            for (int c = 0; c < nchunks; c++)
                if (chunks[c].hi > a && chunks[c].hi < b && chunks[c].lo < a) a = chunks[c].hi;
            for (int w = 0; w < nweak; w++) {
                double c = fmax(a, weak[w].lo), d = fmin(b, weak[w].hi);
                if (c < d) {
                    a = c;
                    b = d;
                }
            }
            seps[k] = (a + b) / 2;
        }
    }
    free(gaps);
    free(weak);
    free(chunks);
    return n;
}

/* (a, b) lies in a run of blank cells: a space between two numbers of a
 * row of values that already holds a column boundary. */
static bool in_blank_run(const pdf_line *l, int from, int to, const double *seps, int n,
                         double a, double b)
{
    for (int i = from; i < to; i++) {
        const pdf_line *ln = &l[i];
        for (int k = 1; k < ln->ng; k++) {
            double lo = ln->g[k - 1].x2, hi = ln->g[k].x1;
            if (lo > a || hi < b || !is_digit_glyph(ln->g[k - 1].s) || !is_digit_glyph(ln->g[k].s))
                continue;
            for (int s = 0; s < n; s++)
                if (seps[s] > lo && seps[s] < hi) return true;
        }
    }
    return false;
}

/* Columns that no line shows side by side: a column whose cells are all
 * blank in the rows of values, beside a header written on other lines.
 * Short chunks (numbers, header characters) cover their columns; a wide
 * space that none of them covers, and no boundary crosses, is one more
 * boundary. */
static int add_uncovered(const pdf_line *l, int from, int to, double *seps, int n)
{
    span *cover = NULL;
    int nc = 0, cap = 0;
    for (int i = from; i < to; i++) {
        int start = 0;
        for (int k = 1; k <= l[i].ng; k++) {
            if (k < l[i].ng && !chunk_gap(&l[i], k)) continue;
            double x1 = l[i].g[start].x1, x2 = l[i].g[k - 1].x2;
            if (x2 - x1 <= NARROW * l[i].h) {
                cover = grow(cover, &cap, nc + 1, sizeof *cover);
                cover[nc++] = (span){ x1, x2, l[i].h };
            }
            start = k;
        }
    }
    if (nc) qsort(cover, (size_t)nc, sizeof *cover, by_lo);
    double end = nc ? cover[0].hi : 0;
    for (int i = 1; i < nc && n < MAX_SEPS; i++) {
        double a = end, b = cover[i].lo;
        if (b - a > UNCOVERED * cover[i].h && in_blank_run(l, from, to, seps, n, a, b)) {
            double mid = (a + b) / 2, h = cover[i].h;
            bool near = false;
            for (int k = 0; k < n && !near; k++)
                near = (seps[k] > a && seps[k] < b) || fabs(seps[k] - mid) < UNCOVERED * h;
            if (!near) seps[n++] = mid;
        }
        end = fmax(end, cover[i].hi);
    }
    free(cover);
    qsort(seps, (size_t)n, sizeof *seps, by_double);
    return n;
}

/* A ruled table's columns: its inner vertical rules, and a boundary in
 * the middle of any space between two numbers on one line that no rule
 * divides (a rule too faint or too short to be found). */
static int ruled_separators(const pdf_line *l, int from, int to, const pdf_frame *f, double *seps)
{
    int n = f->nseps;
    memcpy(seps, f->seps, (size_t)n * sizeof *seps);
    for (int i = from; i < to; i++)
        for (int k = 1; k < l[i].ng && n < MAX_SEPS; k++) {
            double lo = l[i].g[k - 1].x2, hi = l[i].g[k].x1;
            if (!chunk_gap(&l[i], k) || !is_digit_glyph(l[i].g[k - 1].s) ||
                !is_digit_glyph(l[i].g[k].s))
                continue;
            bool divided = false;
            for (int s = 0; s < n && !divided; s++) divided = seps[s] > lo && seps[s] < hi;
            if (!divided) seps[n++] = (lo + hi) / 2;
        }
    qsort(seps, (size_t)n, sizeof *seps, by_double);
    return n;
}

/* A boundary that the end of a label runs over by a little (less than
 * OVERRUN heights) stands too far left: it is moved into the space
 * between those labels' ends and the next column's text, when there is
 * one.  (Seen where a boundary was placed by the rows of another page, or
 * by rows whose labels ended sooner.)  Text that spans columns runs over
 * a boundary by more, and a column whose text starts right after the
 * boundary leaves no space to move into. */
static void clear_label_ends(const pdf_line *l, int from, int to, double *seps, int n)
{
    span *sp = NULL;
    int cap = 0;
    for (int k = 0; k < n; k++) {
        double over = -1, next = 1e9, h = 0;
        for (int i = from; i < to; i++) {
            sp = grow(sp, &cap, l[i].ng + 1, sizeof *sp);
            int m = line_spans(&l[i], sp);
            for (int j = 0; j < m; j++) {
                if (sp[j].lo >= seps[k]) next = fmin(next, sp[j].lo);
                else if (sp[j].hi > seps[k] && sp[j].hi - seps[k] < OVERRUN * sp[j].h) {
                    over = fmax(over, sp[j].hi);
                    h = fmax(h, sp[j].h);
                }
            }
        }
        double limit = k + 1 < n ? fmin(next, seps[k + 1]) : next;
        if (over > 0 && over < limit - 0.2 * h) seps[k] = (over + limit) / 2;
    }
    free(sp);
}

static int column_of(const double *seps, int nseps, double x)
{
    int c = 0;
    while (c < nseps && seps[c] < x) c++;
    return c;
}

/* ---- chunks, cells, rows ---------------------------------------------- */

typedef struct chunk {
    int line;               /* index into the page's lines */
    int g0, g1;             /* its glyphs, [g0, g1) of that line */
    double x1, x2, y1, y2, h;
    int c1, c2;             /* the columns it covers */
    bool value;
    const char *text;       /* normalised */
    int cell;               /* the cell it is part of (text chunks) */
} chunk;

typedef struct cell {
    double y1, y2;
    int c1, c2;
    int last;               /* its last chunk */
    bool on_values;         /* one of its chunks is on a line of values */
    buf text;
} cell;

typedef struct row {
    double y1, y2;
    int line;               /* the line of values, -1 for a row without */
} row;

typedef struct region {
    arena *a;
    const pdf_line *l;
    int from, to;
    const pdf_frame *frame;   /* the rules it is drawn with, or NULL */
    const pdf_carry *carried; /* the table it goes on with, or NULL */
    pdf_carry *carry;         /* what it leaves for the next page, or NULL */
    double seps[MAX_SEPS];
    int nseps;
    double right;           /* where the table's text ends */
    chunk *ch;
    int nch, capch;
    bool *has_values;       /* by line, from `from` */
    bool *heads_values;     /* by line: text over the value columns (a header line) */
    int *per_line;          /* chunks on each line, from `from` */
    cell *cells;
    int ncells, capcells;
    row *rows;
    int nrows, caprows;
} region;

static void add_chunk(region *r, int line, int g0, int g1)
{
    const pdf_line *l = &r->l[line];
    if (r->nch >= MAX_REGION_CHUNKS) return;
    r->ch = grow(r->ch, &r->capch, r->nch + 1, sizeof *r->ch);
    chunk *c = &r->ch[r->nch++];
    c->line = line;
    c->g0 = g0;
    c->g1 = g1;
    c->x1 = l->g[g0].x1;
    c->x2 = l->g[g0].x2;
    c->y1 = l->g[g0].y1;
    c->y2 = l->g[g0].y2;
    for (int k = g0 + 1; k < g1; k++) {
        c->x2 = fmax(c->x2, l->g[k].x2);
        c->y1 = fmin(c->y1, l->g[k].y1);
        c->y2 = fmax(c->y2, l->g[k].y2);
    }
    c->h = l->h;
    double in = fmin(0.3 * l->h, (c->x2 - c->x1) / 2);
    c->text = pdf_glyph_text(r->a, l->g + g0, g1 - g0, l->h);
    c->value = is_value(c->text);
    if (c->value) {
        c->c1 = c->c2 = column_of(r->seps, r->nseps, (c->x1 + c->x2) / 2);
    } else {
        c->c1 = column_of(r->seps, r->nseps, c->x1 + in);
        c->c2 = column_of(r->seps, r->nseps, c->x2 - in);
    }
    c->cell = -1;
}

/* Cuts each line into chunks: at wide gaps, and at column boundaries that
 * fall into a space between glyphs. */
static void cut_chunks(region *r)
{
    for (int i = r->from; i < r->to; i++) {
        const pdf_line *l = &r->l[i];
        int start = 0;
        for (int k = 1; k < l->ng; k++) {
            double gap = l->g[k].x1 - l->g[k - 1].x2;
            bool cut = chunk_gap(l, k);
            if (!cut && gap > SPLIT_GAP * l->h) {
                double a = (l->g[k - 1].x1 + l->g[k - 1].x2) / 2, b = (l->g[k].x1 + l->g[k].x2) / 2;
                cut = column_of(r->seps, r->nseps, a) != column_of(r->seps, r->nseps, b);
            }
            if (cut) {
                add_chunk(r, i, start, k);
                start = k;
            }
        }
        if (l->ng) add_chunk(r, i, start, l->ng);
    }
    for (int k = 0; k < r->nch; k++) {
        r->per_line[r->ch[k].line - r->from]++;
        if (r->ch[k].value) r->has_values[r->ch[k].line - r->from] = true;
        r->right = fmax(r->right, r->ch[k].x2);
    }
}

static double centre(const chunk *c) { return (c->y1 + c->y2) / 2; }

/* The right edge of column c: its boundary, or the table's right end. */
static double right_edge(const region *r, int c)
{
    return c < r->nseps ? r->seps[c] : r->right;
}

/* A line of text that wrapped: it reaches (nearly) the edge of its cell. */
static bool is_full(const region *r, const chunk *c)
{
    return c->x2 >= right_edge(r, c->c2) - FULL_SLACK * c->h;
}

/* Nothing else is on chunk c's line. */
static bool alone(const region *r, const chunk *c)
{
    return r->per_line[c->line - r->from] == 1;
}

/* Chunk c may continue the cell whose last chunk is p: the same columns,
 * one below the other, p wrapped, c not the start of a numbered item. */
static bool may_continue(const region *r, const chunk *p, const chunk *c)
{
    if (p->line == c->line || pdf_is_numbered(c->text) || p->c1 != c->c1 || c->c2 > p->c2 ||
        c->x1 >= p->x2 || p->x1 >= c->x2 || c->x2 > right_edge(r, p->c2) + 0.05 * c->h)
        return false;
    /* A line that wrapped early (before a word it could not break: Latin
     * letters or digits, since CJK text breaks anywhere) is still
     * continued by one alone on its line, starting where it did.  Two
     * short labels one under the other, in rows left blank, are not. */
    return is_full(r, p) ||
           (alone(r, c) && is_ascii_word(c->text) && fabs(c->x1 - p->x1) < 0.5 * c->h);
}

/* The pitch of lines wrapped inside a cell: the shortest distance, seen
 * twice, between a text chunk and the next one below it in its column
 * (rows are further apart than the lines of one cell). */
static double wrap_pitch(const region *r)
{
    int last[MAX_COLS];
    for (int c = 0; c < MAX_COLS; c++) last[c] = -1;
    double *d = malloc(((size_t)r->nch + 1) * sizeof *d);
    if (!d) abort();
    int n = 0;
    double h = 0;
    for (int k = 0; k < r->nch; k++) {
        const chunk *ch = &r->ch[k];
        h = fmax(h, ch->h);
        if (ch->value) continue;
        int p = last[ch->c1];
        if (p >= 0 && may_continue(r, &r->ch[p], ch)) d[n++] = centre(ch) - centre(&r->ch[p]);
        last[ch->c1] = k;
    }
    qsort(d, (size_t)n, sizeof *d, by_double);
    double pitch = 0;
    for (int i = 0; i + 1 < n && !pitch; i++)
        if (d[i + 1] - d[i] <= fmax(0.6, 0.05 * h)) pitch = d[i];
    if (!pitch) pitch = n ? d[0] : 1.2 * h;
    free(d);
    /* Further apart than any line spacing: rows, not a wrapped cell. */
    return pitch <= MAX_PITCH * h ? pitch : 1.2 * h;
}

/* Some chunk on a line between those of chunks a and b lies under b. */
static bool covered_between(const region *r, int a, int b)
{
    if (b - a > MAX_BETWEEN) return true;
    const chunk *ca = &r->ch[a], *cb = &r->ch[b];
    for (int k = a + 1; k < b; k++) {
        const chunk *m = &r->ch[k];
        if (m->line != ca->line && m->line != cb->line && m->x1 < cb->x2 && cb->x1 < m->x2)
            return true;
    }
    return false;
}

/* Lines that hold text over the value columns (right of the first column
 * any value lies in), as a header's lines do. */
static void mark_header_lines(region *r)
{
    int first = MAX_COLS;
    for (int k = 0; k < r->nch; k++)
        if (r->ch[k].value && r->ch[k].c1 < first) first = r->ch[k].c1;
    for (int k = 0; k < r->nch; k++)
        if (!r->ch[k].value && r->ch[k].c1 >= first) r->heads_values[r->ch[k].line - r->from] = true;
}

/* Gathers the text chunks into cells: a chunk continues the cell open in
 * its first column when it lies one wrapped line below that cell's last
 * chunk, unless both are on lines of values (two rows). */
static void make_cells(region *r)
{
    double pitch = wrap_pitch(r);
    for (int k = 0; k < r->nch; k++) {
        chunk *ch = &r->ch[k];
        bool on_values = r->has_values[ch->line - r->from];
        if (ch->value) continue;
        int o = -1;
        double best = 0;
        for (int c = r->ncells - 1; c >= 0 && c >= r->ncells - RECENT_CELLS; c--) {
            const cell *cl = &r->cells[c];
            const chunk *last = &r->ch[cl->last];
            double dy = centre(ch) - centre(last);
            if (!may_continue(r, last, ch) || dy > pitch + WRAP_SLACK * ch->h || dy <= 0 ||
                (cl->on_values && on_values) || covered_between(r, cl->last, k) ||
                (on_values && r->heads_values[last->line - r->from]) ||
                (r->frame && pdf_frame_ruled_between(r->frame, fmax(ch->x1, last->x1),
                                                     fmin(ch->x2, last->x2), centre(last),
                                                     centre(ch))))
                continue;
            double ov = fmin(ch->x2, last->x2) - fmax(ch->x1, last->x1);
            if (ov > best) {
                best = ov;
                o = c;
            }
        }
        if (o < 0) {
            r->cells = grow(r->cells, &r->capcells, r->ncells + 1, sizeof *r->cells);
            o = r->ncells++;
            r->cells[o] = (cell){ ch->y1, ch->y2, ch->c1, ch->c2, k, false, BUF_INIT };
        } else {
            cell *cl = &r->cells[o];
            const char *prev = cl->text.len ? cl->text.data + cl->text.len - 1 : "";
            if (is_ascii_word(prev) && is_ascii_word(ch->text)) buf_putc(&cl->text, ' ');
            cl->y2 = fmax(cl->y2, ch->y2);
            cl->c2 = cl->c2 > ch->c2 ? cl->c2 : ch->c2;
            cl->last = k;
        }
        cell *cl = &r->cells[o];
        buf_puts(&cl->text, ch->text);
        cl->on_values = cl->on_values || on_values;
        ch->cell = o;
    }
}

static double overlap(double a1, double a2, double b1, double b2)
{
    return fmin(a2, b2) - fmax(a1, b1);
}

static int by_row_y(const void *a, const void *b)
{
    const row *p = a, *q = b;
    return p->y1 < q->y1 ? -1 : p->y1 > q->y1;
}

static void add_row(region *r, double y1, double y2, int line)
{
    r->rows = grow(r->rows, &r->caprows, r->nrows + 1, sizeof *r->rows);
    r->rows[r->nrows++] = (row){ y1, y2, line };
}

static double tall(const cell *c) { return c->y2 - c->y1; }

/* Which of two cells beside no row of values makes a row first: in the
 * header (above the first row of values) the shorter; below it, the one
 * that reaches further right, then the shorter, since there the labels
 * next to the values divide the rows and a group cell to their left (（六）
 * 其他处理, one line centred beside two labels of three lines and two)
 * only lies beside them. */
static bool makes_row_first(const cell *a, const cell *b, double values_top)
{
    bool ha = a->y2 <= values_top, hb = b->y2 <= values_top;
    if (ha != hb) return ha;
    if (!ha && a->c2 != b->c2) return a->c2 > b->c2;
    return tall(a) < tall(b);
}

/* Rows: one per line of values; then, among the cells beside none (the
 * header, a row left blank), in the order makes_row_first says, one per
 * cell that no row made so far overlaps.  A taller cell over several of
 * those rows (a header merged down) is then in each of them. */
static void make_rows(region *r)
{
    for (int i = r->from; i < r->to; i++)
        if (r->has_values[i - r->from]) add_row(r, r->l[i].y1, r->l[i].y2, i);
    int with_values = r->nrows, n = 0;
    double values_top = 1e9;
    for (int k = 0; k < with_values; k++) values_top = fmin(values_top, r->rows[k].y1);
    int *order = malloc(((size_t)r->ncells + 1) * sizeof *order);
    if (!order) abort();
    for (int c = 0; c < r->ncells; c++) {
        const cell *cl = &r->cells[c];
        double h = r->ch[cl->last].h;
        bool beside = false;
        for (int k = 0; k < with_values && !beside; k++)
            beside = overlap(cl->y1, cl->y2, r->rows[k].y1, r->rows[k].y2) > OVERLAP * h;
        if (beside) continue;
        int i = n++;
        for (; i > 0 && makes_row_first(cl, &r->cells[order[i - 1]], values_top); i--)
            order[i] = order[i - 1];
        order[i] = c;
    }
    for (int i = 0; i < n; i++) {
        const cell *cl = &r->cells[order[i]];
        double h = r->ch[cl->last].h;
        bool over = false;
        for (int k = with_values; k < r->nrows && !over; k++)
            over = overlap(cl->y1, cl->y2, r->rows[k].y1, r->rows[k].y2) > OVERLAP * h;
        if (!over) add_row(r, cl->y1, cl->y2, -1);
    }
    free(order);
    if (r->nrows) qsort(r->rows, (size_t)r->nrows, sizeof *r->rows, by_row_y);
}

static void put(arena *a, const char **cells, int c, const char *text)
{
    if (!*text) return;
    cells[c] = cells[c][0] ? arena_printf(a, "%s %s", cells[c], text) : text;
}

static bool cell_in_row(const region *r, const cell *cl, const row *rw, bool values_row)
{
    double h = r->ch[cl->last].h;
    (void)values_row;
    return overlap(cl->y1, cl->y2, rw->y1, rw->y2) > OVERLAP * h;
}

static bool beside_values(const region *r, const cell *cl)
{
    for (int k = 0; k < r->nrows; k++)
        if (r->rows[k].line >= 0 && cell_in_row(r, cl, &r->rows[k], true)) return true;
    return false;
}

static double row_end(const region *r, const row *rw)
{
    return pdf_frame_row_end(r->frame, (rw->y1 + rw->y2) / 2);
}

/* The cells of row rw: every column, but in a ruled table only those
 * left of where the row's rules end, when other rows' rules go further
 * (`widest`) and nothing of the row lies further right: a row that lost
 * its last cells.  (A faint outer rule leaves a row whose cell spans
 * the last columns without an end: its text says the cell is there.) */
static int row_cells(const region *r, const row *rw, double widest, const char *const *cells)
{
    int ncols = r->nseps + 1;
    if (!r->frame) return ncols;
    double end = row_end(r, rw);
    if (end >= widest - 1.0) return ncols;
    int c = column_of(r->seps, r->nseps, end - 1.0) + 1;
    for (int k = ncols - 1; k >= c; k--)
        if (cells[k][0]) return k + 1;
    return c < ncols ? c : ncols;
}

/* The region's first row goes on with a label the page break cut: it
 * has no values, and its text, not a numbered item, lies only in columns
 * where the last row of the page before ran to the cell's edge.  That
 * text is added to that row's label (in out's last item) and true
 * returned. */
static bool joins_cut_label(const region *r, const char **cells, int ncols, pdf_items *out)
{
    if (!r->carried || !out->n || !out->v[out->n - 1].ncells) return false;
    pdf_item *prev = &out->v[out->n - 1];
    bool any = false;
    for (int c = 0; c < ncols; c++) {
        if (!cells[c][0]) continue;
        if (c >= prev->ncells || !r->carried->open[c] || !prev->cells[c][0] ||
            pdf_is_numbered(cells[c]))
            return false;
        any = true;
    }
    if (!any) return false;
    const char **joined = arena_alloc(r->a, (size_t)prev->ncells * sizeof *joined);
    for (int c = 0; c < prev->ncells; c++)
        joined[c] = c < ncols && cells[c][0] ? arena_printf(r->a, "%s%s", prev->cells[c], cells[c])
                                             : prev->cells[c];
    prev->cells = joined;
    return true;
}

/* The columns where cell cl's text ran to its edge (it may go on below). */
static void mark_open(const region *r, const cell *cl, bool *open, int ncols)
{
    if (!is_full(r, &r->ch[cl->last])) return;
    for (int col = cl->c1; col <= cl->c2 && col < ncols; col++) open[col] = true;
}

static void emit_rows(region *r, int page, int table, pdf_items *out)
{
    int ncols = r->nseps + 1;
    char **texts = arena_alloc(r->a, (size_t)r->ncells * sizeof *texts + 1);
    bool *beside = arena_alloc(r->a, (size_t)r->ncells * sizeof *beside + 1);
    for (int c = 0; c < r->ncells; c++) {
        texts[c] = normalize_cell(r->a, r->cells[c].text.data, r->cells[c].text.len);
        beside[c] = beside_values(r, &r->cells[c]);
    }
    bool seen_values = false, emitted = false;
    bool *open = arena_alloc(r->a, (size_t)ncols * sizeof *open);
    double widest = 0;
    for (int k = 0; r->frame && k < r->nrows; k++) widest = fmax(widest, row_end(r, &r->rows[k]));
    for (int k = 0; k < r->nrows; k++) {
        const row *rw = &r->rows[k];
        bool values_row = rw->line >= 0;
        const char **cells = arena_alloc(r->a, (size_t)ncols * sizeof *cells);
        for (int c = 0; c < ncols; c++) cells[c] = "";
        bool *row_open = arena_alloc(r->a, (size_t)ncols * sizeof *row_open);
        memset(row_open, 0, (size_t)ncols * sizeof *row_open);
        double x1 = 1e9, x2 = -1e9, h = 0;
        for (int c = 0; c < r->ncells; c++) {
            const cell *cl = &r->cells[c];
            if (beside[c] != values_row || !cell_in_row(r, cl, rw, values_row)) continue;
            for (int col = cl->c1; col <= cl->c2 && col < ncols; col++) put(r->a, cells, col, texts[c]);
            mark_open(r, cl, row_open, ncols);
        }
        for (int i = 0; i < r->nch; i++) {
            const chunk *ch = &r->ch[i];
            bool mine = values_row ? ch->line == rw->line && ch->value
                                   : !ch->value && ch->cell >= 0 && !beside[ch->cell] &&
                                     cell_in_row(r, &r->cells[ch->cell], rw, false);
            if (values_row && ch->value) put(r->a, cells, ch->c1, mine ? ch->text : "");
            if (!mine) continue;
            x1 = fmin(x1, ch->x1);
            x2 = fmax(x2, ch->x2);
            h = fmax(h, ch->h);
        }
        bool any = false;
        for (int c = 0; c < ncols; c++) any = any || cells[c][0];
        if (!any) continue;
        if (!emitted && !values_row && joins_cut_label(r, cells, ncols, out)) {
            emitted = true;
            continue;
        }
        emitted = true;
        open = row_open;
        pdf_item *it = pdf_items_add(out);
        it->page = page;
        it->ncells = row_cells(r, rw, widest, cells);
        it->cells = cells;
        it->x1 = x1;
        it->x2 = x2;
        it->y1 = rw->y1;
        it->y2 = rw->y2;
        it->h = h;
        it->table = table;
        it->header = !seen_values && !values_row;
        seen_values = seen_values || values_row;
    }
    if (r->carry) {
        memset(r->carry->open, 0, sizeof r->carry->open);
        for (int c = 0; c < ncols && c <= PDF_MAX_SEPS; c++) r->carry->open[c] = open[c];
    }
}

/* Lays out lines [from, to) as one table: drawn with rules (`frame`),
 * or without, going on from the page before (`carried`) or not.  The
 * columns it found are left in `carry` (when not NULL). */
static void layout_region(arena *a, int page, int table, const pdf_line *l, int from, int to,
                          const pdf_frame *frame, const pdf_carry *carried, pdf_carry *carry,
                          pdf_items *out)
{
    region r = { .a = a, .l = l, .from = from, .to = to, .frame = frame, .carried = carried,
                 .carry = carry };
    if (frame) {
        r.nseps = ruled_separators(l, from, to, frame, r.seps);
    } else {
        r.nseps = find_separators(l, from, to, carried, r.seps);
        r.nseps = add_uncovered(l, from, to, r.seps, r.nseps);
        clear_label_ends(l, from, to, r.seps, r.nseps);
    }
    if (carry) {
        memcpy(carry->seps, r.seps, (size_t)r.nseps * sizeof *r.seps);
        carry->nseps = r.nseps;
    }
    if (getenv("SITE_GEN_PDF_DUMP") && strcmp(getenv("SITE_GEN_PDF_DUMP"), "2") == 0) {
        fprintf(stderr, "page %d table %d lines %d-%d%s columns at", page, table, from, to,
                frame ? " ruled" : "");
        for (int i = 0; i < r.nseps; i++) fprintf(stderr, " %.1f", r.seps[i]);
        fputc('\n', stderr);
    }
    size_t n = to > from ? (size_t)(to - from) : 1;
    r.has_values = arena_alloc(a, n * sizeof *r.has_values);
    r.heads_values = arena_alloc(a, n * sizeof *r.heads_values);
    memset(r.heads_values, 0, n * sizeof *r.heads_values);
    memset(r.has_values, 0, n * sizeof *r.has_values);
    r.per_line = arena_alloc(a, n * sizeof *r.per_line);
    memset(r.per_line, 0, n * sizeof *r.per_line);
    cut_chunks(&r);
    mark_header_lines(&r);
    if (frame) r.right = frame->x2;
    make_cells(&r);
    make_rows(&r);
    emit_rows(&r, page, table, out);
    for (int c = 0; c < r.ncells; c++) buf_free(&r.cells[c].text);
    free(r.cells);
    free(r.ch);
    free(r.rows);
}

static void add_prose(arena *a, int page, const pdf_line *l, pdf_items *out)
{
    const char *text = pdf_glyph_text(a, l->g, l->ng, l->h);
    if (!*text) return;
    pdf_item *it = pdf_items_add(out);
    it->page = page;
    it->text = text;
    it->x1 = l->x1;
    it->x2 = l->x2;
    it->y1 = l->y1;
    it->y2 = l->y2;
    it->h = l->h;
}

static void dump_rules(int page, const pdf_rules *rules)
{
    for (int i = 0; i < rules->nv; i++)
        fprintf(stderr, "page %d rule | x %.1f y %.1f-%.1f\n", page, rules->v[i].x1,
                rules->v[i].y1, rules->v[i].y2);
    for (int i = 0; i < rules->nh; i++)
        fprintf(stderr, "page %d rule - y %.1f x %.1f-%.1f\n", page, rules->h[i].y1,
                rules->h[i].x1, rules->h[i].x2);
}

/* For each line, the frame it lies in (-1: none); frames are taken top
 * to bottom, each by the lines inside it. */
static int *lines_in_frames(arena *a, const pdf_line *lines, int nlines, const pdf_rules *rules,
                            pdf_frame **frames)
{
    int *in = arena_alloc(a, (size_t)(nlines ? nlines : 1) * sizeof *in);
    int nf = pdf_find_frames(a, rules, frames);
    for (int i = 0; i < nlines; i++) {
        in[i] = -1;
        for (int f = 0; f < nf && in[i] < 0; f++)
            if (pdf_frame_holds(&(*frames)[f], &lines[i])) in[i] = f;
    }
    return in;
}

/* The page's first line goes on with the table the page before ended
 * with: the same size, and within it (a label in its label columns, or
 * a row across its columns). */
static bool goes_on(const pdf_line *l, int nch, const pdf_carry *c)
{
    if (!c->on || !same_height(l->h, c->e.h)) return false;
    if (nch < 2) return within_table(l, &c->e);
    return l->x1 >= c->e.left - l->h && l->x2 <= c->e.right + l->h;
}

/* Every space between the chunks of line l is a height or wider, as
 * between the cells of a table's header. */
static bool wide_apart(const pdf_line *l)
{
    for (int k = 1; k < l->ng; k++)
        if (chunk_gap(l, k) && l->g[k].x1 - l->g[k - 1].x2 < l->h) return false;
    return true;
}

/* The end of a region that starts at line `from`, short of any frame. */
static int short_of_frames(const int *in, int from, int end)
{
    for (int j = from + 1; j < end; j++)
        if (in[j] >= 0) return j;
    return end;
}

void pdf_layout_page(arena *a, int page, const pdf_line *lines, int nlines,
                     const pdf_rules *rules, pdf_carry *carry, pdf_items *out)
{
    int *nch = arena_alloc(a, (size_t)(nlines ? nlines : 1) * sizeof *nch);
    for (int i = 0; i < nlines; i++) nch[i] = count_chunks(&lines[i]);
    pdf_frame *frames;
    int *in = lines_in_frames(a, lines, nlines, rules, &frames);
    if (rules && getenv("SITE_GEN_PDF_DUMP") && strcmp(getenv("SITE_GEN_PDF_DUMP"), "3") == 0)
        dump_rules(page, rules);
    pdf_carry carried = *carry;
    carry->on = false;
    int done = 0, tables = 0;
    pdf_extent e;
    if (nlines && in[0] < 0 && goes_on(&lines[0], nch[0], &carried)) {
        int end = short_of_frames(in, 0, region_end(lines, nch, nlines, 0, &carried.e, &e));
        layout_region(a, page, tables++, lines, 0, end, NULL, &carried, carry, out);
        carry->on = end == nlines;
        carry->e = e;
        done = end;
    }
    for (int i = done; i < nlines;) {
        int second = -1;
        if (in[i] >= 0) {
            int end = i + 1;
            while (end < nlines && in[end] == in[i]) end++;
            for (int j = done; j < i; j++) add_prose(a, page, &lines[j], out);
            layout_region(a, page, tables++, lines, i, end, &frames[in[i]], NULL, NULL, out);
            carry->on = false;
            done = i = end;
            continue;
        }
        if (nch[i] >= 2) {
            int end = short_of_frames(in, i, region_end(lines, nch, nlines, i, NULL, &e));
            for (int j = i + 1; j < end && second < 0; j++)
                if (nch[j] >= 2) second = j;
            /* A table's header alone at the foot of a page, its rows on the
             * next: one line of three chunks or more, set wide apart (not a
             * justified line of prose), that ends the page. */
            if (second < 0 && end == nlines && nch[i] >= 3 && wide_apart(&lines[i])) second = i;
            if (second >= 0) {
                int start = region_start(lines, nch, done, i);
                for (int j = done; j < start; j++) add_prose(a, page, &lines[j], out);
                layout_region(a, page, tables++, lines, start, end, NULL, NULL, carry, out);
                carry->on = end == nlines;
                carry->e = e;
                done = i = end;
                continue;
            }
        }
        i++;
    }
    for (int j = done; j < nlines; j++) add_prose(a, page, &lines[j], out);
}
