/*
 * docx.c: an agency's Word file (.docx) as a doc.
 *
 * A .docx is a zip archive; its text is the XML part word/document.xml.
 * The zip is opened from memory with libzip (consistency checked), and
 * that one part is inflated into a buffer that may not grow past
 * FS_MAX_FILE: the size the archive states is checked first, and the
 * bytes actually inflated are counted as well, since an archive built to
 * explode (a zip bomb) can state any size it likes.  libxml2 then parses
 * the XML without loading anything from the network and without
 * expanding entities, and the tree is walked in document order, to at
 * most MAX_DEPTH elements deep.
 *
 * A paragraph (w:p) is one prose line: the label Word's automatic
 * numbering draws before it, if any (docx_numbering.c, from
 * word/numbering.xml and word/styles.xml, two parts read beside the
 * document and under the same size limit, only where some paragraph
 * names numbering or a style; the styles, large, only where there is
 * numbering and some paragraph names a style, and read as a stream only
 * once such a paragraph asks), then the text of all its runs (w:t),
 * w:tab as a tab, w:br and w:cr ending the line there as <br> does in
 * HTML.  Field codes, deleted text and the Choice half of a compatibility
 * block are not text; content controls, hyperlinks, insertions and the
 * like are looked into.  Each w:tr of a table (w:tbl) is one table line
 * with one cell per grid column: w:gridBefore/w:gridAfter are empty
 * cells, a w:gridSpan cell's text is repeated in every column it spans, a
 * w:vMerge continuation repeats the text of the cell above it (so of the
 * restarting cell), and a legacy w:hMerge continuation repeats the text
 * of the cell to its left.  A cell's text is that of all its paragraphs,
 * and of any table nested in it, joined as html.c joins across a <br>:
 * two ASCII words get a space, anything else nothing, so a header written
 * one character per paragraph (结/果/维/持, （/三/）) reads as 结果维持,
 * （三）.  One statistical table that Word split into two at a page break
 * is simply two runs of table lines; the record stage finds rows by their
 * labels and passes over the column headers repeated in between, so they
 * read as one table.
 *
 * A docx has no source lines a person could go to, so a doc line's line
 * is its place among the lines read: the nth paragraph or table row with
 * text.
 */
#include "read/read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "base/buf.h"
#include "base/fs.h"
#include "read/docx_numbering.h"
#include "read/docx_xml.h"

enum {
    MAX_DEPTH = 100,        /* deeper elements are not read */
    MAX_COLUMNS = 256,      /* grid positions past this are dropped (Word allows 63) */
    CHUNK = 16384           /* bytes inflated at a time */
};

static const char DOCUMENT_PART[] = "word/document.xml";
static const char NUMBERING_PART[] = "word/numbering.xml";
static const char STYLES_PART[] = "word/styles.xml";
static const char *const W_NS[] = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",     /* Strict OOXML */
    NULL
};
static const char MC_NS[] = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/* ---- the part inside the zip ---------------------------------------- */

static void say_too_big(const char *path, const char *part, diag *d)
{
    diag_error(d, path, 0, "%s inflates to more than %d MiB: refused (too large for a report)",
               part, FS_MAX_FILE >> 20);
}

/* Inflates entry `idx`, the part called `part`, into xml; false (said)
 * when it is damaged or too large. */
static bool inflate_part(zip_t *za, zip_int64_t idx, const char *part, const char *path, buf *xml,
                         diag *d)
{
    zip_stat_t st;
    if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        st.size > FS_MAX_FILE) {
        say_too_big(path, part, d);
        return false;
    }
    zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
    if (!zf) {
        diag_error(d, path, 0, "cannot read %s from the Word file: %s", part, zip_strerror(za));
        return false;
    }
    char chunk[CHUNK];
    bool ok = true;
    for (;;) {
        zip_int64_t n = zip_fread(zf, chunk, sizeof chunk);
        if (n < 0) {
            diag_error(d, path, 0, "damaged Word file: %s cannot be inflated (%s)", part,
                       zip_file_strerror(zf));
            ok = false;
            break;
        }
        if (n == 0) break;
        if (xml->len + (size_t)n > FS_MAX_FILE) {
            say_too_big(path, part, d);
            ok = false;
            break;
        }
        buf_append(xml, chunk, (size_t)n);
    }
    if (zip_fclose(zf) != 0 && ok) {
        diag_error(d, path, 0, "damaged Word file: %s cannot be inflated", part);
        ok = false;
    }
    return ok;
}

/* The parts of a Word file that the reader reads: the document, and the
 * numbering and styles that number its paragraphs (empty when absent). */
typedef struct parts {
    buf document, numbering, styles;
} parts;

/* Part `name` into out, if the archive has it; false (said) when it is
 * there but cannot be read. */
static bool optional_part(zip_t *za, const char *name, const char *path, buf *out, diag *d)
{
    zip_int64_t idx = zip_name_locate(za, name, ZIP_FL_NOCASE);
    return idx < 0 || inflate_part(za, idx, name, path, out, d);
}

/* The document holds `word` (an element's name) somewhere. */
static bool mentions(const buf *document, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = document->data, *end = p + document->len;
         (p = memchr(p, word[0], (size_t)(end - p))) != NULL && (size_t)(end - p) >= n; p++)
        if (memcmp(p, word, n) == 0) return true;
    return false;
}

/* The parts out of the zip in bytes[0..len); false (said) when the file
 * is not a zip, is damaged, or is not a Word document. */
static bool read_parts(const char *path, const char *bytes, size_t len, parts *out, diag *d)
{
    if (len < 4 || memcmp(bytes, "PK\x03\x04", 4) != 0) {
        diag_error(d, path, 0, "not a Word file: a .docx is a zip archive, and this file is not one");
        return false;
    }
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &err);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err) : NULL;
    if (!za) {
        diag_error(d, path, 0, "damaged or truncated Word file: the zip archive cannot be opened (%s)",
                   zip_error_strerror(&err));
        zip_source_free(src);
        zip_error_fini(&err);
        return false;
    }
    zip_error_fini(&err);
    bool ok = false;
    zip_int64_t idx = zip_name_locate(za, DOCUMENT_PART, ZIP_FL_NOCASE);
    if (idx < 0)
        diag_error(d, path, 0, "not a report: a zip archive without %s is not a Word document",
                   DOCUMENT_PART);
    else
        ok = inflate_part(za, idx, DOCUMENT_PART, path, &out->document, d);
    /* Numbering reaches a paragraph through its w:numPr or its style
     * (w:pStyle): a document with neither numbers nothing. */
    bool styled = ok && mentions(&out->document, "pStyle");
    if (ok && (styled || mentions(&out->document, "numPr")))
        ok = optional_part(za, NUMBERING_PART, path, &out->numbering, d) &&
             (!out->numbering.len || !styled ||
              optional_part(za, STYLES_PART, path, &out->styles, d));
    zip_discard(za);        /* frees src as well */
    return ok;
}

/* ---- names and attributes ------------------------------------------- */

static bool in_ns(const xmlNode *n, const char *const *uris)
{
    if (!n->ns || !n->ns->href) return false;
    for (; *uris; uris++)
        if (strcmp((const char *)n->ns->href, *uris) == 0) return true;
    return false;
}

bool docx_is_w(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 &&
           in_ns(n, W_NS);
}

static bool is_w(const xmlNode *n, const char *name)
{
    return docx_is_w(n, name);
}

static bool is_mc(const xmlNode *n, const char *name)
{
    static const char *const mc[] = { MC_NS, NULL };
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 &&
           in_ns(n, mc);
}

xmlNode *docx_child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_w(c, name)) return c;
    return NULL;
}

static xmlNode *w_child(const xmlNode *n, const char *name)
{
    return docx_child(n, name);
}

const char *docx_attr(const xmlNode *n, const char *attr, char *out, size_t size)
{
    out[0] = '\0';
    if (!n) return out;
    xmlChar *v = n->ns ? xmlGetNsProp(n, (const xmlChar *)attr, n->ns->href) : NULL;
    if (!v) v = xmlGetProp(n, (const xmlChar *)attr);
    if (v) {
        snprintf(out, size, "%s", (const char *)v);
        xmlFree(v);
    }
    return out;
}

/* The w:val of element n, copied into out[size] ("" when absent). */
static const char *w_val(const xmlNode *n, char *out, size_t size)
{
    return docx_attr(n, "val", out, size);
}

/* A count attribute (w:gridSpan, w:gridBefore ...): `dflt` when absent or
 * unreadable, never more than MAX_COLUMNS. */
static int w_count(const xmlNode *n, int dflt)
{
    char v[32];
    if (!n || !*w_val(n, v, sizeof v)) return dflt;
    char *end;
    long k = strtol(v, &end, 10);
    if (end == v || k < 0) return dflt;
    return k > MAX_COLUMNS ? MAX_COLUMNS : (int)k;
}

/* ---- the walk ------------------------------------------------------- */

typedef struct docx_reader {
    const char *path;
    diag *d;
    doc *out;
    docx_numbering *numbering;  /* NULL when nothing is numbered */
    arena *scratch;         /* normalised text until it is copied into `out` */
    int line;               /* lines added so far */
    bool warned_depth, warned_wide;
} docx_reader;

static bool too_deep(docx_reader *r, int depth)
{
    if (depth <= MAX_DEPTH) return false;
    if (!r->warned_depth)
        diag_warning(r->d, r->path, r->line + 1,
                     "elements nested more than %d deep are not read", MAX_DEPTH);
    r->warned_depth = true;
    return true;
}

/* Text being gathered into one prose line or cell. */
typedef struct gather {
    buf text;
    bool boundary;          /* a line break or paragraph end since the last text */
} gather;

static bool is_ascii_word(char c)
{
    return c > ' ' && (unsigned char)c < 0x80;
}

/* Appends text; across a boundary two ASCII words get a space and
 * anything else joins as is, as a line break inside Chinese text (or
 * around a full-width parenthesis) adds nothing: （/三/） reads （三）. */
static void gather_text(gather *g, const char *s)
{
    if (!*s) return;
    if (g->boundary && g->text.len && is_ascii_word(g->text.data[g->text.len - 1]) &&
        is_ascii_word(*s))
        buf_putc(&g->text, ' ');
    g->boundary = false;
    buf_puts(&g->text, s);
}

static const char *normalized(docx_reader *r, const gather *g)
{
    return normalize_cell(r->scratch, g->text.data, g->text.len);
}

/* Ends the prose line gathered in g, if it holds any text. */
static void flush_prose(docx_reader *r, gather *g)
{
    const char *text = normalized(r, g);
    if (*text) doc_add_text(r->out, ++r->line, text);
    buf_clear(&g->text);
    g->boundary = false;
}

static void gather_table_text(docx_reader *r, gather *g, xmlNode *tbl, int depth);

/* The label Word's numbering shows before paragraph p (一、, （二）),
 * as the start of its text. */
static void number_paragraph(docx_reader *r, gather *g, const xmlNode *p)
{
    buf label = BUF_INIT;
    docx_numbering_label(r->numbering, p, &label);
    if (label.len) gather_text(g, label.data);
    buf_free(&label);
}

/* The text under n into g.  A line break ends the prose line (prose) or
 * is a boundary in the cell's text. */
static void gather_under(docx_reader *r, gather *g, xmlNode *n, int depth, bool prose)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || too_deep(r, depth + 1)) continue;
        if (is_w(c, "t")) {
            for (xmlNode *t = c->children; t; t = t->next)
                if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
                    gather_text(g, (const char *)t->content);
        } else if (is_w(c, "tab") || is_w(c, "ptab")) {
            gather_text(g, "\t");
        } else if (is_w(c, "br") || is_w(c, "cr")) {
            if (prose) flush_prose(r, g);
            else g->boundary = true;
        } else if (is_w(c, "noBreakHyphen")) {
            gather_text(g, "-");
        } else if (is_w(c, "p")) {          /* a cell's or a text box's paragraph */
            g->boundary = true;
            number_paragraph(r, g, c);
            gather_under(r, g, c, depth + 1, false);
            g->boundary = true;
        } else if (is_w(c, "tbl")) {
            gather_table_text(r, g, c, depth + 1);
        } else if (!is_w(c, "pPr") && !is_w(c, "rPr") && !is_w(c, "instrText") &&
                   !is_w(c, "delText") && !is_mc(c, "Choice")) {
            gather_under(r, g, c, depth + 1, prose);
        }
    }
}

/* The w:tr of a table, also inside content controls and custom XML. */
static void for_each_row(docx_reader *r, xmlNode *n, int depth,
                         void (*fn)(docx_reader *, xmlNode *, int, void *), void *arg)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || too_deep(r, depth + 1)) continue;
        if (is_w(c, "tr")) fn(r, c, depth + 1, arg);
        else if (is_w(c, "sdt") || is_w(c, "sdtContent") || is_w(c, "customXml"))
            for_each_row(r, c, depth + 1, fn, arg);
    }
}

/* The w:tc of a row, also inside content controls and custom XML. */
static int row_cells(docx_reader *r, xmlNode *n, int depth, xmlNode **cells, int max)
{
    int k = 0;
    for (xmlNode *c = n->children; c && k < max; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || too_deep(r, depth + 1)) continue;
        if (is_w(c, "tc")) cells[k++] = c;
        else if (is_w(c, "sdt") || is_w(c, "sdtContent") || is_w(c, "customXml"))
            k += row_cells(r, c, depth + 1, cells + k, max - k);
    }
    return k;
}

/* All the text of a cell: its paragraphs and nested tables, one after
 * another with a boundary between. */
static void gather_cell(docx_reader *r, gather *g, xmlNode *tc, int depth)
{
    g->boundary = true;
    gather_under(r, g, tc, depth, false);
    g->boundary = true;
}

static void gather_row_text(docx_reader *r, xmlNode *tr, int depth, void *arg)
{
    xmlNode *cells[MAX_COLUMNS];
    int n = row_cells(r, tr, depth, cells, MAX_COLUMNS);
    for (int i = 0; i < n; i++) gather_cell(r, arg, cells[i], depth + 1);
}

/* A table inside a cell: its text, cell after cell. */
static void gather_table_text(docx_reader *r, gather *g, xmlNode *tbl, int depth)
{
    for_each_row(r, tbl, depth, gather_row_text, g);
}

/* ---- tables --------------------------------------------------------- */

enum merge { MERGE_NONE, MERGE_RESTART, MERGE_CONTINUE };

/* w:vMerge or w:hMerge in a cell's properties. */
static enum merge merge_of(const xmlNode *tcpr, const char *name)
{
    xmlNode *m = w_child(tcpr, name);
    if (!m) return MERGE_NONE;
    char v[32];
    return strcmp(w_val(m, v, sizeof v), "restart") == 0 ? MERGE_RESTART : MERGE_CONTINUE;
}

/* The grid of the table being read: the row above and the row at hand. */
typedef struct grid {
    const char *above[MAX_COLUMNS];     /* text of the row above, NULL where none */
    bool above_vmerged[MAX_COLUMNS];    /* that cell was part of a vertical merge */
    const char *cur[MAX_COLUMNS];
    bool cur_vmerged[MAX_COLUMNS];
    int n;                              /* columns of the row at hand */
} grid;

static void put(docx_reader *r, grid *g, int span, const char *text, bool vmerged)
{
    for (int j = 0; j < span; j++) {
        if (g->n >= MAX_COLUMNS) {
            if (!r->warned_wide)
                diag_warning(r->d, r->path, r->line + 1,
                             "table wider than %d columns; the rest is not read", MAX_COLUMNS);
            r->warned_wide = true;
            return;
        }
        g->cur[g->n] = text;
        g->cur_vmerged[g->n++] = vmerged;
    }
}

/* The text of one cell placed at column g->n. */
static const char *cell_text(docx_reader *r, grid *g, xmlNode *tc, int depth, bool *vmerged)
{
    xmlNode *tcpr = w_child(tc, "tcPr");
    enum merge v = merge_of(tcpr, "vMerge"), h = merge_of(tcpr, "hMerge");
    int col = g->n;
    *vmerged = v != MERGE_NONE;
    if (v == MERGE_CONTINUE && col < MAX_COLUMNS && g->above_vmerged[col] && g->above[col])
        return g->above[col];
    if (h == MERGE_CONTINUE && col > 0) return g->cur[col - 1];
    gather cell = {.text = BUF_INIT};
    gather_cell(r, &cell, tc, depth);
    const char *text = normalized(r, &cell);
    buf_free(&cell.text);
    return text;
}

static void read_row(docx_reader *r, xmlNode *tr, int depth, void *arg)
{
    grid *g = arg;
    xmlNode *trpr = w_child(tr, "trPr");
    g->n = 0;
    put(r, g, w_count(w_child(trpr, "gridBefore"), 0), "", false);
    xmlNode *cells[MAX_COLUMNS];
    int n = row_cells(r, tr, depth, cells, MAX_COLUMNS);
    for (int i = 0; i < n; i++) {
        bool vmerged;
        const char *text = cell_text(r, g, cells[i], depth + 1, &vmerged);
        int span = w_count(w_child(w_child(cells[i], "tcPr"), "gridSpan"), 1);
        put(r, g, span ? span : 1, text, vmerged);
    }
    put(r, g, w_count(w_child(trpr, "gridAfter"), 0), "", false);
    bool any = false;
    for (int j = 0; j < g->n; j++) any = any || g->cur[j][0];
    if (any) doc_add_line(r->out, ++r->line, true, g->cur, g->n);
    for (int j = 0; j < MAX_COLUMNS; j++) {
        g->above[j] = j < g->n ? g->cur[j] : NULL;
        g->above_vmerged[j] = j < g->n && g->cur_vmerged[j];
    }
}

static void read_table(docx_reader *r, xmlNode *tbl, int depth)
{
    grid *g = calloc(1, sizeof *g);
    if (!g) {
        fputs("site-gen: out of memory\n", stderr);
        abort();
    }
    for_each_row(r, tbl, depth, read_row, g);
    free(g);
}

/* The body's blocks in order: paragraphs, tables, and what holds them. */
static void walk_blocks(docx_reader *r, xmlNode *n, int depth)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || too_deep(r, depth + 1)) continue;
        if (is_w(c, "p")) {
            gather g = {.text = BUF_INIT};
            number_paragraph(r, &g, c);
            gather_under(r, &g, c, depth + 1, true);
            flush_prose(r, &g);
            buf_free(&g.text);
        } else if (is_w(c, "tbl")) {
            read_table(r, c, depth + 1);
        } else if (!is_w(c, "sectPr") && !is_mc(c, "Choice")) {
            walk_blocks(r, c, depth + 1);
        }
    }
}

/* ---- the reader ----------------------------------------------------- */

static doc *read_tree(const char *path, xmlDoc *tree, docx_numbering *numbering, diag *d)
{
    xmlNode *root = xmlDocGetRootElement(tree);
    xmlNode *body = root && is_w(root, "document") ? w_child(root, "body") : NULL;
    if (!body) {
        diag_error(d, path, 0, "not a report: %s holds no Word document body", DOCUMENT_PART);
        return NULL;
    }
    docx_reader r = {.path = path, .d = d, .numbering = numbering, .scratch = arena_new()};
    r.out = doc_new(path, "docx");
    r.out->charset = "UTF-8";
    walk_blocks(&r, body, 1);
    arena_free(r.scratch);
    if (r.out->nlines > 0) return r.out;
    diag_error(d, path, 0, "the Word file holds no text");
    doc_free(r.out);
    return NULL;
}

static xmlParserCtxtPtr new_context(void)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        fputs("site-gen: out of memory\n", stderr);
        abort();
    }
    return ctxt;
}

static xmlDoc *parse_xml(xmlParserCtxtPtr ctxt, const buf *xml, const char *part)
{
    return xmlCtxtReadMemory(ctxt, xml->data, (int)xml->len, part, NULL,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/* An optional part parsed (NULL when absent); one that is not
 * well-formed is said and left out. */
static xmlDoc *parse_optional(const buf *xml, const char *part, const char *path, diag *d)
{
    if (!xml->len) return NULL;
    xmlParserCtxtPtr ctxt = new_context();
    xmlDoc *tree = parse_xml(ctxt, xml, part);
    if (!tree)
        diag_warning(d, path, 0, "%s is not well-formed XML; paragraphs numbered by Word are read "
                     "without their numbers", part);
    xmlFreeParserCtxt(ctxt);
    return tree;
}

/* The document read with the numbering its parts define. */
static doc *read_with_numbering(const char *path, xmlDoc *tree, const parts *pt, diag *d)
{
    xmlDoc *num = parse_optional(&pt->numbering, NUMBERING_PART, path, d);
    docx_numbering *nb = docx_numbering_new(num, pt->styles.data, pt->styles.len);
    xmlFreeDoc(num);
    doc *out = read_tree(path, tree, nb, d);
    docx_numbering_free(nb);
    return out;
}

doc *read_docx(const char *path, const char *bytes, size_t len, diag *d)
{
    parts pt = {BUF_INIT, BUF_INIT, BUF_INIT};
    doc *out = NULL;
    if (read_parts(path, bytes, len, &pt, d)) {
        xmlParserCtxtPtr ctxt = new_context();
        xmlDoc *tree = parse_xml(ctxt, &pt.document, DOCUMENT_PART);
        if (tree) {
            out = read_with_numbering(path, tree, &pt, d);
        } else {
            const xmlError *err = &ctxt->lastError;
            const char *msg = err->message ? err->message : "parse error";
            diag_error(d, path, 0,
                       "damaged Word file: %s is not well-formed XML (its line %d: %.*s)",
                       DOCUMENT_PART, err->line, (int)strcspn(msg, "\n"), msg);
        }
        xmlFreeDoc(tree);
        xmlFreeParserCtxt(ctxt);
    }
    buf_free(&pt.document);
    buf_free(&pt.numbering);
    buf_free(&pt.styles);
    return out;
}
