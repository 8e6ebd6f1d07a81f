/*
 * text.c: the reader for text pulled out of a PDF or a Word/HTML page.
 *
 * The two kinds differ in how a table survives extraction.  Word and HTML
 * text keeps a table row on one line with its cells separated by tabs
 * (merged cells become empty cells), so several tab lines mean
 * `word_text` and each tab line becomes a table row.  PDF text has no
 * cell boundaries at all: every line is one cell, and the extractor finds
 * the numbers at the end of a line.  Either way each line is normalised
 * once, here; blank lines carry nothing (PDF text has one between every
 * line) and are dropped, and so are the page numbers a PDF leaves between
 * pages ("- 3 -", "第 3 页", "第3页 共8页") when they stand alone.
 *
 * A lone number line may be a page number or a value; only the extractor
 * can tell, so it is kept.
 */
#include "read/read.h"

#include <stdbool.h>
#include <string.h>

enum { MAX_CELLS = 256, MIN_TAB_LINES = 3 };

static bool is_digits(const char *s, const char *end)
{
    if (s == end) return false;
    for (; s < end; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

/* "- 3 -", "-3-", "第3页", "第3页共8页", "3/8" in normalised text (spaces kept as one). */
static bool is_page_number(const char *s)
{
    char t[64];
    size_t n = 0;
    for (; *s && n < sizeof t - 1; s++)
        if (*s != ' ') t[n++] = *s;
    if (*s) return false;
    t[n] = '\0';
    const char *end = t + n;
    if (n >= 3 && (t[0] == '-' || t[0] == '~') && end[-1] == t[0]) return is_digits(t + 1, end - 1);
    static const char dash[] = "\xE2\x80\x94";  /* — */
    if (n > 6 && memcmp(t, dash, 3) == 0 && memcmp(end - 3, dash, 3) == 0)
        return is_digits(t + 3, end - 3);
    static const char di[] = "\xE7\xAC\xAC", ye[] = "\xE9\xA1\xB5", gong[] = "\xE5\x85\xB1";
    if (n > 6 && memcmp(t, di, 3) == 0) {
        const char *p = t + 3, *q = p;
        while (q < end && *q >= '0' && *q <= '9') q++;
        if (q == p || end - q < 3 || memcmp(q, ye, 3) != 0) return false;
        q += 3;
        if (q == end) return true;
        if (end - q < 6 || memcmp(q, gong, 3) != 0 || memcmp(end - 3, ye, 3) != 0) return false;
        return is_digits(q + 3, end - 3);
    }
    const char *slash = memchr(t, '/', n);
    return slash && is_digits(t, slash) && is_digits(slash + 1, end);
}

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

/* One tab-separated line as a table row; false when every cell is empty. */
static bool add_tab_row(doc *dc, arena *scratch, int lineno, const char *s, const char *e)
{
    const char *cells[MAX_CELLS];
    int n = 0;
    bool any = false;
    while (n < MAX_CELLS) {
        const char *tab = memchr(s, '\t', (size_t)(e - s));
        const char *ce = tab ? tab : e;
        cells[n] = normalize_cell(scratch, s, (size_t)(ce - s));
        if (cells[n][0]) any = true;
        n++;
        if (!tab) break;
        s = tab + 1;
    }
    if (any) doc_add_line(dc, lineno, true, cells, n);
    return any;
}

doc *read_text(const char *path, const char *utf8, size_t len, diag *d)
{
    (void)d;    /* decoded text always reads; what it means is the extractor's call */
    bool word = has_tabs_often(utf8, len);
    doc *dc = doc_new(path, word ? "word_text" : "pdf_text");
    arena *scratch = arena_new();
    const char *s = utf8, *end = utf8 + len;
    int lineno = 0;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        lineno++;
        if (word && memchr(s, '\t', (size_t)(e - s))) {
            add_tab_row(dc, scratch, lineno, s, e);
        } else {
            const char *text = normalize_cell(scratch, s, (size_t)(e - s));
            if (text[0] && (word || !is_page_number(text))) doc_add_text(dc, lineno, text);
        }
        s = nl ? nl + 1 : end;
    }
    arena_free(scratch);
    return dc;
}
