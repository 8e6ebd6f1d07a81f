/*
 * deduce.c: cells the report left blank or lost, filled where the
 * tables' own rules allow only one value (deduce.h).
 *
 * Two kinds of gap are closed here, and nothing is ever guessed:
 *
 * A row of table 三 that lost a cell (six numbers for seven columns) is
 * tried with the lost cell in each of the seven places.  Where the lost
 * cell is an applicant column, 总计 (the last number) fixes it as 总计
 * minus the other five, which must not be negative; where it is 总计, it
 * is the sum of the six.  When every placement gives the same row, the
 * row has one reading and is filled (six zeros: every cell is 0, whichever
 * column was lost); otherwise it stays unknown.
 *
 * An unknown cell that one of the format's equations pins down is filled:
 * the equation's only unknown is its known total minus the rest (when that
 * is not negative); and when the known parts already reach the total,
 * every unknown part is 0, since counts cannot be negative.  The
 * equations are the row totals of table 三, its processed totals per
 * column, its balance per column and table 四's group totals; they are
 * applied until nothing changes, so one filled cell may pin another.
 *
 * Each filled cell is recorded with its rule (record_add_deduction), and
 * one finding per table says what was done.  The rules of rules.c then
 * check the tables as filled, so a filled cell that disagrees with
 * another equation is still reported.
 */
#include "record/deduce.h"

#include <math.h>
#include <string.h>

#include "base/buf.h"

enum { MAX_TERMS = 24 };

/* One equation: the sum of `parts` equals the sum of `whole`. */
typedef struct equation {
    cell *parts[MAX_TERMS], *whole[2];
    int nparts, nwhole;
    const char *rule;
    const char *table;
    const char *row_keys[MAX_TERMS + 2], *col_keys[MAX_TERMS + 2];  /* parts, then whole */
} equation;

typedef struct tally {
    int cells;                  /* filled by this pass, per table */
    unsigned rules;             /* bit per rule used */
} tally;

static const char *const rule_names[] = {
    "lost_column", "row_total", "processed_sum", "balance", "appeals_total",
};
enum { RULES = sizeof rule_names / sizeof rule_names[0] };

static int rule_bit(const char *rule)
{
    for (int i = 0; i < RULES; i++)
        if (strcmp(rule_names[i], rule) == 0) return i;
    return 0;
}

static bool whole_number(double v) { return v == floor(v); }

/* Fills *C with V and records it; V is a count, so -0 becomes 0. */
static void fill(record *r, tally *t, cell *c, double v, const char *table, const char *row,
                 const char *col, const char *rule)
{
    *c = v == 0 ? 0 : v;
    record_add_deduction(r, table, row, col, rule);
    t->cells++;
    t->rules |= 1u << rule_bit(rule);
}

/* ---- rows that lost a cell ---- */

/* The row that VALUES (six numbers) make with the lost cell at LOST;
 * false when that placement is impossible. */
static bool placed(const cell *values, int lost, cell out[REQ_COLS])
{
    double sum = 0;
    for (int c = 0, k = 0; c < REQ_COLS; c++) {
        if (c == lost) continue;
        out[c] = values[k++];
    }
    if (lost == COL_TOTAL) {
        for (int c = 0; c < COL_TOTAL; c++) sum += out[c];
        out[COL_TOTAL] = sum;
        return true;
    }
    for (int c = 0; c < COL_TOTAL; c++)
        if (c != lost) sum += out[c];
    out[lost] = out[COL_TOTAL] - sum;
    return out[lost] >= 0 && (!whole_number(out[COL_TOTAL]) || whole_number(out[lost]));
}

/* True when every possible placement gives one row, left in OUT. */
static bool one_reading(const short_row *s, cell out[REQ_COLS])
{
    if (s->n != REQ_COLS - 1) return false;
    for (int i = 0; i < s->n; i++)
        if (!cell_known(s->values[i])) return false;
    bool any = false;
    for (int lost = 0; lost < REQ_COLS; lost++) {
        cell row[REQ_COLS];
        if (!placed(s->values, lost, row)) continue;
        if (any && memcmp(row, out, sizeof row) != 0) return false;
        memcpy(out, row, sizeof row);
        any = true;
    }
    return any;
}

static int fill_short_rows(record *r, tally *t)
{
    int rows = 0;
    for (const short_row *s = r->short_rows; s; s = s->next) {
        cell row[REQ_COLS];
        bool unknown = true;
        for (int c = 0; c < REQ_COLS; c++) unknown = unknown && !cell_known(r->requests[s->row][c]);
        if (!unknown || !one_reading(s, row)) continue;
        for (int c = 0; c < REQ_COLS; c++)
            fill(r, t, &r->requests[s->row][c], row[c], "requests", req_row_keys[s->row],
                 req_col_keys[c], "lost_column");
        rows++;
    }
    return rows;
}

/* ---- equations ---- */

static void add_part(equation *e, cell *c, const char *row, const char *col)
{
    e->row_keys[e->nparts] = row;
    e->col_keys[e->nparts] = col;
    e->parts[e->nparts++] = c;
}

static void add_whole(equation *e, cell *c, const char *row, const char *col)
{
    e->row_keys[MAX_TERMS + e->nwhole] = row;
    e->col_keys[MAX_TERMS + e->nwhole] = col;
    e->whole[e->nwhole++] = c;
}

/* Solves E where it has one reading; true when it filled a cell.  An
 * equation over a cell that the report marks not applicable ("/") is left
 * alone: that cell has no value to find, and the others none to give. */
static bool solve(record *r, tally *t, const equation *e)
{
    for (int i = 0; i < e->nparts; i++)
        if (record_is_na(r, e->parts[i])) return false;
    for (int i = 0; i < e->nwhole; i++)
        if (record_is_na(r, e->whole[i])) return false;
    double known_parts = 0, known_whole = 0;
    int unknown_parts = 0, unknown_whole = 0, whole = -1;
    for (int i = 0; i < e->nparts; i++) {
        if (cell_known(*e->parts[i])) known_parts += *e->parts[i];
        else unknown_parts++;
    }
    for (int i = 0; i < e->nwhole; i++) {
        if (cell_known(*e->whole[i])) known_whole += *e->whole[i];
        else unknown_whole++, whole = i;
    }
    if (unknown_parts + unknown_whole == 0) return false;
    bool filled = false;
    if (unknown_whole == 0) {
        double rest = known_whole - known_parts;
        if (rest < 0 || (unknown_parts > 1 && rest != 0)) return false;
        for (int i = 0; i < e->nparts; i++)
            if (!cell_known(*e->parts[i]))
                fill(r, t, e->parts[i], unknown_parts == 1 ? rest : 0, e->table, e->row_keys[i],
                     e->col_keys[i], e->rule), filled = true;
    } else if (unknown_parts == 0 && unknown_whole == 1) {
        double rest = known_parts - known_whole;
        if (rest < 0) return false;
        fill(r, t, e->whole[whole], rest, e->table, e->row_keys[MAX_TERMS + whole],
             e->col_keys[MAX_TERMS + whole], e->rule);
        filled = true;
    } else if (unknown_parts == 0 && known_parts == known_whole) {
        for (int i = 0; i < e->nwhole; i++)      /* the known whole already equals the parts */
            if (!cell_known(*e->whole[i]))
                fill(r, t, e->whole[i], 0, e->table, e->row_keys[MAX_TERMS + i],
                     e->col_keys[MAX_TERMS + i], e->rule), filled = true;
    }
    return filled;
}

static bool row_totals(record *r, tally *t)
{
    bool changed = false;
    for (int row = 0; row < REQ_ROWS; row++) {
        equation e = { .rule = "row_total", .table = "requests" };
        for (int c = 0; c < COL_TOTAL; c++) add_part(&e, &r->requests[row][c], req_row_keys[row], req_col_keys[c]);
        add_whole(&e, &r->requests[row][COL_TOTAL], req_row_keys[row], req_col_keys[COL_TOTAL]);
        changed |= solve(r, t, &e);
    }
    return changed;
}

static bool processed_sums(record *r, tally *t)
{
    bool changed = false;
    for (int c = 0; c < REQ_COLS; c++) {
        equation e = { .rule = "processed_sum", .table = "requests" };
        for (int row = REQ_FIRST_OUTCOME; row <= REQ_LAST_OUTCOME; row++)
            add_part(&e, &r->requests[row][c], req_row_keys[row], req_col_keys[c]);
        add_whole(&e, &r->requests[REQ_PROCESSED_TOTAL][c], req_row_keys[REQ_PROCESSED_TOTAL],
                  req_col_keys[c]);
        changed |= solve(r, t, &e);
    }
    return changed;
}

/* processed + carried out = new + carried in: the processed side as the
 * parts, since both sides are counts. */
static bool balances(record *r, tally *t)
{
    bool changed = false;
    for (int c = 0; c < REQ_COLS; c++) {
        equation e = { .rule = "balance", .table = "requests" };
        add_part(&e, &r->requests[REQ_PROCESSED_TOTAL][c], req_row_keys[REQ_PROCESSED_TOTAL], req_col_keys[c]);
        add_part(&e, &r->requests[REQ_CARRIED_OUT][c], req_row_keys[REQ_CARRIED_OUT], req_col_keys[c]);
        add_whole(&e, &r->requests[REQ_NEW][c], req_row_keys[REQ_NEW], req_col_keys[c]);
        add_whole(&e, &r->requests[REQ_CARRIED_IN][c], req_row_keys[REQ_CARRIED_IN], req_col_keys[c]);
        changed |= solve(r, t, &e);
    }
    return changed;
}

static bool appeal_totals(record *r, tally *t)
{
    bool changed = false;
    for (int g = 0; g < APPEAL_GROUPS; g++) {
        equation e = { .rule = "appeals_total", .table = "appeals" };
        for (int c = 0; c < AP_TOTAL; c++)
            add_part(&e, &r->appeals[g][c], appeal_group_keys[g], appeal_col_keys[c]);
        add_whole(&e, &r->appeals[g][AP_TOTAL], appeal_group_keys[g], appeal_col_keys[AP_TOTAL]);
        changed |= solve(r, t, &e);
    }
    return changed;
}

/* ---- findings ---- */

/* "各行总计等于六类申请人之和、……": the rules T used, in words. */
static void rules_in_words(const tally *t, buf *out)
{
    static const char *const words[RULES] = {
        MSG_RULE_LOST_COLUMN, MSG_RULE_ROW_TOTAL, MSG_RULE_PROCESSED_SUM, MSG_RULE_BALANCE,
        MSG_RULE_APPEALS_TOTAL,
    };
    for (int i = 0; i < RULES; i++)
        if (t->rules & 1u << i) buf_printf(out, "%s%s", out->len ? MSG_AND : "", words[i]);
}

static void say(record *r, const char *where, const char *table_name, const tally *t)
{
    if (!t->cells) return;
    buf rules = BUF_INIT;
    rules_in_words(t, &rules);
    record_add_finding(r, "deduced", where, 0, MSG_DEDUCED, table_name, t->cells, rules.data);
    buf_free(&rules);
}

/* The `columns` findings of one table, when there are several, become
 * one: the same problem on every row is one thing to say. */
static void merge_columns(record *r, const char *where, const char *table_name)
{
    int n = 0;
    const finding *first = NULL;
    for (const finding *f = r->findings; f; f = f->next)
        if (strcmp(f->code, "columns") == 0 && strcmp(f->where, where) == 0) {
            if (!first) first = f;
            n++;
        }
    if (n < 2) return;
    const char *example = first->message;
    int line = first->line;
    record_drop_findings(r, "columns", where);
    record_add_finding(r, "columns", where, line, MSG_COLUMNS_ROWS, table_name, n, example);
}

void deduce_cells(record *r)
{
    tally req = {0, 0}, ap = {0, 0};
    fill_short_rows(r, &req);
    merge_columns(r, "requests", MSG_TABLE_REQUESTS);
    merge_columns(r, "active", MSG_TABLE_ACTIVE);
    for (bool changed = true; changed;) {
        changed = row_totals(r, &req);
        changed |= processed_sums(r, &req);
        changed |= balances(r, &req);
        changed |= appeal_totals(r, &ap);
    }
    say(r, "requests", MSG_TABLE_REQUESTS, &req);
    say(r, "appeals", MSG_TABLE_APPEALS, &ap);
}
