/*
 * rules.c: the tables checked against themselves.
 *
 * The national format fixes how the numbers of tables 三 and 四 relate
 * (REPORT-FORMAT.md): each column balances (new + carried in = processed
 * + carried out), the processed total is the sum of the 21 outcome rows,
 * the 总计 column is the sum of the six applicant columns, and each appeal
 * group's 总计 is the sum of its four results.  Table 二 has no such
 * relation, so only its unknown cells are reported.
 *
 * Every rule is an equation over a handful of cells.  It is checked only
 * when all of those cells are known: an unknown cell is reported once, by
 * the `missing` rule, and never turns into a second, invented breach.  A
 * breach gives one finding per column, row or group, whose message names
 * the format's labels (record.c) and the numbers on both sides, so that a
 * reader can find the mistake in the report without redoing the sums;
 * when a rule breaks in three or more of them, the table has one problem
 * and gets one finding that quotes each breach.
 *
 * Messages (messages.h) are built in a buf and copied into the record's arena by
 * record_add_finding(); nothing here outlives the call.
 */
#include "record/rules.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>

#include "base/buf.h"
#include "record/messages.h"

/* Counts are whole numbers, but fees and hand-typed tables may not be:
 * two sums agree when they differ by no more than rounding noise. */
static bool cells_agree(cell a, cell b)
{
    double scale = fmax(1.0, fmax(fabs(a), fabs(b)));
    return fabs(a - b) <= 1e-6 * scale;
}

/* ---- breaches of one rule, said together when there are many ---- */

/* When a rule breaks in MANY_AT or more columns, rows or groups of a
 * table, the table has one problem, not a list of them: one finding says
 * how many and quotes each (MSG_*_MANY), instead of one finding apiece. */
enum { MANY_AT = 3, MAX_BREACHES = REQ_ROWS };

typedef struct breaches {
    const char *code, *where;
    int n;
    char *each[MAX_BREACHES];
} breaches;

__attribute__((format(printf, 2, 3)))
static void breach(breaches *b, const char *fmt, ...)
{
    if (b->n == MAX_BREACHES) return;
    buf text = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&text, fmt, ap);
    va_end(ap);
    b->each[b->n++] = buf_detach(&text, NULL);
}

/* Adds the findings: one per breach, or one for all (MANY, with the count
 * and the breaches joined by MSG_LIST_SEP). */
static void say_breaches(record *r, breaches *b, const char *many)
{
    if (b->n >= MANY_AT) {
        buf all = BUF_INIT;
        for (int i = 0; i < b->n; i++) buf_printf(&all, "%s%s", i ? MSG_LIST_SEP : "", b->each[i]);
        record_add_finding(r, b->code, b->where, 0, many, b->n, all.data);
        buf_free(&all);
    } else {
        for (int i = 0; i < b->n; i++) record_add_finding(r, b->code, b->where, 0, "%s", b->each[i]);
    }
    for (int i = 0; i < b->n; i++) free(b->each[i]);
    b->n = 0;
}

/* ---- table 三: requests ---- */

static void check_balance(record *r)
{
    breaches b = { .code = "balance", .where = "requests" };
    for (int c = 0; c < REQ_COLS; c++) {
        cell in = r->requests[REQ_NEW][c], carried_in = r->requests[REQ_CARRIED_IN][c];
        cell done = r->requests[REQ_PROCESSED_TOTAL][c], out = r->requests[REQ_CARRIED_OUT][c];
        if (!cell_known(in) || !cell_known(carried_in) || !cell_known(done) || !cell_known(out))
            continue;
        if (cells_agree(in + carried_in, done + out)) continue;
        breach(&b, MSG_BALANCE, req_col_labels[c], in, carried_in, in + carried_in,
               done, out, done + out);
    }
    say_breaches(r, &b, MSG_BALANCE_MANY);
}

static void check_processed_sum(record *r)
{
    breaches b = { .code = "processed_sum", .where = "requests" };
    for (int c = 0; c < REQ_COLS; c++) {
        cell total = r->requests[REQ_PROCESSED_TOTAL][c];
        bool known = cell_known(total);
        double sum = 0;
        for (int row = REQ_FIRST_OUTCOME; known && row <= REQ_LAST_OUTCOME; row++) {
            known = cell_known(r->requests[row][c]);
            sum += r->requests[row][c];
        }
        if (!known || cells_agree(total, sum)) continue;

        buf parts = BUF_INIT;
        for (int row = REQ_FIRST_OUTCOME; row <= REQ_LAST_OUTCOME; row++) {
            if (r->requests[row][c] == 0) continue;
            buf_printf(&parts, "%s%s %.15g", parts.len ? MSG_AND : "", req_row_labels[row],
                       r->requests[row][c]);
        }
        breach(&b, MSG_PROCESSED_SUM, req_col_labels[c], req_row_labels[REQ_PROCESSED_TOTAL], total,
               sum, parts.len ? parts.data : MSG_PROCESSED_SUM_ALL_ZERO);
        buf_free(&parts);
    }
    say_breaches(r, &b, MSG_PROCESSED_SUM_MANY);
}

static void check_row_total(record *r)
{
    breaches b = { .code = "row_total", .where = "requests" };
    for (int row = 0; row < REQ_ROWS; row++) {
        const cell *cells = r->requests[row];
        bool known = true;
        double sum = 0;
        for (int c = 0; c < REQ_COLS; c++) known = known && cell_known(cells[c]);
        if (!known) continue;
        for (int c = 0; c < COL_TOTAL; c++) sum += cells[c];
        if (cells_agree(cells[COL_TOTAL], sum)) continue;

        buf terms = BUF_INIT;
        for (int c = 0; c < COL_TOTAL; c++)
            buf_printf(&terms, "%s%s %.15g", c ? " + " : "", req_col_labels[c], cells[c]);
        breach(&b, MSG_ROW_TOTAL, req_row_labels[row], req_col_labels[COL_TOTAL], cells[COL_TOTAL],
               terms.data, sum);
        buf_free(&terms);
    }
    say_breaches(r, &b, MSG_ROW_TOTAL_MANY);
}

/* ---- table 四: appeals ---- */

static void check_appeals_total(record *r)
{
    breaches b = { .code = "appeals_total", .where = "appeals" };
    for (int g = 0; g < APPEAL_GROUPS; g++) {
        const cell *cells = r->appeals[g];
        bool known = true;
        double sum = 0;
        for (int c = 0; c < APPEAL_COLS; c++) known = known && cell_known(cells[c]);
        if (!known) continue;
        for (int c = 0; c < AP_TOTAL; c++) sum += cells[c];
        if (cells_agree(cells[AP_TOTAL], sum)) continue;

        buf terms = BUF_INIT;
        for (int c = 0; c < AP_TOTAL; c++)
            buf_printf(&terms, "%s%s %.15g", c ? " + " : "", appeal_col_labels[c], cells[c]);
        breach(&b, MSG_APPEALS_TOTAL, appeal_group_labels[g], appeal_col_labels[AP_TOTAL],
               cells[AP_TOTAL], terms.data, sum);
        buf_free(&terms);
    }
    say_breaches(r, &b, MSG_APPEALS_TOTAL_MANY);
}

/* ---- missing: every table seen as a grid of labelled cells ---- */

/* A table as rows x cols; `at` gives NULL where the format has no cell
 * (table 二's single-value rows have no 制发/废止/现行 columns). */
typedef struct grid {
    const char *where;          /* finding's `where` */
    const char *name;           /* the table as the reader knows it */
    int rows, cols;
    const char *const *row_labels, *const *col_labels;
    const char *whole_row;      /* 整行, 整组 */
    bool whole_columns;         /* say "X列全部" when a column is entirely unknown */
    const cell *(*at)(const record *r, int row, int col);
} grid;

static const cell *active_at(const record *r, int row, int col)
{
    return record_active_cell_c(r, (enum active_row)row, (enum active_col)col);
}

static const cell *requests_at(const record *r, int row, int col)
{
    return &r->requests[row][col];
}

static const cell *appeals_at(const record *r, int row, int col)
{
    return &r->appeals[row][col];
}

static const grid grids[] = {
    { "active", MSG_TABLE_ACTIVE, ACTIVE_ROWS, ACTIVE_COLS,
      active_row_labels, active_col_labels, MSG_WHOLE_ROW, false, active_at },
    { "requests", MSG_TABLE_REQUESTS, REQ_ROWS, REQ_COLS,
      req_row_labels, req_col_labels, MSG_WHOLE_ROW, true, requests_at },
    { "appeals", MSG_TABLE_APPEALS, APPEAL_GROUPS, APPEAL_COLS,
      appeal_group_labels, appeal_col_labels, MSG_WHOLE_GROUP, true, appeals_at },
};

/* Which cells a count or a list is of: blank or unreadable ones, the
 * ones marked "/" (not applicable), or the ones that were read. */
enum sought { SOUGHT_UNKNOWN, SOUGHT_NA, SOUGHT_KNOWN };

/* How many of a row's or column's cells exist, and how many of those are
 * `sought`. */
typedef struct tally { int cells, sought; } tally;

#define GRID_MAX_COLS 8
_Static_assert(ACTIVE_COLS <= GRID_MAX_COLS && REQ_COLS <= GRID_MAX_COLS &&
               APPEAL_COLS <= GRID_MAX_COLS, "a grid's columns fit GRID_MAX_COLS");

static bool is_sought(const record *r, const cell *v, enum sought which)
{
    if (cell_known(*v)) return which == SOUGHT_KNOWN;
    return which == (record_is_na(r, v) ? SOUGHT_NA : SOUGHT_UNKNOWN);
}

static tally count_row(const record *r, const grid *g, int row, enum sought which)
{
    tally t = {0, 0};
    for (int c = 0; c < g->cols; c++) {
        const cell *v = g->at(r, row, c);
        if (!v) continue;
        t.cells++;
        if (is_sought(r, v, which)) t.sought++;
    }
    return t;
}

static tally count_col(const record *r, const grid *g, int col, enum sought which)
{
    tally t = {0, 0};
    for (int row = 0; row < g->rows; row++) {
        const cell *v = g->at(r, row, col);
        if (!v) continue;
        t.cells++;
        if (is_sought(r, v, which)) t.sought++;
    }
    return t;
}

/* The cells that are unknown (or known), as labels: "「总计」列全部；
 * 「（二）部分公开」整行；「（七）总计」的自然人、商业企业": whole columns
 * first, then each row's remaining cells. */
static void describe_cells(const record *r, const grid *g, enum sought which, buf *out)
{
    bool col_whole[GRID_MAX_COLS] = {false};
    for (int c = 0; c < g->cols && g->whole_columns; c++) {
        tally t = count_col(r, g, c, which);
        col_whole[c] = t.cells > 1 && t.sought == t.cells;
        if (col_whole[c])
            buf_printf(out, MSG_COLUMN, out->len ? MSG_LIST_SEP : "", g->col_labels[c],
                       which != SOUGHT_KNOWN ? MSG_COLUMN_ALL : "");
    }
    for (int row = 0; row < g->rows; row++) {
        tally t = count_row(r, g, row, which);
        if (t.sought == 0) continue;
        if (t.sought == t.cells) {
            buf_printf(out, MSG_ROW, out->len ? MSG_LIST_SEP : "", g->row_labels[row],
                       t.cells > 1 ? g->whole_row : "");
            continue;
        }
        bool first = true;
        for (int c = 0; c < g->cols; c++) {
            const cell *v = g->at(r, row, c);
            if (!v || !is_sought(r, v, which) || col_whole[c]) continue;
            if (first) buf_printf(out, MSG_ROW_CELLS, out->len ? MSG_LIST_SEP : "", g->row_labels[row]);
            buf_printf(out, "%s%s", first ? "" : MSG_AND, g->col_labels[c]);
            first = false;
        }
    }
}

static tally count_all(const record *r, const grid *g, enum sought which)
{
    tally all = {0, 0};
    for (int row = 0; row < g->rows; row++) {
        tally t = count_row(r, g, row, which);
        all.cells += t.cells;
        all.sought += t.sought;
    }
    return all;
}

/* Cells marked "/": one finding saying which, as not applicable. */
static void check_not_applicable(record *r, const grid *g)
{
    tally na = count_all(r, g, SOUGHT_NA);
    if (na.sought == 0) return;
    buf which = BUF_INIT;
    describe_cells(r, g, SOUGHT_NA, &which);
    record_add_finding(r, "missing", g->where, 0, MSG_MISSING_NA, g->name, na.sought, which.data);
    buf_free(&which);
}

/* One finding per table: all of it, the unknown cells, or (when that is
 * shorter to say) the few cells that could be read.  Cells marked "/"
 * have their own finding (above) and are neither. */
static void check_missing(record *r, const grid *g)
{
    check_not_applicable(r, g);
    tally all = count_all(r, g, SOUGHT_UNKNOWN);
    if (all.sought == 0) return;
    if (all.sought == all.cells) {
        record_add_finding(r, "missing", g->where, 0, MSG_MISSING_ALL,
                           g->name, all.cells);
        return;
    }
    int readable = count_all(r, g, SOUGHT_KNOWN).sought;
    buf unknown = BUF_INIT, known = BUF_INIT;
    describe_cells(r, g, SOUGHT_UNKNOWN, &unknown);
    describe_cells(r, g, SOUGHT_KNOWN, &known);
    if (readable && known.len < unknown.len)
        record_add_finding(r, "missing", g->where, 0,
                           MSG_MISSING_MOST,
                           g->name, all.sought, readable, known.data);
    else
        record_add_finding(r, "missing", g->where, 0, MSG_MISSING_SOME,
                           g->name, all.sought, unknown.data);
    buf_free(&unknown);
    buf_free(&known);
}

void rules_check(record *r)
{
    check_balance(r);
    check_processed_sum(r);
    check_row_total(r);
    check_appeals_total(r);
    for (size_t i = 0; i < sizeof grids / sizeof grids[0]; i++) check_missing(r, &grids[i]);
}
