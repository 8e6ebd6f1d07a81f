/*
 * extract.c: the shape of a report, and the record it fills.
 *
 * The order is fixed by the format, so the parts are found first: each
 * numbered heading (一、总体情况 … 六、其他需要报告的事项) is a line that
 * starts with its Chinese numeral and whose words are close to the
 * heading's (or to one of the variants agencies write, such as 四、因政府
 * 信息公开工作被申请行政复议、提起行政诉讼情况), accepted only in
 * increasing order (table 三 has rows numbered 一、 to 四、 too, but their
 * words differ).  Parts 二, 三 and 四 are where tables 二, 三 and 四 are
 * looked for, which keeps a table label from ever matching a line of
 * another table or of prose.
 *
 * The title is the first line before the parts that says 报告 (or 年报)
 * and is not a sentence, one with a year preferred.  The agency is read,
 * in this order, from the title (what precedes the year, or follows a
 * leading year up to 政府信息公开; the line above when the title names
 * none), from the page's 发布机构, and from the first sentence of the
 * preamble or part 一 that names the report's author: "现公布X2024年政府
 * 信息公开工作年度报告", "X特此编制2024年度…报告", "汇总2024年X的…报告",
 * "本报告由X按照…", "结合X政府信息公开工作实际，现编制…年度报告".  Whatever is taken must look
 * like an agency's name (no sentence punctuation, an agency's ending, not
 * 我局 or 本机关); otherwise the agency stays unknown.
 */
#include "record/extract.h"

#include <string.h>

#include "base/buf.h"
#include "record/labels.h"
#include "record/sections.h"
#include "record/table_rows.h"

enum { PARTS = 7, TITLE_SEARCH = 12, YEAR_SEARCH = 40, AGENCY_MAX = 40, TITLE_MAX = 80,
       HEADING_VARIANTS = 2, PROSE_SEARCH = 40 };

/* Each part's heading, and the variant real reports write ("" for none). */
static const char *const heading_keys[PARTS][HEADING_VARIANTS] = {
    { "", "" },
    { "总体情况", "" },
    { "主动公开政府信息情况", "" },
    { "收到和处理政府信息公开申请情况", "" },
    { "政府信息公开行政复议行政诉讼情况", "因政府信息公开工作被申请行政复议提起行政诉讼情况" },
    { "存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况" },
    { "其他需要报告的事项", "" },
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

/* The words after "N、" are (the start of) heading n, or of its variant. */
static bool names_heading(const char *rest, int n)
{
    for (int v = 0; v < HEADING_VARIANTS; v++) {
        const char *k = heading_keys[n][v];
        if (!k[0]) continue;
        label key, words;
        label_clean(&key, k, strlen(k));
        size_t len = strlen(rest), cap = (size_t)(key.n + 4) * 3;
        label_clean(&words, rest, len < cap ? len : cap);
        if (words.n > key.n + 2) words.n = key.n + 2;
        if (words.n > 0 && label_recall(&words, &key) >= 0.75) return true;
    }
    return false;
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

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int cp_count(const char *s)
{
    int n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/* A sentence of prose, never a title: it has a sentence's punctuation or
 * opens the way the first sentence of a report does. */
static bool is_sentence(const char *s)
{
    static const char *const openers[] = { "根据", "按照", "依据", "为", "本报告", "本年度报告",
                                           "本年报", "现将" };
    if (strstr(s, "。") || strchr(s, ',') || strchr(s, ';') || cp_count(s) > TITLE_MAX) return true;
    for (size_t i = 0; i < sizeof openers / sizeof openers[0]; i++)
        if (starts_with(s, openers[i])) return true;
    return false;
}

static bool is_title(const char *s)
{
    return (strstr(s, "报告") || strstr(s, "年报")) &&
           (strstr(s, "信息公开") || strstr(s, "年度") || strstr(s, "政务公开")) && !is_sentence(s);
}

/* A page's <title> adds the site's name after the report's: "…报告_某某政府". */
static void cut_after_report(char *title)
{
    char *last = NULL;
    for (char *p = strstr(title, "报告"); p; p = strstr(p + 1, "报告")) last = p;
    if (last) last[strlen("报告")] = '\0';
}

/* Where the last code point of s starts (s itself for ""). */
static const char *last_char(const char *s)
{
    size_t n = strlen(s);
    if (!n) return s;
    const char *p = s + n - 1;
    while (p > s && ((unsigned char)*p & 0xC0) == 0x80) p--;
    return p;
}

/* Text that could be an agency's name: short, with none of a sentence's
 * punctuation.  (What the name holds otherwise is the report's business:
 * markup in it is escaped where it is shown.) */
static bool looks_like_name(const char *s)
{
    int n = cp_count(s);
    if (n < 2 || n > AGENCY_MAX) return false;
    static const char *const bad[] = { "。", "、", "“", "”", "《", "》", ":", ",", ";", "!", "?",
                                       "\"" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (strstr(s, bad[i])) return false;
    return true;
}

static bool has_digit(const char *s)
{
    for (; *s; s++)
        if (is_digit(*s)) return true;
    return false;
}

/* A name as prose writes it: an agency's ending, a place before the
 * level word (县统计局 names no county), and not 我局, 本机关, 该局. */
static bool is_agency_name(const char *s)
{
    static const char *const endings[] = { "局", "委", "会", "办", "室", "府", "处", "道", "心",
                                           "厅", "院", "署", "镇", "乡", "区", "县", "市", "旗",
                                           "所", "站", "馆", "队", "部" };
    static const char *const not_first[] = { "我", "本", "该", "各", "全", "贵", "其", "此", "省",
                                             "市", "县", "区", "州", "镇", "乡" };
    if (!looks_like_name(s) || has_digit(s) || strchr(s, '>') || cp_count(s) < 3) return false;
    for (size_t i = 0; i < sizeof not_first / sizeof not_first[0]; i++)
        if (starts_with(s, not_first[i])) return false;
    const char *end = last_char(s);
    for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++)
        if (strcmp(end, endings[i]) == 0) return true;
    return false;
}

/* Where the words naming the report's subject start: 政府信息公开,
 * 政务公开, 信息公开 or, failing those, 年度报告 / 年报 / 报告. */
static const char *subject_at(const char *s)
{
    static const char *const keys[] = { "政府信息公开", "政务公开", "信息公开", "工作年度报告",
                                        "年度报告", "年报", "工作报告", "报告" };
    const char *best = NULL;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *p = strstr(s, keys[i]);
        if (p && (!best || p < best)) best = p;
        if (best && i == 2) break;  /* the three subjects first, then the rest */
    }
    return best;
}

/* Past the year at s: "2023年", "二〇二三年度". */
static const char *past_year(const char *s)
{
    int k;
    while (is_digit(*s) || year_digit(s, &k) >= 0) s += is_digit(*s) ? 1 : k;
    if (starts_with(s, "年")) s += strlen("年");
    if (starts_with(s, "度")) s += strlen("度");
    return s;
}

/* The agency a (squeezed) title names, or "" for none; its year in *year. */
static char *title_agency(arena *a, const char *line, int *year)
{
    size_t at = 0;
    *year = find_year(line, &at);
    const char *subject = subject_at(line);
    char *agency;
    if (*year && at > 0) {
        size_t end = subject && (size_t)(subject - line) < at ? (size_t)(subject - line) : at;
        agency = arena_strndup(a, line, end);
    } else if (*year) {
        const char *from = past_year(line + at), *to = subject_at(from);
        agency = arena_strndup(a, from, to ? (size_t)(to - from) : 0);
    } else {
        agency = arena_strndup(a, line, subject ? (size_t)(subject - line) : 0);
    }
    char *about = strstr(agency, "关于");
    if (about) *about = '\0';
    strip_suffix(agency, "的");
    if (!looks_like_name(agency)) agency[0] = '\0';
    return agency;
}

/* The line above a title that names no agency, when it is one. */
static bool names_agency_above(const char *prev)
{
    return cp_count(prev) <= AGENCY_MAX && !strstr(prev, "。") && !strstr(prev, "网") &&
           !strstr(prev, "首页") && !is_title(prev);
}

/* The title line among lines [0, limit): the first one with a year that
 * names an agency, else the first with a year, else the first; -1 when
 * there is none.  (A page may print the title without its agency first,
 * in its <title>, then whole.) */
static int title_line(record *r, const doc *dc, int limit)
{
    int first = -1, dated = -1;
    for (int i = 0; i < limit && i < dc->nlines; i++) {
        const char *text = lone_text(&dc->lines[i]);
        if (!text) continue;
        char *line = squeeze(r->mem, text);
        if (!is_title(line)) continue;
        int year;
        size_t at;
        if (find_year(line, &at) && title_agency(r->mem, line, &year)[0]) return i;
        if (dated < 0 && find_year(line, &at)) dated = i;
        if (first < 0) first = i;
    }
    return dated >= 0 ? dated : first;
}

/* The title among lines [0, limit): sets title, agency, year; its index or -1. */
static int find_title(record *r, const doc *dc, int limit)
{
    int i = title_line(r, dc, limit);
    if (i < 0) return -1;
    char *line = squeeze(r->mem, lone_text(&dc->lines[i]));
    char *agency = title_agency(r->mem, line, &r->year);
    char *above = NULL;
    const char *above_text = i > 0 ? lone_text(&dc->lines[i - 1]) : NULL;
    if (!agency[0] && above_text) {
        char *prev = squeeze(r->mem, above_text);
        if (names_agency_above(prev)) {
            size_t year_at;
            int year = find_year(prev, &year_at);
            char *name = year ? arena_strndup(r->mem, prev, year_at) : prev;
            if (looks_like_name(name)) {
                above = prev;
                agency = name;
                if (!r->year) r->year = year;
            }
        }
    }
    r->agency = agency[0] ? agency : NULL;
    char *title = above ? arena_printf(r->mem, "%s%s", above, line) : line;
    cut_after_report(title);
    r->title = title;
    return i;
}

/* ---- the agency named in prose ---- */

/* Characters that end a clause, where a name written in prose starts. */
static bool is_clause_mark(const char *p)
{
    static const char *const marks[] = { "。", ",", "、", ";", ":", "《", "》", "“", "”", "\"", "(",
                                         ")", "<", ">", "〈", "〉", " ", "【", "】", "!", "?" };
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (starts_with(p, marks[i])) return true;
    return false;
}

/* The words before a name in prose: 现公布X…, 特编制X…, 现发布《X…》. */
static const char *past_verbs(const char *s)
{
    static const char *const verbs[] = { "特向社会公布", "现向社会公布", "向社会公布", "现予以公布",
                                         "现予公布", "现公布", "特公布", "现发布", "特发布", "现将",
                                         "特编制", "现编制", "编制发布", "编制", "公布", "发布",
                                         "现印发", "印发", "形成", "制定" };
    for (bool again = true; again;) {
        again = false;
        for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
            if (starts_with(s, verbs[i])) {
                s += strlen(verbs[i]);
                again = true;
                break;
            }
    }
    return s;
}

/* Where the clause holding p starts, within line. */
static const char *clause_start(const char *line, const char *p)
{
    while (p > line) {
        const char *q = p - 1;
        while (q > line && ((unsigned char)*q & 0xC0) == 0x80) q--;
        if (is_clause_mark(q)) break;
        p = q;
    }
    return p;
}

/* The end of s[0..n) without the verb that follows a name in prose
 * ("兴华镇人民政府特此编制"). */
static size_t before_verbs(const char *s, size_t n)
{
    static const char *const verbs[] = { "特此编制", "现编制", "编制", "特此公布", "现公布", "公布",
                                         "发布", "现将", "特此", "印发", "制定" };
    for (bool again = true; again;) {
        again = false;
        for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
            size_t k = strlen(verbs[i]);
            if (n > k && memcmp(s + n - k, verbs[i], k) == 0) {
                n -= k;
                again = true;
                break;
            }
        }
    }
    return n;
}

/* s[0..n) as a name, past the words around it; NULL when it is none. */
static char *name_in(arena *a, const char *s, size_t n)
{
    const char *from = past_verbs(s);
    if (from > s + n) return NULL;
    n -= (size_t)(from - s);
    char *name = arena_strndup(a, from, before_verbs(from, n));
    return is_agency_name(name) ? name : NULL;
}

/* A 4-digit year followed by 年 at p. */
static bool year_at(const char *line, const char *p)
{
    return is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) &&
           !is_digit(p[4]) && !(p > line && is_digit(p[-1])) &&
           starts_with(p + 4 + (p[4] == ' '), "年");
}

/* The report's own title runs from the year at p: "2024年(X的)政府信息
 * 公开工作年度报告", with no clause mark before its 报告 (which it returns). */
static const char *report_title_from(const char *p)
{
    const char *q = p;
    while (*q && !starts_with(q, "报告")) {
        if (q > p + 4 && is_clause_mark(q)) return NULL;
        q++;
    }
    if (!*q) return NULL;
    char span[512];
    size_t n = (size_t)(q - p) < sizeof span - 1 ? (size_t)(q - p) : sizeof span - 1;
    memcpy(span, p, n);
    span[n] = '\0';
    return strstr(span, "信息公开") || strstr(span, "政务公开") ? q : NULL;
}

/* "X2024年…报告" or "2024年X的…报告", the report's own title in a
 * sentence: X, when it is a name. */
static char *named_beside_year(arena *a, const char *line)
{
    for (const char *p = line; *p; p++) {
        if (!year_at(line, p)) continue;
        const char *report = report_title_from(p);
        if (!report) continue;
        const char *from = clause_start(line, p);
        char *name = name_in(a, from, (size_t)(p - from));
        if (name) return name;
        const char *after = past_year(p + 4 + (p[4] == ' ')), *to = subject_at(after);
        const char *of = strstr(after, "的");
        if (of && (!to || of < to)) to = of;
        if (to && to < report && (name = name_in(a, after, (size_t)(to - after)))) return name;
    }
    return NULL;
}

/* "结合X政府信息公开工作实际，现编制…年度报告": X, in a sentence that
 * says it makes this report. */
static char *named_for_work(arena *a, const char *line)
{
    static const char *const leads[] = { "结合", "根据", "按照", "对" };
    for (const char *work = strstr(line, "政府信息公开工作"); work;
         work = strstr(work + 1, "政府信息公开工作")) {
        const char *stop = strstr(work, "。"), *report = strstr(work, "年度报告");
        if (!report || (stop && stop < report)) return NULL;
        const char *from = clause_start(line, work);
        for (size_t i = 0; i < sizeof leads / sizeof leads[0]; i++)
            if (starts_with(from, leads[i])) from += strlen(leads[i]);
        char *name = from < work ? name_in(a, from, (size_t)(work - from)) : NULL;
        if (name) return name;
    }
    return NULL;
}

/* "本报告由X按照…编制": X, when it is a name. */
static char *named_as_author(arena *a, const char *line)
{
    static const char *const ends[] = { "按照", "根据", "依据", "结合", "编制", "制作", "负责" };
    const char *p = strstr(line, "本报告由");
    if (!p) return NULL;
    p += strlen("本报告由");
    const char *end = NULL;
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        const char *e = strstr(p, ends[i]);
        if (e && (!end || e < end)) end = e;
    }
    if (!end) return NULL;
    char *name = arena_strndup(a, p, (size_t)(end - p));
    return is_agency_name(name) ? name : NULL;
}

/* The first sentence among lines [0, to) that names the report's author. */
static char *agency_in_prose(arena *a, const doc *dc, int to)
{
    for (int i = 0; i < to && i < PROSE_SEARCH && i < dc->nlines; i++) {
        const char *text = lone_text(&dc->lines[i]);
        if (!text) continue;
        char *name = named_as_author(a, text);
        if (!name) name = named_beside_year(a, text);
        if (!name) name = named_for_work(a, text);
        if (name) return name;
    }
    return NULL;
}

/* Where the text after the title starts: past any repeat of the title
 * (a short line ending in 报告, or a piece of the title that a page broke
 * over lines) before the first part; a web page has it in <title> and in
 * <h1>. */
static int after_titles(record *r, const doc *dc, int title, int limit)
{
    int last = title;
    for (int i = title + 1; title >= 0 && i < limit && i < dc->nlines; i++) {
        const char *s = lone_text(&dc->lines[i]);
        size_t n = s ? strlen(s) : 0;
        if (s && is_title(s) && cp_count(s) <= TITLE_MAX && n > 6 &&
            strcmp(s + n - 6, "报告") == 0)
            last = i;
        else if (s && r->title && n >= 6 && strstr(r->title, squeeze(r->mem, s)))
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

/* A note such as 注：空白单元格表示数值为0, in the words offices use for
 * a blank cell (空白, 空格, 未填, 空缺) followed closely by 0 or 零:
 * 说明：表中空格表示数值为零. */
static bool says_blank_is_zero(const doc *dc)
{
    static const char *const blank[] = { "空白", "空格", "未填", "空缺" };
    for (int i = 0; i < dc->nlines; i++) {
        const doc_line *l = &dc->lines[i];
        for (int c = 0; c < l->ncells; c++)
            for (size_t w = 0; w < sizeof blank / sizeof blank[0]; w++) {
                const char *p = strstr(l->cells[c], blank[w]);
                if (!p) continue;
                size_t n = strnlen(p, 90);
                for (size_t k = 6; k < n; k++)
                    if (p[k] == '0' || strncmp(p + k, "零", 3) == 0) return true;
            }
    }
    return false;
}

/* A preamble before the first part that says what follows is this
 * report under the 政府信息公开条例 (a page may leave its title behind);
 * with SENTENCE, only a line of prose counts, never the title itself. */
static bool introduces_report(const doc *dc, int before, bool sentence)
{
    static const char *const self[] = { "本报告", "本年度报告", "本年报", "工作年度报告" };
    for (int i = 0; i < before && i < dc->nlines; i++) {
        const char *s = lone_text(&dc->lines[i]);
        if (!s || !strstr(s, "政府信息公开")) continue;
        if (sentence && !strstr(s, "，") && !strstr(s, "。")) continue;   /* the title itself */
        for (size_t k = 0; k < sizeof self / sizeof self[0]; k++)
            if (strstr(s, self[k])) return true;
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
    int start = after_titles(r, dc, title, limit);
    if (!r->year) r->year = year_near_start(dc);
    if (dc->published_on) r->published_on = arena_strdup(r->mem, dc->published_on);
    if (!r->agency && dc->publisher && looks_like_name(dc->publisher))
        r->agency = arena_strdup(r->mem, dc->publisher);
    if (!r->agency) r->agency = agency_in_prose(r->mem, dc, heads[2] >= 0 ? heads[2] : dc->nlines);
    r->blank_means_zero = says_blank_is_zero(dc);

    int found = table_read_active(r, dc, part_lines(dc, heads, 2, start));
    found += table_read_requests(r, dc, part_lines(dc, heads, 3, start));
    if (heads[4] >= 0) found += table_read_appeals(r, dc, part_lines(dc, heads, 4, start));
    int nheads = 0;
    for (int n = 1; n < PARTS; n++) nheads += heads[n] >= 0;
    int before = first_head >= 0 ? first_head : TITLE_SEARCH;
    if (!found && !r->title && nheads < 2 && !introduces_report(dc, before, false)) {
        diag_error(d, dc->path, 0, "not an annual report: no title and no statistical table");
        record_free(r);
        return NULL;
    }
    if (!found && nheads == 0 && !introduces_report(dc, before, true)) {
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
