/*
 * html.c: an agency's HTML page as a doc.
 *
 * The bytes are decoded first and parsed second.  The charset comes from
 * the page's own <meta charset> or <meta http-equiv content="...charset=">
 * (looked for in the raw bytes, as a browser's prescan does), else from a
 * BOM or by sniffing (decode_text); libxml2's HTML parser then reads the
 * UTF-8 text with the page's own charset hint ignored, in recovery mode,
 * so unclosed tags and stray end tags still give a tree.
 *
 * The tree is walked in document order.  Text outside tables gathers into
 * a prose line until a block element or <br> ends it; <title> is a prose
 * line of its own; script, style and the like are dropped.  HTML white
 * space runs collapse to one space here; everything else about spelling
 * (NBSP, full-width digits, spaces between CJK characters) is left to
 * normalize_cell(), which every cell goes through.
 *
 * A <table> whose cells hold another table is a layout table: its cells
 * are read as ordinary flow, so the data table inside comes out as rows
 * and the text around it as prose.  Any other table is a data table: its
 * rows are laid on a grid with rowspan/colspan expanded by repeating the
 * spanning cell's text in every position it covers, and each grid row
 * becomes one table line.  A row ends at its last cell rather than being
 * padded to the widest row, so a row that lost a column stays visibly
 * short instead of looking like a blank cell.
 *
 * Lines are the source lines libxml2 records (xmlGetLineNo).  The scratch
 * arena holds normalised text until doc_add_line() copies it into the doc;
 * it and the libxml2 tree are freed before returning.
 */
#include "read/read.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "base/buf.h"

enum {
    CHARSET_SCAN = 65536,   /* bytes searched for a <meta> charset */
    MAX_DEPTH = 400,        /* deeper elements are not read */
    MAX_COLSPAN = 1000,     /* the HTML standard's own limit */
    MAX_COLUMNS = 1000      /* grid positions past this are dropped */
};

static const char *const dropped_elements[] = {
    "script", "style", "noscript", "template", "iframe", "object", "embed",
    "select", "textarea", "svg", "math", "map", NULL
};

static const char *const block_elements[] = {
    "address", "article", "aside", "blockquote", "body", "caption", "center",
    "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "head", "header", "hgroup", "hr", "html", "li", "main", "menu",
    "nav", "ol", "p", "pre", "section", "summary", "tbody", "td", "tfoot",
    "th", "thead", "title", "tr", "ul", NULL
};

static bool name_in(const xmlNode *n, const char *const *names)
{
    for (; *names; names++)
        if (strcasecmp((const char *)n->name, *names) == 0) return true;
    return false;
}

static bool is_element(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0;
}

/* ---- the declared charset ------------------------------------------- */

static const char *find_ci(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);
    for (; p + n <= end; p++)
        if (strncasecmp(p, word, n) == 0) return p;
    return NULL;
}

static bool is_charset_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c == ':';
}

/* The charset a <meta> tag names, copied into out[size]; false if none. */
static bool declared_charset(const char *bytes, size_t len, char *out, size_t size)
{
    const char *end = bytes + (len < CHARSET_SCAN ? len : CHARSET_SCAN);
    for (const char *p = bytes; (p = find_ci(p, end, "<meta")) != NULL; p++) {
        const char *gt = memchr(p, '>', (size_t)(end - p));
        if (!gt) return false;
        const char *cs = find_ci(p, gt, "charset");
        if (!cs) continue;
        cs += strlen("charset");
        while (cs < gt && (*cs == ' ' || *cs == '\t' || *cs == '\n' || *cs == '\r')) cs++;
        if (cs == gt || *cs != '=') continue;
        cs++;
        while (cs < gt && (*cs == ' ' || *cs == '"' || *cs == '\'')) cs++;
        size_t n = 0;
        while (cs + n < gt && is_charset_char(cs[n]) && n + 1 < size) n++;
        if (n == 0) continue;
        memcpy(out, cs, n);
        out[n] = '\0';
        return true;
    }
    return false;
}

/* ---- gathering text ------------------------------------------------- */

/* Text being gathered into one cell or prose line. */
typedef struct gather {
    buf text;
    int line;               /* source line of its first text, 0 while empty */
    bool boundary;          /* a <br> or block edge since the last text */
} gather;

static bool is_html_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_ascii_word(char c)
{
    return (unsigned char)c < 0x80 && !is_html_space(c);
}

/* The line where a text node's first visible character is, at least
 * `floor` (the line of the last tag before it).  libxml2 records the line
 * where the parser stood after the text's first piece (up to an entity,
 * or its 1000-byte buffer), so the newlines of that piece are taken off;
 * counting a piece too long only lowers the answer, and `floor` bounds it. */
static int text_start_line(xmlNode *n, int floor)
{
    enum { LIBXML_TEXT_PIECE = 1000 };
    long line = xmlGetLineNo(n);
    const char *s = (const char *)n->content;
    size_t len = strlen(s), i = 0;
    while (i < len && is_html_space(s[i])) i++;
    for (; i < len && i < LIBXML_TEXT_PIECE; i++)
        if (s[i] == '\n') line--;
    return line > floor ? (int)line : floor;
}

/* Appends a text node, collapsing white space runs as HTML renders them.
 * Across a boundary, two ASCII words get a space; CJK text joins as is. */
static void gather_text(gather *g, xmlNode *text, int floor)
{
    const char *s = (const char *)text->content;
    if (!s) return;
    for (; *s; s++) {
        if (is_html_space(*s)) {
            if (g->text.len && g->text.data[g->text.len - 1] != ' ') buf_putc(&g->text, ' ');
            continue;
        }
        if (g->text.len == 0) g->line = text_start_line(text, floor);
        else if (g->boundary && is_ascii_word(g->text.data[g->text.len - 1]) && is_ascii_word(*s))
            buf_putc(&g->text, ' ');
        g->boundary = false;
        buf_putc(&g->text, *s);
    }
}

/* ---- the walk ------------------------------------------------------- */

typedef struct html_reader {
    const char *path;
    diag *d;
    doc *out;
    arena *scratch;         /* normalised text until it is copied into `out` */
    gather prose;
    int tag_line;           /* line of the last tag the walk passed */
    int title_lines;        /* lines that came from <title>, not the body */
    bool warned_depth;
} html_reader;

static bool too_deep(html_reader *r, xmlNode *n, int depth)
{
    if (depth <= MAX_DEPTH) return false;
    if (!r->warned_depth)
        diag_warning(r->d, r->path, (int)xmlGetLineNo(n),
                     "elements nested more than %d deep are not read", MAX_DEPTH);
    r->warned_depth = true;
    return true;
}

/* Ends the prose line being gathered, if it holds any text. */
static void flush_prose(html_reader *r)
{
    gather *g = &r->prose;
    if (g->text.len) {
        const char *text = normalize_cell(r->scratch, g->text.data, g->text.len);
        if (*text) doc_add_text(r->out, g->line, text);
    }
    buf_clear(&g->text);
    g->line = 0;
    g->boundary = false;
}

/* All the text inside a table cell, as one string. */
static void gather_cell(html_reader *r, gather *g, xmlNode *n, int depth)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            gather_text(g, c, 0);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || name_in(c, dropped_elements)) continue;
        if (too_deep(r, c, depth + 1)) continue;
        bool edge = is_element(c, "br") || name_in(c, block_elements);
        if (edge) g->boundary = true;
        gather_cell(r, g, c, depth + 1);
        if (edge) g->boundary = true;
    }
}

static bool contains_table(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (is_element(c, "table") || contains_table(c)) return true;
    }
    return false;
}

static void walk(html_reader *r, xmlNode *n, int depth);

static void walk_children(html_reader *r, xmlNode *n, int depth)
{
    for (xmlNode *c = n->children; c; c = c->next) walk(r, c, depth + 1);
}

/* One row of the grid: cell texts by column, NULL where nothing lies. */
typedef struct grid_row {
    xmlNode *tr;
    const char **cells;
    int n, cap;
} grid_row;

typedef struct grid {
    grid_row *rows;
    int nrows, cap;
} grid;

static void grid_add_row(grid *g, xmlNode *tr)
{
    if (g->nrows == g->cap) {
        int cap = g->cap ? g->cap * 2 : 32;
        grid_row *p = realloc(g->rows, (size_t)cap * sizeof *p);
        if (!p) {
            fputs("site-gen: out of memory\n", stderr);
            abort();
        }
        g->rows = p;
        g->cap = cap;
    }
    g->rows[g->nrows++] = (grid_row){.tr = tr};
}

static void grid_free(grid *g)
{
    for (int i = 0; i < g->nrows; i++) free(g->rows[i].cells);
    free(g->rows);
}

/* Puts `text` at column `col` of `row` unless something is there already. */
static void grid_set(grid_row *row, int col, const char *text)
{
    if (col >= row->cap) {
        int cap = row->cap ? row->cap : 16;
        while (cap <= col) cap *= 2;
        const char **p = realloc(row->cells, (size_t)cap * sizeof *p);
        if (!p) {
            fputs("site-gen: out of memory\n", stderr);
            abort();
        }
        memset(p + row->cap, 0, (size_t)(cap - row->cap) * sizeof *p);
        row->cells = p;
        row->cap = cap;
    }
    if (!row->cells[col]) row->cells[col] = text;
    if (col >= row->n) row->n = col + 1;
}

/* The rows of a table, not looking into tables nested in it; a caption
 * is read as prose before them. */
static void collect_rows(html_reader *r, grid *g, xmlNode *n, int depth)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || too_deep(r, c, depth + 1)) continue;
        if (is_element(c, "tr")) grid_add_row(g, c);
        else if (is_element(c, "caption")) walk(r, c, depth + 1);
        else if (!is_element(c, "table") && !name_in(c, dropped_elements))
            collect_rows(r, g, c, depth + 1);
    }
}

/* A rowspan/colspan attribute: `dflt` when absent or unreadable. */
static long span_attr(xmlNode *cell, const char *name, long dflt, long max)
{
    xmlChar *v = xmlGetProp(cell, (const xmlChar *)name);
    if (!v) return dflt;
    char *end;
    long n = strtol((const char *)v, &end, 10);
    if (end == (char *)v || n < 0) n = dflt;
    xmlFree(v);
    return n > max ? max : n;
}

/* Lays the cells of row `ri` on the grid, expanding their spans. */
static void place_row(html_reader *r, grid *g, int ri, int depth)
{
    grid_row *row = &g->rows[ri];
    int col = 0;
    for (xmlNode *c = row->tr->children; c; c = c->next) {
        if (!is_element(c, "td") && !is_element(c, "th")) continue;
        while (col < row->n && row->cells[col]) col++;
        long rowspan = span_attr(c, "rowspan", 1, g->nrows - ri);
        long colspan = span_attr(c, "colspan", 1, MAX_COLSPAN);
        if (rowspan == 0) rowspan = g->nrows - ri;     /* to the end of the table */
        if (colspan == 0) colspan = 1;
        gather cell = {.text = BUF_INIT};
        gather_cell(r, &cell, c, depth);
        const char *text = normalize_cell(r->scratch, cell.text.data,
                                          cell.text.len);
        buf_free(&cell.text);
        if (col + colspan > MAX_COLUMNS) {
            diag_warning(r->d, r->path, (int)xmlGetLineNo(c),
                         "table wider than %d columns; the rest is not read", MAX_COLUMNS);
            return;
        }
        for (int i = ri; i < ri + rowspan; i++)
            for (int j = col; j < col + colspan; j++) grid_set(&g->rows[i], j, text);
        col += (int)colspan;
    }
}

static void read_data_table(html_reader *r, xmlNode *table, int depth)
{
    grid g = {0};
    collect_rows(r, &g, table, depth);
    flush_prose(r);
    if (g.nrows == 0) {         /* cells with no rows: keep their text as prose */
        walk_children(r, table, depth);
        grid_free(&g);
        return;
    }
    for (int i = 0; i < g.nrows; i++) place_row(r, &g, i, depth + 1);
    for (int i = 0; i < g.nrows; i++) {
        grid_row *row = &g.rows[i];
        if (row->n == 0) continue;
        for (int j = 0; j < row->n; j++)
            if (!row->cells[j]) row->cells[j] = "";
        doc_add_line(r->out, (int)xmlGetLineNo(row->tr), true, row->cells, row->n);
    }
    grid_free(&g);
}

static void walk(html_reader *r, xmlNode *n, int depth)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        gather_text(&r->prose, n, r->tag_line);
        return;
    }
    if (n->type != XML_ELEMENT_NODE || name_in(n, dropped_elements)) return;
    if (too_deep(r, n, depth)) return;
    r->tag_line = (int)xmlGetLineNo(n);
    if (is_element(n, "br")) {
        flush_prose(r);
        return;
    }
    if (is_element(n, "table")) {
        flush_prose(r);
        if (contains_table(n)) walk_children(r, n, depth);
        else read_data_table(r, n, depth);
        flush_prose(r);
        return;
    }
    bool block = name_in(n, block_elements);
    if (block) flush_prose(r);
    int before = r->out->nlines;
    walk_children(r, n, depth);
    if (block) flush_prose(r);
    if (is_element(n, "title")) r->title_lines += r->out->nlines - before;
}

/* ---- the reader ----------------------------------------------------- */

static doc *read_tree(const char *path, xmlDoc *tree, const decoded *text, diag *d)
{
    html_reader r = {.path = path, .d = d, .scratch = arena_new(), .prose.text = BUF_INIT};
    r.out = doc_new(path, "html");
    r.out->charset = arena_strdup(r.out->mem, text->charset);
    xmlNode *root = xmlDocGetRootElement(tree);
    if (root) walk(&r, root, 0);
    flush_prose(&r);
    buf_free(&r.prose.text);
    arena_free(r.scratch);
    if (r.out->nlines > r.title_lines) return r.out;
    diag_error(d, path, root ? (int)xmlGetLineNo(root) : 0, "the page has no text in its body");
    doc_free(r.out);
    return NULL;
}

doc *read_html(const char *path, const char *bytes, size_t len, diag *d)
{
    if (len == 0) {
        diag_error(d, path, 0, "empty file");
        return NULL;
    }
    if (len > INT_MAX) {
        diag_error(d, path, 0, "file too large to read as HTML");
        return NULL;
    }
    char charset[64];
    bool declared = declared_charset(bytes, len, charset, sizeof charset);
    decoded text = decode_text(bytes, len, declared ? charset : NULL);
    if (!text.text) {
        diag_error(d, path, text.error_line, "%s", text.error);
        return NULL;
    }
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt) {
        free(text.text);
        diag_error(d, path, 0, "out of memory");
        return NULL;
    }
    xmlDoc *tree = htmlCtxtReadMemory(ctxt, text.text, (int)text.len, path, "UTF-8",
                                      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                      HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                      HTML_PARSE_IGNORE_ENC);
    const xmlError *err = &ctxt->lastError;
    if (err->level == XML_ERR_FATAL) {  /* e.g. a limit hit: the rest is not in the tree */
        const char *msg = err->message ? err->message : "parse error";
        static const char depth[] = "Excessive depth in document: ";
        int n = (int)strcspn(msg, "\n");
        if (strncmp(msg, depth, sizeof depth - 1) == 0)     /* libxml2's advice is for programmers */
            diag_warning(d, path, err->line, "the page could not be read past here: elements "
                         "nested more than %d deep", atoi(msg + sizeof depth - 1));
        else
            diag_warning(d, path, err->line, "the page could not be read past here: %.*s", n, msg);
    }
    doc *out = NULL;
    if (tree) out = read_tree(path, tree, &text, d);
    else diag_error(d, path, 0, "not an HTML page libxml2 can read");
    xmlFreeDoc(tree);
    htmlFreeParserCtxt(ctxt);
    free(text.text);
    return out;
}
