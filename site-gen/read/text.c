/*
 * text.c: the reader for text pulled out of a PDF or a Word/HTML page, or copied off a portal.
 *
 * The kinds differ in how a table survives extraction.  Word and HTML
 * text keeps a table row on one line with its cells separated by tabs
 * (merged cells become empty cells), so several tab lines mean
 * `word_text` and each tab line becomes a table row.  PDF text has no
 * cell boundaries at all: every line is one cell, and the extractor finds
 * the numbers at the end of a line.  Text copied off a portal page brings
 * the page's chrome and metadata (dropped here, the 发布机构 kept as the
 * doc's publisher) and tables whose cells are separated by '|' (read by
 * portal.c into table rows); either makes it `portal_text`.  Each line is
 * normalised once, here; blank lines carry nothing (PDF text has one
 * between every line) and are dropped, and so are the page numbers a PDF
 * leaves between pages ("- 3 -", "第 3 页", "第3页 共8页") when they stand
 * alone.
 *
 * A lone number line may be a page number or a value; only the extractor
 * can tell, so it is kept.
 */
#include "read/read.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/page_number.h"
#include "read/portal.h"

enum { MAX_CELLS = 256, MIN_TAB_LINES = 3 };

static bool has_tabs_often(const char *s, size_t len)
{
    int lines = 0;
    const char *end = s + len;
    while (s < end && lines < MIN_TAB_LINES) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        if (memchr(s, '\t', (size_t)(e - s))) lines++;
        s = nl ? nl + 1 : end;
    }
    return lines >= MIN_TAB_LINES;
}

/* One tab-separated line as a table row, its first MAX_CELLS cells (*cut
 * set when it has more); false when every cell is empty. */
static bool add_tab_row(doc *dc, arena *scratch, int lineno, const char *s, const char *e,
                        bool *cut)
{
    const char *cells[MAX_CELLS];
    int n = 0;
    bool any = false;
    const char *tab = NULL;
    while (n < MAX_CELLS) {
        tab = memchr(s, '\t', (size_t)(e - s));
        const char *ce = tab ? tab : e;
        cells[n] = normalize_cell(scratch, s, (size_t)(ce - s));
        if (cells[n][0]) any = true;
        n++;
        if (!tab) break;
        s = tab + 1;
    }
    *cut = tab != NULL;
    if (any) doc_add_line(dc, lineno, true, cells, n);
    return any;
}

/* A line kept for the doc: a tab row (raw), or normalised text. */
typedef struct kept {
    int line;
    const char *text;       /* normalised; NULL for a tab row */
    const char *raw, *raw_end;
    pipe_kind pipes;
} kept;

typedef struct kept_list {
    kept *v;
    int n, cap;
} kept_list;

static void keep_line(kept_list *k, kept line)
{
    if (k->n == k->cap) {
        int cap = k->cap ? k->cap * 2 : 256;
        kept *p = realloc(k->v, (size_t)cap * sizeof *p);
        if (!p) {
            fputs("site-gen: out of memory\n", stderr);
            abort();
        }
        k->v = p;
        k->cap = cap;
    }
    k->v[k->n++] = line;
}

/* Line i belongs to a pipe table: it has pipes, or it is a cell whose
 * separator is the pipe-only line after it. */
static bool in_pipe_run(const kept_list *k, int i)
{
    const kept *l = &k->v[i];
    if (!l->text) return false;
    if (l->pipes != PIPE_NONE) return true;
    return i + 1 < k->n && k->v[i + 1].text && k->v[i + 1].pipes == PIPE_ONLY;
}

/* What the doc will hold, line by line; portal chrome and metadata left out. */
static void gather(kept_list *k, arena *scratch, const char *s, const char *end, bool word,
                   bool *portal, const char **publisher, const char **published_on)
{
    int lineno = 0;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        lineno++;
        if (word && memchr(s, '\t', (size_t)(e - s))) {
            keep_line(k, (kept){ lineno, NULL, s, e, PIPE_NONE });
        } else {
            const char *text = normalize_cell(scratch, s, (size_t)(e - s));
            const char *t = portal_skip_page_mark(text);
            if (t != text) *portal = true;
            if (!t[0] || (!word && page_number(t, false))) {
                /* nothing to keep */
            } else if (portal_is_chrome(t)) {
                *portal = true;
            } else if (portal_is_metadata(t)) {
                *portal = true;
                if (!*publisher) *publisher = portal_publisher(scratch, t);
                if (!*published_on) *published_on = portal_published_on(scratch, t);
            } else {
                pipe_kind pipes = portal_pipe_kind(t);
                if (pipes != PIPE_NONE) *portal = true;
                keep_line(k, (kept){ lineno, t, NULL, NULL, pipes });
            }
        }
        s = nl ? nl + 1 : end;
    }
}

/* Lines [i, j) are a run of pipe lines: their rows go to the doc. */
static void add_pipe_run(doc *dc, arena *scratch, const kept_list *k, int i, int j)
{
    pipe_line *lines = arena_alloc(scratch, (size_t)(j - i) * sizeof *lines);
    for (int n = i; n < j; n++) lines[n - i] = (pipe_line){ k->v[n].line, k->v[n].text };
    portal_add_rows(dc, scratch, lines, j - i);
}

doc *read_text(const char *path, const char *utf8, size_t len, diag *d)
{
    /* Decoded text always reads; what it means is the extractor's call.
     * Only a table row wider than MAX_CELLS is said, once. */
    bool said_wide = false;
    bool word = has_tabs_often(utf8, len), portal = false;
    const char *publisher = NULL, *published_on = NULL;
    arena *scratch = arena_new();
    kept_list k = { NULL, 0, 0 };
    gather(&k, scratch, utf8, utf8 + len, word, &portal, &publisher, &published_on);
    doc *dc = doc_new(path, word ? "word_text" : portal ? "portal_text" : "pdf_text");
    if (publisher) dc->publisher = arena_strdup(dc->mem, publisher);
    if (published_on) dc->published_on = arena_strdup(dc->mem, published_on);
    for (int i = 0; i < k.n;) {
        const kept *l = &k.v[i];
        if (!l->text) {
            bool cut;
            add_tab_row(dc, scratch, l->line, l->raw, l->raw_end, &cut);
            if (cut && !said_wide)
                diag_warning(d, path, l->line, "table wider than %d columns; the rest is not read",
                             MAX_CELLS);
            said_wide = said_wide || cut;
            i++;
        } else if (in_pipe_run(&k, i)) {
            int j = i + 1;
            while (j < k.n && in_pipe_run(&k, j)) j++;
            add_pipe_run(dc, scratch, &k, i, j);
            i = j;
        } else {
            doc_add_text(dc, l->line, l->text);
            i++;
        }
    }
    free(k.v);
    arena_free(scratch);
    return dc;
}
