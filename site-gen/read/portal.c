/*
 * portal.c: the page around a report copied off a portal, and its pipe tables.
 *
 * Chrome is told by its words, never by its place: a line made only of
 * the words of a site's bars and links (无障碍 关怀版 长者模式 字号 大 中 小
 * 打印本页 关闭窗口 …, also when normalising has joined them into one
 * run), a breadcrumb (当前位置 …, 首页 > …), a footer (版权所有, ICP备 …),
 * a lone date, the site's name on its own (…人民政府门户网).  Metadata lines start with one of the
 * keys portals print above an article (索引号, 发布机构, 发文日期, 来源: …);
 * a short key counts only with a ':' or '|' after it, so prose that starts
 * with the same word stays prose.
 *
 * Pipe tables come two ways.  Either a row per line ("规章 | 0 | 0 | 0 |",
 * with or without the leading '|'), or a cell per line: "规章 |" lines, or
 * cell lines with "|" lines between them, where a line of pipes alone is
 * one empty cell per pipe after the first separator.  A run where some line
 * holds two cells is read a row per line; otherwise the run is read as one
 * stream of cells, and a row ends where a label follows the row's values
 * or blanks, where a numbered label starts ("（一）予以公开" after "三、本
 * 年度办理结果"), and after a part heading ("三、收到和处理…") that a label
 * follows.  Either way a cell left empty is a blank cell of the table, not
 * the rest of a merged one: portal copies put a spanning cell's padding at
 * the end of its row, so the extractor may drop trailing empties, never
 * shift values.
 */
#include "read/portal.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

enum { MAX_CELLS = 256 };

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Past spaces, bullets and a leading pipe. */
static const char *skip_lead(const char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '|') s++;
        else if (starts(s, "•") || starts(s, "●") || starts(s, "◆")) s += 3;
        else if (starts(s, "·")) s += 2;
        else return s;
    }
}

const char *portal_skip_page_mark(const char *text)
{
    if (strncmp(text, "Page", 4) != 0) return text;
    const char *p = text + 4;
    if (*p == ' ') p++;
    const char *d = p;
    while (*p >= '0' && *p <= '9') p++;
    if (p == d || *p != '-') return text;
    p++;
    while (*p == ' ') p++;
    return p;
}

/* ---- chrome ---- */

static const char *const chrome_words[] = {
    "无障碍", "无障碍浏览", "无障碍阅读", "关怀版", "长者模式", "长者专版", "长者版", "适老化",
    "适老化模式", "打开适老化模式", "关闭适老化模式", "老年模式", "读屏", "设为首页", "加入收藏",
    "收藏", "繁体", "简体", "繁體", "繁体版", "简体版", "English", "登录", "注册", "网站地图",
    "联系我们", "返回顶部", "打印", "打印本页", "打印此页", "打印文章", "关闭", "关闭窗口",
    "关闭本页", "分享", "分享到", "字号", "字体", "字体大小", "放大字体", "缩小字体", "今天是",
    "扫一扫在手机打开当前页", "扫一扫在手机打开当前页面", "用微信扫描二维码分享至好友和朋友圈",
    "扫描二维码", "点击查看解读", "点击收听年报语音朗读", "语音朗读", "在线朗读", "我要纠错",
    "访问量", "浏览量", "浏览次数", "访问次数",
};
/* Words that are chrome only beside one of the above (字号 大 中 小). */
static const char *const weak_words[] = { "大", "中", "小", "默认", "标准", "A", "A+", "A-" };

static const char *const crumb_starts[] = {
    "当前位置", "您当前所在位置", "您当前的位置", "您现在的位置", "您现在所在的位置", "您的位置",
    "当前页面", "所在位置", "位置:", ">", "»",
};

/* Anywhere in a line, these say it is the footer; prose never has them. */
static const char *const footer_words[] = {
    "版权所有", "ICP备", "公网安备", "网站标识码", "网站识别码", "Copyright",
};
/* These only as the line's first word, before a ':'. */
static const char *const footer_keys[] = { "主办单位", "承办单位", "协办单位", "技术支持",
                                           "网站维护" };

/* The byte length of a separator at s between chrome words, 0 if none. */
static int separator(const char *s)
{
    static const char *const seps[] = { " ", "|", ":", "[", "]", "(", ")", "/", ">", "【", "】",
                                        "丨", "•", "·" };
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
        if (starts(s, seps[i])) return (int)strlen(seps[i]);
    return 0;
}

enum { WORD_MAX = 256 };

/* The length of the chrome word at w (at most n bytes) that is longest,
 * 0 if none; *strong says whether it is one of the strong ones. */
static size_t word_at(const char *w, size_t n, size_t from, bool *strong)
{
    size_t best = 0;
    for (size_t i = 0; i < sizeof chrome_words / sizeof chrome_words[0]; i++) {
        size_t k = strlen(chrome_words[i]);
        if (k > best && k <= n - from && memcmp(w + from, chrome_words[i], k) == 0) best = k;
    }
    *strong = best > 0;
    for (size_t i = 0; !best && i < sizeof weak_words / sizeof weak_words[0]; i++) {
        size_t k = strlen(weak_words[i]);
        if (k <= n - from && memcmp(w + from, weak_words[i], k) == 0) best = k;
    }
    return best;
}

/* w[0..n) is chrome words written together ("打印本页关闭窗口", "大中小",
 * as normalising joins them): a greedy cut into known words, longest
 * first.  *strong is set when one of them is a strong word. */
static bool chrome_run(const char *w, size_t n, bool *strong)
{
    if (n > WORD_MAX) return false;
    for (size_t at = 0; at < n;) {
        bool is_strong;
        size_t k = word_at(w, n, at, &is_strong);
        if (!k) return false;
        *strong = *strong || is_strong;
        at += k;
    }
    return true;
}

/* Every word of the line is a chrome word, and one of them is a strong one. */
static bool all_chrome_words(const char *s)
{
    bool strong = false;
    while (*s) {
        int k = separator(s);
        if (k) { s += k; continue; }
        const char *w = s;
        while (*s && !separator(s)) s++;
        if (!chrome_run(w, (size_t)(s - w), &strong)) return false;
    }
    return strong;
}

static bool is_crumb(const char *s)
{
    for (size_t i = 0; i < sizeof crumb_starts / sizeof crumb_starts[0]; i++)
        if (starts(s, crumb_starts[i])) return true;
    const char *home = strstr(s, "首页");
    return home && (strstr(home, ">") || strstr(home, "»"));
}

static bool digits(const char **p, int min, int max)
{
    int n = 0;
    while (**p >= '0' && **p <= '9' && n < max) (*p)++, n++;
    return n >= min;
}

/* "2025-02-10", "2025-02-10 15:59", "2025/2/10 15:59:08" alone. */
static bool is_lone_date(const char *s)
{
    if (!digits(&s, 4, 4) || (*s != '-' && *s != '/' && *s != '.')) return false;
    char sep = *s++;
    if (!digits(&s, 1, 2) || *s++ != sep || !digits(&s, 1, 2)) return false;
    if (*s == ' ') {
        s++;
        if (!digits(&s, 1, 2) || *s++ != ':' || !digits(&s, 2, 2)) return false;
        if (*s == ':' && (s++, !digits(&s, 2, 2))) return false;
    }
    return *s == '\0';
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* "宣威市人民政府门户网": a site's name on a line of its own. */
static bool is_site_name(const char *s)
{
    size_t n = strlen(s);
    if (n > 20 * 3 || strchr(s, ' ') || !(strstr(s, "政府") || strstr(s, "门户"))) return false;
    return ends_with(s, "门户网") || ends_with(s, "门户网站") || ends_with(s, "政府网") ||
           ends_with(s, "政府网站");
}

bool portal_is_chrome(const char *text)
{
    const char *s = skip_lead(text);
    if (!*s) return false;
    if (is_crumb(s) || is_lone_date(s) || is_site_name(s) || all_chrome_words(s)) return true;
    for (size_t i = 0; i < sizeof footer_words / sizeof footer_words[0]; i++)
        if (strstr(s, footer_words[i])) return true;
    for (size_t i = 0; i < sizeof footer_keys / sizeof footer_keys[0]; i++)
        if (starts(s, footer_keys[i]) && s[strlen(footer_keys[i])] == ':') return true;
    return false;
}

/* ---- metadata ---- */

/* Keys that open a metadata line whatever follows them. */
static const char *const meta_keys[] = {
    "索引号", "发布机构", "发布单位", "发文机关", "发文日期", "生成日期", "成文日期", "公文生成日期",
    "主题分类", "组配分类", "体裁分类", "服务对象分类", "发文字号", "公开方式", "公开形式",
    "公开日期", "公开范围", "发布日期", "发布时间", "更新时间", "更新日期", "信息来源", "文章来源",
    "归档时间", "归档日期", "责任部门", "有效性", "是否有效", "登记号", "内容概述", "所属机构",
    "统一编号", "备注/文号",
};
/* Keys that do only with a ':' or '|' after them (or a date). */
static const char *const short_keys[] = {
    "时间", "来源", "作者", "文号", "标题", "分类", "关键词", "关键字", "主题词", "时效", "备注",
    "日期", "编号", "点击", "浏览", "阅读",
};

bool portal_is_metadata(const char *text)
{
    const char *s = skip_lead(text);
    for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++)
        if (starts(s, meta_keys[i])) return true;
    for (size_t i = 0; i < sizeof short_keys / sizeof short_keys[0]; i++) {
        if (!starts(s, short_keys[i])) continue;
        const char *p = s + strlen(short_keys[i]);
        while (*p == ' ') p++;
        if (*p == ':' || *p == '|' || (*p >= '0' && *p <= '9') || !*p) return true;
    }
    return false;
}

static bool is_cjk_at(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    return c >= 0xE3 && c <= 0xE9;     /* U+3000..U+9FFF in UTF-8 */
}

const char *portal_publisher(arena *a, const char *text)
{
    const char *p = strstr(text, "发布机构");
    if (!p) p = strstr(text, "发布单位");
    if (!p) return NULL;
    p += strlen("发布机构");
    while (*p == ' ' || *p == ':' || *p == '|') p++;
    const char *v = p;
    int cps = 0;
    while (*p && *p != ' ' && *p != '|') {
        if (*p == '(' || *p == ')') p++;
        else if (is_cjk_at(p)) p += 3;
        else return NULL;
        cps++;
    }
    if (cps < 2 || cps > 40) return NULL;
    char *value = arena_strndup(a, v, (size_t)(p - v));
    return portal_is_metadata(value) ? NULL : value;
}

/* The date at P, written 2024-01-15, 2024/1/15, 2024.01.15 or
 * 2024年1月15日, as "2024-01-15" in OUT; false when there is none. */
static bool date_at(const char *p, char out[11])
{
    int y = 0, m = 0, d = 0, n = 0;
    while (*p >= '0' && *p <= '9' && n < 4) y = y * 10 + (*p++ - '0'), n++;
    if (n != 4) return false;
    const char *sep[] = { "-", "/", ".", "年" };
    size_t k = 0;
    for (size_t i = 0; i < 4 && !k; i++)
        if (strncmp(p, sep[i], strlen(sep[i])) == 0) k = strlen(sep[i]);
    if (!k) return false;
    p += k;
    for (n = 0; *p >= '0' && *p <= '9' && n < 2; n++) m = m * 10 + (*p++ - '0');
    if (!n) return false;
    if (strncmp(p, "月", 3) == 0) p += 3;
    else if (*p == '-' || *p == '/' || *p == '.') p++;
    else return false;
    for (n = 0; *p >= '0' && *p <= '9' && n < 2; n++) d = d * 10 + (*p++ - '0');
    if (!n || y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return false;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return true;
}

const char *portal_published_on(arena *a, const char *text)
{
    static const char *const keys[] = { "发布日期", "发文日期", "发布时间" };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *p = strstr(text, keys[i]);
        if (!p) continue;
        p += strlen(keys[i]);
        while (*p == ' ' || *p == ':' || *p == '|') p++;
        char date[11];
        if (date_at(p, date)) return arena_strdup(a, date);
    }
    return NULL;
}

/* ---- pipe tables ---- */

pipe_kind portal_pipe_kind(const char *text)
{
    const char *first = NULL, *last = NULL;
    int pipes = 0;
    bool other = false;
    for (const char *p = text; *p; p++) {
        if (*p == ' ') continue;
        if (!first) first = p;
        last = p;
        if (*p == '|') pipes++;
        else other = true;
    }
    if (!pipes) return PIPE_NONE;
    if (!other) return PIPE_ONLY;
    return *first == '|' || *last == '|' || pipes >= 2 ? PIPE_CELLS : PIPE_NONE;
}

/* The cells of one row line: one leading and one trailing pipe are the
 * row's edges, the rest separate cells. */
static int split_row(arena *a, const char *text, const char **cells)
{
    const char *s = text, *e = text + strlen(text);
    while (s < e && *s == ' ') s++;
    while (e > s && e[-1] == ' ') e--;
    if (s < e && *s == '|') s++;
    if (e > s && e[-1] == '|') e--;
    int n = 0;
    while (n < MAX_CELLS) {
        const char *bar = memchr(s, '|', (size_t)(e - s));
        const char *ce = bar ? bar : e;
        cells[n++] = normalize_cell(a, s, (size_t)(ce - s));
        if (!bar) break;
        s = bar + 1;
    }
    return n;
}

static int filled_cells(arena *a, const char *text)
{
    const char *cells[MAX_CELLS];
    int n = split_row(a, text, cells), filled = 0;
    for (int i = 0; i < n; i++) filled += cells[i][0] != '\0';
    return filled;
}

static void add_row(doc *dc, int line, const char *const *cells, int n)
{
    for (int i = 0; i < n; i++)
        if (cells[i][0]) {
            doc_line *l = doc_add_line(dc, line, true, cells, n);
            l->exact_cells = true;
            return;
        }
}

/* ---- a stream of cells cut into rows ---- */

static bool is_value(const char *s)
{
    const char *p = s;
    while ((*p >= '0' && *p <= '9') || (*p == ',' && p > s)) p++;
    if (p == s) return false;
    if (*p == '.' && p[1] >= '0' && p[1] <= '9')
        for (p++; *p >= '0' && *p <= '9';) p++;
    return *p == '\0';
}

static bool is_blank(const char *s)
{
    for (; *s; s++) {
        if (*s == '-' || *s == '/') continue;
        if (starts(s, "—") || starts(s, "–")) { s += 2; continue; }
        return false;
    }
    return true;
}

static int chinese_numerals(const char *s)
{
    static const char *const digits_cn[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };
    int n = 0;
    for (bool more = true; more;) {
        more = false;
        for (size_t i = 0; i < 10; i++)
            if (starts(s + n, digits_cn[i])) { n += 3; more = true; break; }
    }
    return n;
}

/* "三、收到和处理…": a heading of the report's parts (or table 三's rows). */
static bool is_heading_cell(const char *s)
{
    int n = chinese_numerals(s);
    return n && starts(s + n, "、");
}

/* A label that opens with its numbering: （一） 一、 1. 1、 */
static bool is_numbered(const char *s)
{
    if (*s == '(') {
        int n = chinese_numerals(s + 1);
        const char *p = s + 1 + n;
        if (!n) while (*p >= '0' && *p <= '9') p++;
        return p > s + 1 && *p == ')';
    }
    if (is_heading_cell(s)) return true;
    const char *p = s;
    while (*p >= '0' && *p <= '9') p++;
    return p > s && p - s <= 2 && (*p == '.' || starts(p, "、")) && !(p[1] >= '0' && p[1] <= '9');
}

typedef struct row_cut {
    const char *cells[MAX_CELLS];
    int n, line;
    int texts;          /* label cells so far */
    bool after_values;  /* a value or blank follows the last label */
    bool heading;       /* the row so far is one part heading */
} row_cut;

static void cut_flush(doc *dc, row_cut *r)
{
    add_row(dc, r->line, r->cells, r->n);
    r->n = r->texts = 0;
    r->after_values = r->heading = false;
}

static void cut_take(doc *dc, row_cut *r, const char *cell, int line)
{
    bool text = cell[0] && !is_value(cell) && !is_blank(cell);
    if (text && r->n && (!r->texts || r->after_values || r->heading || is_numbered(cell)))
        cut_flush(dc, r);
    if (r->n == MAX_CELLS) return;
    if (!r->n || (!r->cells[0][0] && cell[0])) r->line = line;
    r->cells[r->n++] = cell;
    if (text) {
        r->heading = !r->texts && is_heading_cell(cell);
        r->texts++;
        r->after_values = false;
    } else if (r->texts) {
        r->after_values = true;
        r->heading = false;
    }
}

static void add_stream(doc *dc, arena *scratch, const pipe_line *lines, int n)
{
    row_cut r = { .n = 0 };
    buf cell = BUF_INIT;
    int cell_line = 0;
    for (int i = 0; i < n; i++) {
        for (const char *p = lines[i].text; *p; p++) {
            if (*p != '|') {
                if (*p != ' ' && !cell_line) cell_line = lines[i].line;
                buf_putc(&cell, *p);
                continue;
            }
            cut_take(dc, &r, normalize_cell(scratch, cell.data, cell.len),
                     cell_line ? cell_line : lines[i].line);
            buf_clear(&cell);
            cell_line = 0;
        }
        buf_putc(&cell, ' ');
    }
    const char *rest = normalize_cell(scratch, cell.data, cell.len);
    if (rest[0]) cut_take(dc, &r, rest, cell_line);
    if (r.n) cut_flush(dc, &r);
    buf_free(&cell);
}

void portal_add_rows(doc *dc, arena *scratch, const pipe_line *lines, int n)
{
    bool by_line = false;
    for (int i = 0; i < n && !by_line; i++) by_line = filled_cells(scratch, lines[i].text) >= 2;
    if (!by_line) {
        add_stream(dc, scratch, lines, n);
        return;
    }
    for (int i = 0; i < n; i++) {
        const char *cells[MAX_CELLS];
        int k = split_row(scratch, lines[i].text, cells);
        add_row(dc, lines[i].line, cells, k);
    }
}
