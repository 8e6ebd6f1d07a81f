/*
 * report.c: one page per report shown on the portal (the view
 * report_pages picks one file per agency and year), at
 * /agencies/<slug>/<year>/, with the original file beside it.
 *
 * The page is built from the report's record as loaded from the database
 * (view_load_record), so every table walks the same key and label tables
 * as the rest of the tool: four tables with every value, unknown values
 * marked as such.  Findings are sorted by what they concern, so the
 * template can put each one beside its table or the prose; findings about
 * the document as a whole go to the top.  Each finding has an anchor,
 * #f-N for the report's Nth finding in stored order, which the data
 * quality page links to.
 */
#include "view/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

/* What one report page is made from. */
typedef struct report_row {
    int64_t id, agency_id;
    int year;
    const char *slug, *agency, *province, *city, *source_path, *title, *form, *charset;
    const char *published_on, *ingested_at;
} report_row;

static json_t *label_list(const char *const *labels, int first, int n)
{
    json_t *a = json_array();
    for (int i = first; i < first + n; i++)
        json_array_append_new(a, json_pack("{s:s}", "label", labels[i]));
    return a;
}

/* Where a table row's cells are: the record and their keys, so that a
 * cell filled by a rule (record_is_deduced) is shown apart. */
typedef struct row_at {
    const record *r;
    const char *table, *row;
    const char *const *cols;    /* keys of the row's columns */
} row_at;

static json_t *cells_row(const char *label, const cell *cells, int n, row_at at, bool *deduced)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        json_t *c = view_cell(cells[i]);
        if (record_is_deduced(at.r, at.table, at.row, at.cols[i])) {
            json_object_set_new(c, "deduced", json_true());
            *deduced = true;
        }
        json_array_append_new(a, c);
    }
    return json_pack("{s:s, s:o}", "label", label, "cells", a);
}

/* {"columns", "rows", "has_deduced"} */
static json_t *table_json(json_t *columns, json_t *rows, bool deduced)
{
    return json_pack("{s:o, s:o, s:b}", "columns", columns, "rows", rows, "has_deduced", deduced);
}

/* 规章 and 行政规范性文件: three counts each. */
static json_t *active_docs(const record *r)
{
    json_t *rows = json_array();
    bool deduced = false;
    for (int i = ACT_RULES; i <= ACT_NORMATIVE_DOCS; i++) {
        cell c[3];
        for (int j = ACOL_ISSUED; j <= ACOL_IN_FORCE; j++) c[j] = *record_active_cell_c(r, i, j);
        row_at at = { r, "active", active_row_keys[i], active_col_keys };
        json_array_append_new(rows, cells_row(active_row_labels[i], c, 3, at, &deduced));
    }
    return table_json(label_list(active_col_labels, ACOL_ISSUED, 3), rows, deduced);
}

/* 行政许可, 行政处罚, 行政强制, 行政事业性收费: one value each. */
static json_t *active_counts(const record *r)
{
    json_t *rows = json_array();
    bool deduced = false;
    for (int i = ACT_LICENSING; i <= ACT_FEES; i++) {
        row_at at = { r, "active", active_row_keys[i], active_col_keys + ACOL_VALUE };
        json_t *row = cells_row(active_row_labels[i], record_active_cell_c(r, i, ACOL_VALUE), 1,
                                at, &deduced);
        json_object_set_new(row, "fees", json_boolean(i == ACT_FEES));
        json_array_append_new(rows, row);
    }
    return table_json(label_list(active_col_labels, ACOL_VALUE, 1), rows, deduced);
}

static json_t *requests_table(const record *r)
{
    json_t *rows = json_array();
    bool deduced = false;
    for (int i = 0; i < REQ_ROWS; i++) {
        row_at at = { r, "requests", req_row_keys[i], req_col_keys };
        json_array_append_new(rows, cells_row(req_row_labels[i], r->requests[i], REQ_COLS, at,
                                              &deduced));
    }
    return table_json(label_list(req_col_labels, 0, REQ_COLS), rows, deduced);
}

static json_t *appeals_table(const record *r)
{
    json_t *rows = json_array();
    bool deduced = false;
    for (int g = 0; g < APPEAL_GROUPS; g++) {
        row_at at = { r, "appeals", appeal_group_keys[g], appeal_col_keys };
        json_array_append_new(rows, cells_row(appeal_group_labels[g], r->appeals[g], APPEAL_COLS,
                                              at, &deduced));
    }
    return table_json(label_list(appeal_col_labels, 0, APPEAL_COLS), rows, deduced);
}

static int count_unknown(const record *r)
{
    int n = 0;
    for (int i = 0; i < ACTIVE_ROWS; i++)
        for (int j = 0; j < ACTIVE_COLS; j++) {
            const cell *c = record_active_cell_c(r, i, j);
            if (c && !cell_known(*c)) n++;
        }
    for (int i = 0; i < REQ_ROWS; i++)
        for (int j = 0; j < REQ_COLS; j++) n += !cell_known(r->requests[i][j]);
    for (int g = 0; g < APPEAL_GROUPS; g++)
        for (int j = 0; j < APPEAL_COLS; j++) n += !cell_known(r->appeals[g][j]);
    return n;
}

/* {"document": {"items": [...]}, "requests": {...}, ...}: a place is
 * present only when it has findings, so templates can test for it. */
static json_t *findings_by_place(const record *r, int *count)
{
    static const char *const places[] = { "active", "requests", "appeals", "narrative" };
    json_t *by = json_object();
    *count = 0;
    int ordinal = 0;
    for (const finding *f = r->findings; f; f = f->next) {
        const char *place = "document";
        for (size_t i = 0; i < sizeof places / sizeof places[0]; i++)
            if (strcmp(f->where, places[i]) == 0) place = places[i];
        json_t *group = json_object_get(by, place);
        if (!group) {
            group = json_pack("{s:[]}", "items");
            json_object_set_new(by, place, group);
        }
        json_t *item = json_object();
        char anchor[24];
        snprintf(anchor, sizeof anchor, "f-%d", ++ordinal);
        json_object_set_new(item, "id", json_string(anchor));
        json_object_set_new(item, "code", json_string(f->code));
        json_object_set_new(item, "kind", json_string(finding_kind(f->code)));
        json_t *msg = json_string(f->message);
        json_object_set_new(item, "message", msg ? msg : json_string(""));
        if (f->line > 0) json_object_set_new(item, "line", json_integer(f->line));
        json_array_append_new(json_object_get(group, "items"), item);
        (*count)++;
    }
    return by;
}

static json_t *paragraphs(const char *body)
{
    json_t *paras = json_array();
    for (const char *p = body; *p;) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        json_t *t = n ? json_stringn(p, n) : NULL;
        if (t) json_array_append_new(paras, json_pack("{s:o}", "text", t));
        p += n + (end != NULL);
    }
    return paras;
}

/* The prose in the report's own order, around the tables: "intro" holds
 * the preamble and part 一 (总体情况), "closing" parts 五, 六 and anything
 * else; the few lines a report writes under the headings of parts 二, 三
 * and 四 become "notes" of the table they introduce. */
static json_t *sections_json(const record *r)
{
    static const char *const table_of_part[] = { [2] = "active", [3] = "requests", [4] = "appeals" };
    json_t *intro = json_array(), *closing = json_array(), *notes = json_object();
    bool anchored[8] = {0};         /* part-N, the search index's link to a part, once a page */
    for (const section *s = r->sections; s; s = s->next) {
        json_t *paras = paragraphs(s->body);
        if (s->number >= 2 && s->number <= 4) {
            if (json_array_size(paras) > 0)
                json_object_set_new(notes, table_of_part[s->number], json_pack("{s:o}", "paragraphs", paras));
            else
                json_decref(paras);
            continue;
        }
        json_t *heading = json_string(s->heading);
        json_t *part = json_pack("{s:o, s:b, s:i, s:o}",
            "heading", heading ? heading : json_string(""), "has_heading", *s->heading != '\0',
            "number", s->number, "paragraphs", paras);
        int slot = s->number > 6 ? 6 : s->number;
        if (slot >= 1 && *s->heading && !anchored[slot]) {
            char id[16];
            snprintf(id, sizeof id, "part-%d", slot);
            json_object_set_new(part, "anchor", json_string(id));
            anchored[slot] = true;
        }
        json_array_append_new(s->number <= 1 ? intro : closing, part);
    }
    return json_pack("{s:b, s:b, s:o, s:o, s:o}", "any", r->sections != NULL,
                     "has_closing", json_array_size(closing) > 0,
                     "intro", intro, "closing", closing, "notes", notes);
}

/* [{"label", "items"}]: the counts of proactively published items that
 * the prose states, per channel, as the report names the channel. */
static json_t *published_json(pages *p, int64_t report_id)
{
    json_t *a = json_array();
    db_query *q = db_query_new(p->db, "SELECT label, items FROM published WHERE report_id = ? ORDER BY line, channel");
    if (!q) return a;
    db_bind_int(q, 1, report_id);
    while (db_row(q))
        json_array_append_new(a, json_pack("{s:o, s:o}", "label", view_text(q, 0),
                                           "items", view_cell(db_double(q, 1))));
    db_query_end(q);
    return a;
}

/* The original's file extension, from the form it was read in (the
 * readers accept nothing else), never from the name it came with: a file
 * called report.js is published as original.txt, its bytes unchanged.
 * Text in GBK says so in its name (original.gbk.txt), so that the host
 * can send it with its charset (netlify.toml). */
static const char *original_ext(const char *form, const char *charset)
{
    static const struct { const char *form, *ext, *gbk; } exts[] = {
        { "pdf", "pdf", "pdf" }, { "docx", "docx", "docx" },
        { "html", "html", "gbk.html" }, { "markdown", "md", "gbk.md" },
    };
    bool gbk = charset && strcmp(charset, "GB18030") == 0;
    for (size_t i = 0; form && i < sizeof exts / sizeof exts[0]; i++)
        if (strcmp(form, exts[i].form) == 0) return gbk ? exts[i].gbk : exts[i].ext;
    return gbk ? "gbk.txt" : "txt";     /* pdf_text, word_text */
}

/* The year before (DIR < 0) or after this one with a report of the same agency. */
static json_t *neighbour(pages *p, const report_row *rr, int dir)
{
    db_query *q = db_query_new(p->db, dir < 0
        ? "SELECT max(year) FROM report_pages WHERE agency_id = ? AND year < ?"
        : "SELECT min(year) FROM report_pages WHERE agency_id = ? AND year > ?");
    if (!q) return NULL;
    db_bind_int(q, 1, rr->agency_id);
    db_bind_int(q, 2, rr->year);
    json_t *n = NULL;
    if (db_row(q) && !db_null(q, 0)) {
        int year = (int)db_int(q, 0);
        char *url = view_url_report(rr->slug, year);
        n = json_pack("{s:i, s:s}", "year", year, "url", url);
        free(url);
    }
    db_query_end(q);
    return n;
}

static int write_original(pages *p, const report_row *rr, const char *dir, const char *ext)
{
    db_query *q = db_query_new(p->db, "SELECT bytes FROM originals WHERE report_id = ?");
    if (!q) return -1;
    db_bind_int(q, 1, rr->id);
    int rc = 0;
    if (db_row(q)) {
        buf path = BUF_INIT;
        buf_printf(&path, "%soriginal.%s", dir, ext);
        size_t len;
        const void *bytes = db_blob(q, 0, &len);
        rc = p->sink.file(p->sink.ctx, path.data, bytes, len);
        buf_free(&path);
    } else {
        rc = db_query_failed(q) ? -1 : 1;   /* 1: no original stored, the page links to none */
    }
    db_query_end(q);
    return rc;
}

static json_t *report_view(pages *p, const report_row *rr, const record *r)
{
    char *url = view_url_report(rr->slug, rr->year);
    char *agency_url = view_url_agency(rr->slug);
    int nfindings;
    json_t *v = json_object();
    json_object_set_new(v, "agency", json_pack("{s:s, s:s, s:s}", "name", rr->agency,
                                               "slug", rr->slug, "url", agency_url));
    json_object_set_new(v, "region", view_region_links(p, rr->province, rr->city));
    json_object_set_new(v, "year", json_integer(rr->year));
    json_object_set_new(v, "url", json_string(url));
    json_object_set_new(v, "title", view_str(rr->title));
    json_object_set_new(v, "published_on", view_str(rr->published_on));
    char added[11] = "";
    if (rr->ingested_at) snprintf(added, sizeof added, "%.10s", rr->ingested_at);
    json_object_set_new(v, "added_on", json_string(added));
    if (added[0]) json_object_set_new(v, "lastmod", json_string(added));
    json_object_set_new(v, "findings", findings_by_place(r, &nfindings));
    json_object_set_new(v, "findings_count", json_integer(nfindings));
    int unknown = count_unknown(r);
    json_object_set_new(v, "unknown_count", json_integer(unknown));
    json_object_set_new(v, "has_unknown", json_boolean(unknown > 0));
    json_object_set_new(v, "has_findings", json_boolean(nfindings > 0));
    json_object_set_new(v, "active_docs", active_docs(r));
    json_object_set_new(v, "active_counts", active_counts(r));
    json_object_set_new(v, "requests", requests_table(r));
    json_object_set_new(v, "appeals", appeals_table(r));
    json_object_set_new(v, "prose", sections_json(r));
    json_t *published = published_json(p, rr->id);
    json_object_set_new(v, "has_published", json_boolean(json_array_size(published) > 0));
    json_object_set_new(v, "published", published);
    json_t *prev = neighbour(p, rr, -1), *next = neighbour(p, rr, +1);
    if (prev) json_object_set_new(v, "prev", prev);
    if (next) json_object_set_new(v, "next", next);
    free(url);
    free(agency_url);
    return v;
}

static int report_page(pages *p, const report_row *rr)
{
    record *r = view_load_record(p, rr->id);
    if (!r) return -1;
    json_t *v = report_view(p, rr, r);
    record_free(r);

    char *dir = view_url_report(rr->slug, rr->year);
    const char *ext = original_ext(rr->form, rr->charset);
    int orig = write_original(p, rr, dir + 1, ext);
    json_t *dl = json_object();
    buf u = BUF_INIT;
    buf_printf(&u, "%sreport.json", dir);
    json_object_set_new(dl, "json", json_string(u.data));
    buf_clear(&u);
    buf_printf(&u, "%sreport.csv", dir);
    json_object_set_new(dl, "csv", json_string(u.data));
    if (orig == 0) {
        buf_clear(&u);
        buf_printf(&u, "%soriginal.%s", dir, ext);
        json_object_set_new(dl, "original", json_string(u.data));
        json_object_set_new(dl, "original_ext", json_string(ext));
    }
    buf_free(&u);
    json_object_set_new(v, "downloads", dl);
    int rc = orig < 0 ? -1 : view_render(p, "report", v, dir + 1);
    if (orig < 0) json_decref(v);
    free(dir);
    return rc;
}

static const char *text_or_null(db_query *q, int col)
{
    return db_text(q, col);
}

int view_report_pages(pages *p)
{
    db_query *q = db_query_new(p->db,
        "SELECT r.id, r.agency_id, r.year, a.slug, a.name, a.province, a.city, r.source_path, r.title, "
        "r.form, r.charset, r.published_on, r.ingested_at "
        "FROM report_pages r JOIN agencies a ON a.id = r.agency_id ORDER BY a.slug, r.year");
    if (!q) return -1;
    int rc = 0;
    while (rc == 0 && db_row(q)) {
        report_row rr = {
            .id = db_int(q, 0), .agency_id = db_int(q, 1),
            .year = (int)db_int(q, 2), .slug = text_or_null(q, 3),
            .agency = text_or_null(q, 4), .province = text_or_null(q, 5),
            .city = text_or_null(q, 6), .source_path = text_or_null(q, 7),
            .title = text_or_null(q, 8), .form = text_or_null(q, 9), .charset = text_or_null(q, 10),
            .published_on = text_or_null(q, 11), .ingested_at = text_or_null(q, 12),
        };
        if (!slug_valid(rr.slug) || !view_text_ok(rr.agency)) {
            diag_warning(p->diag, rr.source_path ? rr.source_path : db_path(p->db), 0,
                       "agency has no usable slug or name; report page skipped");
            continue;
        }
        rc = report_page(p, &rr);
    }
    return db_query_end(q) == 0 && rc == 0 ? 0 : -1;
}
