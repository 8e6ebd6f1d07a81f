/*
 * sections.c: joining extracted lines back into paragraphs.
 *
 * PDF text breaks every line at the page width, and puts blank lines
 * everywhere (the reader already dropped those), so a line break means a
 * new paragraph only when the previous line ends a sentence, or is
 * clearly shorter than a full line, or the next line starts with a
 * numbering mark.  Word and HTML text has one paragraph per line, except
 * where a long paragraph was cut in two; such a cut is joined when the
 * first piece is long and does not end a sentence.
 *
 * The doc's text is NFKC-normalised, which turns the full-width comma,
 * colon and parentheses of Chinese prose into ASCII; next to Chinese
 * characters they are given back their full-width form so the prose reads
 * as the report wrote it.
 */
#include "record/sections.h"

#include <string.h>

#include "base/buf.h"
#include "record/labels.h"

enum { WORD_WRAPPED = 80,      /* width of a Word line cut mid-paragraph */
       WIDTH_MIN = 20, WIDTH_MAX = 200 };

/* Width on the page: a CJK character takes two columns, ASCII one. */
static int width_of(const char *s)
{
    int n = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x80) n++;
        else if ((c & 0xC0) != 0x80) n += c >= 0xE2 ? 2 : 1;
    }
    return n;
}

static bool starts_cjk(const char *s) { return (unsigned char)s[0] >= 0xE2; }

/* True when s[0..i) ends with a CJK character (or other wide punctuation). */
static bool ends_cjk(const char *s, size_t i)
{
    if (i == 0) return false;
    size_t k = i - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    return (unsigned char)s[k] >= 0xE2;
}

static const char *full_width(char c)
{
    switch (c) {
    case ',': return "，";
    case ':': return "：";
    case ';': return "；";
    case '?': return "？";
    case '!': return "！";
    case '(': return "（";
    case ')': return "）";
    default: return NULL;
    }
}

/* Appends a line of prose, giving punctuation next to Chinese its
 * full-width form back, and dropping "**": the bold marks that a
 * conversion to Markdown leaves in text a report never meant literally. */
static void append_prose(buf *b, const char *s)
{
    size_t n = strlen(s), run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '*' && s[i + 1] == '*') {
            buf_append(b, s + run, i - run);
            while (s[i + 1] == '*') i++;
            run = i + 1;
            continue;
        }
        const char *fw = full_width(s[i]);
        if (!fw) continue;
        if ((i > 0 && ends_cjk(s, i)) || (i + 1 < n && starts_cjk(s + i + 1)) ||
            (i == 0 && b->len && ends_cjk(b->data, b->len))) {
            buf_append(b, s + run, i - run);
            buf_puts(b, fw);
            run = i + 1;
        }
    }
    buf_append(b, s + run, n - run);
}

/* The line ends a sentence: 。 ! ? : … possibly inside closing quotes (not ;
 * which PDF lines often end with inside a list). */
static bool ends_sentence(const char *s)
{
    size_t n = strlen(s);
    for (;;) {
        if (n >= 3 && (memcmp(s + n - 3, "”", 3) == 0 || memcmp(s + n - 3, "’", 3) == 0 ||
                       memcmp(s + n - 3, "」", 3) == 0 || memcmp(s + n - 3, "』", 3) == 0)) {
            n -= 3;
            continue;
        }
        if (n >= 1 && s[n - 1] == ')') { n--; continue; }
        break;
    }
    if (n == 0) return false;
    char c = s[n - 1];
    if (c == '!' || c == '?' || c == ':' || c == '.') return true;
    return n >= 3 && (memcmp(s + n - 3, "。", 3) == 0 || memcmp(s + n - 3, "…", 3) == 0);
}

static bool is_page_number(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && n <= 3 && strspn(s, "0123456789") == n;
}

static bool is_prose_in_table(const char *s)
{
    return strstr(s, "。") || strncmp(s, "注", 3) == 0;
}

/* The width of a full line of PDF text: most lines of prose are full, so
 * the width that a quarter of the longer lines reach or pass. */
static int full_line(const doc *dc)
{
    int count[WIDTH_MAX + 1] = {0}, lines = 0;
    for (int i = 0; i < dc->nlines; i++) {
        const doc_line *l = &dc->lines[i];
        if (l->table_row || l->ncells != 1) continue;
        int w = width_of(l->cells[0]);
        if (w < WIDTH_MIN) continue;
        count[w < WIDTH_MAX ? w : WIDTH_MAX]++;
        lines++;
    }
    int seen = 0;
    for (int w = WIDTH_MAX; w >= WIDTH_MIN; w--) {
        seen += count[w];
        if (seen * 4 >= lines) return w;
    }
    return WIDTH_MAX;
}

static void add_line(buf *b, const char *text, int *prev_len, bool *prev_end, bool pdf,
                     int width)
{
    bool joined = b->len && !*prev_end && !label_numbered(text) &&
                  (pdf ? *prev_len * 10 >= width * 8 : *prev_len >= WORD_WRAPPED);
    if (b->len && !joined) buf_putc(b, '\n');
    append_prose(b, text);
    *prev_len = width_of(text);
    *prev_end = ends_sentence(text);
}

static void add_part(record *r, const doc *dc, const part *p, bool pdf, int width)
{
    buf b = BUF_INIT, head = BUF_INIT;
    int prev_len = 0, line = 0;
    bool prev_end = true;
    if (p->heading >= 0) {
        const doc_line *h = &dc->lines[p->heading];
        const char *text = "";
        for (int c = 0; c < h->ncells && !text[0]; c++) text = h->cells[c];
        const char *colon = strchr(text, ':');
        line = h->line;
        if (colon && colon[1]) {
            buf_append(&head, text, (size_t)(colon - text));
            add_line(&b, colon + 1 + (colon[1] == ' '), &prev_len, &prev_end, pdf, width);
        } else {
            buf_puts(&head, text);
        }
    }
    for (int i = p->body.from; i < p->body.to && i < dc->nlines; i++) {
        const doc_line *l = &dc->lines[i];
        if (l->table_row || l->ncells < 1) {
            if (p->table) continue;
            for (int c = 0; c < l->ncells; c++)
                if (l->cells[c][0]) add_line(&b, l->cells[c], &prev_len, &prev_end, false, 0);
            continue;
        }
        const char *text = l->cells[0];
        if (is_page_number(text) || (p->table && !is_prose_in_table(text))) continue;
        if (!line) line = l->line;
        add_line(&b, text, &prev_len, &prev_end, pdf, width);
    }
    if (p->heading >= 0 || b.len) {
        char *heading = arena_strndup(r->mem, head.data, head.len);
        buf tmp = BUF_INIT;
        append_prose(&tmp, heading);
        record_add_section(r, p->number, tmp.data, b.data, line);
        buf_free(&tmp);
    }
    buf_free(&b);
    buf_free(&head);
}

void sections_add(record *r, const doc *dc, const part *parts, int nparts)
{
    bool pdf = strcmp(dc->form, "pdf_text") == 0;
    int width = pdf ? full_line(dc) : 0;
    for (int i = 0; i < nparts; i++) add_part(r, dc, &parts[i], pdf, width);
}
