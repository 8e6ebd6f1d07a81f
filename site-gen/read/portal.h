/*
 * portal.h: text copied from an agency's web page, line by line.
 *
 * A report copied off a portal brings the page with it: the site's bars
 * (无障碍, 关怀版, 字号 大 中 小), breadcrumbs (首页 > 政务公开 > …), the
 * article's metadata (索引号, 发布机构, 发文日期), share and print links,
 * footers, and on flipbook hosts a "Page8-" before each page's text.  Its
 * tables come as cells separated by '|': a row per line, or a cell per
 * line.  text.c asks this file what each line is and hands it the runs of
 * pipe lines, which become table rows.  Private to the read stage.
 */
#ifndef PORTAL_H
#define PORTAL_H

#include <stdbool.h>

#include "base/arena.h"
#include "read/read.h"

/* Normalised text past a flipbook's "Page8-" (the text itself when there is none). */
const char *portal_skip_page_mark(const char *text);

/* The page's chrome: a line of accessibility or share/print words, a
 * breadcrumb, a footer, a lone publishing date. */
bool portal_is_chrome(const char *text);

/* A line of the article's metadata (索引号 …, 发布机构 …, 来源: …). */
bool portal_is_metadata(const char *text);

/* The value of 发布机构 in a metadata line, allocated in `a`; NULL when
 * the line names none. */
const char *portal_publisher(arena *a, const char *text);
/* The 发布日期 (or 发文日期) in a metadata line, as YYYY-MM-DD in A; NULL
 * when the line gives none. */
const char *portal_published_on(arena *a, const char *text);

/* How a line takes part in a pipe table. */
typedef enum pipe_kind {
    PIPE_NONE,      /* no pipes: prose, or a cell when a pipe-only line follows */
    PIPE_ONLY,      /* "|", "||": separators and empty cells only */
    PIPE_CELLS,     /* cells and pipes: "规章 | 0 | 0 | 0 |", "规章 |" */
} pipe_kind;

pipe_kind portal_pipe_kind(const char *text);

/* One line of a run of pipe lines. */
typedef struct pipe_line {
    int line;           /* 1-based source line */
    const char *text;   /* normalised */
} pipe_line;

/* Adds the table rows that a run of pipe lines holds to the doc: each line
 * a row when some line holds several cells, otherwise the cells read in
 * order and cut into rows where a label follows values.  The rows are
 * table rows whose empty cells are real blank cells (`exact_cells`). */
void portal_add_rows(doc *dc, arena *scratch, const pipe_line *lines, int n);

#endif
