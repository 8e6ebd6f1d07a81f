/*
 * record.c: the canonical record's keys and labels, its lists, and its
 * JSON form.  The key tables here are the single place where the format's
 * rows and columns are named; SQLite, JSON, CSV and the pages all use them.
 */
#include "record/record.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *const req_row_keys[REQ_ROWS] = {
    "new", "carried_in", "granted", "partial",
    "denied_secret", "denied_law", "denied_safety", "denied_third_party",
    "denied_internal", "denied_process", "denied_enforcement", "denied_query",
    "unable_not_held", "unable_create", "unable_unclear",
    "rejected_petition", "rejected_duplicate", "rejected_publication",
    "rejected_excessive", "rejected_confirm",
    "other_no_correction", "other_no_fee", "other_other",
    "processed_total", "carried_out",
};

const char *const req_row_labels[REQ_ROWS] = {
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开",
    "（三）不予公开 1.属于国家秘密",
    "（三）不予公开 2.其他法律行政法规禁止公开",
    "（三）不予公开 3.危及“三安全一稳定”",
    "（三）不予公开 4.保护第三方合法权益",
    "（三）不予公开 5.属于三类内部事务信息",
    "（三）不予公开 6.属于四类过程性信息",
    "（三）不予公开 7.属于行政执法案卷",
    "（三）不予公开 8.属于行政查询事项",
    "（四）无法提供 1.本机关不掌握相关政府信息",
    "（四）无法提供 2.没有现成信息需要另行制作",
    "（四）无法提供 3.补正后申请内容仍不明确",
    "（五）不予处理 1.信访举报投诉类申请",
    "（五）不予处理 2.重复申请",
    "（五）不予处理 3.要求提供公开出版物",
    "（五）不予处理 4.无正当理由大量反复申请",
    "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "（六）其他处理 3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
};

const char *const req_col_keys[REQ_COLS] = {
    "natural", "business", "research", "nonprofit", "legal", "other", "total",
};
const char *const req_col_labels[REQ_COLS] = {
    "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
};

const char *const appeal_group_keys[APPEAL_GROUPS] = {
    "review", "suit_direct", "suit_after_review",
};
const char *const appeal_group_labels[APPEAL_GROUPS] = {
    "行政复议", "行政诉讼 未经复议直接起诉", "行政诉讼 复议后起诉",
};
const char *const appeal_col_keys[APPEAL_COLS] = {
    "upheld", "corrected", "other", "pending", "total",
};
const char *const appeal_col_labels[APPEAL_COLS] = {
    "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
};

const char *const active_row_keys[ACTIVE_ROWS] = {
    "rules", "normative_docs", "licensing", "penalty", "coercion", "fees",
};
const char *const active_row_labels[ACTIVE_ROWS] = {
    "规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费",
};
const char *const active_col_keys[ACTIVE_COLS] = {
    "issued", "repealed", "in_force", "value",
};
const char *const active_col_labels[ACTIVE_COLS] = {
    "本年制发件数", "本年废止件数", "现行有效件数", "本年数量",
};

record *record_new(const char *source)
{
    arena *mem = arena_new();
    record *r = arena_alloc(mem, sizeof *r);
    r->mem = mem;
    r->source = arena_strdup(mem, source ? source : "");
    doc_counts none = { CELL_UNKNOWN, CELL_UNKNOWN, CELL_UNKNOWN };
    r->active.rules = r->active.normative_docs = none;
    r->active.licensing = r->active.penalty = CELL_UNKNOWN;
    r->active.coercion = r->active.fees = CELL_UNKNOWN;
    for (int i = 0; i < REQ_ROWS; i++)
        for (int j = 0; j < REQ_COLS; j++) r->requests[i][j] = CELL_UNKNOWN;
    for (int i = 0; i < APPEAL_GROUPS; i++)
        for (int j = 0; j < APPEAL_COLS; j++) r->appeals[i][j] = CELL_UNKNOWN;
    return r;
}

void record_free(record *r)
{
    if (r) arena_free(r->mem);
}

const char *finding_kind(const char *code)
{
    static const struct { const char *code, *kind; } kinds[] = {
        { "balance", MSG_KIND_BALANCE }, { "processed_sum", MSG_KIND_PROCESSED_SUM },
        { "row_total", MSG_KIND_ROW_TOTAL }, { "appeals_total", MSG_KIND_APPEALS_TOTAL },
        { "missing", MSG_KIND_MISSING }, { "columns", MSG_KIND_COLUMNS },
        { "deduced", MSG_KIND_DEDUCED }, { "narrative", MSG_KIND_NARRATIVE },
        { "carry_over", MSG_KIND_CARRY_OVER }, { "duplicate", MSG_KIND_DUPLICATE },
        { "unregistered", MSG_KIND_UNREGISTERED }, { "unplaced", MSG_KIND_UNPLACED },
    };
    for (size_t i = 0; code && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].code, code) == 0) return kinds[i].kind;
    return MSG_KIND_OTHER;
}

void record_add_finding(record *r, const char *code, const char *where, int line,
                        const char *fmt, ...)
{
    finding *f = arena_alloc(r->mem, sizeof *f);
    f->code = arena_strdup(r->mem, code);
    f->where = arena_strdup(r->mem, where);
    f->line = line;
    va_list ap;
    va_start(ap, fmt);
    f->message = arena_vprintf(r->mem, fmt, ap);
    va_end(ap);
    if (r->findings_tail) r->findings_tail->next = f;
    else r->findings = f;
    r->findings_tail = f;
}

bool record_has_finding(const record *r, const char *code)
{
    for (const finding *f = r->findings; f; f = f->next)
        if (strcmp(f->code, code) == 0) return true;
    return false;
}

void record_mark_na(record *r, const cell *c)
{
    if (record_is_na(r, c)) return;
    na_cell *n = arena_alloc(r->mem, sizeof *n);
    n->at = c;
    n->next = r->na;
    r->na = n;
}

bool record_is_na(const record *r, const cell *c)
{
    for (const na_cell *n = r->na; n; n = n->next)
        if (n->at == c) return true;
    return false;
}

section *record_add_section(record *r, int number, const char *heading,
                            const char *body, int line)
{
    section *s = arena_alloc(r->mem, sizeof *s);
    s->number = number;
    s->heading = arena_strdup(r->mem, heading ? heading : "");
    s->body = arena_strdup(r->mem, body ? body : "");
    s->line = line;
    if (r->sections_tail) r->sections_tail->next = s;
    else r->sections = s;
    r->sections_tail = s;
    return s;
}

void record_drop_findings(record *r, const char *code, const char *where)
{
    finding **link = &r->findings;
    r->findings_tail = NULL;
    while (*link) {
        finding *f = *link;
        if (strcmp(f->code, code) == 0 && strcmp(f->where, where) == 0) {
            *link = f->next;        /* its memory stays in the arena */
            continue;
        }
        r->findings_tail = f;
        link = &f->next;
    }
}

void record_add_deduction(record *r, const char *table, const char *row, const char *col,
                          const char *rule)
{
    deduction *x = arena_alloc(r->mem, sizeof *x);
    *x = (deduction){ table, row, col, rule, NULL };
    if (r->deduced_tail) r->deduced_tail->next = x;
    else r->deduced = x;
    r->deduced_tail = x;
}

bool record_is_deduced(const record *r, const char *table, const char *row, const char *col)
{
    for (const deduction *x = r->deduced; x; x = x->next)
        if (strcmp(x->table, table) == 0 && strcmp(x->row, row) == 0 && strcmp(x->col, col) == 0)
            return true;
    return false;
}

void record_add_published(record *r, const char *channel, const char *label,
                          double items, int line)
{
    published_count *p = arena_alloc(r->mem, sizeof *p);
    p->channel = arena_strdup(r->mem, channel);
    p->label = arena_strdup(r->mem, label ? label : "");
    p->items = items;
    p->line = line;
    if (r->published_tail) r->published_tail->next = p;
    else r->published = p;
    r->published_tail = p;
}

const cell *record_active_cell_c(const record *r, enum active_row row, enum active_col col)
{
    const active_table *a = &r->active;
    if (row == ACT_RULES || row == ACT_NORMATIVE_DOCS) {
        const doc_counts *d = row == ACT_RULES ? &a->rules : &a->normative_docs;
        switch (col) {
        case ACOL_ISSUED: return &d->issued;
        case ACOL_REPEALED: return &d->repealed;
        case ACOL_IN_FORCE: return &d->in_force;
        default: return NULL;
        }
    }
    if (col != ACOL_VALUE) return NULL;
    switch (row) {
    case ACT_LICENSING: return &a->licensing;
    case ACT_PENALTY: return &a->penalty;
    case ACT_COERCION: return &a->coercion;
    case ACT_FEES: return &a->fees;
    default: return NULL;
    }
}

cell *record_active_cell(record *r, enum active_row row, enum active_col col)
{
    return (cell *)record_active_cell_c(r, row, col);
}

json_t *cell_to_json(cell c)
{
    if (!cell_known(c)) return json_null();
    if (c == floor(c) && fabs(c) < 9e15) return json_integer((json_int_t)c);
    return json_real(c);
}

static json_t *cells_to_json(const cell *cells, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(a, cell_to_json(cells[i]));
    return a;
}

static json_t *doc_counts_to_json(const doc_counts *d)
{
    json_t *o = json_object();
    json_object_set_new(o, "issued", cell_to_json(d->issued));
    json_object_set_new(o, "repealed", cell_to_json(d->repealed));
    json_object_set_new(o, "in_force", cell_to_json(d->in_force));
    return o;
}

static json_t *active_to_json(const active_table *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "rules", doc_counts_to_json(&a->rules));
    json_object_set_new(o, "normative_docs", doc_counts_to_json(&a->normative_docs));
    json_object_set_new(o, "licensing", cell_to_json(a->licensing));
    json_object_set_new(o, "penalty", cell_to_json(a->penalty));
    json_object_set_new(o, "coercion", cell_to_json(a->coercion));
    json_object_set_new(o, "fees", cell_to_json(a->fees));
    return o;
}

json_t *record_to_json(const record *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "agency", r->agency ? json_string(r->agency) : json_null());
    json_object_set_new(o, "year", r->year ? json_integer(r->year) : json_null());
    json_object_set_new(o, "active", active_to_json(&r->active));

    json_t *req = json_object();
    for (int i = 0; i < REQ_ROWS; i++)
        json_object_set_new(req, req_row_keys[i], cells_to_json(r->requests[i], REQ_COLS));
    json_object_set_new(o, "requests", req);

    json_t *ap = json_object();
    for (int g = 0; g < APPEAL_GROUPS; g++)
        json_object_set_new(ap, appeal_group_keys[g], cells_to_json(r->appeals[g], APPEAL_COLS));
    json_object_set_new(o, "appeals", ap);

    json_t *issues = json_array();
    for (const finding *f = r->findings; f; f = f->next) {
        json_t *fo = json_pack("{s:s, s:s, s:s}", "code", f->code, "where", f->where,
                               "message", f->message);
        if (f->line > 0) json_object_set_new(fo, "line", json_integer(f->line));
        json_array_append_new(issues, fo);
    }
    json_object_set_new(o, "issues", issues);

    json_t *pub = json_object();
    for (const published_count *p = r->published; p; p = p->next) {
        if (json_object_get(pub, p->channel)) continue; /* first statement wins */
        json_object_set_new(pub, p->channel, cell_to_json(p->items));
    }
    json_object_set_new(o, "published", pub);

    json_t *ded = json_array();
    for (const deduction *x = r->deduced; x; x = x->next)
        json_array_append_new(ded, json_pack("{s:s, s:s, s:s, s:s}", "table", x->table,
                                             "row", x->row, "column", x->col, "rule", x->rule));
    json_object_set_new(o, "deduced", ded);
    if (r->published_on) json_object_set_new(o, "published_on", json_string(r->published_on));
    return o;
}
