/*
 * record.h: the canonical record of one annual report.
 *
 * Whatever form a report arrives in, reading it ends here: the agency and
 * year, the four statistical tables of the national format, the prose by
 * section, the counts of proactively published items that the prose
 * states, and every finding a careful reader would flag.  Everything after
 * this point (SQLite, pages, downloads) works from records or from what
 * they were stored as, never from the report file.
 *
 * A table value is a `cell`: a double, NAN when the report leaves it blank
 * or it cannot be read with confidence.  Never a guessed 0.
 *
 * A record owns one arena; every string and list node hangs off it, and
 * record_free() releases them all.
 */
#ifndef RECORD_H
#define RECORD_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/diag.h"
#include "read/read.h"
#include "record/messages.h"

typedef double cell;
#define CELL_UNKNOWN ((cell)NAN)
static inline bool cell_known(cell c) { return !isnan(c); }

/* Table 三: 25 rows x 7 applicant columns, in the format's order. */
enum req_row {
    REQ_NEW, REQ_CARRIED_IN,
    REQ_GRANTED, REQ_PARTIAL,
    REQ_DENIED_SECRET, REQ_DENIED_LAW, REQ_DENIED_SAFETY, REQ_DENIED_THIRD_PARTY,
    REQ_DENIED_INTERNAL, REQ_DENIED_PROCESS, REQ_DENIED_ENFORCEMENT, REQ_DENIED_QUERY,
    REQ_UNABLE_NOT_HELD, REQ_UNABLE_CREATE, REQ_UNABLE_UNCLEAR,
    REQ_REJECTED_PETITION, REQ_REJECTED_DUPLICATE, REQ_REJECTED_PUBLICATION,
    REQ_REJECTED_EXCESSIVE, REQ_REJECTED_CONFIRM,
    REQ_OTHER_NO_CORRECTION, REQ_OTHER_NO_FEE, REQ_OTHER_OTHER,
    REQ_PROCESSED_TOTAL, REQ_CARRIED_OUT,
    REQ_ROWS
};
/* The 21 outcome rows that add up to REQ_PROCESSED_TOTAL. */
enum { REQ_FIRST_OUTCOME = REQ_GRANTED, REQ_LAST_OUTCOME = REQ_OTHER_OTHER };

enum req_col {
    COL_NATURAL, COL_BUSINESS, COL_RESEARCH, COL_NONPROFIT, COL_LEGAL,
    COL_OTHER, COL_TOTAL,
    REQ_COLS
};

/* Table 四: three groups of five. */
enum appeal_group { APPEAL_REVIEW, APPEAL_SUIT_DIRECT, APPEAL_SUIT_AFTER_REVIEW, APPEAL_GROUPS };
enum appeal_col { AP_UPHELD, AP_CORRECTED, AP_OTHER, AP_PENDING, AP_TOTAL, APPEAL_COLS };

/* Table 二 rows and columns, as keys for storage and display. */
enum active_row { ACT_RULES, ACT_NORMATIVE_DOCS, ACT_LICENSING, ACT_PENALTY,
                  ACT_COERCION, ACT_FEES, ACTIVE_ROWS };
enum active_col { ACOL_ISSUED, ACOL_REPEALED, ACOL_IN_FORCE, ACOL_VALUE, ACTIVE_COLS };

/* English keys (JSON, SQLite) and the format's Chinese labels. */
extern const char *const req_row_keys[REQ_ROWS];
extern const char *const req_row_labels[REQ_ROWS];
extern const char *const req_col_keys[REQ_COLS];
extern const char *const req_col_labels[REQ_COLS];
extern const char *const appeal_group_keys[APPEAL_GROUPS];
extern const char *const appeal_group_labels[APPEAL_GROUPS];
extern const char *const appeal_col_keys[APPEAL_COLS];
extern const char *const appeal_col_labels[APPEAL_COLS];
extern const char *const active_row_keys[ACTIVE_ROWS];
extern const char *const active_row_labels[ACTIVE_ROWS];
extern const char *const active_col_keys[ACTIVE_COLS];
extern const char *const active_col_labels[ACTIVE_COLS];

typedef struct doc_counts {     /* 本年制发 / 本年废止 / 现行有效 */
    cell issued, repealed, in_force;
} doc_counts;

typedef struct active_table {   /* Table 二 (第二十条) */
    doc_counts rules, normative_docs;
    cell licensing, penalty, coercion;
    cell fees;                  /* 万元, may be fractional */
} active_table;

typedef struct finding {
    const char *code;           /* balance, processed_sum, row_total, ... */
    const char *where;          /* active, requests, appeals, narrative, document */
    const char *message;        /* Chinese, for the site's readers (messages.h) */
    int line;                   /* source line it concerns, 0 if none */
    struct finding *next;
} finding;

typedef struct section {        /* a numbered part of the prose: 一、总体情况 ... */
    int number;                 /* 1..6 for the format's parts, 0 for the preamble */
    const char *heading;
    const char *body;           /* paragraphs separated by "\n" */
    int line;
    struct section *next;
} section;

typedef struct na_cell {        /* a cell the report marked "/": not applicable */
    const cell *at;             /* inside the record's tables */
    struct na_cell *next;
} na_cell;

typedef struct published_count {/* 主动公开政府信息 343条, per channel */
    const char *channel;        /* total, website, wechat, weibo, ... */
    const char *label;          /* the channel as the report names it */
    double items;
    int line;
    struct published_count *next;
} published_count;

typedef struct deduction {      /* a cell the report left blank or lost, filled by a rule */
    const char *table;          /* active, requests, appeals */
    const char *row, *col;      /* the cell's keys, as in JSON and SQLite */
    const char *rule;           /* lost_column, row_total, processed_sum, balance, appeals_total */
    struct deduction *next;
} deduction;

typedef struct short_row {      /* a row of table 三 with one cell fewer than the table */
    enum req_row row;
    int line;
    int n;                      /* REQ_COLS - 1 numbers, in order; which column is lost is not known */
    cell values[REQ_COLS];
    struct short_row *next;
} short_row;

typedef struct record {
    arena *mem;
    const char *source;         /* path it was read from */
    const char *form;           /* pdf_text, word_text, portal_text, markdown, html */
    const char *charset;        /* UTF-8, GB18030; NULL when the reader did not say */
    const char *title;
    const char *published_on;   /* YYYY-MM-DD, where the page's metadata gives it; else NULL */
    const char *agency;         /* NULL when it cannot be found */
    int year;                   /* 0 when it cannot be found */
    bool blank_means_zero;      /* the report says blank cells are 0 */
    active_table active;
    cell requests[REQ_ROWS][REQ_COLS];
    cell appeals[APPEAL_GROUPS][APPEAL_COLS];
    section *sections, *sections_tail;
    published_count *published, *published_tail;
    finding *findings, *findings_tail;
    deduction *deduced, *deduced_tail;
    short_row *short_rows;      /* set by the table reader, resolved by deduce_cells() */
    na_cell *na;                /* unknown cells that say "/", not blanks */
} record;

/* A record with every cell unknown and nothing found yet. */
record *record_new(const char *source);
void record_free(record *r);

void record_add_finding(record *r, const char *code, const char *where, int line,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));
bool record_has_finding(const record *r, const char *code);
/* What pages call a finding of CODE (messages.h, MSG_KIND_*): plain
 * Chinese, never the code. */
const char *finding_kind(const char *code);
/* Removes every finding with CODE about WHERE. */
void record_drop_findings(record *r, const char *code, const char *where);
/* Notes that the (unknown) cell at `c`, one of r's table cells, holds "/";
 * record_is_na() asks.  The missing rule reports such cells as 不适用. */
void record_mark_na(record *r, const cell *c);
bool record_is_na(const record *r, const cell *c);
section *record_add_section(record *r, int number, const char *heading, const char *body, int line);
void record_add_published(record *r, const char *channel, const char *label, double items, int line);
/* Notes that the cell TABLE/ROW/COL (keys) was filled by RULE. */
void record_add_deduction(record *r, const char *table, const char *row, const char *col,
                          const char *rule);
/* True when the cell TABLE/ROW/COL was filled by a rule. */
bool record_is_deduced(const record *r, const char *table, const char *row, const char *col);

/* Table 二 as a grid, for code that walks every cell (storage, pages). */
cell *record_active_cell(record *r, enum active_row row, enum active_col col);
const cell *record_active_cell_c(const record *r, enum active_row row, enum active_col col);

/* The canonical JSON of REPORT-FORMAT.md: agency, year, active, requests,
 * appeals, issues, then published and deduced (the cells filled by a
 * rule: table, row, column, rule).  A new reference. */
json_t *record_to_json(const record *r);
/* A cell as JSON: integer when whole, real when fractional, null when unknown. */
json_t *cell_to_json(cell c);

/* ---- parse.c: from a report file to its record ----
 *
 * Reads the bytes, picks the reader by content (HTML, Markdown, or text
 * pulled from a PDF or Word file), extracts the title, prose and tables
 * from the doc, and runs every quality rule.  Problems that make the file
 * unusable (unreadable, binary, not a report) are reported through the
 * diag as "file:line: message" and give NULL; problems inside a report
 * are findings in the record.
 */
record *parse_bytes(const char *path, const char *bytes, size_t len, diag *d);
record *parse_file(const char *path, diag *d);
/* The record a reader's doc holds, with every rule run; the doc is freed.
 * CHARSET (may be NULL) is how the bytes were decoded.  NULL, after a
 * message, when the doc holds no report.  The fuzz targets start here. */
record *record_from_doc(doc *dc, const char *charset, diag *d);

#endif
