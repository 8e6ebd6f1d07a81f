/*
 * read.h: the read stage, from a file's bytes to a doc.
 *
 * A report arrives as text pulled out of a PDF or Word file, an HTML page
 * or Markdown.  decode_text() turns bytes into UTF-8 (GBK too),
 * normalize_cell() gives text one spelling, and one reader per form turns
 * the text into a doc: the lines a person would see, each a list of
 * cells tied to its source line.  The record stage reads docs and never
 * the files themselves.  The site's own configuration (site.yaml, front
 * matter) is read here as well, into JSON.
 *
 * The parts, each with its own file: decode.c, normalize.c, doc.c, one
 * reader per form (text.c, html.c, markdown.c, pdf.c), config.c.
 */
#ifndef READ_H
#define READ_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/diag.h"

/* ---- decode.c ----
 *
 * From the bytes of a file to UTF-8 text.
 *
 * Reports come as UTF-8 with or without a BOM, or as GBK (read as its
 * superset GB18030).  A declared charset (from an HTML page) is trusted
 * first; otherwise text that is valid UTF-8 is UTF-8, and anything else is
 * tried as GB18030.  Binary files (NUL bytes) and text that is neither are
 * refused with a reason and the line where it went wrong.
 */

typedef struct decoded {
    char *text;             /* malloc'd, NUL-terminated, no BOM; NULL on failure */
    size_t len;
    const char *charset;    /* "UTF-8" or "GB18030" */
    const char *error;      /* static reason when text is NULL */
    int error_line;         /* 1-based line of the first bad byte, 0 if none */
} decoded;

/* `declared` may be NULL or a charset name such as "gbk", "gb2312", "utf-8". */
decoded decode_text(const char *bytes, size_t len, const char *declared);

/* ---- normalize.c ----
 *
 * One spelling for text that reports write many ways.
 *
 * NFKC (utf8proc) turns full-width digits, letters and parentheses into
 * ASCII and compatibility characters into their plain forms; white space
 * of every kind (NBSP, U+3000, tabs inside a cell) becomes one ASCII
 * space; CR is dropped; spaces between two CJK characters are removed,
 * since Chinese never separates them ("红 寺 堡 区" → "红寺堡区").
 */

/* The normalised copy of s[0..len), trimmed, allocated in `a`. */
char *normalize_cell(arena *a, const char *s, size_t len);

/* ---- doc.c ----
 *
 * A report as read, before its tables are understood.
 *
 * Each reader (plain text, HTML, Markdown) turns its input into a doc: the
 * sequence of lines a person would see, each line a list of cells, each
 * tied to the source line it came from.  A paragraph of prose is a line of
 * one cell.  A table row is a line with one cell per visible column:
 * `rowspan`/`colspan` are expanded by repeating the spanning cell's text,
 * tab-separated text keeps its empty cells, and text pulled out of a PDF
 * is one cell per line (its numbers are split off by the extractor).
 *
 * Cell text is UTF-8, NFKC-normalised (full-width digits and parentheses
 * become ASCII), with no BOM, CR, or leading/trailing white space.  The
 * extractor (record/extract.h) finds the title, the prose sections and the
 * table rows in a doc by their labels; it never depends on which reader
 * produced it, except through `form` and `table_row`.
 */

typedef struct doc_line {
    int line;               /* 1-based line in the source file */
    bool table_row;         /* came from a table structure (<tr>, pipe row, tabs) */
    bool exact_cells;       /* its empty cells are blank cells of the table, not
                               the rest of a merged label (portal pipe rows) */
    int ncells;
    const char **cells;
} doc_line;

typedef struct doc {
    arena *mem;             /* owns the lines and their text */
    const char *path;
    const char *form;       /* pdf_text, word_text, portal_text, markdown, html, docx, pdf */
    const char *charset;    /* how the bytes were decoded (UTF-8, GB18030);
                               NULL when the reader was given decoded text */
    const char *publisher;  /* 发布机构 in a portal page's metadata, NULL if none */
    const char *published_on; /* its 发布日期 or 发文日期, YYYY-MM-DD, NULL if none */
    doc_line *lines;
    int nlines, cap;
} doc;

doc *doc_new(const char *path, const char *form);
void doc_free(doc *d);
/* Appends a line; the cells are copied into the doc's arena. */
doc_line *doc_add_line(doc *d, int line, bool table_row, const char *const *cells, int ncells);
/* Appends a one-cell line of prose (copied). */
doc_line *doc_add_text(doc *d, int line, const char *text);

/* ---- the readers ----
 *
 * The readers, one per form a report arrives in.  Each turns a
 * file's contents into a doc (above) and reports what it cannot read as
 * "file:line: message" through the diag.  NULL means nothing usable.
 */

/* Text pulled out of a PDF or a Word/HTML page, or copied off a portal;
 * `utf8` is decoded text.  The form (pdf_text, word_text or portal_text)
 * is decided from the text itself. */
doc *read_text(const char *path, const char *utf8, size_t len, diag *d);   /* text.c */

/* An HTML page, as raw bytes: the charset comes from the page or is sniffed. */
doc *read_html(const char *path, const char *bytes, size_t len, diag *d);  /* html.c */

/* Markdown with GFM pipe tables; `utf8` is decoded text. */
doc *read_markdown(const char *path, const char *utf8, size_t len, diag *d); /* markdown.c */

/* A Word file (.docx), as raw bytes: the zip is opened in memory and
 * word/document.xml read, to FS_MAX_FILE inflated bytes at most.  Tables
 * are real grids (gridSpan, vMerge, hMerge expanded); the form is "docx". */
doc *read_docx(const char *path, const char *bytes, size_t len, diag *d);  /* docx.c */
/* A PDF file, as raw bytes (poppler-glib): tables and prose rebuilt from
 * the position of every character, and a table's ruling lines where the
 * page draws them; form "pdf", `line` is the page.  A scan with no text
 * layer, a password, a damaged or truncated file is refused with one
 * message.  pdf.c, pdf_layout.c, pdf_rules.c, pdf_frames.c. */
doc *read_pdf(const char *path, const char *bytes, size_t len, diag *d);

/* ---- config.c ----
 *
 * The site configuration, content/site.yaml, and the front matter of
 * Markdown pages, read with libyaml.
 * It gives the title, base URL, language and the few texts the templates
 * need; the result is a JSON object handed to every template as "site".
 */

/* NULL (with a file:line message) when the file is missing or malformed. */
json_t *config_load(const char *path, diag *d);
/* The same for the file's text, TEXT (LEN bytes), read from PATH. */
json_t *config_parse(const char *path, const char *text, size_t len, diag *d);

/* The YAML mapping in TEXT (LEN bytes) as a JSON object: nested mappings
 * and sequences become objects and arrays, scalars stay strings.  `name`
 * and `first_line` (the line TEXT starts on in that file) place messages;
 * used for site.yaml and for the front matter of Markdown pages.
 * NULL (with a name:line message) when TEXT is not a YAML mapping. */
json_t *config_parse_yaml(const char *name, const char *text, size_t len,
                          int first_line, diag *d);

/* A Markdown page split at its front matter: YAML between a first line
 * "---" and the next line "---" (line 2 on), then the body. */
typedef struct front_matter {
    json_t *data;           /* the mapping, a new reference */
    const char *yaml;       /* the YAML's text inside the page */
    size_t yaml_len;
    const char *body;       /* the Markdown after the closing line */
    size_t body_len;
} front_matter;

/* Splits TEXT (LEN bytes; NAME for messages) into *FM.  False, after one
 * name:line message, when the page has no front matter, it is not closed
 * or it is not a YAML mapping; fm->data is then NULL. */
bool config_front_matter(const char *name, const char *text, size_t len, front_matter *fm,
                         diag *d);

#endif
