/*
 * markdown.c: a report written in Markdown, as a doc.
 *
 * cmark-gfm parses the text with its table extension attached, and the
 * reader walks the AST rather than looking at pipes itself, so escaped
 * pipes, code spans and alignment rows are the library's business.
 *
 * Paragraphs and headings become prose lines.  A soft line break inside a
 * paragraph joins the two lines with nothing between them when either side
 * is CJK (Chinese wraps anywhere) and with one space between ASCII words;
 * a hard break (or an inline <br>) starts a new prose line, so lines keep
 * their source line numbers.  Code blocks keep their lines as prose.
 *
 * Each table row becomes a table line whose cells are the text and code
 * literals under the cell: emphasis such as **bold** contributes its text
 * and loses its marks, and an empty cell is an empty string.  CommonMark
 * does not pair `**` next to CJK punctuation ("**（一）主动公开。**2024年"
 * stays literal), so asterisk runs left in text are dropped too: they are
 * the same marks, unpaired.
 *
 * The table extension pads a row shorter than the header with cells of
 * its own; those are left out, so a row that lost a column is as short in
 * the doc as in the file.  It also cuts a longer row to the header's
 * width; such a row (its source line goes on past the last cell) is parsed
 * again on its own, as the header of a one-row table, so the doc has every
 * cell the file has.  An HTML block (a <table> with rowspan pasted into
 * the Markdown) is read by read_html() and its lines spliced in at their
 * place.
 *
 * Every cell goes through normalize_cell().  The cmark tree is freed
 * before returning; text lives in the doc's arena.
 */
#include "read/read.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "base/buf.h"

/* The table extension's node types.  The library exports them, but the
 * Debian package does not install the header (table.h) that declares them. */
extern cmark_node_type CMARK_NODE_TABLE, CMARK_NODE_TABLE_ROW, CMARK_NODE_TABLE_CELL;

typedef struct md_reader {
    const char *path;
    diag *d;
    const char *src;        /* the Markdown text, to look again at a cut row */
    size_t len;
    cmark_syntax_extension *table;
    doc *out;
    buf text;               /* the prose line or cell being gathered */
    int line;               /* source line the walk is on */
    int text_line;          /* source line where the gathered text starts */
    bool boundary;          /* a soft break since the last text */
} md_reader;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_ascii_word(char c)
{
    return (unsigned char)c < 0x80 && !is_space(c);
}

/* Appends a literal; after a soft break two ASCII words get a space.
 * In text (not code), a run of two or more asterisks is a bold mark that
 * CommonMark did not pair, and is left out. */
static void add_literal(md_reader *r, const char *s, bool is_code)
{
    if (!s || !*s) return;
    if (r->boundary && r->text.len && is_ascii_word(r->text.data[r->text.len - 1]) &&
        is_ascii_word(*s))
        buf_putc(&r->text, ' ');
    if (r->text.len == 0) r->text_line = r->line;
    r->boundary = false;
    while (*s) {
        size_t run = strspn(s, "*");
        if (run >= 2 && !is_code) {
            s += run;
            continue;
        }
        size_t n = run + strcspn(s + run, "*");
        buf_append(&r->text, s, n);
        s += n;
    }
}

/* The gathered text, normalised, in the doc's arena; the buffer is emptied. */
static const char *take_text(md_reader *r)
{
    const char *t = normalize_cell(r->out->mem, r->text.data, r->text.len);
    buf_clear(&r->text);
    r->boundary = false;
    return t;
}

static void flush_prose(md_reader *r)
{
    const char *t = take_text(r);
    if (*t) doc_add_text(r->out, r->text_line, t);
}

static bool is_br_tag(const char *html)
{
    return html && strncasecmp(html, "<br", 3) == 0 &&
           (html[3] == '>' || html[3] == '/' || is_space(html[3]));
}

/* The inline text under `n`; `in_cell` turns line breaks into joins
 * instead of new prose lines. */
static void gather_inlines(md_reader *r, cmark_node *n, bool in_cell)
{
    for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
        cmark_node_type t = cmark_node_get_type(c);
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
            add_literal(r, cmark_node_get_literal(c), t == CMARK_NODE_CODE);
        } else if (t == CMARK_NODE_SOFTBREAK) {
            r->boundary = true;
            r->line++;
        } else if (t == CMARK_NODE_LINEBREAK ||
                   (t == CMARK_NODE_HTML_INLINE && is_br_tag(cmark_node_get_literal(c)))) {
            if (in_cell) {
                r->boundary = true;
            } else {
                flush_prose(r);
                if (t == CMARK_NODE_LINEBREAK) r->line++;
            }
        } else if (t != CMARK_NODE_IMAGE && t != CMARK_NODE_HTML_INLINE &&
                   t != CMARK_NODE_FOOTNOTE_REFERENCE) {
            gather_inlines(r, c, in_cell);      /* emphasis, strong, links */
        }
    }
}

static void read_prose(md_reader *r, cmark_node *n)
{
    r->line = cmark_node_get_start_line(n);
    gather_inlines(r, n, false);
    flush_prose(r);
}

enum { MAX_ROW_CELLS = 256 };

/* The cells of a row as the file has them (the extension's padding left
 * out); returns their number and the end column of the last one. */
static int row_cells(md_reader *r, cmark_node *row, const char **cells, int *end_column)
{
    int n = 0;
    *end_column = 0;
    for (cmark_node *c = cmark_node_first_child(row); c; c = cmark_node_next(c)) {
        if (cmark_node_get_type(c) != CMARK_NODE_TABLE_CELL) continue;
        if (cmark_node_get_start_column(c) == 0) continue;     /* padding, not in the file */
        gather_inlines(r, c, true);
        const char *t = take_text(r);
        if (n < MAX_ROW_CELLS) cells[n++] = t;
        *end_column = cmark_node_get_end_column(c);
    }
    return n;
}

/* Source line `line` (1-based) of the text, as [*start, returned end). */
static const char *source_line(const md_reader *r, int line, const char **start)
{
    const char *s = r->src, *end = r->src + r->len;
    for (int i = 1; i < line && s < end; i++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        s = nl ? nl + 1 : end;
    }
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    *start = s;
    return nl ? nl : end;
}

/* True when the source line may go on past the last cell kept: more than
 * a closing pipe there means cells the extension cut to the header's
 * width.  In an indented table the extension's columns are short by the
 * indent, so this can say yes for a whole row; reparse_row() decides. */
static bool row_was_cut(const char *line, const char *eol, int end_column)
{
    const char *p = line + end_column;          /* columns are 1-based bytes */
    if (end_column <= 0 || p >= eol) return false;
    if (*p == '|') p++;
    for (; p < eol; p++)
        if (!is_space(*p)) return true;
    return false;
}

/* One parse of LINE as the header of a table K cells wide: the cells of
 * its row, or 0 when cmark-gfm does not take it as a table. */
static int parse_as_header(md_reader *r, const char *line, const char *eol, int k,
                           const char **cells, buf *text)
{
    buf_clear(text);
    buf_append(text, line, (size_t)(eol - line));
    buf_puts(text, "\n|");
    for (int i = 0; i < k; i++) buf_puts(text, "-|");
    buf_putc(text, '\n');
    cmark_parser *parser = cmark_parser_new(CMARK_OPT_VALIDATE_UTF8);
    if (!parser) return 0;
    cmark_parser_attach_syntax_extension(parser, r->table);
    cmark_parser_feed(parser, text->data, text->len);
    cmark_node *root = cmark_parser_finish(parser);
    cmark_parser_free(parser);
    cmark_node *tbl = root ? cmark_node_first_child(root) : NULL;
    cmark_node *row = tbl ? cmark_node_first_child(tbl) : NULL;
    int end_column, n = 0;
    if (row && cmark_node_get_type(row) == CMARK_NODE_TABLE_ROW)
        n = row_cells(r, row, cells, &end_column);
    cmark_node_free(root);
    return n;
}

/* A cut row read again: its line alone (from where the row starts), as the
 * header of a table whose delimiter row has as many cells as the line
 * seems to have (its pipes, less a leading and a trailing one), or one
 * fewer or more (an escaped pipe or a code span miscounted), until
 * cmark-gfm accepts it; 0 when none is.  At most three parses, and none
 * for a line of more cells than a row can keep: each parse of a long line
 * costs more than linear time, so a hostile row cannot stall the read. */
static int reparse_row(md_reader *r, const char *line, const char *eol, int from, const char **cells)
{
    int pipes = 0, n = 0;
    for (const char *p = line; p < eol; p++) pipes += *p == '|';
    if (pipes > MAX_ROW_CELLS + 1) return 0;
    const char *first = line, *last = eol;
    while (first < eol && is_space(*first)) first++;
    while (last > first && is_space(last[-1])) last--;
    int guess = pipes + 1 - (first < eol && *first == '|') - (last > first && last[-1] == '|');
    const int tries[] = { guess, guess - 1, guess + 1 };
    buf text = BUF_INIT;
    for (size_t i = 0; i < sizeof tries / sizeof tries[0] && n == 0; i++)
        if (tries[i] > from && tries[i] <= MAX_ROW_CELLS)
            n = parse_as_header(r, line, eol, tries[i], cells, &text);
    buf_free(&text);
    return n;
}

static void read_row(md_reader *r, cmark_node *row)
{
    const char *cells[MAX_ROW_CELLS];
    int end_column;
    int n = row_cells(r, row, cells, &end_column);
    int line = cmark_node_get_start_line(row);
    const char *start, *eol = source_line(r, line, &start);
    if (row_was_cut(start, eol, end_column)) {
        const char *all[MAX_ROW_CELLS];
        int skip = cmark_node_get_start_column(row) - 1;   /* a quote's "> ", a list marker */
        if (skip > 0 && skip <= eol - start) start += skip;
        int m = reparse_row(r, start, eol, n, all);
        if (m > n) {
            doc_add_line(r->out, line, true, all, m);
            return;
        }
    }
    if (n) doc_add_line(r->out, line, true, cells, n);
}

/* A code block's lines, each a prose line. */
static void read_code(md_reader *r, cmark_node *n)
{
    const char *s = cmark_node_get_literal(n);
    int fence_len, fence_offset;
    char fence_char;
    bool fenced = cmark_node_get_fenced(n, &fence_len, &fence_offset, &fence_char);
    int line = cmark_node_get_start_line(n) + (fenced ? 1 : 0);
    while (s && *s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        const char *t = normalize_cell(r->out->mem, s, len);
        if (*t) doc_add_text(r->out, line, t);
        line++;
        s = nl ? nl + 1 : s + len;
    }
}

/* An HTML block, read as a page of its own and spliced in at its lines. */
static void read_html_block(md_reader *r, cmark_node *n)
{
    const char *html = cmark_node_get_literal(n);
    if (!html) return;
    diag quiet = {0};       /* a block with no text (a comment) is not an error here */
    doc *sub = read_html(r->path, html, strlen(html), &quiet);
    if (!sub) return;
    int offset = cmark_node_get_start_line(n) - 1;
    for (int i = 0; i < sub->nlines; i++) {
        const doc_line *l = &sub->lines[i];
        doc_add_line(r->out, l->line + offset, l->table_row, l->cells, l->ncells);
    }
    doc_free(sub);
}

static void walk(md_reader *r, cmark_node *root)
{
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        bool leaf = true;
        if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING) read_prose(r, n);
        else if (t == CMARK_NODE_TABLE_ROW) read_row(r, n);
        else if (t == CMARK_NODE_CODE_BLOCK) read_code(r, n);
        else if (t == CMARK_NODE_HTML_BLOCK) read_html_block(r, n);
        else leaf = false;
        if (leaf && cmark_node_first_child(n))
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);     /* its inlines are read */
    }
    cmark_iter_free(it);
}

doc *read_markdown(const char *path, const char *utf8, size_t len, diag *d)
{
    cmark_gfm_core_extensions_ensure_registered();
    cmark_syntax_extension *table = cmark_find_syntax_extension("table");
    cmark_parser *parser = cmark_parser_new(CMARK_OPT_VALIDATE_UTF8);
    if (!table || !parser || !cmark_parser_attach_syntax_extension(parser, table)) {
        diag_error(d, path, 0, "cmark-gfm's table extension is not available");
        if (parser) cmark_parser_free(parser);
        return NULL;
    }
    cmark_parser_feed(parser, utf8, len);
    cmark_node *root = cmark_parser_finish(parser);
    cmark_parser_free(parser);
    if (!root) {
        diag_error(d, path, 0, "not Markdown that cmark-gfm can read");
        return NULL;
    }
    md_reader r = {.path = path, .d = d, .src = utf8, .len = len, .table = table, .text = BUF_INIT,
                   .out = doc_new(path, "markdown")};
    walk(&r, root);
    buf_free(&r.text);
    cmark_node_free(root);
    if (r.out->nlines > 0) return r.out;
    diag_error(d, path, 0, "no text in the Markdown file");
    doc_free(r.out);
    return NULL;
}
