/*
 * extract.c: the shape of a report, and the record it fills.
 *
 * The order is fixed by the format, so the parts are found first: each
 * numbered heading (一、总体情况 … 六、其他需要报告的事项) is a line that
 * starts with its Chinese numeral and whose words are close to the
 * heading's, accepted only in increasing order (table 三 has rows
 * numbered 一、 to 四、 too, but their words differ).  The title is the
 * first line before them that says 报告; the agency is what precedes the
 * year, or the line above when the title starts with the year.  Parts 二,
 * 三 and 四 are where tables 二, 三 and 四 are looked for, which keeps a
 * table label from ever matching a line of another table or of prose.
 */
#include "record/extract.h"

#include <string.h>

#include "base/buf.h"
#include "record/labels.h"
#include "record/sections.h"
#include "record/table_rows.h"

enum { PARTS = 7, TITLE_SEARCH = 12, YEAR_SEARCH = 40, AGENCY_MAX = 40, TITLE_MAX = 80 };

static const char *const heading_keys[PARTS] = {
    "", "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项",
};

static const char *first_text(const doc_line *l)
{
    for (int i = 0; i < l->ncells; i++)
        if (l->cells[i][0]) return l->cells[i];
    return "";
}

/* The line's text when it is one piece of text: a line of prose, or a
 * table row with a single non-empty cell (an indented paragraph in Word
 * text, a page laid out in a table); NULL for a real table row. */
static const char *lone_text(const doc_line *l)
{
    if (!l->table_row) return first_text(l);
    const char *text = NULL;
    for (int i = 0; i < l->ncells; i++) {
        if (!l->cells[i][0]) continue;
        if (text) return NULL;
        text = l->cells[i];
    }
    return text;
}

/* The words after "N、" are (the start of) heading n. */
static bool names_heading(const char *rest, int n)
{
    label key, words;
    const char *k = heading_keys[n];
    label_clean(&key, k, strlen(k));
    size_t len = strlen(rest), cap = (size_t)(key.n + 4) * 3;
    label_clean(&words, rest, len < cap ? len : cap);
    if (words.n > key.n + 2) words.n = key.n + 2;
    return words.n > 0 && label_recall(&words, &key) >= 0.75;
}

static void find_headings(const doc *dc, int heads[PARTS])
{
    int current = 0;
    for (int n = 0; n < PARTS; n++) heads[n] = -1;
    for (int i = 0; i < dc->nlines; i++) {
        const char *text = lone_text(&dc->lines[i]), *rest;
        if (!text) continue;
        int n = label_chinese_number(text, &rest);
        if (n > current && n < PARTS && names_heading(rest, n)) {
            heads[n] = i;
            current = n;
        }
    }
}

static char *squeeze(arena *a, const char *s)
{
    char *out = arena_alloc(a, strlen(s) + 1), *o = out;
    for (; *s; s++)
        if (*s != ' ') *o++ = *s;
    *o = '\0';
    return out;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* 〇 ○ 零 O 0 and 一 … 九 as digits of a year written in Chinese. */
static int year_digit(const char *s, int *len)
{
    static const char *const zero[] = { "〇", "○", "零", "O", "0" };
    static const char *const digits[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九" };
    for (int i = 0; i < 5; i++) {
        size_t n = strlen(zero[i]);
        if (strncmp(s, zero[i], n) == 0) { *len = (int)n; return 0; }
    }
    for (int i = 0; i < 9; i++)
        if (strncmp(s, digits[i], 3) == 0) { *len = 3; return i + 1; }
    return -1;
}

/* The first year in s (2023, 二〇二三年); *at gets where it starts. */
static int find_year(const char *s, size_t *at)
{
    for (size_t i = 0; s[i]; i++) {
        if (is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1])) && is_digit(s[i + 1]) &&
            is_digit(s[i + 2]) && is_digit(s[i + 3]) && !is_digit(s[i + 4]) &&
            (strncmp(s + i, "19", 2) == 0 || strncmp(s + i, "20", 2) == 0)) {
            *at = i;
            return (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 +
                   (s[i + 3] - '0');
        }
    }
    for (size_t i = 0; s[i]; i++) {
        int year = 0, k, n = 0, d;
        size_t j = i;
        while (n < 4 && (d = year_digit(s + j, &k)) >= 0) {
            year = year * 10 + d;
            j += (size_t)k;
            n++;
        }
        if (n == 4 && strncmp(s + j, "年", 3) == 0 && year >= 1900 && year < 2100) {
            *at = i;
            return year;
        }
    }
    return 0;
}

static void strip_suffix(char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    if (n >= k && strcmp(s + n - k, suffix) == 0) s[n - k] = '\0';
}

static bool is_title(const char *s)
{
    return strstr(s, "报告") && (strstr(s, "信息公开") || strstr(s, "年度"));
}

/* A page's <title> adds the site's name after the report's: "…报告_某某政府". */
static void cut_after_report(char *title)
{
    char *last = NULL;
    for (char *p = strstr(title, "报告"); p; p = strstr(p + 1, "报告")) last = p;
    if (last) last[strlen("报告")] = '\0';
}

static int cp_count(const char *s)
{
    int n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/* The title among lines [0, limit): sets title, agency, year; its index or -1. */
static int find_title(record *r, const doc *dc, int limit)
{
    for (int i = 0; i < limit && i < dc->nlines; i++) {
        const char *text = lone_text(&dc->lines[i]);
        if (!text) continue;
        char *line = squeeze(r->mem, text);
        if (!is_title(line)) continue;
        size_t at = 0;
        r->year = find_year(line, &at);
        if (!r->year) {
            const char *p = strstr(line, "政府信息公开");
            at = p ? (size_t)(p - line) : 0;
        }
        char *agency = arena_strndup(r->mem, line, at);
        strip_suffix(agency, "关于");
        strip_suffix(agency, "的");
        char *above = NULL;
        const char *above_text = i > 0 ? lone_text(&dc->lines[i - 1]) : NULL;
        if (!agency[0] && above_text) {
            char *prev = squeeze(r->mem, above_text);
            if (cp_count(prev) <= AGENCY_MAX && !strstr(prev, "。")) {
                above = prev;
                size_t year_at;
                int year = find_year(prev, &year_at);
                agency = year ? arena_strndup(r->mem, prev, year_at) : prev;
                if (!r->year) r->year = year;
            }
        }
        r->agency = agency[0] ? agency : NULL;
        char *title = above ? arena_printf(r->mem, "%s%s", above, line) : line;
        cut_after_report(title);
        r->title = title;
        return i;
    }
    return -1;
}

/* Where the text after the title starts: past any repeat of the title
 * (a short line ending in 报告) before the first part; a web page has it
 * in <title> and in <h1>. */
static int after_titles(const doc *dc, int title, int limit)
{
    int last = title;
    for (int i = title + 1; title >= 0 && i < limit && i < dc->nlines; i++) {
        const char *s = lone_text(&dc->lines[i]);
        size_t n = s ? strlen(s) : 0;
        if (s && is_title(s) && cp_count(s) <= TITLE_MAX && n > 6 &&
            strcmp(s + n - 6, "报告") == 0)
            last = i;
    }
    return last + 1;
}

/* When the title has no year: the first "2023年" near the start. */
static int year_near_start(const doc *dc)
{
    for (int i = 0; i < YEAR_SEARCH && i < dc->nlines; i++) {
        const char *s = first_text(&dc->lines[i]);
        for (const char *p = strstr(s, "年"); p; p = strstr(p + 1, "年")) {
            size_t at;
            const char *from = p - s >= 5 ? p - 5 : s;
            char tmp[16];
            size_t n = (size_t)(p - from) + 3 < sizeof tmp ? (size_t)(p - from) + 3 : 0;
            if (!n) continue;
            memcpy(tmp, from, n);
            tmp[n] = '\0';
            int year = find_year(tmp, &at);
            if (year) return year;
        }
    }
    return 0;
}

/* A note such as 注：空白单元格表示数值为0. */
static bool says_blank_is_zero(const doc *dc)
{
    for (int i = 0; i < dc->nlines; i++) {
        const doc_line *l = &dc->lines[i];
        for (int c = 0; c < l->ncells; c++) {
            const char *p = strstr(l->cells[c], "空白");
            if (!p) continue;
            size_t n = strnlen(p, 90);
            for (size_t k = 6; k < n; k++)
                if (p[k] == '0' || strncmp(p + k, "零", 3) == 0) return true;
        }
    }
    return false;
}

/* Lines of part n: after its heading, up to the next heading found. */
static line_range part_lines(const doc *dc, const int heads[PARTS], int n, int start)
{
    line_range span = { start, dc->nlines };
    for (int k = n; k >= 1; k--)
        if (heads[k] >= 0) {
            span.from = heads[k] + 1;
            break;
        }
    for (int k = n + 1; k < PARTS; k++)
        if (heads[k] >= 0) {
            span.to = heads[k];
            break;
        }
    return span;
}

record *extract_record(const doc *dc, diag *d)
{
    record *r = record_new(dc->path);
    r->form = arena_strdup(r->mem, dc->form);
    if (dc->charset) r->charset = arena_strdup(r->mem, dc->charset);

    int heads[PARTS];
    find_headings(dc, heads);
    int first_head = -1;
    for (int n = 1; n < PARTS && first_head < 0; n++) first_head = heads[n];
    int limit = first_head >= 0 ? first_head : TITLE_SEARCH;
    int title = find_title(r, dc, limit);
    int start = after_titles(dc, title, limit);
    if (!r->year) r->year = year_near_start(dc);
    r->blank_means_zero = says_blank_is_zero(dc);

    int found = table_read_active(r, dc, part_lines(dc, heads, 2, start));
    found += table_read_requests(r, dc, part_lines(dc, heads, 3, start));
    if (heads[4] >= 0) found += table_read_appeals(r, dc, part_lines(dc, heads, 4, start));
    if (!found && (!r->title || first_head < 0)) {
        if (!r->title)
            diag_error(d, dc->path, 0, "not an annual report: no title and no statistical table");
        else
            diag_error(d, dc->path, 0, "not an annual report: a title, but no statistical table "
                       "and no numbered part (一、总体情况 …)");
        record_free(r);
        return NULL;
    }

    part parts[PARTS] = { { 0, -1, { start, first_head >= 0 ? first_head : dc->nlines }, false } };
    int nparts = 1;
    for (int n = 1; n < PARTS; n++)
        if (heads[n] >= 0)
            parts[nparts++] = (part){ n, heads[n], part_lines(dc, heads, n, start), n >= 2 && n <= 4 };
    sections_add(r, dc, parts, nparts);
    return r;
}
