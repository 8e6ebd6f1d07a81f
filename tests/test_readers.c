/*
 * test_readers.c: the HTML, Markdown, portal-text and Word readers,
 * checked at the level of the doc they produce (cells, spans, line
 * numbers, charsets), before any extraction.  Fixtures come from
 * tests/fixtures/; small inputs that only exercise one behaviour are
 * written inline (for Word, as document.xml zipped in memory with
 * libzip).  Expected line numbers are found by searching the input for
 * the text, never written in.
 */
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "check.h"
#include "read/read.h"

/* ---- helpers -------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *data = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 65536;
            char *p = realloc(data, cap);
            if (!p) { free(data); fclose(f); return NULL; }
            data = p;
        }
        size_t got = fread(data + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) break;
    }
    fclose(f);
    data[n] = '\0';
    *len = n;
    return data;
}

/* UTF-8 to GBK with iconv, as an agency's old CMS would have saved it. */
static char *to_gbk(const char *utf8, size_t *len)
{
    iconv_t cd = iconv_open("GBK", "UTF-8");
    if (cd == (iconv_t)-1) return NULL;
    size_t inleft = strlen(utf8), cap = inleft * 2 + 1, outleft = cap;
    char *out = malloc(cap), *in = (char *)utf8, *o = out;
    if (!out || iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
        free(out);
        iconv_close(cd);
        return NULL;
    }
    iconv_close(cd);
    *len = cap - outleft;
    return out;
}

/* The 1-based line of the first line of `text` holding all of a and b. */
static int source_line(const char *text, const char *a, const char *b)
{
    int line = 1;
    for (const char *s = text; *s; line++) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char *copy = strndup(s, n);
        bool hit = copy && strstr(copy, a) && (!b || strstr(copy, b));
        free(copy);
        if (hit) return line;
        if (!nl) break;
        s = nl + 1;
    }
    return -1;
}

/* The nth (0-based) table line whose cell `col` is `text`. */
static const doc_line *row_where(const doc *d, int col, const char *text, int nth)
{
    for (int i = 0; d && i < d->nlines; i++) {
        const doc_line *l = &d->lines[i];
        if (l->table_row && col < l->ncells && strcmp(l->cells[col], text) == 0 && nth-- == 0)
            return l;
    }
    return NULL;
}

static int rows_where(const doc *d, int col, const char *text)
{
    int n = 0;
    while (row_where(d, col, text, n)) n++;
    return n;
}

/* The first prose line that contains `text`. */
static const doc_line *prose_with(const doc *d, const char *text)
{
    for (int i = 0; d && i < d->nlines; i++) {
        const doc_line *l = &d->lines[i];
        if (!l->table_row && l->ncells == 1 && strstr(l->cells[0], text)) return l;
    }
    return NULL;
}

static bool any_line_with(const doc *d, const char *text)
{
    for (int i = 0; d && i < d->nlines; i++)
        for (int j = 0; j < d->lines[i].ncells; j++)
            if (strstr(d->lines[i].cells[j], text)) return true;
    return false;
}

static const char *cell(const doc_line *l, int i)
{
    return l && i < l->ncells ? l->cells[i] : "(none)";
}

static bool cells_are(const doc_line *l, int ncells, const char *const *want)
{
    if (!l || l->ncells != ncells) return false;
    for (int i = 0; i < ncells; i++)
        if (strcmp(l->cells[i], want[i]) != 0) return false;
    return true;
}

static doc *html_file(const char *path, char **text, diag *d)
{
    size_t len = 0;
    *text = slurp(path, &len);
    check(*text != NULL, "%s can be read", path);
    return *text ? read_html(path, *text, len, d) : NULL;
}

static doc *html_string(const char *html, diag *d)
{
    return read_html("inline.html", html, strlen(html), d);
}

static doc *md_string(const char *md, diag *d)
{
    return read_markdown("inline.md", md, strlen(md), d);
}

/* ---- HTML ----------------------------------------------------------- */

static void test_html_spans(void)
{
    const char *path = "tests/fixtures/html-rowspan.html";
    char *src;
    diag d = {0};
    doc *dc = html_file(path, &src, &d);
    if (!check(dc != NULL, "html-rowspan: read")) { free(src); return; }
    check(strcmp(dc->form, "html") == 0, "html-rowspan: form is html (%s)", dc->form);
    check(dc->charset && strcmp(dc->charset, "UTF-8") == 0, "html-rowspan: charset UTF-8 from <meta charset>");
    check(dc->nlines > 0 && !dc->lines[0].table_row &&
          strstr(dc->lines[0].cells[0], "青铜峡市自然资源局2024年政府信息公开工作年度报告"),
          "html-rowspan: <title> is the first line (%s)", dc->nlines ? dc->lines[0].cells[0] : "");
    int h1_line = source_line(src, "<h1", NULL);
    const doc_line *heading = NULL;
    for (int i = 1; i < dc->nlines; i++)
        if (strcmp(dc->lines[i].cells[0], "青铜峡市自然资源局2024年政府信息公开工作年度报告") == 0)
            heading = &dc->lines[i];
    check(heading && heading->line == h1_line, "html-rowspan: <h1> is a prose line of its own at line %d (got %d)",
          h1_line, heading ? heading->line : -1);
    check(!any_line_with(dc, "统计代码") && !any_line_with(dc, "_hmt") && !any_line_with(dc, "text-indent"),
          "html-rowspan: script and style text is dropped");

    const doc_line *n = row_where(dc, 0, "一、本年新收政府信息公开申请数量", 0);
    check(n && n->ncells == 10, "html-rowspan: 新收 row has 3 label + 7 value cells (%d)", n ? n->ncells : -1);
    check(n && strcmp(cell(n, 1), cell(n, 0)) == 0 && strcmp(cell(n, 2), cell(n, 0)) == 0,
          "html-rowspan: colspan=3 label repeated in each column");
    check(n && strcmp(cell(n, 3), "14") == 0 && strcmp(cell(n, 4), "3") == 0 && strcmp(cell(n, 9), "18") == 0,
          "html-rowspan: 新收 values 14, 3 ... 18 (%s %s %s)", cell(n, 3), cell(n, 4), cell(n, 9));
    int tr_line = source_line(src, "<tr>", "一、本年新收政府信息公开申请数量");
    check(n && n->line == tr_line && n->table_row, "html-rowspan: 新收 row at its <tr> line %d (got %d)",
          tr_line, n ? n->line : -1);

    check(rows_where(dc, 0, "三、本年度办理结果") == 22,
          "html-rowspan: 三、本年度办理结果 (rowspan=22) in 22 rows (%d)", rows_where(dc, 0, "三、本年度办理结果"));
    check(rows_where(dc, 1, "(三)不予公开") == 8, "html-rowspan: (三)不予公开 (rowspan=8) in 8 rows (%d)",
          rows_where(dc, 1, "(三)不予公开"));
    const doc_line *first = row_where(dc, 1, "(三)不予公开", 0), *last = row_where(dc, 1, "(三)不予公开", 7);
    check(first && strcmp(cell(first, 2), "1.属于国家秘密") == 0 && last &&
          strcmp(cell(last, 2), "8.属于行政查询事项") == 0,
          "html-rowspan: spanned rows keep their own item labels (%s .. %s)", cell(first, 2), cell(last, 2));
    const doc_line *third = row_where(dc, 2, "4.保护第三方合法权益", 0);
    static const char *const third_want[] = {"三、本年度办理结果", "(三)不予公开", "4.保护第三方合法权益",
                                             "1", "0", "0", "0", "0", "0", "1"};
    check(cells_are(third, 10, third_want), "html-rowspan: a row under two rowspans lines up in 10 cells");
    const doc_line *granted = row_where(dc, 1, "(一)予以公开", 0);
    check(granted && strcmp(cell(granted, 2), "(一)予以公开") == 0 && strcmp(cell(granted, 3), "6") == 0,
          "html-rowspan: colspan=2 sub-label repeated, values follow (%s, %s)", cell(granted, 2), cell(granted, 3));
    const doc_line *total = row_where(dc, 1, "(七)总计", 0);
    check(total && total->ncells == 10 && strcmp(cell(total, 9), "18") == 0,
          "html-rowspan: (七)总计 row complete (%s)", cell(total, 9));

    /* header rows: 自然人 and 总计 span two rows, the 勾稽 note three */
    const doc_line *h2 = row_where(dc, 3, "自然人", 0), *h3 = row_where(dc, 3, "自然人", 1);
    check(h2 && h3 && strcmp(cell(h2, 9), "总计") == 0 && strcmp(cell(h3, 9), "总计") == 0 &&
          strcmp(cell(h3, 4), "商业企业") == 0 && strncmp(cell(h3, 0), "(本列数据", 13) == 0,
          "html-rowspan: header rows expanded (自然人/总计 rowspan=2, note rowspan=3)");

    static const char *const lic[] = {"行政许可", "312", "312", "312"};
    check(cells_are(row_where(dc, 0, "行政许可", 0), 4, lic), "html-rowspan: 行政许可 value spans 3 columns");

    const doc_line *ap = row_where(dc, 5, "未经复议直接起诉", 0);
    check(ap && ap->ncells == 15 && strcmp(cell(ap, 0), "结果维持") == 0 && strcmp(cell(ap, 10), "复议后起诉") == 0,
          "html-rowspan: table 四 second header row has 15 cells");
    const doc_line *ap3 = ap ? ap + 1 : NULL;
    check(ap3 && ap3->ncells == 15 && strcmp(cell(ap3, 4), "总计") == 0 && strcmp(cell(ap3, 5), "结果维持") == 0,
          "html-rowspan: table 四 third header row gets the rowspan=2 cells first (%s %s)", cell(ap3, 4), cell(ap3, 5));
    const doc_line *ap4 = ap3 ? ap3 + 1 : NULL;
    check(ap4 && ap4->ncells == 15 && strcmp(cell(ap4, 0), "1") == 0 && strcmp(cell(ap4, 9), "1") == 0,
          "html-rowspan: table 四 value row");

    const doc_line *req = prose_with(dc, "依申请公开。2024年共收到政府信息公开申请18件");
    int req_line = source_line(src, "（二）依申请公开", NULL);
    check(req && req->line == req_line, "html-rowspan: prose line at its source line %d (got %d)", req_line,
          req ? req->line : -1);
    const doc_line *footer1 = prose_with(dc, "主办:青铜峡市人民政府办公室");
    const doc_line *footer2 = prose_with(dc, "网站标识码:6403810001");
    check(footer1 && footer2 && footer1 != footer2 && strstr(cell(footer1, 0), "网站标识码") == NULL,
          "html-rowspan: <br> separates prose lines");
    bool clean = true;
    for (int i = 0; i < dc->nlines; i++)
        for (int j = 0; j < dc->lines[i].ncells; j++)
            if (!dc->lines[i].table_row && !*dc->lines[i].cells[j]) clean = false;
    check(clean, "html-rowspan: no empty prose lines");
    check(d.errors == 0 && d.warnings == 0, "html-rowspan: no diagnostics (%d, %d)", d.errors, d.warnings);
    doc_free(dc);
    free(src);
}

static void test_html_gbk(void)
{
    char *src;
    diag d = {0};
    doc *dc = html_file("tests/fixtures/html-gbk-meta.html", &src, &d);
    if (check(dc != NULL, "html-gbk-meta: read")) {
        check(dc->charset && strcmp(dc->charset, "GB18030") == 0, "html-gbk-meta: <meta charset=\"gbk\"> decoded as GB18030");
        check(strcmp(cell(&dc->lines[0], 0), "西吉县教育局2023年政府信息公开工作年度报告") == 0,
              "html-gbk-meta: title decoded (%s)", cell(&dc->lines[0], 0));
        static const char *const docs[] = {"行政规范性文件", "3", "0", "11"};
        check(cells_are(row_where(dc, 0, "行政规范性文件", 0), 4, docs), "html-gbk-meta: Word-style cells (<p><span>) read");
        const doc_line *partial = row_where(dc, 1, "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", 0);
        check(partial && partial->ncells == 10, "html-gbk-meta: long label inside <p><span> is one cell");
        const doc_line *sec = prose_with(dc, "一、总体情况");
        check(sec && !sec->table_row && strcmp(cell(sec, 0), "一、总体情况") == 0,
              "html-gbk-meta: text in the layout table's cell is prose, not a table row");
        check(prose_with(dc, "网站首页") != NULL && row_where(dc, 0, "网站首页 | 信息公开", 0) == NULL,
              "html-gbk-meta: layout table rows are not table rows");
        check(rows_where(dc, 0, "三、本年度办理结果") == 22, "html-gbk-meta: nested data table keeps its rowspans");
        doc_free(dc);
    }
    free(src);

    dc = html_file("tests/fixtures/html-gbk-sniffed.html", &src, &d);
    if (check(dc != NULL, "html-gbk-sniffed: read")) {
        check(dc->charset && strcmp(dc->charset, "GB18030") == 0, "html-gbk-sniffed: undeclared GBK sniffed");
        check(strcmp(cell(&dc->lines[0], 0), "隆德县民政局2024年政府信息公开工作年度报告") == 0,
              "html-gbk-sniffed: title decoded");
        check(prose_with(dc, "全年共收到政府信息公开申请2件") != NULL, "html-gbk-sniffed: prose decoded");
        doc_free(dc);
    }
    free(src);

    size_t len;
    char *gbk = to_gbk("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
                       "<title>固原市统计局</title></head><body><p>主动公开政府信息１２条</p></body></html>", &len);
    if (check(gbk != NULL, "iconv makes GBK test input")) {
        dc = read_html("equiv.html", gbk, len, &d);
        check(dc && dc->charset && strcmp(dc->charset, "GB18030") == 0 && prose_with(dc, "主动公开政府信息12条"),
              "http-equiv content=...charset=gb2312 is honoured (full-width digits folded)");
        doc_free(dc);
        free(gbk);
    }
    gbk = to_gbk("<html><head><meta charset=\"utf-8\"></head><body><p>实为GBK的页面</p></body></html>", &len);
    if (gbk) {
        dc = read_html("lies.html", gbk, len, &d);
        check(dc && prose_with(dc, "实为GBK的页面") && strcmp(dc->charset, "GB18030") == 0,
              "a page declaring utf-8 whose bytes are GBK is still read");
        doc_free(dc);
        free(gbk);
    }
    dc = html_string("\xEF\xBB\xBF<p>带BOM的页面</p>", &d);
    check(dc && strcmp(dc->charset, "UTF-8") == 0 && strcmp(cell(&dc->lines[0], 0), "带BOM的页面") == 0,
          "a UTF-8 BOM is decoded and dropped");
    doc_free(dc);
}

static void test_html_blanks(void)
{
    char *src;
    diag d = {0};
    doc *dc = html_file("tests/fixtures/html-nbsp-fullwidth.html", &src, &d);
    if (check(dc != NULL, "html-nbsp-fullwidth: read")) {
        static const char *const lic[] = {"行政许可", "160", "160", "160"};
        check(cells_are(row_where(dc, 0, "行政许可", 0), 4, lic),
              "html-nbsp-fullwidth: &nbsp; around a label trimmed, １６０ read as 160");
        const doc_line *law = row_where(dc, 2, "2.其他法律行政法规禁止公开", 0);
        bool blank = law && law->ncells == 10;
        for (int i = 3; blank && i < 10; i++) blank = *law->cells[i] == '\0';
        check(blank, "html-nbsp-fullwidth: <td></td> cells stay, as empty strings");
        const doc_line *query = row_where(dc, 2, "8.属于行政查询事项", 0);
        blank = query && query->ncells == 10;
        for (int i = 3; blank && i < 10; i++) blank = *query->cells[i] == '\0';
        check(blank, "html-nbsp-fullwidth: <td>&nbsp;</td> cells are empty strings");
        const doc_line *n = row_where(dc, 0, "一、本年新收政府信息公开申请数量", 0);
        check(n && strcmp(cell(n, 3), "3") == 0 && strcmp(cell(n, 9), "3") == 0,
              "html-nbsp-fullwidth: &nbsp;-indented label and full-width values (%s)", cell(n, 3));
        check(prose_with(dc, "2023年,我局全年收到政府信息公开申请3件") != NULL,
              "html-nbsp-fullwidth: full-width digits in prose folded");
        bool clean = true;
        for (int i = 0; i < dc->nlines; i++)
            if (!dc->lines[i].table_row && !*dc->lines[i].cells[0]) clean = false;
        check(clean, "html-nbsp-fullwidth: <p>&nbsp;</p> gives no line");
        doc_free(dc);
    }
    free(src);
}

static void test_html_structure(void)
{
    diag d = {0};
    doc *dc = html_string("<body>\n<table><caption>表一</caption>\n<tr><td rowspan=\"0\">整列</td><td>a</td></tr>\n"
                          "<tr><td>b</td></tr>\n<tr><td>c</td></tr></table></body>", &d);
    check(dc && dc->nlines == 4 && !dc->lines[0].table_row && strcmp(cell(&dc->lines[0], 0), "表一") == 0,
          "a <caption> is a prose line before the rows");
    check(rows_where(dc, 0, "整列") == 3 && strcmp(cell(row_where(dc, 0, "整列", 2), 1), "c") == 0,
          "rowspan=0 reaches the end of the table");
    doc_free(dc);

    dc = html_string("<table><tr><td>说明文字<table><tr><td>行政处罚</td><td>7</td></tr></table>后记</td></tr></table>", &d);
    static const char *const pen[] = {"行政处罚", "7"};
    check(dc && cells_are(row_where(dc, 0, "行政处罚", 0), 2, pen) && prose_with(dc, "说明文字") &&
          prose_with(dc, "后记"),
          "a table inside a table cell: the inner one gives rows, the outer cell's text prose");
    doc_free(dc);

    dc = html_string("<table><tr><td>甲</td><td>乙</td><td>丙</td></tr><tr><td>丁</td></tr></table>", &d);
    const doc_line *shortrow = row_where(dc, 0, "丁", 0);
    check(shortrow && shortrow->ncells == 1, "a row with fewer cells is not padded (%d)", shortrow ? shortrow->ncells : -1);
    doc_free(dc);

    dc = html_string("<div>第一段<br>第二段<br/>\n第三段</div><ul><li>条目一</li><li>条目二</li></ul>"
                     "<h3>标题<span>连写</span></h3>", &d);
    check(dc && prose_with(dc, "第一段") && prose_with(dc, "第二段") && prose_with(dc, "第三段") &&
          prose_with(dc, "第一段") != prose_with(dc, "第二段") && prose_with(dc, "条目二") &&
          strcmp(cell(prose_with(dc, "标题"), 0), "标题连写") == 0,
          "<br>, <li> and headings end prose lines; inline elements do not");
    check(dc && prose_with(dc, "第三段") && prose_with(dc, "第三段")->line == 2,
          "text after <br> and a newline is on the next line (%d)", dc && prose_with(dc, "第三段") ? prose_with(dc, "第三段")->line : -1);
    doc_free(dc);

    dc = html_string("<html>\r\n<body>\r\n<p>第一段\r\n续行</p>\r\n<table>\r\n<tr><td>甲\r\n</td><td>1</td></tr>\r\n</table>\r\n</body></html>\r\n", &d);
    const doc_line *crlf = prose_with(dc, "第一段");
    const doc_line *crow = row_where(dc, 0, "甲", 0);
    check(crlf && crlf->line == 3 && !strchr(cell(crlf, 0), '\r') && crow && crow->line == 6,
          "CRLF pages: no CR in text, lines counted right (%d, %d)", crlf ? crlf->line : -1, crow ? crow->line : -1);
    doc_free(dc);

    dc = html_string("<table><tr><td>Hello<br>world</td><td><p>一是</p><p>二是</p></td></tr></table>", &d);
    const doc_line *r = row_where(dc, 0, "Hello world", 0);
    check(r && strcmp(cell(r, 1), "一是二是") == 0, "inside a cell, <br> and <p> join: ASCII with a space, CJK without (%s|%s)",
          cell(r, 0), cell(r, 1));
    doc_free(dc);
}

static void test_html_bad_input(void)
{
    char *msg = NULL;
    size_t msglen = 0;
    FILE *out = open_memstream(&msg, &msglen);
    diag d = {.out = out};
    doc *dc = html_string("<p>未闭合 <b>粗体 <td>游离单元格</td></tr></table> <table><tr><td rowspan=99999999 "
                          "colspan=-3>x<td colspan=abc>y<td colspan=100000>z</table></p></div></span>尾部", &d);
    check(dc && prose_with(dc, "未闭合") && prose_with(dc, "尾部") && row_where(dc, 0, "x", 0),
          "unclosed tags and stray end tags still give the text");
    const doc_line *xr = row_where(dc, 0, "x", 0);
    check(xr && xr->ncells <= 1000 && strcmp(cell(xr, 1), "y") == 0, "absurd spans are clamped (%d cells)", xr ? xr->ncells : -1);
    doc_free(dc);

    size_t big = 2 * 1024 * 1024;
    char *huge = malloc(big + 100);
    if (huge) {
        strcpy(huge, "<p title=\"");
        memset(huge + 10, 'a', big);
        strcpy(huge + 10 + big, "\">大属性之后</p>");
        dc = html_string(huge, &d);
        check(dc && prose_with(dc, "大属性之后"), "a 2 MB attribute does not stop the page");
        doc_free(dc);
        free(huge);
    }

    int errors = d.errors;
    dc = html_string("<html><head><title>只有标题</title><style>p{}</style></head><body>\n <script>var s='文字';</script>\n</body></html>", &d);
    fflush(out);
    check(dc == NULL && d.errors == errors + 1 && strstr(msg, "inline.html:") != NULL,
          "a page with no body text: NULL and one file:line error");
    dc = html_string("", &d);
    check(dc == NULL && d.errors == errors + 2, "empty input: NULL and an error");
    char garbage[600];
    for (size_t i = 0; i < sizeof garbage; i++) garbage[i] = (char)((i * 7919) % 251 + 1);
    garbage[300] = '\0';
    dc = read_html("garbage.html", garbage, sizeof garbage, &d);
    fflush(out);
    const char *at = msg ? strstr(msg, "garbage.html:") : NULL;
    check(dc == NULL && d.errors == errors + 3 && at && at[13] >= '1' && at[13] <= '9',
          "binary garbage: NULL with file:line error");

    size_t depth = 3000;
    char *deep = malloc(depth * 11 + 64);
    if (deep) {
        char *p = deep;
        for (size_t i = 0; i < depth; i++) p += sprintf(p, "<div>");
        p += sprintf(p, "深处");
        for (size_t i = 0; i < depth; i++) p += sprintf(p, "</div>");
        int said = d.errors + d.warnings;
        dc = html_string(deep, &d);
        check(d.errors + d.warnings > said, "3000 nested <div>s: no crash, and the cut is reported");
        doc_free(dc);
        free(deep);
    }
    fclose(out);
    free(msg);
}

/* ---- Markdown ------------------------------------------------------- */

static void test_md_fixture(void)
{
    const char *path = "tests/fixtures/md-report.md";
    size_t len = 0;
    char *src = slurp(path, &len);
    if (!check(src != NULL, "md-report: read the file")) return;
    diag d = {0};
    doc *dc = read_markdown(path, src, len, &d);
    if (!check(dc != NULL, "md-report: read")) { free(src); return; }
    check(strcmp(dc->form, "markdown") == 0 && dc->charset == NULL, "md-report: form markdown, no charset of its own");
    check(strcmp(cell(&dc->lines[0], 0), "永宁县市场监督管理局2024年政府信息公开工作年度报告") == 0 &&
          dc->lines[0].line == 1, "md-report: the # heading is the first line");
    const doc_line *span = prose_with(dc, "本报告统计数据从2024年1月1日至2024年12月31日。");
    check(span && span->line == source_line(src, "根据《中华人民共和国政府信息公开条例》", NULL),
          "md-report: soft break joins CJK with nothing between, line of its start");
    check(prose_with(dc, "(一)主动公开。2024年,我局") && !any_line_with(dc, "**"),
          "md-report: **bold** marks dropped, even unpaired next to CJK punctuation");
    static const char *const hdr[] = {"信息内容", "本年制发件数", "本年废止件数", "现行有效件数"};
    check(cells_are(row_where(dc, 0, "信息内容", 0), 4, hdr), "md-report: **bold** header cells lose their marks");
    static const char *const docs[] = {"行政规范性文件", "1", "0", "4"};
    const doc_line *nd = row_where(dc, 0, "行政规范性文件", 0);
    check(cells_are(nd, 4, docs), "md-report: 行政规范性文件 row");
    check(nd && nd->line == source_line(src, "| 行政规范性文件", NULL) && nd->table_row,
          "md-report: table row at its source line (%d)", nd ? nd->line : -1);
    const doc_line *total = row_where(dc, 1, "(七)总计", 0);
    static const char *const tot[] = {"", "(七)总计", "", "20", "5", "0", "1", "0", "0", "26"};
    check(cells_are(total, 10, tot), "md-report: **26** read as 26, merged label cells empty");
    const doc_line *third = row_where(dc, 2, "4.保护第三方合法权益", 0);
    check(third && third->ncells == 10 && *cell(third, 0) == '\0' && *cell(third, 1) == '\0',
          "md-report: cells left blank for merged labels stay empty");
    const doc_line *ap = row_where(dc, 0, "行政复议", 0);
    check(ap && ap->ncells == 15, "md-report: table 四 header keeps 15 cells");
    check(d.errors == 0, "md-report: no errors");
    doc_free(dc);
    free(src);
}

static void test_md_cells(void)
{
    diag d = {0};
    doc *dc = md_string("| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
                        "| --- | --- | --- | --- |\n"
                        "| 行政许可 | 3679 | ||\n"
                        "| 行政处罚 | 14 |\n"
                        "| a \\| b | ０ | `code` | **粗** *斜* |\n", &d);
    static const char *const lic[] = {"行政许可", "3679", "", ""};
    check(cells_are(row_where(dc, 0, "行政许可", 0), 4, lic), "| 行政许可 | 3679 | || keeps its empty cells");
    const doc_line *shortrow = row_where(dc, 0, "行政处罚", 0);
    check(shortrow && shortrow->ncells == 2, "a row that lost columns is not padded by the reader (%d)",
          shortrow ? shortrow->ncells : -1);
    static const char *const misc[] = {"a | b", "0", "code", "粗斜"};
    const doc_line *m = row_where(dc, 0, "a | b", 0);
    check(cells_are(m, 4, misc), "escaped pipe, full-width digit, code span, emphasis (%s|%s|%s|%s)",
          cell(m, 0), cell(m, 1), cell(m, 2), cell(m, 3));
    check(m && m->line == 5, "row line numbers (%d)", m ? m->line : -1);
    doc_free(dc);

    const char *wide = "| 信息内容 | 本年处理决定数量 |\n|---|---|\n| 行政许可 | 12 | 7 |\n  | 行政处罚 | 3 |  \n"
                       "\n> | 甲 | 乙 |\n> |---|---|\n> | 1 | 2 | 3 |\n";
    dc = md_string(wide, &d);
    static const char *const extra[] = {"行政许可", "12", "7"};
    check(cells_are(row_where(dc, 0, "行政许可", 0), 3, extra),
          "a row wider than its header keeps every cell (the extension cuts it)");
    static const char *const indented[] = {"行政处罚", "3"};
    check(cells_are(row_where(dc, 0, "行政处罚", 0), 2, indented), "an indented row is not widened");
    static const char *const quoted[] = {"1", "2", "3"};
    const doc_line *q = row_where(dc, 0, "1", 0);
    check(cells_are(q, 3, quoted) && q->line == source_line(wide, "> | 1 |", NULL),
          "a wide row in a block quote keeps every cell, at its line");
    doc_free(dc);

    dc = md_string("Hello\nworld 收到\n申请 3 件\n\n第一行  \n第二行<br>第三行\n", &d);
    check(dc && prose_with(dc, "Hello world 收到申请 3 件"), "soft breaks: space between ASCII words, none at CJK");
    const doc_line *l2 = prose_with(dc, "第二行");
    check(prose_with(dc, "第一行") && l2 && strcmp(cell(l2, 0), "第二行") == 0 && l2->line == 6 &&
          prose_with(dc, "第三行"), "hard breaks and <br> start new prose lines at their lines");
    doc_free(dc);

    dc = md_string("前文\n\n<table>\n<tr><td rowspan=\"2\">合并</td><td>1</td></tr>\n<tr><td>2</td></tr>\n</table>\n", &d);
    const doc_line *h = row_where(dc, 0, "合并", 1);
    check(h && strcmp(cell(h, 1), "2") == 0 && h->line == 5 && rows_where(dc, 0, "合并") == 2,
          "an HTML table in Markdown is read with its spans, at its lines (%d)", h ? h->line : -1);
    doc_free(dc);

    dc = md_string("# 标题\r\n\r\n| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n", &d);
    static const char *const crlf_row[] = {"1", "2"};
    const doc_line *cr = row_where(dc, 0, "1", 0);
    check(cells_are(cr, 2, crlf_row) && cr->line == 5 && strcmp(cell(&dc->lines[0], 0), "标题") == 0,
          "CRLF Markdown: rows and lines as with LF");
    doc_free(dc);

    dc = md_string("```\n一 0 0\n```\n", &d);
    const doc_line *code = prose_with(dc, "一 0 0");
    check(code && code->line == 2, "code block lines are prose at their lines (%d)", code ? code->line : -1);
    doc_free(dc);

    int errors = d.errors;
    dc = md_string("\n\n   \n", &d);
    check(dc == NULL && d.errors == errors + 1, "Markdown with no text: NULL and an error");
    dc = md_string("| a |\n|---|\n| \xff\xfe |\n", &d);
    check(dc != NULL, "invalid UTF-8 inside Markdown does not stop the reader");
    doc_free(dc);
}

/* ---- Word (.docx) --------------------------------------------------- */

static doc *docx_file(const char *path, diag *d)
{
    size_t len = 0;
    char *bytes = slurp(path, &len);
    doc *dc = bytes ? read_docx(path, bytes, len, d) : NULL;
    free(bytes);
    return dc;
}

/* A zip of the given parts (name, content, ... NULL), made in memory. */
static char *zip_of(size_t *len, const char *const *parts)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
    for (; za && parts[0]; parts += 2) {
        zip_source_t *part = zip_source_buffer(za, parts[1], strlen(parts[1]), 0);
        if (zip_file_add(za, parts[0], part, ZIP_FL_OVERWRITE) < 0) zip_source_free(part);
    }
    char *out = NULL;
    if (za && zip_close(za) == 0 && zip_source_open(src) == 0) {
        zip_source_seek(src, 0, SEEK_END);
        zip_int64_t n = zip_source_tell(src);
        zip_source_seek(src, 0, SEEK_SET);
        out = malloc((size_t)n + 1);
        if (out && zip_source_read(src, out, (zip_uint64_t)n) == n) *len = (size_t)n;
        else { free(out); out = NULL; }
        zip_source_close(src);
    }
    zip_source_free(src);
    zip_error_fini(&err);
    return out;
}

/* A .docx whose body is `body` (WordprocessingML, prefix w:, mc: known). */
static doc *docx_string(const char *body, diag *d)
{
    char *xml = malloc(strlen(body) + 512);
    if (!xml) return NULL;
    sprintf(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                 "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
                 "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">"
                 "<w:body>%s</w:body></w:document>", body);
    size_t len = 0;
    char *zip = zip_of(&len, (const char *const[]){ "[Content_Types].xml", "<Types/>",
                                                    "word/document.xml", xml, NULL });
    free(xml);
    doc *dc = zip ? read_docx("inline.docx", zip, len, d) : NULL;
    free(zip);
    return dc;
}

#define P(text) "<w:p><w:r><w:t>" text "</w:t></w:r></w:p>"
#define TC(text) "<w:tc>" P(text) "</w:tc>"
#define TC_PR(pr, text) "<w:tc><w:tcPr>" pr "</w:tcPr>" P(text) "</w:tc>"

static void test_docx_fixtures(void)
{
    diag quiet = {0};
    doc *dc = docx_file("tests/fixtures/office/docx-hmerge.docx", &quiet);
    check(dc && strcmp(dc->form, "docx") == 0 && strcmp(dc->charset, "UTF-8") == 0,
          "docx: form docx, text in UTF-8");
    check(cells_are(row_where(dc, 0, "行政许可", 0), 4,
                    (const char *const[]){ "行政许可", "164", "164", "164" }),
          "docx: a w:hMerge run repeats the value across its columns (%s|%s|%s|%s)",
          cell(row_where(dc, 0, "行政许可", 0), 0), cell(row_where(dc, 0, "行政许可", 0), 1),
          cell(row_where(dc, 0, "行政许可", 0), 2), cell(row_where(dc, 0, "行政许可", 0), 3));
    const char *first = "一、本年新收政府信息公开申请数量";
    check(cells_are(row_where(dc, 0, first, 0), 10,
                    (const char *const[]){ first, first, first, "36", "2", "1", "0", "3", "1", "43" }),
          "docx: an hMerge'd label spans the three label columns");
    doc_free(dc);

    dc = docx_file("tests/fixtures/office/docx-vertical-headers.docx", &quiet);
    const doc_line *h = row_where(dc, 0, "结果维持", 1);    /* table 四's second header row */
    check(h && strcmp(cell(h, 4), "总计") == 0 && strcmp(cell(h, 9), "总计") == 0,
          "docx: a header written one character per paragraph reads 结果维持 … 总计");
    const doc_line *secret = row_where(dc, 2, "1.属于国家秘密", 0);
    check(secret && strcmp(cell(secret, 0), "三、本年度办理结果") == 0 &&
              strcmp(cell(secret, 1), "(三)不予公开") == 0,
          "docx: vertical group cells keep their words and parentheses (%s, %s)",
          cell(secret, 0), cell(secret, 1));
    const doc_line *query = row_where(dc, 2, "8.属于行政查询事项", 0);
    check(query && strcmp(cell(query, 1), "(三)不予公开") == 0 && strcmp(cell(query, 3), "0") == 0,
          "docx: a w:vMerge continuation repeats the restarting cell's text 8 rows down");
    check(prose_with(dc, "一、总体情况") && !prose_with(dc, "一、 总体"),
          "docx: a w:tab between a heading's numeral and words leaves no space between CJK");
    doc_free(dc);

    dc = docx_file("tests/fixtures/office/docx-page-break.docx", &quiet);
    check(rows_where(dc, 3, "申请人情况") == 2 && row_where(dc, 2, "2.重复申请", 0) &&
              row_where(dc, 2, "3.要求提供公开出版物", 0),
          "docx: table 三 split at a page break gives both parts, each under its header");
    doc_free(dc);

    dc = docx_file("tests/fixtures/office/docx-basic.docx", &quiet);
    check(dc && dc->nlines > 2 && strcmp(dc->lines[0].cells[0], "永宁县市场监督管理局") == 0 &&
              strcmp(dc->lines[1].cells[0], "2024年政府信息公开工作年度报告") == 0 &&
              dc->lines[0].line == 1 && dc->lines[1].line == 2,
          "docx: a w:br in the title paragraph ends a line there; lines are counted from 1");
    bool ordered = dc != NULL;
    for (int i = 1; dc && i < dc->nlines; i++) ordered = ordered && dc->lines[i].line == i + 1;
    check(ordered, "docx: every line read has the next number");
    doc_free(dc);
    check(quiet.errors == 0 && quiet.warnings == 0, "docx: the fixtures read without a message");
}

static void test_docx_inline(void)
{
    diag quiet = {0};
    doc *dc = docx_string(
        "<w:p><w:r><w:t>行政</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>许可</w:t></w:r>"
        "<w:r><w:tab/><w:t>312</w:t></w:r></w:p>"
        "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
        "<w:r><w:t>页码</w:t></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>插入的</w:t></w:r></w:ins>"
        "<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>"
        "<w:p><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:r><w:t>新版文本框</w:t></w:r></mc:Choice>"
        "<mc:Fallback><w:r><w:t>旧版文本框</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>"
        "<w:p/><w:sdt><w:sdtContent>" P("控件中的段落") "</w:sdtContent></w:sdt>"
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" TC_PR("<w:gridSpan w:val=\"2\"/>", "跨两列")
        TC_PR("<w:vMerge w:val=\"restart\"/>", "合并") "</w:tr>"
        "<w:tr>" TC("甲") "<w:tc><w:p><w:r><w:t>Word</w:t></w:r></w:p><w:p><w:r><w:t>file</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>上</w:t><w:br/><w:t>下</w:t></w:r></w:p></w:tc>"
        TC_PR("<w:vMerge/>", "") "</w:tr>"
        "<w:tr>" TC_PR("<w:hMerge w:val=\"restart\"/>", "横向") TC_PR("<w:hMerge/>", "")
        "<w:tc><w:tbl><w:tr>" TC("内1") TC("内2") "</w:tr></w:tbl><w:p/></w:tc>"
        TC_PR("<w:vMerge/>", "") "</w:tr>"
        "<w:tr>" TC("") TC("") TC("") TC("") "</w:tr>"
        "</w:tbl>"
        "<w:sectPr><w:pgSz w:w=\"11906\"/></w:sectPr>", &quiet);
    check(dc && dc->nlines == 7, "docx inline: 4 prose lines and 3 table rows, the empty ones left out (%d lines)",
          dc ? dc->nlines : -1);
    check(prose_with(dc, "行政许可 312") != NULL, "docx inline: runs join, w:tab is white space");
    const doc_line *f = prose_with(dc, "页码");
    check(f && strcmp(f->cells[0], "页码插入的链接") == 0,
          "docx inline: field codes and deleted text are not text; insertions and links are (%s)",
          cell(f, 0));
    check(prose_with(dc, "旧版文本框") && !any_line_with(dc, "新版文本框"),
          "docx inline: of a compatibility block only the Fallback is read");
    check(prose_with(dc, "控件中的段落") != NULL, "docx inline: a content control's paragraph is read");
    check(cells_are(row_where(dc, 1, "跨两列", 0), 4,
                    (const char *const[]){ "", "跨两列", "跨两列", "合并" }),
          "docx inline: gridBefore is an empty cell, gridSpan repeats");
    check(cells_are(row_where(dc, 0, "甲", 0), 4,
                    (const char *const[]){ "甲", "Word file", "上下", "合并" }),
          "docx inline: paragraphs of a cell join (a space between ASCII words only); "
          "w:br in a cell; vMerge continues");
    check(cells_are(row_where(dc, 0, "横向", 0), 4,
                    (const char *const[]){ "横向", "横向", "内1内2", "合并" }),
          "docx inline: hMerge continues to the right; a nested table is its cell's text (%s|%s|%s|%s)",
          cell(row_where(dc, 0, "横向", 0), 0), cell(row_where(dc, 0, "横向", 0), 1),
          cell(row_where(dc, 0, "横向", 0), 2), cell(row_where(dc, 0, "横向", 0), 3));
    check(quiet.errors == 0 && quiet.warnings == 0, "docx inline: read without a message");
    doc_free(dc);

    dc = docx_string("", &quiet);
    check(dc == NULL && quiet.errors == 1, "docx inline: a document without text: NULL and an error");
}

static void test_docx_bad_input(void)
{
    char *msg = NULL;
    size_t msglen = 0;
    FILE *out = open_memstream(&msg, &msglen);
    diag d = {.out = out};
    const char text[] = "永宁县市场监督管理局";
    doc *dc = read_docx("text.docx", text, sizeof text - 1, &d);
    fflush(out);
    check(!dc && d.errors == 1 && strstr(msg, "text.docx: error: not a Word file"),
          "docx bad: text is not a zip archive");

    size_t len = 0;
    char *zip = zip_of(&len, (const char *const[]){ "xl/workbook.xml", "<workbook/>", NULL });
    dc = zip ? read_docx("sheet.xlsx", zip, len, &d) : NULL;
    fflush(out);
    check(zip && !dc && d.errors == 2 && strstr(msg, "sheet.xlsx: error: not a report"),
          "docx bad: a zip without word/document.xml is not a report");
    free(zip);

    zip = zip_of(&len, (const char *const[]){ "word/document.xml", "<w:document><w:body>", NULL });
    dc = zip ? read_docx("broken.docx", zip, len, &d) : NULL;
    fflush(out);
    check(zip && !dc && d.errors == 3 && strstr(msg, "broken.docx: error: damaged Word file") &&
              strstr(msg, "not well-formed XML"),
          "docx bad: document.xml that is not XML");
    free(zip);

    zip = zip_of(&len, (const char *const[]){ "word/document.xml", "<doc><p>文字</p></doc>", NULL });
    dc = zip ? read_docx("other.docx", zip, len, &d) : NULL;
    fflush(out);
    check(zip && !dc && d.errors == 4 && strstr(msg, "other.docx: error: not a report"),
          "docx bad: XML that is not WordprocessingML");
    free(zip);

    enum { DEPTH = 150 };
    char *deep = malloc(DEPTH * 40 + 64), *p = deep;
    if (deep) {
        for (int i = 0; i < DEPTH; i++) p += sprintf(p, "<w:customXml>");
        p += sprintf(p, P("深处"));
        for (int i = 0; i < DEPTH; i++) p += sprintf(p, "</w:customXml>");
        p += sprintf(p, P("浅处"));
    }
    dc = deep ? docx_string(deep, &d) : NULL;
    fflush(out);
    check(dc && prose_with(dc, "浅处") && !prose_with(dc, "深处") && d.warnings == 1 &&
              strstr(msg, "nested more than"),
          "docx bad: %d nested elements: the deep text is left out, with one warning", DEPTH);
    doc_free(dc);
    free(deep);
    fclose(out);
    free(msg);
}

/* ---- text copied off a portal ---------------------------------------- */

static doc *text_string(const char *text)
{
    return read_text("inline.txt", text, strlen(text), NULL);
}

static void test_portal_chrome(void)
{
    const char *page =
        "无障碍 | 关怀版 | 长者模式\n"
        "首页 > 政务公开 > 政府信息公开年报\n"
        "索 引 号：640402001/2024-00012\n"
        "发布机构：原州区卫生健康局\n"
        "字号：大 中 小\n"
        "原州区卫生健康局2023年政府信息公开工作年度报告\n"
        "Page2-一、总体情况\n"
        "主办单位为我局的培训举办 2 次。\n"
        "打印本页 关闭窗口\n"
        "主办单位：原州区人民政府办公室\n"
        "版权所有：原州区人民政府\n";
    doc *dc = text_string(page);
    check(dc && strcmp(dc->form, "portal_text") == 0, "portal page: read as portal_text (%s)",
          dc ? dc->form : "NULL");
    check(dc && dc->publisher && strcmp(dc->publisher, "原州区卫生健康局") == 0,
          "portal page: 发布机构 is the doc's publisher (%s)",
          dc && dc->publisher ? dc->publisher : "NULL");
    check(!any_line_with(dc, "无障碍") && !any_line_with(dc, "首页") &&
              !any_line_with(dc, "索引号") && !any_line_with(dc, "字号") &&
              !any_line_with(dc, "打印本页") && !any_line_with(dc, "版权所有") &&
              !any_line_with(dc, "办公室"),
          "portal page: bars, breadcrumb, metadata, font size, print links and footer are dropped");
    const doc_line *head = prose_with(dc, "一、总体情况");
    check(head && strcmp(head->cells[0], "一、总体情况") == 0 && head->line == 7,
          "portal page: a flipbook's Page2- is cut off the line it opens (%s)", cell(head, 0));
    check(prose_with(dc, "主办单位为我局") != NULL && dc && dc->nlines == 3,
          "portal page: prose that starts with a footer word stays (%d lines)", dc ? dc->nlines : -1);
    doc_free(dc);
    dc = text_string("某局2023年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开信息 3 条。\n");
    check(dc && strcmp(dc->form, "pdf_text") == 0 && !dc->publisher,
          "plain text with no chrome and no pipes stays pdf_text");
    doc_free(dc);
}

static void test_portal_pipes(void)
{
    const char *rows = "二、主动公开政府信息情况\n| 规章 | 0 | | 3 |\n行政许可 | 12 | ||\n";
    doc *dc = text_string(rows);
    const doc_line *l = row_where(dc, 0, "规章", 0);
    check(cells_are(l, 4, (const char *const[]){ "规章", "0", "", "3" }) && l->exact_cells &&
              l->line == 2,
          "pipe rows: a row per line, the blank cell kept where it stands (%s|%s|%s|%s)",
          cell(l, 0), cell(l, 1), cell(l, 2), cell(l, 3));
    l = row_where(dc, 0, "行政许可", 0);
    check(cells_are(l, 4, (const char *const[]){ "行政许可", "12", "", "" }),
          "pipe rows: no leading pipe, padding at the end kept for the extractor to drop");
    check(prose_with(dc, "二、主动公开政府信息情况") != NULL, "pipe rows: the heading stays prose");
    doc_free(dc);

    const char *stream = "规章 |\n/ |\n|\n0 |\n||\n行政规范性文件 |\n1 |\n0 |\n2 |\n";
    dc = text_string(stream);
    l = row_where(dc, 0, "规章", 0);
    check(cells_are(l, 6, (const char *const[]){ "规章", "/", "", "0", "", "" }) && l->line == 1,
          "pipe cells: a cell per line, '|' alone an empty cell, the row cut where a label follows");
    l = row_where(dc, 0, "行政规范性文件", 0);
    check(cells_are(l, 4, (const char *const[]){ "行政规范性文件", "1", "0", "2" }) && l->line == 6,
          "pipe cells: the next row starts at its label's line (%d)", l ? l->line : -1);
    doc_free(dc);

    const char *seps = "规章\n|\n0\n|\n0\n|\n||\n三、收到和处理政府信息公开申请情况\n|\n"
                       "申请人情况\n|\n";
    dc = text_string(seps);
    l = row_where(dc, 0, "规章", 0);
    check(cells_are(l, 5, (const char *const[]){ "规章", "0", "0", "", "" }),
          "cells with '|' lines between: one stream of cells");
    l = row_where(dc, 0, "三、收到和处理政府信息公开申请情况", 0);
    check(l && l->ncells == 1, "cells with '|' lines between: a part heading is a row of its own");
    doc_free(dc);

    dc = text_string("本年度未收到申请|特此说明。\n");
    check(prose_with(dc, "|特此说明") != NULL, "one pipe inside a sentence leaves it prose");
    doc_free(dc);
}

int main(void)
{
    check_plan(26 + 18 + 8 + 8 + 7 + 13 + 14 + 11 + 10 + 5 + 6 + 8);   /* in the order of the calls below */
    test_html_spans();
    test_html_gbk();
    test_html_blanks();
    test_html_structure();
    test_html_bad_input();
    test_md_fixture();
    test_md_cells();
    test_docx_fixtures();
    test_docx_inline();
    test_docx_bad_input();
    test_portal_chrome();
    test_portal_pipes();
    return check_done();
}
