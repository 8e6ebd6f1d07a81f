/*
 * search.h: the full-text search index of the site, private to the out
 * stage (search_norm.c, search_index.c, search_docs.c).
 *
 * The index is built at build time and searched by templates/static/
 * search.js in the browser, with no server: what the script needs is
 * written as files under search/, every one fetched only when a query
 * needs it.  Both sides cut text the same way:
 *
 *   - normalisation, one code point at a time: utf8proc's NFKC with case
 *     folding (full-width forms become ASCII, Ａ becomes a), then
 *     OpenCC's t2s for each ideograph on its own (資 becomes 资).  The
 *     browser cannot run either, so the build writes the mapping of
 *     every code point whose normal form differs from itself and lands
 *     in the index's alphabet (search_norm_table); the script applies
 *     it and nothing else.  Horizontal white space next to a CJK
 *     character is dropped (红 寺 堡 is 红寺堡); a line break is not.
 *   - tokens: a run of CJK characters gives each character (a unigram)
 *     and each overlapping pair (a bigram), one position per character,
 *     so any run of one or more characters is found without a
 *     segmenter; a run of other letters and digits is one word at one
 *     position.  Anything else separates and takes no position, but the
 *     token after it carries a flag, so 2023-1 and 2023年1 are told
 *     apart.  Positions count within a slot (the title, the agency, a
 *     part of the prose, a table), and phrases are checked by them.
 */
#ifndef SEARCH_H
#define SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/diag.h"
#include "out/site.h"

/* ---- search_norm.c: normalisation and tokens ---- */

typedef struct search_norm search_norm;

/* Opens OpenCC's t2s conversion and tabulates it; NULL after a message
 * through D when OpenCC or its data cannot be loaded. */
search_norm *search_norm_new(diag *d);
void search_norm_free(search_norm *n);

/* The normal form of code point CP, as UTF-8; NULL when it is its own. */
const char *search_norm_cp(search_norm *n, int32_t cp);
/* Appends the normal form of the UTF-8 TEXT (invalid bytes are dropped)
 * to OUT, white space handled as above. */
void search_norm_text(search_norm *n, const char *text, size_t len, buf *out);

enum search_class { SC_SEP, SC_SPACE, SC_NEWLINE, SC_CJK, SC_WORD };
/* The class of a code point of normalised text. */
enum search_class search_class(int32_t cp);

typedef struct search_token {
    const char *term;       /* UTF-8, not NUL-terminated */
    size_t len;
    uint32_t pos;           /* position in the slot */
    bool after_sep;         /* a separator stands before it */
} search_token;

/* Calls FN for every token of the normalised TEXT: for a CJK character,
 * its unigram, then the bigram it starts if any; for a word, the word. */
typedef void (*search_token_fn)(void *ctx, const search_token *t);
void search_tokens(const char *text, size_t len, search_token_fn fn, void *ctx);

/* The normal form of CP when it differs and can change the tokens of a
 * text holding it: CP is a CJK or word character, or its form holds one,
 * or is nothing, or is white space where CP is not; NULL otherwise (a
 * full-width comma is a separator either way, an ideographic space white
 * space).  What a document's text ships with it (search_index.c). */
const char *search_norm_token_cp(search_norm *n, int32_t cp);

/* The browser's mapping: a JSON object {"資": "资", "Ａ": "a", ...} of
 * every code point (up to U+3FFFF) whose normal form differs from it and
 * holds a character of ALPHABET (the index's code points, sorted), or is
 * white space only.  A new reference. */
json_t *search_norm_table(search_norm *n, const int32_t *alphabet, size_t count);

/* ---- search_index.c: postings, shards, files ---- */

/* What a document is, for filters and the results list. */
enum search_kind { SK_REPORT, SK_AGENCY, SK_REGION, SK_PAGE };

/* The slots of a document, in a fixed order, so that the script knows a
 * slot's weight and a report's section anchor from its number alone. */
enum search_slot {
    SLOT_TITLE, SLOT_AGENCY,        /* the title; agency, region and year */
    SLOT_PART0, SLOT_PART1, SLOT_PART2, SLOT_PART3, SLOT_PART4, SLOT_PART5, SLOT_PART6,
    SLOT_ACTIVE, SLOT_REQUESTS, SLOT_APPEALS,   /* table labels with their values */
    SEARCH_SLOTS
};

typedef struct search_doc {
    enum search_kind kind;
    const char *url;            /* site-relative: /agencies/x/2023/ */
    const char *title;
    int year;                   /* 0 when not a report */
    const char *province;       /* NULL when unknown */
    const char *agency;         /* reports and agency pages: the agency's name */
    const char *agency_slug;
    const char *slot_text[SEARCH_SLOTS];    /* NULL or "" when empty */
    const char *slot_anchor[SEARCH_SLOTS];  /* the page's id for the slot; NULL: top */
    /* A slot that is a fixed form with blanks (a table: its labels, the
     * same in every report, and its values): slot_text is the form, with
     * SEARCH_BLANK where each value goes, and slot_values the values, each
     * ended by SEARCH_BLANK, none holding white space.  The text indexed
     * is the form filled in; the file of the document's text holds only
     * the values when its form is the one the first such slot had.  NULL
     * for a plain text. */
    const char *slot_values[SEARCH_SLOTS];
} search_doc;

#define SEARCH_BLANK '\x01'


typedef struct search_index search_index;

search_index *search_index_new(search_norm *n);
void search_index_free(search_index *si);
/* Normalises and tokenises DOC's slots and adds their postings; its
 * number is the count of documents added before it. */
void search_index_add(search_index *si, const search_doc *doc);

/* One posting as the index holds it, for tests: the document, the slot,
 * and the positions (pos * 2 + after_sep) in the slot, ascending; and
 * of the term in the whole document, its count with each occurrence
 * weighed by its slot, doubled (title 8, agency 6, prose 2, tables 1),
 * and whether it stands in the title or agency. */
typedef struct search_posting {
    uint32_t doc, slot, count;
    const uint32_t *pos;
    uint32_t weight;
    bool named;
} search_posting;
/* The postings of TERM (normalised), in document then slot order, in
 * *OUT (valid until the index changes); their count, 0 when none. */
size_t search_index_postings(search_index *si, const char *term, search_posting **out);

/* How the index is cut into files: there are as many shards as make
 * about SHARD_BYTES of postings (before deflating) each; the document
 * table is one file when it deflates to TABLE_WHOLE bytes or less (the
 * search page fetches it whole), else chunks of DOCS documents; an
 * agency chunk holds AGENCIES agencies.  0 for any of them: the defaults
 * (SEARCH_SIZES). */
typedef struct search_sizes {
    size_t shard_bytes, docs, agencies, table_whole;
} search_sizes;
#define SEARCH_SIZES ((search_sizes){ 24 << 10, 4096, 64, 64 << 10 })

/* What writing the index produced, for the build's summary line and the
 * tests: files of each kind, and in all. */
typedef struct search_stats {
    size_t docs, terms, shards, doc_chunks, agency_chunks, norm_chunks, texts, forms;
    bool norm_whole;            /* the whole normalisation table is written too */
    size_t files, bytes;
} search_stats;

/* Writes the index's files through WRITE (a path relative to the site
 * root, and the bytes) and records the URL of its manifest, the one file
 * a page names, in ASSETS ("search_index"), and the list of the files
 * the search page fetches with itself ("search_preload": the manifest,
 * and the normalisation and document tables when each is one file).  0,
 * or -1 when a write failed. */
typedef int (*search_write_fn)(void *ctx, const char *path, const void *data, size_t len);
int search_index_write(search_index *si, search_sizes sizes, search_write_fn write, void *ctx,
                       json_t *assets, search_stats *st, diag *d);

#endif
