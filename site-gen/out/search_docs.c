/*
 * search_docs.c: what the search index holds, read from the database
 * and content/pages, and the writer that builds it (search_write, in
 * the order of out/build.c: after the static assets, before the pages,
 * which need the index's URLs).
 *
 * One document per report shown on the portal: its title; its agency,
 * region and year; each part of the prose in the slot of its number
 * (一 to 六, the preamble as 0), so that a hit links to that part's
 * heading; and the three tables as text, each row's label with its
 * values ("行政许可 160"), a blank cell as "—", given as a form (every
 * label, in the same order for every report) and its values, so that
 * the labels are shipped once.  Then one per agency
 * page (name, region, years), per region page (name, its agencies) and
 * per Markdown page (title, text).  Reports come in the order of their
 * agencies' slugs and years, so an agency's reports sit together in the
 * postings.
 */
#include "out/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/text.h"
#include "record/record.h"

/* The page's id for each slot of a report (templates/report.mustache). */
static const char *const report_anchor[SEARCH_SLOTS] = {
    [SLOT_PART0] = "t-intro", [SLOT_PART1] = "part-1", [SLOT_PART2] = "t-active",
    [SLOT_PART3] = "t-requests", [SLOT_PART4] = "t-appeals", [SLOT_PART5] = "part-5",
    [SLOT_PART6] = "part-6", [SLOT_ACTIVE] = "t-active", [SLOT_REQUESTS] = "t-requests",
    [SLOT_APPEALS] = "t-appeals",
};

typedef struct docs {
    site *s;
    search_index *si;
    arena *a;                   /* freed after each document */
    int failed;
} docs;

static bool text_ok(const char *s)
{
    return s && utf8_valid(s, strlen(s), NULL);
}

/* A cell: a blank in the table's form, its value in VALUES. */
static void number_text(buf *form, buf *values, bool known, double v)
{
    buf_putc(form, ' ');
    buf_putc(form, SEARCH_BLANK);
    if (!known) buf_puts(values, "—");
    else if (v == (double)(long long)v) buf_printf(values, "%lld", (long long)v);
    else buf_printf(values, "%g", v);
    buf_putc(values, SEARCH_BLANK);
}

/* A table's rows as "label v v v\n", its column labels first: the form
 * (the labels, the same for every report) and the values (search.h). */
typedef struct table_text {
    buf active, requests, appeals;
    buf active_v, requests_v, appeals_v;
} table_text;

static int find_key(const char *const *keys, int n, const char *k)
{
    for (int i = 0; k && i < n; i++)
        if (strcmp(keys[i], k) == 0) return i;
    return -1;
}

/* The report's cells into the three tables' text. */
static int tables_text(docs *ds, int64_t report, table_text *t)
{
    cell active[ACTIVE_ROWS][ACTIVE_COLS], req[REQ_ROWS][REQ_COLS], app[APPEAL_GROUPS][APPEAL_COLS];
    for (int i = 0; i < ACTIVE_ROWS; i++) for (int j = 0; j < ACTIVE_COLS; j++) active[i][j] = CELL_UNKNOWN;
    for (int i = 0; i < REQ_ROWS; i++) for (int j = 0; j < REQ_COLS; j++) req[i][j] = CELL_UNKNOWN;
    for (int i = 0; i < APPEAL_GROUPS; i++) for (int j = 0; j < APPEAL_COLS; j++) app[i][j] = CELL_UNKNOWN;
    db_query *q = db_query_new(ds->s->db, "SELECT tbl, row, col, value FROM cells WHERE report_id = ?");
    if (!q) return -1;
    db_bind_int(q, 1, report);
    while (db_row(q)) {
        const char *tbl = db_text(q, 0), *row = db_text(q, 1), *col = db_text(q, 2);
        cell v = db_null(q, 3) ? CELL_UNKNOWN : db_double(q, 3);
        int r, c;
        if (tbl && strcmp(tbl, "active") == 0 && (r = find_key(active_row_keys, ACTIVE_ROWS, row)) >= 0 &&
            (c = find_key(active_col_keys, ACTIVE_COLS, col)) >= 0) {
            active[r][c] = v;
        } else if (tbl && strcmp(tbl, "requests") == 0 && (r = find_key(req_row_keys, REQ_ROWS, row)) >= 0 &&
                   (c = find_key(req_col_keys, REQ_COLS, col)) >= 0) {
            req[r][c] = v;
        } else if (tbl && strcmp(tbl, "appeals") == 0 &&
                   (r = find_key(appeal_group_keys, APPEAL_GROUPS, row)) >= 0 &&
                   (c = find_key(appeal_col_keys, APPEAL_COLS, col)) >= 0) {
            app[r][c] = v;
        }
    }
    if (db_query_end(q) != 0) return -1;
    for (int i = 0; i < ACTIVE_ROWS; i++) {
        buf_puts(&t->active, active_row_labels[i]);
        for (int j = 0; j < ACTIVE_COLS; j++) {
            if ((i >= ACT_LICENSING) != (j == ACOL_VALUE)) continue;   /* no such cell */
            if (j != ACOL_VALUE) buf_printf(&t->active, " %s", active_col_labels[j]);
            number_text(&t->active, &t->active_v, cell_known(active[i][j]), active[i][j]);
        }
        buf_putc(&t->active, '\n');
    }
    for (int j = 0; j < REQ_COLS; j++) buf_printf(&t->requests, "%s%s", j ? " " : "", req_col_labels[j]);
    buf_putc(&t->requests, '\n');
    for (int i = 0; i < REQ_ROWS; i++) {
        buf_puts(&t->requests, req_row_labels[i]);
        for (int j = 0; j < REQ_COLS; j++)
            number_text(&t->requests, &t->requests_v, cell_known(req[i][j]), req[i][j]);
        buf_putc(&t->requests, '\n');
    }
    for (int j = 0; j < APPEAL_COLS; j++) buf_printf(&t->appeals, "%s%s", j ? " " : "", appeal_col_labels[j]);
    buf_putc(&t->appeals, '\n');
    for (int i = 0; i < APPEAL_GROUPS; i++) {
        buf_puts(&t->appeals, appeal_group_labels[i]);
        for (int j = 0; j < APPEAL_COLS; j++)
            number_text(&t->appeals, &t->appeals_v, cell_known(app[i][j]), app[i][j]);
        buf_putc(&t->appeals, '\n');
    }
    return 0;
}

/* The prose by part: heading and body, parts of one number joined. */
static int sections_text(docs *ds, int64_t report, buf parts[7])
{
    db_query *q = db_query_new(ds->s->db,
        "SELECT number, heading, body FROM sections WHERE report_id = ? ORDER BY ord");
    if (!q) return -1;
    db_bind_int(q, 1, report);
    while (db_row(q)) {
        int n = (int)db_int(q, 0);
        buf *b = &parts[n < 0 ? 0 : n > 6 ? 6 : n];
        const char *heading = db_text(q, 1), *body = db_text(q, 2);
        if (b->len) buf_putc(b, '\n');
        if (heading && *heading) buf_printf(b, "%s\n", heading);
        if (body) buf_puts(b, body);
    }
    return db_query_end(q);
}

static char *place_text(arena *a, const char *province, const char *city, const char *county)
{
    return arena_printf(a, "%s %s %s", province ? province : "", city ? city : "",
                        county && (!city || strcmp(county, city) != 0) ? county : "");
}

static int add_reports(docs *ds)
{
    db_query *q = db_query_new(ds->s->db,
        "SELECT r.id, r.year, r.title, a.name, a.slug, a.province, a.city, a.county "
        "FROM report_pages r JOIN agencies a ON a.id = r.agency_id ORDER BY a.slug, r.year");
    if (!q) return -1;
    int rc = 0;
    while (rc == 0 && db_row(q)) {
        const char *slug = db_text(q, 4), *name = db_text(q, 3);
        if (!slug_valid(slug) || !text_ok(name)) continue;
        int64_t id = db_int(q, 0);
        int year = (int)db_int(q, 1);
        const char *title = db_text(q, 2);
        search_doc d = { .kind = SK_REPORT, .year = year, .province = db_text(q, 5),
                         .agency = name, .agency_slug = slug };
        d.url = arena_printf(ds->a, "/agencies/%s/%d/", slug, year);
        d.title = text_ok(title) ? title
                                                            : arena_printf(ds->a, "%s %d 年度报告", name, year);
        d.slot_text[SLOT_TITLE] = d.title;
        d.slot_text[SLOT_AGENCY] = arena_printf(ds->a, "%s\n%s\n%d", name,
            place_text(ds->a, d.province, db_text(q, 6), db_text(q, 7)), year);
        buf parts[7] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
        table_text t = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
        rc = sections_text(ds, id, parts) == 0 && tables_text(ds, id, &t) == 0 ? 0 : -1;
        for (int i = 0; i < 7; i++) d.slot_text[SLOT_PART0 + i] = parts[i].data;
        d.slot_text[SLOT_ACTIVE] = t.active.data;
        d.slot_text[SLOT_REQUESTS] = t.requests.data;
        d.slot_text[SLOT_APPEALS] = t.appeals.data;
        d.slot_values[SLOT_ACTIVE] = t.active_v.data;
        d.slot_values[SLOT_REQUESTS] = t.requests_v.data;
        d.slot_values[SLOT_APPEALS] = t.appeals_v.data;
        for (int i = 0; i < SEARCH_SLOTS; i++) d.slot_anchor[i] = report_anchor[i];
        if (rc == 0) search_index_add(ds->si, &d);
        for (int i = 0; i < 7; i++) buf_free(&parts[i]);
        buf_free(&t.active);
        buf_free(&t.requests);
        buf_free(&t.appeals);
        buf_free(&t.active_v);
        buf_free(&t.requests_v);
        buf_free(&t.appeals_v);
        arena_free(ds->a);
        ds->a = arena_new();
    }
    return db_query_end(q) == 0 ? rc : -1;
}

static int add_agencies(docs *ds)
{
    db_query *q = db_query_new(ds->s->db,
        "SELECT a.name, a.slug, a.province, a.city, a.county, "
        "       (SELECT group_concat(year, ' ') FROM (SELECT year FROM report_pages r "
        "        WHERE r.agency_id = a.id ORDER BY year)) "
        "FROM agencies a ORDER BY a.slug");
    if (!q) return -1;
    while (db_row(q)) {
        const char *name = db_text(q, 0), *slug = db_text(q, 1), *years = db_text(q, 5);
        if (!slug_valid(slug) || !text_ok(name)) continue;
        search_doc d = { .kind = SK_AGENCY, .title = name, .province = db_text(q, 2),
                         .agency = name, .agency_slug = slug };
        d.url = arena_printf(ds->a, "/agencies/%s/", slug);
        d.slot_text[SLOT_TITLE] = name;
        d.slot_text[SLOT_AGENCY] = place_text(ds->a, d.province, db_text(q, 3), db_text(q, 4));
        d.slot_text[SLOT_PART0] = years ? arena_printf(ds->a, "%s 年度报告", years) : NULL;
        search_index_add(ds->si, &d);
    }
    arena_free(ds->a);
    ds->a = arena_new();
    return db_query_end(q);
}

static int add_regions(docs *ds)
{
    db_query *q = db_query_new(ds->s->db,
        "SELECT r.name, r.slug, up.name, "
        "       (SELECT group_concat(a.name, ' ') FROM agencies a WHERE a.province = coalesce(up.name, r.name) "
        "        AND (up.id IS NULL OR a.city = r.name)) "
        "FROM regions r LEFT JOIN regions up ON up.id = r.parent_id ORDER BY r.slug");
    if (!q) return -1;
    while (db_row(q)) {
        const char *name = db_text(q, 0), *slug = db_text(q, 1), *parent = db_text(q, 2);
        if (!slug_valid(slug) || !text_ok(name)) continue;
        search_doc d = { .kind = SK_REGION, .title = name, .province = parent ? parent : name };
        d.url = arena_printf(ds->a, "/regions/%s/", slug);
        d.slot_text[SLOT_TITLE] = name;
        d.slot_text[SLOT_AGENCY] = parent;
        const char *agencies = db_text(q, 3);
        d.slot_text[SLOT_PART0] = text_ok(agencies) ? agencies : NULL;
        search_index_add(ds->si, &d);
    }
    arena_free(ds->a);
    ds->a = arena_new();
    return db_query_end(q);
}

static void add_page(void *ctx, const char *slug, const char *title, const char *text)
{
    docs *ds = ctx;
    search_doc d = { .kind = SK_PAGE, .title = title };
    d.url = arena_printf(ds->a, "/%s/", slug);
    d.slot_text[SLOT_TITLE] = title;
    d.slot_text[SLOT_PART0] = text;
    search_index_add(ds->si, &d);
}

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int write_file(void *ctx, const char *path, const void *data, size_t len)
{
    return site_file(ctx, path, data, len);
}

int search_write(site *s)
{
    double start = seconds();
    search_norm *norm = search_norm_new(s->diag);
    if (!norm) return -1;
    docs ds = { .s = s, .si = search_index_new(norm), .a = arena_new() };
    int rc = add_reports(&ds) == 0 && add_agencies(&ds) == 0 && add_regions(&ds) == 0 &&
             mdpages_each(s, add_page, &ds) == 0 ? 0 : -1;
    search_stats st = {0};
    if (rc == 0) rc = search_index_write(ds.si, SEARCH_SIZES, write_file, s, s->assets, &st, s->diag);
    if (rc == 0 && !s->quiet)
        fprintf(stderr, "site-gen build: search index: %zu documents, %zu terms, %zu shards; "
                "%zu files, %.1f kB, in %.2f s\n", st.docs, st.terms, st.shards, st.files,
                (double)st.bytes / 1024.0, seconds() - start);
    search_index_free(ds.si);
    search_norm_free(norm);
    arena_free(ds.a);
    return rc;
}
