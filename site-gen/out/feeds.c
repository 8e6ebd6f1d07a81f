/*
 * feeds.c: what machines read about the site: an Atom feed of reports
 * (/feed.xml), the sitemap (/sitemap.xml) and /robots.txt.
 *
 * Both XML files are written with libxml2's xmlwriter, which escapes
 * every text and attribute value; nothing is ever written as raw markup,
 * so report prose holding "<script>" or "\"><img onerror=...>" arrives as
 * text.  Characters that XML 1.0 cannot hold (C0 controls pulled out of
 * PDFs) are dropped first, because xmlwriter would pass them through and
 * make the file unreadable.  URLs are absolute, from site.yaml's
 * base_url.  The feed lists the shown reports newest first by the time
 * they were ingested; the sitemap lists every page a build recorded in
 * s->urls, so it is written last.
 */
#include "out/site.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlwriter.h>

#include "base/buf.h"
#include "base/text.h"
#include "store/db.h"

/* An xmlwriter into memory, and whether any call on it failed. */
typedef struct xml_out {
    xmlBufferPtr mem;
    xmlTextWriterPtr w;
    bool failed;
} xml_out;

static bool xml_begin(xml_out *x)
{
    x->failed = false;
    x->mem = xmlBufferCreate();
    x->w = x->mem ? xmlNewTextWriterMemory(x->mem, 0) : NULL;
    if (!x->w) return false;
    xmlTextWriterSetIndent(x->w, 1);
    xmlTextWriterSetIndentString(x->w, BAD_CAST "  ");
    x->failed = xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL) < 0;
    return true;
}

/* Finishes the document and writes it to PATH; 0 on success. */
static int xml_end(site *s, xml_out *x, const char *path)
{
    int rc = -1;
    if (x->w) {
        if (xmlTextWriterEndDocument(x->w) < 0) x->failed = true;
        xmlFreeTextWriter(x->w);    /* flushes into x->mem */
        if (x->failed) diag_error(s->diag, path, 0, "XML could not be written");
        else rc = site_file(s, path, xmlBufferContent(x->mem), (size_t)xmlBufferLength(x->mem));
    } else {
        diag_error(s->diag, path, 0, "cannot start the XML writer");
    }
    if (x->mem) xmlBufferFree(x->mem);
    return rc;
}

static void start(xml_out *x, const char *name)
{
    if (xmlTextWriterStartElement(x->w, BAD_CAST name) < 0) x->failed = true;
}

static void end(xml_out *x)
{
    if (xmlTextWriterEndElement(x->w) < 0) x->failed = true;
}

static void attr(xml_out *x, const char *name, const char *value)
{
    if (xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value) < 0) x->failed = true;
}

/* TEXT without the control characters XML 1.0 forbids, cut to at most
 * MAX bytes on a character boundary (0: no limit). */
static void xml_clean(buf *out, const char *text, size_t max)
{
    size_t n = strlen(text);
    if (max && n > max) {
        n = max;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
        buf_putc(out, (char)c);
    }
}

/* <NAME>text</NAME>, the text escaped by xmlwriter. */
static void element(xml_out *x, const char *name, const char *text, size_t max)
{
    buf clean = BUF_INIT;
    xml_clean(&clean, text ? text : "", max);
    if (xmlTextWriterWriteElement(x->w, BAD_CAST name, BAD_CAST clean.data) < 0)
        x->failed = true;
    buf_free(&clean);
}

static void link_to(xml_out *x, const char *rel, const char *type, const char *href)
{
    start(x, "link");
    attr(x, "rel", rel);
    if (type) attr(x, "type", type);
    attr(x, "href", href);
    end(x);
}

static const char *config_text(site *s, const char *key)
{
    return json_string_value(json_object_get(s->config, key));
}

/* An ISO 8601 time as stored ("2026-01-01T00:00:00Z" or "2026-01-01
 * 00:00:00") in the RFC 3339 form Atom requires. */
static void atom_time(char out[32], const char *stored)
{
    snprintf(out, 32, "%s", stored ? stored : "");
    if (strlen(out) < 19) {
        time_t now = time(NULL);
        strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
        return;
    }
    if (out[10] == ' ') out[10] = 'T';
    if (strlen(out) == 19) strcat(out, "Z");
}

/* The shown reports, newest first; a summary from the first part of the
 * prose (一、总体情况 when there is one). */
static const char feed_sql[] =
    "SELECT a.slug, a.name, r.year, r.ingested_at,"
    "       (SELECT body FROM sections x WHERE x.report_id = r.id AND body <> ''"
    "        ORDER BY x.number <> 1, x.ord LIMIT 1)"
    " FROM report_pages r JOIN agencies a ON a.id = r.agency_id"
    " ORDER BY r.ingested_at DESC, r.id DESC";

enum { SUMMARY_MAX = 600 };

static void feed_entry(site *s, xml_out *x, db_query *st)
{
    const char *base = config_text(s, "base_url");
    const char *slug = db_text(st, 0);
    const char *agency = db_text(st, 1);
    int year = (int)db_int(st, 2);
    const char *summary = db_text(st, 4);
    buf title = BUF_INIT, url = BUF_INIT;
    buf_printf(&title, "%s %d", agency ? agency : "", year);
    buf_printf(&url, "%s/agencies/%s/%d/", base, slug, year);
    char updated[32];
    atom_time(updated, db_text(st, 3));

    start(x, "entry");
    element(x, "title", title.data, 0);
    element(x, "id", url.data, 0);
    link_to(x, "alternate", "text/html", url.data);
    element(x, "updated", updated, 0);
    if (summary) {
        start(x, "summary");
        attr(x, "type", "text");
        buf clean = BUF_INIT;
        xml_clean(&clean, summary, SUMMARY_MAX);
        if (xmlTextWriterWriteString(x->w, BAD_CAST clean.data) < 0)
            x->failed = true;
        buf_free(&clean);
        end(x);
    }
    end(x);
    buf_free(&title);
    buf_free(&url);
}

static int newest_time(site *s, char out[32])
{
    db_query *q = db_query_new(s->db, "SELECT max(ingested_at) FROM report_pages");
    const char *newest = q && db_row(q) ? db_text(q, 0) : NULL;
    atom_time(out, newest);
    return db_query_end(q);
}

static void feed_head(site *s, xml_out *x, const char *updated)
{
    const char *base = config_text(s, "base_url");
    json_t *feed = json_object_get(s->config, "feed");
    const char *title = json_string_value(json_object_get(feed, "title"));
    const char *author = json_string_value(json_object_get(json_object_get(s->config, "contact"),
                                                           "name"));
    buf self = BUF_INIT, home = BUF_INIT;
    buf_printf(&self, "%s/feed.xml", base);
    buf_printf(&home, "%s/", base);
    start(x, "feed");
    attr(x, "xmlns", "http://www.w3.org/2005/Atom");
    attr(x, "xml:lang", config_text(s, "language"));
    element(x, "title", title ? title : config_text(s, "title"), 0);
    if (config_text(s, "description")) element(x, "subtitle", config_text(s, "description"), 0);
    element(x, "id", home.data, 0);
    link_to(x, "self", "application/atom+xml", self.data);
    link_to(x, "alternate", "text/html", home.data);
    element(x, "updated", updated, 0);
    start(x, "author");
    element(x, "name", author ? author : config_text(s, "title"), 0);
    end(x);
    buf_free(&self);
    buf_free(&home);
}

static int feed_write(site *s)
{
    char updated[32];
    db_query *st = NULL;
    if (newest_time(s, updated) != 0 || !(st = db_query_new(s->db, feed_sql))) return -1;
    xml_out x;
    if (xml_begin(&x)) {
        feed_head(s, &x, updated);
        while (db_row(st))
            if (slug_valid(db_text(st, 0))) feed_entry(s, &x, st);
        end(&x);
    }
    if (db_query_end(st) != 0) x.failed = true;
    return xml_end(s, &x, "feed.xml");
}

static int sitemap_write(site *s)
{
    const char *base = config_text(s, "base_url");
    xml_out x;
    if (xml_begin(&x)) {
        start(&x, "urlset");
        attr(&x, "xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9");
        size_t i;
        json_t *u;
        json_array_foreach(s->urls, i, u) {
            const char *path = json_string_value(json_object_get(u, "path"));
            const char *lastmod = json_string_value(json_object_get(u, "lastmod"));
            if (!path) continue;
            buf loc = BUF_INIT;
            buf_printf(&loc, "%s/%s", base, path[0] == '/' ? path + 1 : path);
            start(&x, "url");
            element(&x, "loc", loc.data, 0);
            if (lastmod) element(&x, "lastmod", lastmod, 0);
            end(&x);
            buf_free(&loc);
        }
        end(&x);
    }
    return xml_end(s, &x, "sitemap.xml");
}

static int robots_write(site *s)
{
    buf text = BUF_INIT;
    buf_printf(&text, "User-agent: *\nAllow: /\n\nSitemap: %s/sitemap.xml\n",
               config_text(s, "base_url"));
    int rc = site_file(s, "robots.txt", text.data, text.len);
    buf_free(&text);
    return rc;
}

int feeds_write(site *s)
{
    if (!config_text(s, "base_url")) {
        diag_error(s->diag, "site.yaml", 0, "no base_url: feeds need absolute URLs");
        return -1;
    }
    int rc = 0;
    if (feed_write(s) != 0) rc = -1;
    if (sitemap_write(s) != 0) rc = -1;
    if (robots_write(s) != 0) rc = -1;
    return rc;
}
