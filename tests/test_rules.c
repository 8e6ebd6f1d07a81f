/*
 * test_rules.c: the quality rules on records built by hand, one breach at
 * a time, and on the tables of the seed reports as their gold files hold
 * them (the JSON files in tests/gold).
 *
 * The hand-built base is report 004's tables: one request from a natural
 * person, denied as internal-affairs information, nothing carried over, no
 * appeals.  Each case changes a few cells and asserts exactly which
 * findings appear, where, and the numbers their messages quote.
 */
#include <string.h>

#include <jansson.h>

#include "check.h"
#include "record/record.h"
#include "record/rules.h"

/* Report 004's tables: every cell known, every rule satisfied. */
static record *balanced(void)
{
    record *r = record_new("test.txt");
    doc_counts zero = { 0, 0, 0 };
    r->active.rules = r->active.normative_docs = zero;
    r->active.licensing = 636;
    r->active.penalty = 4;
    r->active.coercion = 0;
    r->active.fees = 0;
    for (int i = 0; i < REQ_ROWS; i++)
        for (int j = 0; j < REQ_COLS; j++) r->requests[i][j] = 0;
    int ones[] = { REQ_NEW, REQ_DENIED_INTERNAL, REQ_PROCESSED_TOTAL };
    for (size_t i = 0; i < sizeof ones / sizeof ones[0]; i++)
        r->requests[ones[i]][COL_NATURAL] = r->requests[ones[i]][COL_TOTAL] = 1;
    for (int g = 0; g < APPEAL_GROUPS; g++)
        for (int c = 0; c < APPEAL_COLS; c++) r->appeals[g][c] = 0;
    return r;
}

static int count_findings(const record *r, const char *code)
{
    int n = 0;
    for (const finding *f = r->findings; f; f = f->next)
        if (!code || strcmp(f->code, code) == 0) n++;
    return n;
}

/* The first finding with `code` whose message contains `text`. */
static const finding *find(const record *r, const char *code, const char *text)
{
    for (const finding *f = r->findings; f; f = f->next)
        if (strcmp(f->code, code) == 0 && strstr(f->message, text)) return f;
    return NULL;
}

static void show(const record *r)
{
    for (const finding *f = r->findings; f; f = f->next)
        printf("    # %s/%s: %s\n", f->code, f->where, f->message);
}

static void test_balanced(void)
{
    record *r = balanced();
    rules_check(r);
    if (!check(count_findings(r, NULL) == 0, "report 004's tables give no finding")) show(r);
    record_free(r);
}

static void test_balance(void)
{
    record *r = balanced();
    r->requests[REQ_CARRIED_OUT][COL_NATURAL] = r->requests[REQ_CARRIED_OUT][COL_TOTAL] = 1;
    rules_check(r);
    check(count_findings(r, NULL) == 2 && count_findings(r, "balance") == 2,
          "carried-out 1 too many: two balance findings and nothing else");
    const finding *f = find(r, "balance",
                            "自然人列：新收 1 + 上年结转 0 = 1，但办理结果总计 1 + 结转下年 1 = 2");
    check(f != NULL, "balance message quotes the natural-person column's sums");
    check(f && strcmp(f->where, "requests") == 0 && f->line == 0, "balance is in requests");
    check(find(r, "balance", "总计列：新收 1 + 上年结转 0 = 1") != NULL,
          "balance message for the 总计 column");
    check(find(r, "balance", "商业企业列") == NULL, "balanced columns are not reported");

    /* An unknown cell in the natural column skips that column only. */
    record_free(r);
    r = balanced();
    r->requests[REQ_CARRIED_OUT][COL_NATURAL] = r->requests[REQ_CARRIED_OUT][COL_TOTAL] = 1;
    r->requests[REQ_CARRIED_IN][COL_NATURAL] = CELL_UNKNOWN;
    rules_check(r);
    check(count_findings(r, "balance") == 1 && find(r, "balance", "总计列") != NULL,
          "balance is skipped for a column with an unknown cell");
    check(count_findings(r, "missing") == 1 && count_findings(r, NULL) == 2,
          "the unknown cell is reported once, as missing");
    record_free(r);
}

static void test_processed_sum(void)
{
    record *r = balanced();
    /* 1 new + 1 carried in = 2 processed + 0 carried out, but only one outcome. */
    r->requests[REQ_CARRIED_IN][COL_NATURAL] = r->requests[REQ_CARRIED_IN][COL_TOTAL] = 1;
    r->requests[REQ_PROCESSED_TOTAL][COL_NATURAL] = r->requests[REQ_PROCESSED_TOTAL][COL_TOTAL] = 2;
    rules_check(r);
    if (!check(count_findings(r, NULL) == 2 && count_findings(r, "processed_sum") == 2,
               "processed total 2 over outcomes 1: two processed_sum findings only")) show(r);
    check(find(r, "processed_sum", "自然人列：（七）总计为 2，但 21 项办理结果之和为 1"
                                   "（（三）不予公开 5.属于三类内部事务信息 1）") != NULL,
          "processed_sum names the total, the sum and the non-zero outcome");

    /* Outcomes all zero: the message says so rather than listing nothing. */
    record_free(r);
    r = balanced();
    r->requests[REQ_DENIED_INTERNAL][COL_NATURAL] = r->requests[REQ_DENIED_INTERNAL][COL_TOTAL] = 0;
    rules_check(r);
    check(count_findings(r, "processed_sum") == 2 &&
          find(r, "processed_sum", "21 项办理结果之和为 0（各项均为 0）") != NULL,
          "processed_sum with every outcome zero");
    record_free(r);
}

static void test_row_total(void)
{
    record *r = balanced();
    /* Move the natural person's request to 予以公开 but leave the 总计 column. */
    r->requests[REQ_GRANTED][COL_NATURAL] = 1;
    r->requests[REQ_DENIED_INTERNAL][COL_NATURAL] = 0;
    rules_check(r);
    if (!check(count_findings(r, NULL) == 2 && count_findings(r, "row_total") == 2,
               "two rows whose 总计 disagrees: two row_total findings only")) show(r);
    const finding *f = find(r, "row_total", "「（一）予以公开」行：总计列为 0，但六类申请人之和 "
                                            "自然人 1 + 商业企业 0 + 科研机构 0 + 社会公益组织 0 + "
                                            "法律服务机构 0 + 其他 0 = 1");
    check(f != NULL && strcmp(f->where, "requests") == 0, "row_total spells out the row's sum");
    check(find(r, "row_total", "「（三）不予公开 5.属于三类内部事务信息」行：总计列为 1") != NULL,
          "row_total for the second row");
    record_free(r);
}

/* A total column off by one in every row of table 三 is one problem of
 * the table: one row_total finding that counts and quotes all 25 rows. */
static void test_many_breaches(void)
{
    record *r = balanced();
    for (int i = 0; i < REQ_ROWS; i++) r->requests[i][COL_TOTAL] += 1;
    rules_check(r);
    if (!check(count_findings(r, "row_total") == 1, "25 rows with a wrong 总计: one row_total finding"))
        show(r);
    const finding *f = find(r, "row_total", "表三有 25 行的总计列不等于六类申请人之和：");
    check(f && strstr(f->message, "「一、本年新收政府信息公开申请数量」行：总计列为 2") &&
              strstr(f->message, "「四、结转下年度继续办理」行：总计列为 1"),
          "it says 25 rows and quotes the first and the last");
    check(count_findings(r, "processed_sum") == 1 && count_findings(r, "balance") == 0,
          "the 总计 column still balances, and its processed total is one finding");
    record_free(r);
}

static void test_appeals_total(void)
{
    record *r = balanced();
    r->appeals[APPEAL_REVIEW][AP_UPHELD] = 1;
    r->appeals[APPEAL_SUIT_AFTER_REVIEW][AP_PENDING] = 2;
    r->appeals[APPEAL_SUIT_AFTER_REVIEW][AP_TOTAL] = 2;
    rules_check(r);
    if (!check(count_findings(r, NULL) == 1 && count_findings(r, "appeals_total") == 1,
               "one group whose 总计 disagrees: one appeals_total finding")) show(r);
    const finding *f = find(r, "appeals_total", "行政复议：总计为 0，但 结果维持 1 + 结果纠正 0 + "
                                                "其他结果 0 + 尚未审结 0 = 1");
    check(f != NULL && strcmp(f->where, "appeals") == 0, "appeals_total names group and sum");

    record_free(r);

    record *u = balanced();
    u->appeals[APPEAL_REVIEW][AP_UPHELD] = 1;
    u->appeals[APPEAL_REVIEW][AP_TOTAL] = CELL_UNKNOWN;
    rules_check(u);
    check(count_findings(u, "appeals_total") == 0 && count_findings(u, "missing") == 1,
          "appeals_total is skipped when the group's 总计 is unknown");
    check(find(u, "missing", "「行政复议」的总计") != NULL, "missing names group and column");
    record_free(u);
}

static void test_fractions(void)
{
    record *r = balanced();
    cell *rows[] = { r->requests[REQ_NEW], r->requests[REQ_GRANTED], r->requests[REQ_PARTIAL],
                     r->requests[REQ_DENIED_INTERNAL], r->requests[REQ_PROCESSED_TOTAL] };
    cell values[] = { 0.3, 0.1, 0.2, 0, 0.3 };
    for (int i = 0; i < 5; i++) rows[i][COL_NATURAL] = rows[i][COL_TOTAL] = values[i];
    rules_check(r);
    if (!check(count_findings(r, NULL) == 0, "0.1 + 0.2 agrees with 0.3")) show(r);
    record_free(r);

    r = balanced();
    r->requests[REQ_PROCESSED_TOTAL][COL_NATURAL] = 1.01;
    r->requests[REQ_PROCESSED_TOTAL][COL_TOTAL] = 1.01;
    rules_check(r);
    check(count_findings(r, "balance") == 2 && find(r, "balance", "办理结果总计 1.01") != NULL,
          "a real difference of 0.01 is still a breach");
    record_free(r);
}

static void test_missing(void)
{
    record *r = record_new("empty.txt");
    rules_check(r);
    check(count_findings(r, NULL) == 3 && count_findings(r, "missing") == 3,
          "an empty record: one missing finding per table, no rule breaches");
    check(find(r, "missing", "表二（主动公开政府信息情况）全部 10 个数值空白或无法识别") != NULL,
          "table 二 entirely unknown, said compactly");
    check(find(r, "missing", "表三（收到和处理政府信息公开申请情况）全部 175 个") != NULL,
          "table 三 entirely unknown: 175 cells, not listed");
    check(find(r, "missing", "表四（政府信息公开行政复议、行政诉讼情况）全部 15 个") != NULL,
          "table 四 entirely unknown");
    const finding *f = find(r, "missing", "表三");
    check(f && strcmp(f->where, "requests") == 0, "table 三's missing finding is in requests");
    record_free(r);

    r = balanced();
    for (int i = 0; i < REQ_ROWS; i++) r->requests[i][COL_TOTAL] = CELL_UNKNOWN;
    rules_check(r);
    check(count_findings(r, NULL) == 1 &&
          find(r, "missing", "有 25 个数值空白或无法识别：「总计」列全部") != NULL &&
          !strstr(r->findings->message, "整行"),
          "a lost 总计 column is one clause, and no rule fires on it");
    record_free(r);

    r = balanced();
    for (int c = 0; c < REQ_COLS; c++) r->requests[REQ_PROCESSED_TOTAL][c] = CELL_UNKNOWN;
    r->requests[REQ_PARTIAL][COL_BUSINESS] = CELL_UNKNOWN;
    r->requests[REQ_PARTIAL][COL_LEGAL] = CELL_UNKNOWN;
    r->requests[REQ_CARRIED_OUT][COL_NATURAL] = 5;   /* would breach balance and row_total */
    rules_check(r);
    check(find(r, "missing", "有 9 个数值空白或无法识别：「（二）部分公开」的商业企业、法律服务机构；"
                             "「（七）总计」整行") != NULL,
          "missing lists a partial row's columns and a whole row");
    check(count_findings(r, "balance") == 0 && count_findings(r, "processed_sum") == 0,
          "balance and processed_sum are skipped without the processed total");
    check(count_findings(r, "row_total") == 1 && find(r, "row_total", "「四、结转下年度继续办理」行"),
          "row_total still checks the known rows");
    record_free(r);

    r = balanced();
    r->active.rules.repealed = CELL_UNKNOWN;
    r->active.licensing = CELL_UNKNOWN;
    for (int c = 0; c < APPEAL_COLS; c++) r->appeals[APPEAL_SUIT_DIRECT][c] = CELL_UNKNOWN;
    rules_check(r);
    f = find(r, "missing", "表二（主动公开政府信息情况）有 2 个数值空白或无法识别："
                           "「规章」的本年废止件数；「行政许可」");
    check(f && strcmp(f->where, "active") == 0,
          "table 二: a document column and a single-value row");
    check(find(r, "missing", "有 5 个数值空白或无法识别：「行政诉讼 未经复议直接起诉」整组") != NULL,
          "table 四: a whole group");
    check(count_findings(r, NULL) == 2, "nothing but the two missing findings");
    record_free(r);

    /* Only the 总计 cells of a few rows read: say what is left, not what is gone. */
    r = record_new("totals-only.txt");
    r->requests[REQ_NEW][COL_TOTAL] = 1;
    r->requests[REQ_CARRIED_IN][COL_TOTAL] = 0;
    for (int g = 0; g < APPEAL_GROUPS; g++) r->appeals[g][AP_TOTAL] = 0;
    rules_check(r);
    check(find(r, "missing", "表三（收到和处理政府信息公开申请情况）有 173 个数值空白或无法识别，"
                             "只有 2 个可读：「一、本年新收政府信息公开申请数量」的总计；"
                             "「二、上年结转政府信息公开申请数量」的总计") != NULL,
          "a nearly empty table 三 lists the two cells it has");
    f = find(r, "missing", "表四");
    check(f && strstr(f->message, "有 12 个数值空白或无法识别，只有 3 个可读：「总计」列") &&
          !strstr(f->message, "全部"), "table 四 with only its 总计 column");
    record_free(r);
}

/* ---- the seed reports' tables, as their gold files hold them ---- */

static void cells_from_json(cell *out, int n, json_t *a)
{
    for (int i = 0; i < n; i++) {
        json_t *v = json_array_get(a, (size_t)i);
        out[i] = json_is_number(v) ? json_number_value(v) : CELL_UNKNOWN;
    }
}

static cell cell_from_json(json_t *v)
{
    return json_is_number(v) ? json_number_value(v) : CELL_UNKNOWN;
}

static record *record_from_gold(const char *path, json_t *gold)
{
    record *r = record_new(path);
    json_t *active = json_object_get(gold, "active");
    for (int row = 0; row < ACTIVE_ROWS; row++) {
        json_t *v = json_object_get(active, active_row_keys[row]);
        for (int c = 0; c < ACTIVE_COLS; c++) {
            cell *at = record_active_cell(r, (enum active_row)row, (enum active_col)c);
            if (!at) continue;
            *at = cell_from_json(c == ACOL_VALUE ? v : json_object_get(v, active_col_keys[c]));
        }
    }
    json_t *req = json_object_get(gold, "requests");
    for (int row = 0; row < REQ_ROWS; row++)
        cells_from_json(r->requests[row], REQ_COLS, json_object_get(req, req_row_keys[row]));
    json_t *ap = json_object_get(gold, "appeals");
    for (int g = 0; g < APPEAL_GROUPS; g++)
        cells_from_json(r->appeals[g], APPEAL_COLS, json_object_get(ap, appeal_group_keys[g]));
    return r;
}

static bool is_rule_code(const char *code)
{
    static const char *const codes[] = { "balance", "processed_sum", "row_total",
                                         "appeals_total", "missing" };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(code, codes[i]) == 0) return true;
    return false;
}

static void test_gold(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "tests/gold/%s.json", name);
    json_error_t err;
    json_t *gold = json_load_file(path, 0, &err);
    if (!check_why(gold != NULL, err.text, "%s loads", path)) return;
    record *r = record_from_gold(path, gold);
    rules_check(r);
    size_t i;
    json_t *code;
    json_array_foreach(json_object_get(gold, "no_issues_codes"), i, code)
        if (!check(!record_has_finding(r, json_string_value(code)), "%s: no %s", name,
                   json_string_value(code))) show(r);
    json_array_foreach(json_object_get(gold, "issues_codes"), i, code)
        if (is_rule_code(json_string_value(code)))
            check(record_has_finding(r, json_string_value(code)), "%s: %s found", name,
                  json_string_value(code));
    record_free(r);
    json_decref(gold);
}

/* The codes test_gold() checks in one gold file, counted before any check
 * runs: every no_issues_codes entry and each issues_codes entry that is a
 * rule's code (a file that does not load counts none). */
static int gold_codes(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "tests/gold/%s.json", name);
    json_t *gold = json_load_file(path, 0, NULL);
    int n = (int)json_array_size(json_object_get(gold, "no_issues_codes"));
    size_t i;
    json_t *code;
    json_array_foreach(json_object_get(gold, "issues_codes"), i, code)
        n += is_rule_code(json_string_value(code));
    json_decref(gold);
    return n;
}

int main(void)
{
    static const char *const golds[] = {
        "000_7a7a80364ff2eb63", "001_20ea5182de26b251", "002_3e7ce50622823025",
        "003_3ec79e02cf78507f", "004_93ae09122aa543fb",
    };
    enum { N_GOLDS = sizeof golds / sizeof golds[0] };
    int codes = 0;
    for (size_t i = 0; i < N_GOLDS; i++) codes += gold_codes(golds[i]);
    /* The hand-made records' checks, in the order of the calls below; a
     * "loads" check and the codes per gold file; the floor on the codes. */
    check_plan(1 + 7 + 3 + 3 + 3 + 4 + 2 + 14 + N_GOLDS + codes + 1);
    test_balanced();
    test_balance();
    test_processed_sum();
    test_row_total();
    test_many_breaches();
    test_appeals_total();
    test_fractions();
    test_missing();
    for (size_t i = 0; i < N_GOLDS; i++) test_gold(golds[i]);
    check(codes >= 13, "the gold files name %d rule codes to check (at least 13)", codes);
    return check_done();
}
