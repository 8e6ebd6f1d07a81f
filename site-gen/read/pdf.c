/*
 * pdf.c: an agency's PDF report as a doc, read with poppler-glib.
 *
 * The report is opened from memory; a password, a damaged file or one
 * cut short (no %%EOF in its last kilobyte, where every writer puts it)
 * is refused with one message, and so is a scan: pages with no text
 * layer at all, which only OCR could read.  Each page gives its text and
 * the box of every character (poppler_page_get_text_layout); white space
 * is dropped, since spacing is read off the boxes instead.  A page that
 * may hold a table (a line of two chunks or more, or a table on the page
 * before) also gives its ruling lines: read from the strokes and fills
 * of its content (pdf_paths.c), or, where that reader cannot follow the
 * file or the page, found by drawing the page (pdf_rules.c), which costs
 * about ten times as much.  pdf_layout.c turns each page's glyphs and
 * rules into table rows and prose lines.
 *
 * What is left here is what spans pages.  Running headers and footers
 * (the same text, digits aside, at the same height on several pages) and
 * page numbers standing apart at the top or bottom are dropped.  A table
 * that goes on at the top of the next page repeats its header there; those
 * header rows, equal to the ones the table started with, are dropped.
 * Lines of prose join into paragraphs, across pages too: a line starts a
 * new paragraph when it is indented (or centred), when the line before it
 * ended short of the margin, after a wider space than between lines, at a
 * change of font size, or at a numbering mark; but a centred line right
 * under a centred one that filled the measure goes on with it (a title
 * that wrapped).  A doc line's `line` is
 * the page it starts on.
 *
 * The work per page is bounded: at most MAX_GLYPHS characters are read
 * from a page and at most MAX_PAGES pages from a file, with a warning.
 * SITE_GEN_PDF_DUMP=1 in the environment prints the doc lines the reader
 * makes on stderr, to see what the extractor is given; =2 also prints
 * each table region's lines and column boundaries ("ruled" when they
 * are its rules), =3 the rules found on each page instead, and how
 * they were found.  SITE_GEN_PDF_DRAW=1 finds every page's rules by
 * drawing it, to compare the two ways.
 */
#include "read/read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <poppler.h>

#include "base/buf.h"
#include "read/page_number.h"
#include "read/pdf_layout.h"
#include "read/pdf_paths.h"
#include "read/pdf_rules.h"

enum { MAX_PAGES = 500, MAX_GLYPHS = 40000, EOF_WINDOW = 1024, EDGE_LINES = 3, NEARBY_PAGES = 4, REPEATS = 3,
       MAX_HEADER_TEXT = 8192,
       STRAY_LINE = 36 };   /* bytes: twelve CJK characters */

static const double APART = 0.6;   /* furniture stands this far from the body, in heights */

static bool has_eof_marker(const char *bytes, size_t len)
{
    size_t from = len > EOF_WINDOW ? len - EOF_WINDOW : 0;
    for (size_t i = from; i + 5 <= len; i++)
        if (memcmp(bytes + i, "%%EOF", 5) == 0) return true;
    return false;
}

/* ---- glyphs ----------------------------------------------------------- */

static bool is_space_char(gunichar c)
{
    return g_unichar_isspace(c) || c == 0x00A0 || c == 0x3000 || c == 0xFEFF || c < 0x20;
}

enum { MAX_FONTS = 64 };

/* What the text attributes say of each character: its font (an index
 * into the page's font names, -1 if unknown) and its font size. */
typedef struct char_fonts {
    double *size;
    int *font;
    const char *names[MAX_FONTS];
    int nnames;
    GList *attrs;
} char_fonts;

static int font_index(char_fonts *cf, const char *name)
{
    if (!name) return -1;
    for (int i = 0; i < cf->nnames; i++)
        if (strcmp(cf->names[i], name) == 0) return i;
    if (cf->nnames == MAX_FONTS) return -1;
    cf->names[cf->nnames] = name;
    return cf->nnames++;
}

static void char_fonts_read(char_fonts *cf, PopplerPage *page, guint n)
{
    cf->size = g_new0(double, n ? n : 1);
    cf->font = g_new(int, n ? n : 1);
    for (guint i = 0; i < n; i++) cf->font[i] = -1;
    cf->nnames = 0;
    cf->attrs = poppler_page_get_text_attributes(page);
    for (GList *l = cf->attrs; l; l = l->next) {
        const PopplerTextAttributes *ta = l->data;
        int f = font_index(cf, ta->font_name);
        for (gint i = ta->start_index; i <= ta->end_index && i >= 0 && (guint)i < n; i++) {
            cf->size[i] = ta->font_size;
            cf->font[i] = f;
        }
    }
}

static void char_fonts_free(char_fonts *cf)
{
    poppler_page_free_text_attributes(cf->attrs);
    g_free(cf->size);
    g_free(cf->font);
}

static bool is_ideograph(gunichar c)
{
    return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF);
}

/* For each font, how its stated size compares with its text's real size:
 * a CJK ideograph is one em wide.  The Type 3 fonts that Chromium writes
 * state twice their size, and their boxes are taller still. */
static void font_scales(const char_fonts *cf, const char *text, const PopplerRectangle *r,
                        guint n, double *scale)
{
    double sum[MAX_FONTS] = {0};
    int count[MAX_FONTS] = {0};
    const char *s = text;
    for (guint i = 0; *s && i < n; i++, s = g_utf8_next_char(s)) {
        int f = cf->font[i];
        if (f < 0 || cf->size[i] <= 0 || !is_ideograph(g_utf8_get_char(s))) continue;
        sum[f] += fabs(r[i].x2 - r[i].x1) / cf->size[i];
        count[f]++;
    }
    for (int f = 0; f < MAX_FONTS; f++) {
        double k = count[f] ? sum[f] / count[f] : 1;
        scale[f] = k < 0.9 && k > 0.2 ? k : 1;
    }
}

/* A glyph's box, made as tall as its font's real size around its centre:
 * the box poppler gives follows the font's own bounding box, which for
 * Chromium's Type 3 fonts is more than twice the text's size. */
static void set_box(pdf_glyph *p, const PopplerRectangle *r, double size)
{
    p->x1 = fmin(r->x1, r->x2);
    p->x2 = fmax(r->x1, r->x2);
    double y1 = fmin(r->y1, r->y2), y2 = fmax(r->y1, r->y2);
    double h = size > 0 && size < 1.5 * (y2 - y1) ? size : y2 - y1, c = (y1 + y2) / 2;
    p->y1 = c - h / 2;
    p->y2 = c + h / 2;
    p->top = y1;
    p->bottom = y2;
}

/* The glyphs of one page, white space left out; their number. */
static int page_glyphs(PopplerPage *page, pdf_glyph **out, bool *cut)
{
    char *text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint nrects = 0;
    int n = 0, cap = 0;
    pdf_glyph *g = NULL;
    *cut = false;
    if (text && poppler_page_get_text_layout(page, &rects, &nrects)) {
        char_fonts cf;
        double scale[MAX_FONTS];
        char_fonts_read(&cf, page, nrects);
        font_scales(&cf, text, rects, nrects, scale);
        const char *s = text;
        for (guint i = 0; *s && i < nrects; i++) {
            const char *next = g_utf8_next_char(s);
            gunichar c = g_utf8_get_char(s);
            if (!is_space_char(c) && next - s < 8) {
                if (n == MAX_GLYPHS) {
                    *cut = true;
                    break;
                }
                if (n == cap) {
                    cap = cap ? cap * 2 : 1024;
                    g = g_renew(pdf_glyph, g, cap);
                }
                pdf_glyph *p = &g[n++];
                set_box(p, &rects[i], cf.size[i] * (cf.font[i] >= 0 ? scale[cf.font[i]] : 1));
                memcpy(p->s, s, (size_t)(next - s));
                p->s[next - s] = '\0';
            }
            s = next;
        }
        char_fonts_free(&cf);
    }
    g_free(rects);
    g_free(text);
    *out = g;
    return n;
}

/* ---- running headers, footers, page numbers --------------------------- */

typedef struct page_lines {
    pdf_glyph *glyphs;
    int nglyphs;
    pdf_line *lines;
    int nlines;
    double height;
    bool *dropped;
    char *keys[2 * EDGE_LINES];   /* the edge lines' text, digits masked */
} page_lines;

/* A line's text without spaces, digits masked, for comparing pages. */
static char *line_key(arena *a, const pdf_line *l, bool mask)
{
    buf b = BUF_INIT;
    for (int i = 0; i < l->ng; i++) {
        const char *s = l->g[i].s;
        if (mask && s[0] >= '0' && s[0] <= '9' && !s[1]) buf_putc(&b, '#');
        else buf_puts(&b, s);
    }
    char *k = normalize_cell(a, b.data, b.len);
    buf_free(&b);
    if (!mask) return k;
    char *o = k;
    for (char *p = k; *p; p++)
        if (*p != ' ') *o++ = (*p >= '0' && *p <= '9') ? '#' : *p;
    *o = '\0';
    return k;
}

static bool near_edge(const page_lines *p, int i)
{
    return i < EDGE_LINES || i >= p->nlines - EDGE_LINES;
}

/* The slot of edge line i in a page's keys, -1 for a line of the body. */
static int edge_slot(const page_lines *p, int i)
{
    if (i < EDGE_LINES && i < p->nlines) return i;
    int from_end = p->nlines - 1 - i;
    return from_end >= 0 && from_end < EDGE_LINES ? 2 * EDGE_LINES - 1 - from_end : -1;
}

/* The same text at about the same height near the edge of the pages
 * nearby: of all of them, or of at least three (running headers repeat on
 * every page; a table's header repeated at the top of the two or three
 * pages the table runs over is not furniture). */
static bool repeats(const page_lines *pages, int npages, int pi, int i)
{
    const pdf_line *l = &pages[pi].lines[i];
    const char *key = pages[pi].keys[edge_slot(&pages[pi], i)];
    int found = 0, need = npages - 1 < REPEATS ? npages - 1 : REPEATS;
    for (int q = pi - NEARBY_PAGES; q <= pi + NEARBY_PAGES; q++) {
        if (q < 0 || q >= npages || q == pi) continue;
        bool here = false;
        for (int j = 0; j < pages[q].nlines && !here; j++) {
            int slot = edge_slot(&pages[q], j);
            const pdf_line *m = &pages[q].lines[j];
            here = slot >= 0 && fabs(m->y1 - l->y1) <= 0.5 * l->h &&
                   strcmp(pages[q].keys[slot], key) == 0;
        }
        found += here;
    }
    return found >= need;
}

/* Line i stands apart from the page's body: a wide space separates it
 * from the next line towards the middle of the page. */
static bool stands_apart(const page_lines *p, int i)
{
    const pdf_line *l = &p->lines[i];
    bool top = i < EDGE_LINES && i < p->nlines - EDGE_LINES;
    if (top) return i + 1 >= p->nlines || p->lines[i + 1].y1 - l->y2 > APART * l->h;
    return i == 0 || l->y1 - p->lines[i - 1].y2 > APART * l->h;
}

static void drop_furniture(arena *a, page_lines *pages, int npages)
{
    for (int pi = 0; pi < npages; pi++)
        for (int i = 0; i < pages[pi].nlines; i++) {
            int slot = edge_slot(&pages[pi], i);
            if (slot >= 0) pages[pi].keys[slot] = line_key(a, &pages[pi].lines[i], true);
        }
    for (int pi = 0; pi < npages; pi++) {
        page_lines *p = &pages[pi];
        for (int i = 0; i < p->nlines; i++) {
            if (!near_edge(p, i) || !stands_apart(p, i)) continue;
            const pdf_line *l = &p->lines[i];
            bool edge = i == 0 || i == p->nlines - 1;
            if (edge && page_number(line_key(a, l, false), true)) p->dropped[i] = true;
            else if (npages > 1 && repeats(pages, npages, pi, i)) p->dropped[i] = true;
        }
    }
}

/* ---- paragraphs and the doc ------------------------------------------- */

typedef struct margins {
    double left, right, gap;
} margins;

static int by_double(const void *a, const void *b)
{
    double p = *(const double *)a, q = *(const double *)b;
    return p < q ? -1 : p > q;
}

/* The prose margins: the most common start (lines that wrap start at the
 * margin), the furthest end, and the usual space between lines. */
static margins prose_margins(const pdf_items *it)
{
    margins m = { 0, 0, 0 };
    double *xs = calloc((size_t)it->n + 1, sizeof *xs), *gaps = calloc((size_t)it->n + 1, sizeof *gaps);
    if (!xs || !gaps) abort();
    int nx = 0, ng = 0;
    for (int i = 0; i < it->n; i++) {
        const pdf_item *p = &it->v[i];
        if (p->ncells) continue;
        xs[nx++] = floor(p->x1);
        m.right = fmax(m.right, p->x2);
        const pdf_item *q = i > 0 ? &it->v[i - 1] : NULL;
        if (q && !q->ncells && q->page == p->page) gaps[ng++] = p->y1 - q->y2;
    }
    qsort(xs, (size_t)nx, sizeof *xs, by_double);
    int best = 0;
    for (int i = 0, j; i < nx; i = j) {
        for (j = i; j < nx && xs[j] - xs[i] <= 1.0; j++) {}
        if (j - i > best) {
            best = j - i;
            m.left = xs[i];
        }
    }
    qsort(gaps, (size_t)ng, sizeof *gaps, by_double);
    m.gap = ng ? gaps[ng / 2] : 0;
    free(xs);
    free(gaps);
    return m;
}

/* Line l goes on a centred line that filled the measure, centred on the
 * same axis and just below it: a centred title wrapped mid-word
 * (…2024年政府信 / 息公开工作年度报告). */
static bool wraps_centred(const pdf_item *prev, const pdf_item *l, const margins *m)
{
    double h = fmax(prev->h, l->h), mid = (m->left + m->right) / 2;
    return l->page == prev->page && l->y1 - prev->y2 <= 0.8 * h &&
           prev->x2 - prev->x1 >= m->right - m->left - 3 * h &&
           fabs((prev->x1 + prev->x2) / 2 - mid) < h && fabs((l->x1 + l->x2) / 2 - mid) < h &&
           l->x2 - l->x1 < prev->x2 - prev->x1;
}

static bool new_paragraph(const pdf_item *prev, const pdf_item *l, const margins *m)
{
    double h = fmax(prev->h, l->h);
    if (fabs(prev->h - l->h) > 0.15 * h) return true;
    if (wraps_centred(prev, l, m)) return false;
    if (l->x1 > m->left + 0.8 * h) return true;
    if (prev->x2 < m->right - 2.5 * h) return true;
    if (l->page == prev->page && l->y1 - prev->y2 > m->gap + 0.5 * h) return true;
    return pdf_is_numbered(l->text);
}

static void join_text(buf *b, const char *text)
{
    if (b->len && (unsigned char)b->data[b->len - 1] < 0x80 && (unsigned char)text[0] < 0x80 &&
        b->data[b->len - 1] != ' ')
        buf_putc(b, ' ');
    buf_puts(b, text);
}

/* A header row repeated on a later page: every word in it is part of the
 * header texts the table started with (taken without spaces: the header
 * may be cut into cells and rows differently on each page). */
static char *squeezed(arena *a, const char *s)
{
    char *o = arena_alloc(a, strlen(s) + 1), *p = o;
    for (; *s; s++)
        if (*s != ' ') *p++ = *s;
    *p = '\0';
    return o;
}

/* Every character of w is in text: a header cell cut differently (its
 * first line was a cell of another row on the page the table began on). */
static bool chars_in(const char *text, const char *w)
{
    char ch[8];
    for (const char *p = w; *p;) {
        size_t n = 1;
        while (n < 4 && ((unsigned char)p[n] & 0xC0) == 0x80) n++;
        memcpy(ch, p, n);
        ch[n] = '\0';
        if (!strstr(text, ch)) return false;
        p += n;
    }
    return true;
}

static bool repeats_header(arena *a, const pdf_item *it, const buf *header)
{
    if (!header->len) return false;
    for (int c = 0; c < it->ncells; c++) {
        /* A cell may hold the texts of several header cells, spaced. */
        char *words = arena_strdup(a, it->cells[c]), *save = NULL;
        for (char *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save))
            if (!strstr(header->data, w) && !chars_in(header->data, w)) return false;
    }
    return true;
}

typedef struct builder {
    doc *out;
    arena *a;
    buf para;
    int para_page;
    const pdf_item *last_prose;
    /* The header text of the table being read, to drop its repeats. */
    buf header;
    int table_page, table;
    bool dump;
} builder;

static void dump_line(const builder *b, const doc_line *l)
{
    if (!b->dump) return;
    fprintf(stderr, "%s:%d: %s", b->out->path, l->line, l->table_row ? "row" : "text");
    for (int c = 0; c < l->ncells; c++) fprintf(stderr, " | %s", l->cells[c]);
    fputc('\n', stderr);
}

static void end_paragraph(builder *b)
{
    if (b->para.len) dump_line(b, doc_add_text(b->out, b->para_page, b->para.data));
    buf_clear(&b->para);
    b->last_prose = NULL;
}

static void add_prose_line(builder *b, const pdf_item *it, const margins *m)
{
    if (b->last_prose && new_paragraph(b->last_prose, it, m)) end_paragraph(b);
    if (!b->para.len) b->para_page = it->page;
    join_text(&b->para, it->text);
    b->last_prose = it;
}

/* `continued`: the row's table is the first thing on its page and the
 * previous page ended in a table. */
static void add_row(builder *b, const pdf_item *it, bool continued)
{
    end_paragraph(b);
    bool new_table = it->page != b->table_page || it->table != b->table;
    if (new_table && !continued) buf_clear(&b->header);
    b->table_page = it->page;
    b->table = it->table;
    if (it->header && continued && repeats_header(b->a, it, &b->header)) return;
    if (it->header && !continued)
        for (int c = 0; c < it->ncells && b->header.len < MAX_HEADER_TEXT; c++)
            if (it->cells[c][0]) {
                buf_puts(&b->header, squeezed(b->a, it->cells[c]));
                buf_putc(&b->header, '|');
            }
    dump_line(b, doc_add_line(b->out, it->page, true, it->cells, it->ncells));
}

/* The first table row of the page that starts at item i, if only a
 * short line or two (a header cell left out of the table, not a numbered
 * heading) come before it. */
static int first_row(const pdf_items *it, int i)
{
    for (int k = i; k < it->n && it->v[k].page == it->v[i].page && k < i + 3; k++) {
        if (it->v[k].ncells) return k;
        if (strlen(it->v[k].text) > STRAY_LINE || pdf_is_numbered(it->v[k].text)) return -1;
    }
    return -1;
}

static void build_doc(builder *b, const pdf_items *it)
{
    margins m = prose_margins(it);
    int page_first = 0;
    bool continued = false;
    for (int i = 0; i < it->n; i++) {
        const pdf_item *p = &it->v[i];
        if (i == 0 || p->page != it->v[i - 1].page) {
            page_first = first_row(it, i);
            continued = i > 0 && it->v[i - 1].ncells > 0 && page_first >= 0;
        }
        if (p->ncells) {
            bool same_table = continued && p->table == it->v[page_first].table;
            add_row(b, p, same_table);
        } else {
            add_prose_line(b, p, &m);
        }
    }
    end_paragraph(b);
}

/* ---- the reader ------------------------------------------------------- */

static PopplerDocument *open_pdf(const char *path, const char *bytes, size_t len, diag *d,
                                 GBytes **gb)
{
    if (!has_eof_marker(bytes, len)) {
        diag_error(d, path, 0, "truncated PDF: the file ends before its end-of-file marker");
        return NULL;
    }
    *gb = g_bytes_new_static(bytes, len);
    GError *err = NULL;
    PopplerDocument *pd = poppler_document_new_from_bytes(*gb, NULL, &err);
    if (pd) return pd;
    if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED)
        diag_error(d, path, 0, "password-protected PDF: it cannot be read without its password");
    else
        diag_error(d, path, 0, "broken PDF: %s", err && err->message ? err->message : "unreadable");
    if (err) g_error_free(err);
    g_bytes_unref(*gb);
    *gb = NULL;
    return NULL;
}

static int read_pages(PopplerDocument *pd, arena *a, page_lines **out, long *glyphs,
                      const char *path, diag *d)
{
    int npages = poppler_document_get_n_pages(pd);
    if (npages > MAX_PAGES) {
        diag_warning(d, path, MAX_PAGES, "more than %d pages; the rest is not read", MAX_PAGES);
        npages = MAX_PAGES;
    }
    page_lines *pages = arena_alloc(a, (size_t)(npages ? npages : 1) * sizeof *pages);
    *glyphs = 0;
    for (int p = 0; p < npages; p++) {
        PopplerPage *page = poppler_document_get_page(pd, p);
        page_lines *pl = &pages[p];
        memset(pl, 0, sizeof *pl);
        if (!page) continue;
        double w;
        poppler_page_get_size(page, &w, &pl->height);
        bool cut;
        int ng = page_glyphs(page, &pl->glyphs, &cut);
        g_object_unref(page);
        if (cut)
            diag_warning(d, path, p + 1, "more than %d characters on the page; the rest is not read",
                         MAX_GLYPHS);
        *glyphs += ng;
        pl->nglyphs = ng;
        pl->nlines = pdf_make_lines(a, pl->glyphs, ng, &pl->lines);
        pl->dropped = arena_alloc(a, (size_t)(pl->nlines + 1) * sizeof *pl->dropped);
        memset(pl->dropped, 0, (size_t)(pl->nlines + 1) * sizeof *pl->dropped);
    }
    *out = pages;
    return npages;
}

/* The rules of page p (pl its lines): read from its content, else found
 * by drawing it. */
static void page_rules(PopplerDocument *pd, pdf_file *paths, arena *a, const page_lines *pl, int p,
                       pdf_rules *rules)
{
    bool drawn = !pdf_file_page_rules(paths, a, p, rules);
    if (drawn) {
        PopplerPage *page = poppler_document_get_page(pd, p);
        if (page) {
            pdf_find_rules(a, page, pl->glyphs, pl->nglyphs, rules);
            g_object_unref(page);
        }
    }
    const char *dump = getenv("SITE_GEN_PDF_DUMP");
    if (dump && strcmp(dump, "3") == 0)
        fprintf(stderr, "page %d rules %s\n", p + 1,
                drawn ? "found by drawing the page" : "read from its content");
}

doc *read_pdf(const char *path, const char *bytes, size_t len, diag *d)
{
    GBytes *gb = NULL;
    PopplerDocument *pd = open_pdf(path, bytes, len, d, &gb);
    if (!pd) return NULL;
    arena *a = arena_new();
    page_lines *pages;
    long glyphs;
    int npages = read_pages(pd, a, &pages, &glyphs, path, d);
    doc *out = NULL;
    if (glyphs == 0) {
        diag_error(d, path, 0, "scanned PDF: no text layer; run OCR first");
    } else {
        drop_furniture(a, pages, npages);
        pdf_items items = {0};
        pdf_carry carry = { .on = false };
        pdf_file *paths = getenv("SITE_GEN_PDF_DRAW") ? NULL : pdf_file_open(bytes, len);
        for (int p = 0; p < npages; p++) {
            page_lines *pl = &pages[p];
            int k = 0;
            for (int i = 0; i < pl->nlines; i++)
                if (!pl->dropped[i]) pl->lines[k++] = pl->lines[i];
            pdf_rules rules = {0};
            bool after_table = items.n && items.v[items.n - 1].ncells;
            if (after_table || pdf_any_tabular(pl->lines, k)) page_rules(pd, paths, a, pl, p, &rules);
            pdf_layout_page(a, p + 1, pl->lines, k, &rules, &carry, &items);
        }
        out = doc_new(path, "pdf");
        builder b = { .out = out, .a = a, .para = BUF_INIT, .header = BUF_INIT,
                      .table_page = -1, .table = -1,
                      .dump = getenv("SITE_GEN_PDF_DUMP") != NULL };
        build_doc(&b, &items);
        pdf_file_free(paths);
        buf_free(&b.para);
        buf_free(&b.header);
        free(items.v);
    }
    for (int p = 0; p < npages; p++) g_free(pages[p].glyphs);
    arena_free(a);
    g_object_unref(pd);
    g_bytes_unref(gb);
    return out;
}
