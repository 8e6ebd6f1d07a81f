/*
 * table_rows.c: reading tables 二, 三 and 四 out of doc lines.
 *
 * Every line is first seen as a row_view: the label fragments that name
 * it and the value slots that follow.  A table row (tabs, <tr>, pipes)
 * carries both itself; its slots are the cells after its last text cell,
 * with the empty cells at either end (merged label cells, trailing tabs)
 * trimmed and the empty cells between values kept as blanks.  In a real
 * grid (a Word file, an HTML page, a PDF's table, which the PDF reader
 * gives a cell for each of its columns) trailing empty cells are blanks too
 * when with them the row has exactly the table's columns.  Table 三's column
 * headers, which a table split at a page break repeats among the rows,
 * name no row.  A text line
 * from a PDF ends with its numbers, if any, separated by spaces.
 *
 * PDF text spreads a row over several lines: label fragments first (a
 * label wrapped mid-word, a group header such as "（三）不予公开", after a
 * page break a repeated header), then the numbers, sometimes split over
 * two lines.  So the reader keeps the fragments seen since the last
 * numbering mark; when numbers arrive it tries the shortest run of
 * trailing fragments that names a row, exactly first, then by
 * similarity, looking at the expected next row and a few after it.  Numbers
 * with no label in between continue the previous row while it is short
 * of cells; otherwise unlabelled numbers (a page number) are ignored.
 * A remark in parentheses wrapped over lines is left out of the label,
 * and lines that are pieces of table 三's column headers, repeated after
 * a page break, are skipped wherever they fall.
 *
 * Blank cells are unknown unless the report says they are 0 (then a
 * table 四 whose row of values is blank throughout is fifteen zeros).  In PDF
 * text blank cells leave no trace, so a short row cannot be placed and
 * stays unknown without a finding; a table row that has the wrong number
 * of cells gets a 'columns' finding, as does a PDF row with too many.
 * A cell that holds "/" says the row does not apply: it stays unknown,
 * even where blanks mean 0, and the record notes it (record_mark_na) so
 * that the finding says 不适用 rather than 空白.
 *
 * Rows of a portal's pipe table (`exact_cells`) keep their empty cells
 * where they are, since each is a blank cell of the table; only empty
 * cells past the table's width, the padding a spanning cell leaves at the
 * end of its row, are dropped (and, if the row is still too wide, empty
 * cells right after the label).
 *
 * A row's cells are gathered in a slot_list, which counts every cell it is
 * given but keeps only the first MAX_SLOTS cells and, apart, the first
 * MAX_SLOTS numbers.  A row is read either cell by cell (as many cells as
 * columns) or number by number (as many numbers as columns), and no table
 * has more than MAX_SLOTS columns, so a reading never looks past what was
 * kept, however long the line.
 */
#include "record/table_rows.h"

#include <stdlib.h>
#include <string.h>

#include "record/labels.h"

enum { MAX_SLOTS = 32, MAX_FRAGS = 6, WINDOW = 8, MAX_COLS = REQ_COLS, MAX_REMARK_LINES = 3,
       APPEAL_CELLS = APPEAL_GROUPS * APPEAL_COLS };

static const double NUMERIC_MATCH = 0.6;    /* a row with values */
static const double BLANK_MATCH = 0.8;      /* a label with no values at all */
static const double SKIP_COST = 0.03;       /* per expected row passed over */

_Static_assert(MAX_COLS <= MAX_SLOTS && APPEAL_CELLS <= MAX_SLOTS,
               "a row's reading must fit in what a slot_list keeps");

/* What identifies each row of table 三 once numbering and remarks are gone. */
static const char *const request_keys[REQ_ROWS] = {
    "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量",
    "予以公开", "部分公开",
    "属于国家秘密", "其他法律行政法规禁止公开", "危及三安全一稳定", "保护第三方合法权益",
    "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项",
    "本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确",
    "信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
    "要求行政机关确认或重新出具已获取信息",
    "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请",
    "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请",
    "其他", "总计", "结转下年度继续办理",
};

/* Table 三's column headers; 自然 is at code point 5. */
static const char request_header[] =
    "申请人情况自然人法人或其他组织商业企业科研机构社会公益组织法律服务机构其他总计";

/* What a slot held. */
enum slot_kind { SLOT_VALUE, SLOT_EMPTY, SLOT_MARK, SLOT_NA };

/* The cells of a row in reading order.  The counts are of every cell
 * added; the arrays keep the first MAX_SLOTS of each. */
typedef struct slot_list {
    cell slots[MAX_SLOTS];      /* values; CELL_UNKNOWN for a blank cell */
    unsigned char kinds[MAX_SLOTS]; /* enum slot_kind of each slot */
    cell numbers[MAX_SLOTS];    /* the values alone */
    int nslots, nnumbers;
    int nfilled;                /* slots that are not empty cells */
} slot_list;

typedef struct row_view {
    label frags[MAX_FRAGS];     /* label pieces, in reading order */
    int nfrags;
    bool numbered;              /* the label starts with a numbering mark */
    slot_list cells;
    int leading;                /* empty cells before the first value (table rows) */
    int trailing;               /* empty cells after the last value (table rows) */
    int depth;                  /* parentheses left open by the label */
} row_view;

typedef struct table {
    record *r;
    const char *where;          /* active, requests */
    int nrows;
    label keys[REQ_ROWS];
    const char *names[REQ_ROWS];
    int ncols[REQ_ROWS];
    cell *dst[REQ_ROWS][MAX_COLS];
    bool seen[REQ_ROWS];
    int next, found;
    /* Reading state: fragments since the last numbering mark or row. */
    label frags[MAX_FRAGS];
    int nfrags;
    int depth, depth_lines;     /* a remark still open, for how many lines */
    label header;               /* the words of the column headers */
    bool in_header;             /* reading a header repeated after a page break */
    label skipped;              /* the last header line skipped, if nothing followed */
    /* The row whose values are being collected, -1 if none. */
    int open, open_line;
    bool open_tab;
    slot_list cells;
} table;

/* True when the normalised text is a table value ("12", "0.5", "1,234"). */
static bool table_is_value(const char *s, size_t len)
{
    size_t i = 0, digits = 0;
    bool commas = false;
    while (i < len && ((s[i] >= '0' && s[i] <= '9') || (s[i] == ',' && digits))) {
        if (s[i] == ',') commas = true;
        else digits++;
        i++;
    }
    if (!digits || s[i - 1] == ',') return false;
    if (i < len && s[i] == '.' && !commas) {
        size_t frac = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9') i++;
        if (i == frac) return false;
    }
    return i == len;
}

static cell value_of(const char *s, size_t len)
{
    char tmp[64];
    size_t n = 0;
    for (size_t i = 0; i < len && n < sizeof tmp - 1; i++)
        if (s[i] != ',') tmp[n++] = s[i];
    tmp[n] = '\0';
    return strtod(tmp, NULL);
}

/* A cell that stands for "nothing here": -, —, /, or empty. */
static bool is_blank_mark(const char *s, size_t len)
{
    if (len == 0) return true;
    for (size_t i = 0; i < len;) {
        if (s[i] == '-' || s[i] == '/') { i++; continue; }
        if (len - i >= 3 && (memcmp(s + i, "\xE2\x80\x94", 3) == 0 ||
                             memcmp(s + i, "\xE2\x80\x93", 3) == 0)) { i += 3; continue; }
        return false;
    }
    return true;
}

/* "/": the cell does not apply to this agency. */
static bool is_na_mark(const char *s, size_t len)
{
    return len == 1 && s[0] == '/';
}

/* Counts c and keeps it while there is room. */
static void keep(cell *kept, int *n, cell c)
{
    if (*n < MAX_SLOTS) kept[*n] = c;
    (*n)++;
}

static void add_slot(slot_list *s, cell c, enum slot_kind kind)
{
    if (s->nslots < MAX_SLOTS) s->kinds[s->nslots] = (unsigned char)kind;
    keep(s->slots, &s->nslots, c);
    if (kind == SLOT_VALUE) keep(s->numbers, &s->nnumbers, c);
    if (kind != SLOT_EMPTY) s->nfilled++;
}

/* The slot for normalised cell text: a value, an empty cell, "/", or
 * another blank mark. */
static void add_cell(slot_list *s, const char *text, size_t len)
{
    if (table_is_value(text, len)) add_slot(s, value_of(text, len), SLOT_VALUE);
    else if (!len) add_slot(s, CELL_UNKNOWN, SLOT_EMPTY);
    else add_slot(s, CELL_UNKNOWN, is_na_mark(text, len) ? SLOT_NA : SLOT_MARK);
}

/* Appends the cells of `from`; those it counted but did not keep are
 * counted again and not kept. */
static void append_slots(slot_list *to, const slot_list *from)
{
    for (int i = 0; i < from->nslots; i++) {
        if (to->nslots < MAX_SLOTS) to->kinds[to->nslots] = i < MAX_SLOTS ? from->kinds[i] : SLOT_MARK;
        keep(to->slots, &to->nslots, i < MAX_SLOTS ? from->slots[i] : CELL_UNKNOWN);
    }
    for (int i = 0; i < from->nnumbers; i++)
        keep(to->numbers, &to->nnumbers, i < MAX_SLOTS ? from->numbers[i] : CELL_UNKNOWN);
    to->nfilled += from->nfilled;
}

/* Drops empty slots beyond `ncols`: first from the end (a spanning
 * cell's padding), then right after the label. */
static void trim_to(slot_list *s, int ncols)
{
    while (s->nslots > ncols && s->nslots <= MAX_SLOTS && s->kinds[s->nslots - 1] == SLOT_EMPTY)
        s->nslots--;
    int lead = 0;
    while (s->nslots - lead > ncols && s->nslots <= MAX_SLOTS && s->kinds[lead] == SLOT_EMPTY) lead++;
    if (!lead) return;
    memmove(s->slots, s->slots + lead, (size_t)(s->nslots - lead) * sizeof s->slots[0]);
    memmove(s->kinds, s->kinds + lead, (size_t)(s->nslots - lead));
    s->nslots -= lead;
}

/* The empty cells at the ends of a table row of a real grid (a Word
 * file, an HTML page, a PDF's table) are blank values when with them the
 * row has exactly the table's columns: a grid keeps every cell, so a row
 * whose last values were left blank ("1 | | | | 1 | | …") or whose first
 * were ("| 1 | | | | | 1" under 自然人) still has them all.  Both ends
 * when that makes the columns, else the end that does.  Word text is not
 * a grid: a tab at the end of its line may be all that is left of a lost
 * column. */
static void pad_grid(const record *r, slot_list *s, int leading, int trailing, int ncols)
{
    bool grid = r->form && (strcmp(r->form, "docx") == 0 || strcmp(r->form, "html") == 0 ||
                            strcmp(r->form, "pdf") == 0);
    if (!grid || s->nslots >= ncols || s->nslots > MAX_SLOTS) return;
    int lead = 0;
    if (s->nslots + leading + trailing == ncols) lead = leading;
    else if (s->nslots + trailing == ncols) lead = 0;
    else if (s->nslots + leading == ncols) lead = leading;
    else return;
    slot_list padded = { .nslots = 0 };
    for (int i = 0; i < lead; i++) add_slot(&padded, CELL_UNKNOWN, SLOT_EMPTY);
    for (int i = 0; i < s->nslots; i++) add_slot(&padded, s->slots[i], s->kinds[i]);
    while (padded.nslots < ncols) add_slot(&padded, CELL_UNKNOWN, SLOT_EMPTY);
    *s = padded;
}

static int add_frag(label *frags, int *n, const char *text, size_t len, int depth)
{
    if (*n == MAX_FRAGS) {
        memmove(frags, frags + 1, (MAX_FRAGS - 1) * sizeof *frags);
        (*n)--;
    }
    depth = label_clean_within(&frags[*n], text, len, depth);
    if (frags[*n].n) (*n)++;
    return depth;
}

/* A table row: text cells name it, the cells after the last one hold values. */
static void view_table_row(const doc_line *l, row_view *v)
{
    int last_text = -1;
    for (int i = 0; i < l->ncells; i++) {
        size_t n = strlen(l->cells[i]);
        if (!is_blank_mark(l->cells[i], n) && !table_is_value(l->cells[i], n)) last_text = i;
    }
    for (int i = 0; i <= last_text; i++)
        if (l->cells[i][0]) add_frag(v->frags, &v->nfrags, l->cells[i], strlen(l->cells[i]), 0);
    v->numbered = last_text >= 0 && label_numbered(l->cells[last_text]);
    int from = last_text + 1, to = l->ncells;
    while (!l->exact_cells && from < to && !l->cells[from][0]) from++;
    while (!l->exact_cells && to > from && !l->cells[to - 1][0]) to--;
    v->leading = from - (last_text + 1);
    v->trailing = l->ncells - to;
    for (int i = from; i < to; i++) add_cell(&v->cells, l->cells[i], strlen(l->cells[i]));
    if (!v->cells.nfilled) v->cells = (slot_list){ .nslots = 0 };
}

/* Where the values that end a text line begin: after the last word that
 * is neither a value nor a blank mark, or at digits glued to it
 * ("规章0 0 0").  All of them are values, however many. */
static const char *values_start(const char *s, const char *e)
{
    for (;;) {
        while (e > s && e[-1] == ' ') e--;
        const char *b = e;
        while (b > s && b[-1] != ' ') b--;
        size_t len = (size_t)(e - b);
        if (b == e) return e;
        if (table_is_value(b, len) || is_blank_mark(b, len)) {
            e = b;
            continue;
        }
        const char *d = e;
        while (d > b && d[-1] >= '0' && d[-1] <= '9') d--;
        return d > b && d < e && (unsigned char)d[-1] >= 0x80 ? d : e;
    }
}

/* A text line: a label, then values separated by spaces.  The label may
 * start inside a remark that an earlier line opened (depth). */
static void view_text_line(const char *s, row_view *v, int depth)
{
    const char *e = values_start(s, s + strlen(s));
    for (const char *p = e; *p;) {
        while (*p == ' ') p++;
        size_t len = strcspn(p, " ");
        if (!len) break;
        add_cell(&v->cells, p, len);
        p += len;
    }
    while (e > s && e[-1] == ' ') e--;
    if (e > s) {
        v->numbered = label_numbered(s);
        v->depth = add_frag(v->frags, &v->nfrags, s, (size_t)(e - s), v->numbered ? 0 : depth);
    }
}

static void view_line(const doc_line *l, row_view *v, int depth)
{
    memset(v, 0, sizeof *v);
    if (l->table_row) view_table_row(l, v);
    else if (l->ncells > 0) view_text_line(l->cells[0], v, depth);
}

/* The row that the trailing fragments name, or -1. */
static int match_row(table *t, const label *frags, int nfrags, double threshold)
{
    label joined[MAX_FRAGS];
    for (int k = 0; k < nfrags; k++) {
        joined[k].n = 0;
        for (int i = nfrags - 1 - k; i < nfrags; i++) label_append(&joined[k], &frags[i]);
    }
    for (int d = 0; d < WINDOW && t->next + d < t->nrows; d++) {
        int row = t->next + d;
        if (t->seen[row]) continue;
        const label *key = &t->keys[row];
        for (int k = 0; k < nfrags; k++)
            if (label_equal(&joined[k], key) || (key->n >= 4 && label_ends_with(&joined[k], key)))
                return row;
    }
    int best = -1;
    double best_score = threshold;
    for (int d = 0; d < WINDOW && t->next + d < t->nrows; d++) {
        int row = t->next + d;
        if (t->seen[row]) continue;
        const label *key = &t->keys[row];
        for (int k = 0; k < nfrags; k++) {
            if (k > 0 && joined[k - 1].n > 2 * key->n + 4) break;
            double s = label_score(&joined[k], key, best_score + SKIP_COST * d) - SKIP_COST * d;
            if (s > best_score) {
                best_score = s;
                best = row;
            }
        }
    }
    return best;
}

static void mark_found(table *t, int row)
{
    t->seen[row] = true;
    t->next = row + 1;
    t->found++;
}

/* One value spread over merged cells, which a reader repeats ("312 312 312"). */
static bool one_spanning_value(const slot_list *s)
{
    if (s->nslots < 2 || s->nslots > MAX_SLOTS) return false;
    for (int i = 0; i < s->nslots; i++)
        if (!cell_known(s->slots[i]) || s->slots[i] != s->slots[0]) return false;
    return true;
}

/* A row with as many numbers as columns, and blank marks besides, has one
 * reading, and it is the one a careful reader takes: each column holds one
 * of the numbers, in order.  Counted as cells the marks would be too many
 * for the table, so they are not cells (rules, fillers a PDF turned into
 * text), and without them the numbers fill the columns exactly.  That
 * holds however many marks there are: "- - … - 2 - 1 - 0 …", fifteen
 * numbers among twenty-eight dashes, is table 四's row.  With one number
 * too many or too few there are several readings (which one is extra,
 * which one is missing), so the row stays unknown. */
/* A row of table 三 with one number fewer than its columns and nothing
 * else: kept for deduce.c, which may find that it has one reading. */
static void note_short_row(table *t, int row, const slot_list *s, int line)
{
    if (strcmp(t->where, "requests") != 0 || t->ncols[row] != REQ_COLS ||
        s->nnumbers != REQ_COLS - 1 || s->nslots != s->nnumbers)
        return;
    short_row *x = arena_alloc(t->r->mem, sizeof *x);
    x->row = (enum req_row)row;
    x->line = line;
    x->n = s->nnumbers;
    memcpy(x->values, s->numbers, (size_t)x->n * sizeof *x->values);
    x->next = t->r->short_rows;
    t->r->short_rows = x;
}

static void place(table *t, int row, const slot_list *given, bool tab, int line)
{
    int ncols = t->ncols[row];
    slot_list trimmed = *given;
    const slot_list *s = &trimmed;
    trim_to(&trimmed, ncols);
    if (ncols == 1 && tab && one_spanning_value(s)) {
        *t->dst[row][0] = s->slots[0];
    } else if (s->nslots == ncols) {
        for (int c = 0; c < ncols; c++) {
            bool na = s->kinds[c] == SLOT_NA;
            *t->dst[row][c] = cell_known(s->slots[c]) ? s->slots[c]
                              : t->r->blank_means_zero && !na ? 0 : CELL_UNKNOWN;
            if (na) record_mark_na(t->r, t->dst[row][c]);
        }
    } else if (s->nnumbers == ncols) {
        for (int c = 0; c < ncols; c++) *t->dst[row][c] = s->numbers[c];
    } else if (tab || s->nslots > ncols) {
        record_add_finding(t->r, "columns", t->where, line,
                           MSG_COLUMNS,
                           t->names[row], s->nslots, ncols);
        note_short_row(t, row, s, line);
    }
}

static void place_blank(table *t, int row)
{
    if (!t->r->blank_means_zero) return;
    for (int c = 0; c < t->ncols[row]; c++) *t->dst[row][c] = 0;
}

static void close_open(table *t)
{
    if (t->open < 0) return;
    place(t, t->open, &t->cells, t->open_tab, t->open_line);
    t->open = -1;
}

/* Fragments that named a row but no values followed: a row left blank. */
static void flush_blank(table *t)
{
    if (t->nfrags) {
        int row = match_row(t, t->frags, t->nfrags, BLANK_MATCH);
        if (row >= 0) {
            mark_found(t, row);
            place_blank(t, row);
        }
    }
    t->nfrags = 0;
}

static void open_row(table *t, int row, const row_view *v, bool tab, int line)
{
    close_open(t);
    mark_found(t, row);
    t->open = row;
    t->open_line = line;
    t->open_tab = tab;
    t->cells = v->cells;
}

static bool is_within(const label *part, const label *whole)
{
    for (int i = 0; i + part->n <= whole->n; i++)
        if (memcmp(whole->cp + i, part->cp, (size_t)part->n * sizeof part->cp[0]) == 0) return true;
    return false;
}

/* A row of table 三's column headers (申请人情况, 自然人, 商业企业 …), as a
 * table split at a page break repeats them in the middle of the rows: no
 * values, and a cell that is a header word of three characters or more
 * (其他 and 总计 alone are also the labels of rows).  Its last cell, 总计,
 * would otherwise name the row （七）总计 as blank. */
static bool is_header_row(const table *t, const row_view *v)
{
    if (!t->header.n || v->cells.nslots) return false;
    for (int i = 0; i < v->nfrags; i++)
        if (v->frags[i].n >= 3 && is_within(&v->frags[i], &t->header)) return true;
    return false;
}

static void take_table_row(table *t, const row_view *v, int line)
{
    t->depth = 0;
    close_open(t);
    flush_blank(t);
    if (is_header_row(t, v)) return;
    int row = match_row(t, v->frags, v->nfrags, v->cells.nslots ? NUMERIC_MATCH : BLANK_MATCH);
    if (row < 0) return;
    if (v->cells.nslots == 0) {
        mark_found(t, row);
        place_blank(t, row);
        return;
    }
    row_view padded = *v;
    pad_grid(t->r, &padded.cells, v->leading, v->trailing, t->ncols[row]);
    open_row(t, row, &padded, true, line);
    close_open(t);
}

/* More numbers for the open row, when it is short of cells. */
static bool continues_open(table *t, const row_view *v)
{
    if (t->open < 0 || t->open_tab || v->nfrags || t->nfrags) return false;
    int have = t->cells.nslots, ncols = t->ncols[t->open];
    if (have >= ncols || have + v->cells.nslots > ncols) return false;
    append_slots(&t->cells, &v->cells);
    return true;
}

/* A PDF repeats the column headers after a page break, one word (or part
 * of one) per line, possibly between a row's label and its numbers.  A
 * header starts with a line that is clearly one (申请人情况, 自然人, 法律服
 * 务机构...) and lasts while lines are pieces of header words; those
 * lines are not part of any label. */
static bool skip_header_line(table *t, const row_view *v)
{
    if (!t->header.n || v->numbered || v->cells.nslots || v->nfrags != 1 ||
        !is_within(&v->frags[0], &t->header)) {
        t->in_header = false;
        return false;
    }
    if (!t->in_header && v->frags[0].n < 2) return false;
    if (!t->in_header && v->frags[0].n < 4 && v->frags[0].cp[0] != t->header.cp[5]) return false;
    t->in_header = true;
    t->skipped = v->frags[0];
    return true;
}

/* Numbers right after a skipped header whose last word is exactly the
 * expected row's label ("（七）", page break, header …总计, 总计): that
 * word was the row's, not the header's. */
static int row_named_by_header(const table *t)
{
    if (!t->skipped.n || t->next >= t->nrows || t->seen[t->next]) return -1;
    return label_equal(&t->skipped, &t->keys[t->next]) ? t->next : -1;
}

/* A lone number that continues no row, in a table of several columns, is
 * a page number, unless the numbers after it are the rest of its row (a
 * row written one value per line): as a row's only value it could not be
 * placed anyway.  `following` is how many values the next line holds. */
static bool is_page_number(const table *t, const row_view *v, int following)
{
    int ncols = t->ncols[t->next < t->nrows ? t->next : 0];
    return !v->nfrags && v->cells.nslots == 1 && ncols > 1 && (!following || following >= ncols);
}

/* How many values a text line of values only holds ("0 0 0" → 3); 0 for
 * any other line. */
static int values_only(const doc_line *l)
{
    if (!l || l->table_row || l->ncells != 1 || !l->cells[0][0]) return 0;
    int count = 0;
    for (const char *p = l->cells[0]; *p; count++) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (!table_is_value(p, n) && !is_blank_mark(p, n)) return 0;
        p += n + (e != NULL);
    }
    return count;
}

static void take_text_line(table *t, const row_view *v, int line, int following)
{
    if (skip_header_line(t, v)) return;
    /* A remark open for more than a couple of lines was never a remark. */
    t->depth = v->depth && t->depth_lines < MAX_REMARK_LINES ? v->depth : 0;
    t->depth_lines = t->depth ? t->depth_lines + 1 : 0;
    if (v->nfrags || v->numbered) {
        close_open(t);
        if (v->numbered) flush_blank(t);
        for (int i = 0; i < v->nfrags; i++) {
            if (t->nfrags == MAX_FRAGS) {
                memmove(t->frags, t->frags + 1, (MAX_FRAGS - 1) * sizeof t->frags[0]);
                t->nfrags--;
            }
            t->frags[t->nfrags++] = v->frags[i];
        }
    }
    if (v->nfrags) t->skipped.n = 0;
    if (!v->cells.nslots || continues_open(t, v) || is_page_number(t, v, following)) return;
    int row = t->nfrags ? match_row(t, t->frags, t->nfrags, NUMERIC_MATCH) : row_named_by_header(t);
    t->skipped.n = 0;
    t->nfrags = 0;
    t->depth = 0;
    if (row >= 0) open_row(t, row, v, false, line);
}

static int read_table(table *t, const doc *dc, line_range span)
{
    t->open = -1;
    for (int i = span.from; i < span.to && i < dc->nlines; i++) {
        const doc_line *l = &dc->lines[i];
        row_view v;
        view_line(l, &v, t->depth);
        const doc_line *next = i + 1 < span.to && i + 1 < dc->nlines ? l + 1 : NULL;
        if (l->table_row) take_table_row(t, &v, l->line);
        else take_text_line(t, &v, l->line, values_only(next));
    }
    close_open(t);
    flush_blank(t);
    return t->found;
}

static void set_row(table *t, int row, const char *key, const char *name, int ncols)
{
    label_clean(&t->keys[row], key, strlen(key));
    t->names[row] = name;
    t->ncols[row] = ncols;
}

int table_read_requests(record *r, const doc *dc, line_range span)
{
    table *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->r = r;
    t->where = "requests";
    t->nrows = REQ_ROWS;
    label_clean(&t->header, request_header, strlen(request_header));
    for (int row = 0; row < REQ_ROWS; row++) {
        set_row(t, row, request_keys[row], req_row_labels[row], REQ_COLS);
        for (int c = 0; c < REQ_COLS; c++) t->dst[row][c] = &r->requests[row][c];
    }
    int found = read_table(t, dc, span);
    free(t);
    return found;
}

int table_read_active(record *r, const doc *dc, line_range span)
{
    table *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->r = r;
    t->where = "active";
    t->nrows = ACTIVE_ROWS;
    for (int row = 0; row < ACTIVE_ROWS; row++) {
        bool counts = row == ACT_RULES || row == ACT_NORMATIVE_DOCS;
        set_row(t, row, active_row_labels[row], active_row_labels[row], counts ? 3 : 1);
        for (int c = 0; c < (counts ? 3 : 1); c++)
            t->dst[row][c] = record_active_cell(r, (enum active_row)row,
                                                counts ? (enum active_col)c : ACOL_VALUE);
    }
    int found = read_table(t, dc, span);
    free(t);
    return found;
}

/* As place(): fifteen cells, or fifteen numbers among blank marks. */
static void place_appeals(record *r, const slot_list *given, bool tab, int line)
{
    cell vals[APPEAL_CELLS];
    bool na[APPEAL_CELLS] = { false };
    slot_list trimmed = *given;
    const slot_list *s = &trimmed;
    trim_to(&trimmed, APPEAL_CELLS);
    if (s->nslots == APPEAL_CELLS) {
        for (int i = 0; i < APPEAL_CELLS; i++) {
            na[i] = s->kinds[i] == SLOT_NA;
            vals[i] = cell_known(s->slots[i]) || !r->blank_means_zero || na[i] ? s->slots[i] : 0;
        }
    } else if (s->nnumbers == APPEAL_CELLS) {
        memcpy(vals, s->numbers, sizeof vals);
    } else {
        if (tab || s->nslots > APPEAL_CELLS)
            record_add_finding(r, "columns", "appeals", line,
                               MSG_COLUMNS_APPEALS, s->nslots, APPEAL_CELLS);
        return;
    }
    for (int i = 0; i < APPEAL_CELLS; i++) {
        r->appeals[i / APPEAL_COLS][i % APPEAL_COLS] = vals[i];
        if (na[i]) record_mark_na(r, &r->appeals[i / APPEAL_COLS][i % APPEAL_COLS]);
    }
}

/* The headers of table 四 are among the lines of span. */
static bool has_appeals_header(const doc *dc, line_range span)
{
    for (int i = span.from; i < span.to && i < dc->nlines; i++)
        for (int c = 0; c < dc->lines[i].ncells; c++)
            if (strstr(dc->lines[i].cells[c], "结果维持") || strstr(dc->lines[i].cells[c], "尚未审结"))
                return true;
    return false;
}

/* Table 四 is one row of fifteen values under its headers; in PDF text it
 * may be split over lines, which are joined until fifteen are collected.
 * Under a note that blank cells are 0, headers with no value under them
 * at all are a row left blank: fifteen zeros (a Word file drops nothing
 * of such a row but its text, and a print shows nothing of it). */
int table_read_appeals(record *r, const doc *dc, line_range span)
{
    slot_list cells = {0};
    int line = 0;
    for (int i = span.from; i < span.to && i < dc->nlines; i++) {
        const doc_line *l = &dc->lines[i];
        row_view v;
        view_line(l, &v, 0);
        if (!v.cells.nslots) {
            if (cells.nslots) break;
            continue;
        }
        if (l->table_row) {
            pad_grid(r, &v.cells, v.leading, v.trailing, APPEAL_CELLS);
            place_appeals(r, &v.cells, true, l->line);
            return 1;
        }
        const doc_line *next = i + 1 < span.to && i + 1 < dc->nlines ? l + 1 : NULL;
        int following = values_only(next);
        if (!cells.nslots && v.cells.nslots == 1 && !v.nfrags &&
            (!following || following >= APPEAL_CELLS))
            continue;   /* a page number */
        if (!line) line = l->line;
        append_slots(&cells, &v.cells);
        if (cells.nslots >= APPEAL_CELLS) break;
    }
    if (!cells.nslots) {
        if (!r->blank_means_zero || !has_appeals_header(dc, span)) return 0;
        for (int i = 0; i < APPEAL_CELLS; i++) r->appeals[i / APPEAL_COLS][i % APPEAL_COLS] = 0;
        return 1;
    }
    place_appeals(r, &cells, false, line);
    return 1;
}
