/*
 * bench_mustache.c: render throughput of the template engine on a
 * realistic page, in MB/s of output on one core.
 *
 *   bench_mustache --write DIR   writes the page's templates and data
 *                                (page, header, footer and row partials;
 *                                a table of 1,000 rows x 10 fields) to DIR
 *   bench_mustache DIR [SECONDS] compiles DIR/page.mustache once, renders
 *                                it against DIR/data.json for SECONDS
 *                                (default 3) of CPU time, prints the
 *                                figures (per CPU second) and
 *                                writes the last page to DIR/out.c.html
 *
 * bench/mustache.sh runs this and bench/mustache.js (mustache.js, under
 * node) on the same files, so the two figures come from the same run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "template/mustache.h"

static const char page[] =
    "{{> header}}\n"
    "<main class=\"report\">\n"
    "  <h1>{{report.title}}</h1>\n"
    "  <p class=\"meta\">{{report.agency}} · {{report.year}} · {{report.region}}</p>\n"
    "  {{#report.summary}}\n"
    "  <p class=\"summary\">{{.}}</p>\n"
    "  {{/report.summary}}\n"
    "  <table class=\"data\">\n"
    "    <thead>\n"
    "      <tr>{{#columns}}<th scope=\"col\">{{label}}</th>{{/columns}}</tr>\n"
    "    </thead>\n"
    "    <tbody>\n"
    "      {{#rows}}\n"
    "      {{> row}}\n"
    "      {{/rows}}\n"
    "    </tbody>\n"
    "  </table>\n"
    "  {{^rows}}<p class=\"empty\">{{empty_text}}</p>{{/rows}}\n"
    "</main>\n"
    "{{> footer}}\n";

static const char header[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"zh-CN\">\n"
    "<head>\n"
    "  <meta charset=\"utf-8\">\n"
    "  <title>{{report.title}} - {{site.name}}</title>\n"
    "  <link rel=\"stylesheet\" href=\"{{site.base}}/style.css\">\n"
    "</head>\n"
    "<body>\n"
    "<nav>{{#site.nav}}<a href=\"{{site.base}}{{href}}\">{{label}}</a> {{/site.nav}}</nav>\n";

static const char footer[] =
    "<footer>{{site.name}} · {{{site.footer_html}}}</footer>\n"
    "</body>\n"
    "</html>\n";

static const char row[] =
    "<tr id=\"row-{{id}}\" class=\"{{#flagged}}flagged{{/flagged}}\">\n"
    "  <td>{{id}}</td>\n"
    "  <td><a href=\"{{site.base}}/agencies/{{agency_id}}/\">{{agency}}</a></td>\n"
    "  <td>{{region}}</td>\n"
    "  <td>{{year}}</td>\n"
    "  <td class=\"num\">{{requests}}</td>\n"
    "  <td class=\"num\">{{granted}}</td>\n"
    "  <td class=\"num\">{{rate}}</td>\n"
    "  <td>{{status}}</td>\n"
    "  <td>{{note}}</td>\n"
    "</tr>\n";

static const char *const agencies[] = {
    "北京市人民政府办公厅", "上海市发展和改革委员会", "广东省生态环境厅",
    "浙江省财政厅", "四川省教育厅", "湖北省卫生健康委员会",
};
static const char *const agency_ids[] = { "bj-gov", "sh-fgw", "gd-sthj", "zj-czt", "sc-jyt", "hb-wjw" };
static const char *const regions[] = { "北京", "上海", "广东", "浙江", "四川", "湖北" };
static const char *const statuses[] = { "已公开", "部分公开", "不予公开 <依申请>", "R&D \"试点\"" };

static json_t *make_row(int i)
{
    return json_pack("{s:i, s:s, s:s, s:s, s:i, s:i, s:i, s:f, s:s, s:s, s:b}",
                     "id", i + 1,
                     "agency_id", agency_ids[i % 6],
                     "agency", agencies[i % 6],
                     "region", regions[(i / 6) % 6],
                     "year", 2015 + i % 9,
                     "requests", 100 + (i * 37) % 900,
                     "granted", 50 + (i * 17) % 400,
                     "rate", (double)((i * 13) % 1000) / 10.0,
                     "status", statuses[i % 4],
                     "note", i % 3 ? "收到申请后按期答复，无行政复议。" : "",
                     "flagged", i % 7 == 0);
}

static json_t *make_data(void)
{
    json_t *rows = json_array(), *columns = json_array();
    for (int i = 0; i < 1000; i++) json_array_append_new(rows, make_row(i));
    static const char *const labels[] = { "序号", "机关", "地区", "年度", "申请数",
                                          "公开数", "公开率", "状态", "备注", "" };
    for (int i = 0; i < 9; i++) json_array_append_new(columns, json_pack("{s:s}", "label", labels[i]));
    json_t *nav = json_pack("[{s:s,s:s},{s:s,s:s},{s:s,s:s}]",
                            "href", "/", "label", "首页", "href", "/reports/", "label", "年度报告",
                            "href", "/agencies/", "label", "机关");
    return json_pack("{s:{s:s,s:s,s:s,s:o}, s:{s:s,s:s,s:i,s:s,s:[s,s]}, s:o, s:o, s:s}",
                     "site", "name", "政府信息公开年度报告", "base", "/portal",
                     "footer_html", "<a href=\"/about/\">关于</a>", "nav", nav,
                     "report", "title", "2023年政府信息公开工作年度报告 & 附表",
                     "agency", "北京市人民政府办公厅", "year", 2023, "region", "北京",
                     "summary", "本报告依据《条例》编制。", "数据截至12月31日。",
                     "columns", columns, "rows", rows, "empty_text", "无数据");
}

static int write_file(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        perror(path);
        return -1;
    }
    return 0;
}

static int write_inputs(const char *dir)
{
    if (write_file(dir, "page.mustache", page) || write_file(dir, "header.mustache", header) ||
        write_file(dir, "footer.mustache", footer) || write_file(dir, "row.mustache", row))
        return 2;
    json_t *data = make_data();
    char path[1024];
    snprintf(path, sizeof path, "%s/data.json", dir);
    int rc = json_dump_file(data, path, JSON_INDENT(1));
    json_decref(data);
    return rc == 0 ? 0 : 2;
}

/* CPU seconds of this process: other work on the machine slows the
 * wall clock, not the figure. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run(const char *dir, double seconds)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/data.json", dir);
    json_error_t jerr;
    json_t *data = json_load_file(path, 0, &jerr);
    mustache_loader *l = mustache_loader_new(dir);
    mustache_error err;
    const mustache_template *t = data ? mustache_loader_get(l, "page", &err) : NULL;
    if (!t) {
        fprintf(stderr, "%s\n", data ? err.message : jerr.text);
        return 2;
    }
    buf out = BUF_INIT;
    size_t bytes = 0, renders = 0;
    double start = now(), end = start, wall_start = wall();
    while (end - start < seconds) {
        buf_clear(&out);
        if (mustache_render(t, data, l, &out, &err) != 0) {
            fprintf(stderr, "%s\n", err.message);
            return 2;
        }
        bytes += out.len, renders++;
        if (renders % 16 == 0) end = now();
    }
    end = now();
    double w = wall() - wall_start;
    printf("site-gen mustache (C): %zu renders of %zu bytes in %.2f CPU s: %.1f MB/s, %.3f ms/page"
           " (wall clock: %.1f MB/s)\n", renders, out.len, end - start,
           (double)bytes / (end - start) / 1e6, (end - start) * 1e3 / (double)renders,
           (double)bytes / w / 1e6);
    snprintf(path, sizeof path, "%s/out.c.html", dir);
    FILE *f = fopen(path, "wb");
    if (f) fwrite(out.data, 1, out.len, f), fclose(f);
    buf_free(&out);
    mustache_loader_free(l);
    json_decref(data);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--write") == 0) return write_inputs(argv[2]);
    if (argc == 2 || argc == 3) return run(argv[1], argc == 3 ? atof(argv[2]) : 3.0);
    fputs("usage: bench_mustache --write DIR | bench_mustache DIR [SECONDS]\n", stderr);
    return 2;
}
