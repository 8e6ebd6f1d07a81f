/*
 * mdpages.c: the site's prose pages, content/pages/NAME.md, and the 404
 * page.
 *
 * A page is YAML front matter between two "---" lines (title, slug,
 * order, and `lists: metrics` for a page that lists the comparison
 * metrics after its text) and a Markdown body.  The body is rendered with cmark-gfm and
 * the GitHub extensions for tables, autolinks and strikethrough, without
 * CMARK_OPT_UNSAFE: raw HTML in a page and "javascript:" links come out
 * as comments and empty links, so what the template inserts unescaped is
 * HTML that cmark itself wrote.  All pages are read first, so each page
 * can be given the list of all of them (for navigation) in `order`.
 *
 * A page with a problem (no front matter, no title, a slug that is not
 * [a-z0-9-]+ or is used twice) is skipped with one file:line message;
 * the others are still written.
 */
#include "out/site.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/fs.h"
#include "base/text.h"
#include "read/read.h"
#include "store/db.h"

typedef struct md_page {
    const char *file;       /* content/pages/NAME.md, for messages */
    json_t *front;          /* the front matter */
    const char *slug;
    long order;
    const char *html;       /* the body as cmark rendered it */
    const char *text;       /* the body as plain text, for the search index */
} md_page;

/* The line of the front matter that sets KEY, for messages; 0 if none. */
static int key_line(const char *front, size_t len, const char *key, int first_line)
{
    size_t klen = strlen(key);
    int line = first_line;
    for (size_t i = 0; i < len; line++) {
        if (len - i > klen && memcmp(front + i, key, klen) == 0 && front[i + klen] == ':')
            return line;
        const char *nl = memchr(front + i, '\n', len - i);
        if (!nl) break;
        i = (size_t)(nl - front) + 1;
    }
    return 0;
}

/* Makes the site's own links and images in DOC ("/data/") relative
 * ("../data/"), as the templates' links are, so that they keep a reader
 * in the large-text folder: a page lies at SLUG/, one folder down. */
static void links_relative(cmark_node *doc)
{
    cmark_iter *it = cmark_iter_new(doc);
    if (!it) abort();
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(n);
        if (ev != CMARK_EVENT_ENTER || (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE)) continue;
        const char *url = cmark_node_get_url(n);
        if (!url || url[0] != '/' || url[1] == '/') continue;
        buf up = BUF_INIT;
        buf_printf(&up, "..%s", url);
        if (!cmark_node_set_url(n, up.data)) abort();
        buf_free(&up);
    }
    cmark_iter_free(it);
}

/* The body as HTML, or as plain text when TEXT_ONLY. */
static char *markdown_render(const char *text, size_t len, bool text_only)
{
    static const char *const extensions[] = { "table", "autolink", "strikethrough" };
    int options = CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES;
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new(options);
    if (!p) return NULL;
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
        cmark_syntax_extension *ext = cmark_find_syntax_extension(extensions[i]);
        if (ext) cmark_parser_attach_syntax_extension(p, ext);
    }
    cmark_parser_feed(p, text, len);
    cmark_node *doc = cmark_parser_finish(p);
    if (doc && !text_only) links_relative(doc);
    char *html = !doc ? NULL : text_only ? cmark_render_plaintext(doc, options, 0)
                             : cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(p));
    if (doc) cmark_node_free(doc);
    cmark_parser_free(p);
    return html;
}

/* Splits TEXT into front matter and body and fills *pg; false after one
 * file:line message when the page cannot be used. */
static bool page_read(site *s, arena *a, const char *file, const char *text, size_t len,
                      md_page *pg)
{
    front_matter fm;
    if (!config_front_matter(file, text, len, &fm, s->diag)) return false;
    pg->front = fm.data;
    const char *title = json_string_value(json_object_get(pg->front, "title"));
    pg->slug = json_string_value(json_object_get(pg->front, "slug"));
    if (!title || !*title) {
        diag_error(s->diag, file, 1, "front matter has no 'title'");
        return false;
    }
    if (!slug_valid(pg->slug)) {
        diag_error(s->diag, file, key_line(fm.yaml, fm.yaml_len, "slug", 2),
                   "'slug' must be made of a-z, 0-9 and '-'");
        return false;
    }
    const char *order = json_string_value(json_object_get(pg->front, "order"));
    pg->order = order ? strtol(order, NULL, 10) : 0;
    char *html = markdown_render(fm.body, fm.body_len, false);
    char *plain = markdown_render(fm.body, fm.body_len, true);
    pg->text = arena_strdup(a, plain ? plain : "");
    free(plain);
    if (!html) {
        diag_error(s->diag, file, 0, "Markdown could not be rendered");
        return false;
    }
    pg->html = arena_strdup(a, html);
    free(html);
    pg->file = arena_strdup(a, file);
    return true;
}

static int by_order(const void *x, const void *y)
{
    const md_page *a = x, *b = y;
    if (a->order != b->order) return a->order < b->order ? -1 : 1;
    return strcmp(a->slug, b->slug);
}

/* The .md files of DIR, sorted, in *names (from the arena); their count.
 * A missing folder holds no pages. */
static size_t list_pages(arena *a, const char *dir, char ***names)
{
    char **all = fs_list(a, dir, NULL);
    size_t n = 0;
    for (char **name = all; name && *name; name++) {
        size_t len = strlen(*name);
        if (len >= 4 && strcmp(*name + len - 3, ".md") == 0) all[n++] = fs_join(a, dir, *name);
    }
    *names = all;
    return n;
}

/* Every usable page of content/pages, in the order they are listed. */
static size_t pages_load(site *s, arena *a, md_page **out)
{
    char **names;
    char *dir = arena_printf(a, "%s/pages", s->content_dir);
    size_t n = list_pages(a, dir, &names), kept = 0;
    md_page *pages = arena_alloc(a, (n ? n : 1) * sizeof *pages);
    for (size_t i = 0; i < n; i++) {
        buf text = BUF_INIT;
        md_page pg = {0};
        bool ok = false;
        if (fs_read_or_say(&text, names[i], FS_MAX_FILE, s->diag) &&
            page_read(s, a, names[i], text.data, text.len, &pg)) {
            ok = true;
            for (size_t j = 0; j < kept && ok; j++) ok = strcmp(pages[j].slug, pg.slug) != 0;
            if (!ok) diag_error(s->diag, names[i], 0, "slug '%s' is already used", pg.slug);
        }
        if (ok) pages[kept++] = pg;
        else json_decref(pg.front);
        buf_free(&text);
    }
    qsort(pages, kept, sizeof *pages, by_order);
    *out = pages;
    return kept;
}

/* The navigation list every page gets: title and URL of each page. */
static json_t *pages_nav(const md_page *pages, size_t n)
{
    json_t *nav = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(nav, json_pack("{s:O, s:s, s:s++}",
                                             "title", json_object_get(pages[i].front, "title"),
                                             "slug", pages[i].slug,
                                             "url", "/", pages[i].slug, "/"));
    return nav;
}

int mdpages_each(site *s, mdpage_fn fn, void *ctx)
{
    arena *a = arena_new();
    diag quiet = { .out = NULL };
    diag *said = s->diag;
    s->diag = &quiet;               /* mdpages_write() says what is wrong with a page */
    md_page *pages;
    size_t n = pages_load(s, a, &pages);
    s->diag = said;
    for (size_t i = 0; i < n; i++) {
        fn(ctx, pages[i].slug, json_string_value(json_object_get(pages[i].front, "title")), pages[i].text);
        json_decref(pages[i].front);
    }
    arena_free(a);
    return 0;
}

/* [{"name", "metrics": [{"slug", "name", "unit", "definition", "url"}]}]:
 * the metrics of the comparison pages by group, as schema.sql defines
 * them, for a page whose front matter says `lists: metrics` (the
 * methodology page lists them after its text). */
static json_t *metric_catalogue(site *s)
{
    json_t *groups = json_array(), *last = NULL;
    db_query *q = db_query_new(s->db,
        "SELECT g.grp, g.name, m.slug, m.name, m.unit, m.definition FROM metric_groups g"
        " JOIN metrics m ON m.grp = g.grp ORDER BY g.ord, m.ord");
    while (q && db_row(q)) {
        const char *grp = db_text(q, 0), *slug = db_text(q, 2);
        if (!grp || !slug_valid(slug)) continue;
        if (!last || strcmp(json_string_value(json_object_get(last, "key")), grp) != 0) {
            last = json_pack("{s:s, s:s?, s:[]}", "key", grp, "name", db_text(q, 1), "metrics");
            json_array_append_new(groups, last);
        }
        json_array_append_new(json_object_get(last, "metrics"), json_pack("{s:s, s:s?, s:s?, s:s?, s:s++}",
            "slug", slug, "name", db_text(q, 3), "unit", db_text(q, 4), "definition", db_text(q, 5),
            "url", "/compare/", slug, "/"));
    }
    db_query_end(q);
    return groups;
}

int mdpages_write(site *s)
{
    arena *a = arena_new();
    md_page *pages;
    size_t n = pages_load(s, a, &pages);
    json_t *nav = pages_nav(pages, n);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *page = json_deep_copy(pages[i].front);
        json_object_set_new(page, "html", json_string(pages[i].html));
        json_object_set_new(page, "url", json_pack("s++", "/", pages[i].slug, "/"));
        json_t *view = json_pack("{s:o, s:O}", "page", page, "pages", nav);
        const char *lists = json_string_value(json_object_get(pages[i].front, "lists"));
        if (lists && strcmp(lists, "metrics") == 0)
            json_object_set_new(view, "metric_groups", metric_catalogue(s));
        char *path = arena_printf(a, "%s/", pages[i].slug);
        if (site_page(s, "page", view, path, true) != 0) rc = -1;
        json_decref(view);
        json_decref(pages[i].front);
    }
    /* The 404 page is served at any path, so its links start from the
     * site's own path, not from where the file lies. */
    const char *base = json_string_value(json_object_get(s->config, "base_path"));
    json_t *view = json_pack("{s:O, s:s}", "pages", nav, "root", base ? base : "");
    if (site_page(s, "404", view, "404.html", false) != 0) rc = -1;
    json_decref(view);
    json_decref(nav);
    arena_free(a);
    return rc;
}
