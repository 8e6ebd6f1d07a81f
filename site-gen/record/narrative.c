/*
 * narrative.c: what the prose says, read against the tables.
 *
 * Only the prose parts of a report are read (the preamble and parts 一, 五
 * and 六); parts 二 to 四 are the tables themselves.  Each part is
 * flattened (prose.h) and cut into sentences and clauses, and each clause
 * is tried against a few statements the format invites:
 *
 *   requests received   收到…政府信息公开申请 1 件, 全年收到 1 项…申请,
 *                       未收到…申请 (= 0)            vs requests.new, 总计
 *   carried over        上年结转 N 件 / 结转下年度 N 件  vs carried_in / carried_out
 *   appeals             未发生…行政复议和行政诉讼 (= 0), 行政复议 N 件,
 *                       行政复议、行政诉讼均为0      vs the groups' 总计
 *
 * A statement is compared only when the table cells it concerns are known;
 * a disagreement is a `narrative` finding (where: narrative) that quotes
 * the clause and the table, with the line of the section it came from.
 * Table rows carry no unit (件), so a table that leaked into the prose
 * cannot be read as a statement.  Statements about
 * fees (未收取信息处理费) have no table value and are not read.  The
 * published-item counts are found by published.c in the same pass.
 */
#include "record/narrative.h"

#include <math.h>
#include <string.h>

#include "base/buf.h"
#include "record/messages.h"
#include "record/prose.h"

enum { QUOTE_MAX = 150 };       /* bytes of a clause quoted in a message */

static bool cells_agree(double a, double b)
{
    return fabs(a - b) <= 1e-6 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

/* Where the first of `words` occurs in `s` (earliest; the longest word
 * when two start together), its length in *len; NULL if none does. */
static const char *first_of(span s, const char *const *words, size_t *len)
{
    const char *best = NULL;
    for (; *words; words++) {
        const char *at = span_find(s, s.at, *words);
        size_t n = strlen(*words);
        if (at && (!best || at < best || (at == best && n > *len))) {
            best = at;
            *len = n;
        }
    }
    return best;
}

/* The few characters before `p` in `s` contain one of `words`. */
static bool said_just_before(span s, const char *p, const char *const *words, size_t bytes)
{
    size_t avail = (size_t)(p - s.at);
    span t = { avail > bytes ? p - bytes : s.at, avail > bytes ? bytes : avail };
    for (; *words; words++)
        if (span_find(t, t.at, *words)) return true;
    return false;
}

static const char *const negations[] = { "未", "没有", "没", "无", "零", NULL };
enum { NEAR = 9 };              /* three CJK characters */

/* "「一、总体情况」中" or "正文": where the statement was read. */
static const char *where_said(arena *a, const section *s)
{
    return s->heading[0] ? arena_printf(a, MSG_SAID_IN, s->heading) : MSG_SAID_BODY;
}

/* ---- requests received ---- */

static const char *const receive_verbs[] = {
    "接收到", "收到", "接到", "受理", "接收", "新收", NULL,
};
/* Not 个: 收到申请后 15 个工作日内答复 counts days. */
static const char *const request_units[] = { "件", "项", "份", "宗", "起", "条", NULL };
static const char *const no_requests[] = {
    "无依申请", "没有依申请", "未发生依申请", "无政府信息公开申请", NULL,
};

/* The number of requests the clause says were received; false if it says
 * nothing about that. */
static bool stated_received(span clause, double *n)
{
    if (!span_find(clause, clause.at, "申请") || !span_find(clause, clause.at, "公开")) return false;
    if (span_find(clause, clause.at, "复议") || span_find(clause, clause.at, "诉讼")) return false;
    size_t len = 0;
    const char *verb = first_of(clause, receive_verbs, &len);
    if (!verb) {
        size_t ignored;
        if (!first_of(clause, no_requests, &ignored)) return false;
        *n = 0;
        return true;
    }
    if (said_just_before(clause, verb, (const char *const[]){ "不予", NULL }, 6)) return false;
    if (said_just_before(clause, verb, negations, NEAR)) {
        *n = 0;
        return true;
    }
    count c;
    if (!prose_count(clause, verb + len, request_units, &c)) return false;
    *n = c.value;
    return true;
}

static void check_received(record *r, const section *s, span clause)
{
    double said;
    if (!stated_received(clause, &said)) return;
    const cell *row = r->requests[REQ_NEW];
    double table = row[COL_TOTAL];
    const char *what = MSG_NARRATIVE_TOTAL_COLUMN;
    if (!cell_known(table)) {
        table = 0;
        what = MSG_NARRATIVE_APPLICANT_SUM;
        for (int c = 0; c < COL_TOTAL; c++) table += row[c];
        if (!cell_known(table)) return;
    }
    if (cells_agree(said, table)) return;
    /* A count that includes the requests carried in is not a contradiction. */
    cell carried = r->requests[REQ_CARRIED_IN][COL_TOTAL];
    if (cell_known(carried) && carried > 0 && cells_agree(said, table + carried)) return;
    record_add_finding(r, "narrative", "narrative", s->line,
                       MSG_NARRATIVE_RECEIVED,
                       where_said(r->mem, s), prose_quote(r->mem, clause, QUOTE_MAX), said,
                       req_row_labels[REQ_NEW], what, table);
}

/* ---- carried over ---- */

static const char *const carried_units[] = { "件", "项", "个", "份", "条", NULL };
static const char *const carried_out_words[] = {
    "结转下年", "结转至下年", "结转到下年", "转入下年", "结转下一年", NULL,
};

/* The count that goes with the phrase at `at`: the first one after it in
 * the clause, else the last one before it (1件结转下年度办理). */
static bool count_near(span clause, const char *at, size_t len, count *out)
{
    if (prose_count(clause, at + len, carried_units, out)) return true;
    bool found = false;
    span head = { clause.at, (size_t)(at - clause.at) };
    count c;
    for (const char *from = head.at; prose_count(head, from, carried_units, &c); from = c.end) {
        *out = c;
        found = true;
    }
    return found;
}

static void compare_carried(record *r, const section *s, span clause, double said, int row)
{
    cell table = r->requests[row][COL_TOTAL];
    if (!cell_known(table) || cells_agree(said, table)) return;
    record_add_finding(r, "narrative", "narrative", s->line,
                       MSG_NARRATIVE_CARRIED,
                       where_said(r->mem, s), prose_quote(r->mem, clause, QUOTE_MAX), said,
                       req_row_labels[row], table);
}

static void check_carried(record *r, const section *s, span clause)
{
    count c;
    const char *in = span_find(clause, clause.at, "上年结转");
    if (in) {
        if (prose_count(clause, in + strlen("上年结转"), carried_units, &c))
            compare_carried(r, s, clause, c.value, REQ_CARRIED_IN);
        else if (said_just_before(clause, in, negations, NEAR))
            compare_carried(r, s, clause, 0, REQ_CARRIED_IN);
    }
    size_t len = 0;
    const char *out = first_of(clause, carried_out_words, &len);
    if (out && count_near(clause, out, len, &c)) compare_carried(r, s, clause, c.value, REQ_CARRIED_OUT);
}

/* ---- appeals ---- */

static const char *const appeal_units[] = { "件", "起", "宗", "例", "次", "个", "项", NULL };
enum { GROUP_REVIEW = 1 << APPEAL_REVIEW,
       GROUPS_SUIT = 1 << APPEAL_SUIT_DIRECT | 1 << APPEAL_SUIT_AFTER_REVIEW,
       CONNECTOR_MAX = 12 };    /* 和行政, 、行政: joins two mentions */

static void compare_appeals(record *r, const section *s, span clause, unsigned groups, double said)
{
    double table = 0;
    for (int g = 0; g < APPEAL_GROUPS; g++) {
        if (!(groups & 1u << g)) continue;
        if (!cell_known(r->appeals[g][AP_TOTAL])) return;
        table += r->appeals[g][AP_TOTAL];
    }
    if (cells_agree(said, table)) return;
    buf parts = BUF_INIT;
    for (int g = 0; g < APPEAL_GROUPS; g++)
        if (groups & 1u << g)
            buf_printf(&parts, MSG_APPEAL_GROUP_TOTAL, parts.len ? MSG_AND : "", appeal_group_labels[g],
                       r->appeals[g][AP_TOTAL]);
    record_add_finding(r, "narrative", "narrative", s->line,
                       MSG_NARRATIVE_APPEALS, where_said(r->mem, s),
                       prose_quote(r->mem, clause, QUOTE_MAX), said, parts.data);
    buf_free(&parts);
}

typedef struct mention {
    const char *at, *end;
    unsigned groups;
} mention;

/* The clause's mentions of 复议 and 诉讼, in order; how many. */
static int appeal_mentions(span clause, mention *m, int max)
{
    int n = 0;
    for (const char *p = clause.at; n < max;) {
        const char *rv = span_find(clause, p, "复议"), *st = span_find(clause, p, "诉讼");
        if (!rv && !st) break;
        bool review = rv && (!st || rv < st);
        const char *at = review ? rv : st;
        const char *word = review ? "复议" : "诉讼";
        m[n++] = (mention){ at, at + strlen(word), review ? GROUP_REVIEW : GROUPS_SUIT };
        p = m[n - 1].end;
    }
    return n;
}

static void check_appeals(record *r, const section *s, span clause)
{
    mention m[8];
    int n = appeal_mentions(clause, m, 8);
    if (n == 0) return;
    unsigned pending = 0, mentioned = 0;
    bool counted = false;
    for (int i = 0; i < n; i++) {
        pending |= m[i].groups;
        mentioned |= m[i].groups;
        const char *stop = i + 1 < n ? m[i + 1].at : span_end(clause);
        span after = { m[i].end, (size_t)(stop - m[i].end) };
        count c;
        if (prose_count(after, after.at, appeal_units, &c)) {
            compare_appeals(r, s, clause, pending, c.value);
            pending = 0;
            counted = true;
        } else if (span_find(after, after.at, "为0") || span_find(after, after.at, "为零")) {
            compare_appeals(r, s, clause, pending, 0);      /* 均为0, 数量为零 */
            pending = 0;
            counted = true;
        } else if (after.len > CONNECTOR_MAX) {
            pending = 0;
        }
    }
    if (!counted && said_just_before(clause, m[0].at, negations, (size_t)(m[0].at - clause.at)))
        compare_appeals(r, s, clause, mentioned, 0);
}

/* ---- the pass over the prose ---- */

static bool is_prose(const section *s)
{
    return s->number < 2 || s->number > 4;
}

static void check_section(record *r, const section *s, const char *flat)
{
    const char *cursor = flat, *end = flat + strlen(flat);
    span sentence, clause;
    while (prose_sentence(&cursor, end, &sentence)) {
        const char *at = sentence.at;
        while (prose_clause(sentence, &at, &clause)) {
            check_received(r, s, clause);
            check_carried(r, s, clause);
            check_appeals(r, s, clause);
        }
    }
}

void narrative_check(record *r)
{
    arena *scratch = arena_new();
    for (const section *s = r->sections; s; s = s->next) {
        if (!is_prose(s)) continue;
        const char *flat = prose_flatten(scratch, s->body);
        published_find(r, flat, s->line);
        check_section(r, s, flat);
    }
    arena_free(scratch);
}
