/*
 * parse.c: choosing the reader, then extracting and checking.
 *
 * A PDF is known by its signature (%PDF- at the start) and read from its
 * bytes.  A file's name decides next (.html/.htm, .md/.markdown); otherwise HTML
 * is recognised by its markup near the start.  HTML is handed over as raw
 * bytes because a page declares its own charset.
 * Everything else is decoded here (UTF-8 or GBK); Markdown is recognised
 * by its name or by a GFM table (a pipe row followed by a |---| row), and
 * the rest is text pulled from a PDF or Word file.  Files are read whole:
 * a report is a few kilobytes, and anything over 16 MiB is refused before
 * it is read, so a wrong file costs one message, not a long wait.
 *
 * Word files come before all of that, told by their first bytes: a zip
 * archive is read as a .docx (read_docx() says when it is not one), and
 * the old binary .doc, an OLE2 compound file, is refused with what to do.
 */
#include "record/record.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/fs.h"
#include "read/read.h"
#include "record/deduce.h"
#include "record/extract.h"
#include "record/narrative.h"
#include "record/rules.h"

enum { SNIFF = 1024 };

static bool has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), k = strlen(ext);
    return n > k && strcasecmp(path + n - k, ext) == 0;
}

static bool contains_ci(const char *s, size_t len, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= len; i++)
        if (strncasecmp(s + i, needle, k) == 0) return true;
    return false;
}

static bool is_markdown_name(const char *path)
{
    return has_ext(path, ".md") || has_ext(path, ".markdown");
}

static bool looks_html(const char *path, const char *bytes, size_t len)
{
    if (has_ext(path, ".html") || has_ext(path, ".htm")) return true;
    if (is_markdown_name(path)) return false;
    size_t n = len < SNIFF ? len : SNIFF;
    return contains_ci(bytes, n, "<!doctype html") || contains_ci(bytes, n, "<html") ||
           contains_ci(bytes, n, "<table");
}

/* A GFM delimiter row: only | : - and spaces, with a pipe and a dash run. */
static bool is_delimiter_row(const char *s, const char *e)
{
    bool pipe = false, dashes = false;
    for (const char *p = s; p < e; p++) {
        if (*p == '|') pipe = true;
        else if (*p == '-') dashes = dashes || (p + 2 < e && p[1] == '-' && p[2] == '-');
        else if (*p != ':' && *p != ' ' && *p != '\t' && *p != '\r') return false;
    }
    return pipe && dashes;
}

static bool looks_markdown(const char *path, const char *text, size_t len)
{
    if (is_markdown_name(path)) return true;
    const char *s = text, *end = text + len;
    bool prev_pipe_row = false;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        const char *p = s;
        while (p < e && (*p == ' ' || *p == '\t')) p++;
        if (prev_pipe_row && is_delimiter_row(p, e)) return true;
        prev_pipe_row = p < e && *p == '|';
        s = nl ? nl + 1 : end;
    }
    return false;
}

/* Word files, told by their first bytes: a zip archive (a .docx, or any
 * zip, which read_docx() refuses unless it holds word/document.xml) or a
 * file named .docx goes to read_docx(); the old binary .doc, an OLE2
 * compound file, is refused with what to do instead.  *handled is false
 * for any other file. */
static doc *read_word(const char *path, const char *bytes, size_t len, diag *d, bool *handled)
{
    static const char ole2[8] = { '\xD0', '\xCF', '\x11', '\xE0', '\xA1', '\xB1', '\x1A', '\xE1' };
    *handled = true;
    if (len >= 8 && memcmp(bytes, ole2, 8) == 0) {
        diag_error(d, path, 0, "old Word .doc format (or a password-protected Office file): "
                               "save it as .docx or PDF");
        return NULL;
    }
    if ((len >= 4 && memcmp(bytes, "PK\x03\x04", 4) == 0) || has_ext(path, ".docx"))
        return read_docx(path, bytes, len, d);
    *handled = false;
    return NULL;
}

record *record_from_doc(doc *dc, const char *charset, diag *d)
{
    record *r = extract_record(dc, d);
    doc_free(dc);
    if (!r) return NULL;
    if (!r->charset && charset) r->charset = charset;
    deduce_cells(r);
    rules_check(r);
    narrative_check(r);
    return r;
}

record *parse_bytes(const char *path, const char *bytes, size_t len, diag *d)
{
    if (len == 0) {
        diag_error(d, path, 0, "empty file");
        return NULL;
    }
    bool word;
    doc *word_doc = read_word(path, bytes, len, d, &word);
    if (word) return word_doc ? record_from_doc(word_doc, NULL, d) : NULL;
    doc *dc;
    const char *charset = NULL;
    /* A PDF is binary: recognised by its signature, before any decoding. */
    if (len >= 5 && memcmp(bytes, "%PDF-", 5) == 0) {
        dc = read_pdf(path, bytes, len, d);
    } else if (looks_html(path, bytes, len)) {
        dc = read_html(path, bytes, len, d);
    } else {
        decoded text = decode_text(bytes, len, NULL);
        if (!text.text) {
            diag_error(d, path, text.error_line, "%s", text.error);
            return NULL;
        }
        charset = text.charset;
        if (looks_markdown(path, text.text, text.len))
            dc = read_markdown(path, text.text, text.len, d);
        else
            dc = read_text(path, text.text, text.len, d);
        free(text.text);
    }
    if (!dc) return NULL;
    return record_from_doc(dc, charset, d);
}

record *parse_file(const char *path, diag *d)
{
    buf bytes = BUF_INIT;
    record *r = NULL;
    if (fs_read_or_say(&bytes, path, FS_MAX_FILE, d))
        r = parse_bytes(path, bytes.data, bytes.len, d);
    buf_free(&bytes);
    return r;
}
