/*
 * tool_linkcheck.c: every internal link of a built site must lead to a file.
 *
 *   tool_linkcheck [--base URL] PUBLIC_DIR
 *
 * Walks PUBLIC_DIR, parses each .html file with libxml2's HTML parser and
 * each .xml file with its XML parser, and collects every reference: the
 * href, src and srcset attributes of any element (so <a>, <link>, <img>,
 * <script> and the feed's <link href>), and the text of sitemap <loc>
 * elements.  A reference is internal when it is site-root-relative
 * ("/agencies/"), relative ("report.json", "../"), or absolute under
 * --base (the site's base_url, as the feed and sitemap write it).  The
 * query and fragment are dropped, %XX is decoded, and "dir/" means
 * "dir/index.html".  A path in the large-text folder is followed as the
 * host rewrites it (netlify.toml): /large/static/X is /static/large/X,
 * /large/X is /X.  Each internal reference that names no file is printed
 * as "page.html: broken link 'x'"; the exit status is 1 when there was one.
 * Not a test itself: tests/test_site_html.sh runs it.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/buf.h"
#include "out/out.h"

typedef struct linkcheck {
    const char *root;       /* the public dir */
    const char *base;       /* absolute URL prefix that counts as internal, or NULL */
    int pages, links, broken;
} linkcheck;

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int hex(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Appends the segments of PATH (N bytes, %-decoded) to the segment stack
 * in OUT ("a/b"); false when ".." climbs out of the site. */
static bool push_segments(buf *out, const char *path, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && path[j] != '/') j++;
        buf seg = BUF_INIT;
        for (size_t k = i; k < j; k++) {
            int h1, h2;
            if (path[k] == '%' && k + 2 < j &&
                (h1 = hex(path[k + 1])) >= 0 && (h2 = hex(path[k + 2])) >= 0) {
                buf_putc(&seg, (char)(h1 * 16 + h2));
                k += 2;
            } else {
                buf_putc(&seg, path[k]);
            }
        }
        const char *s = seg.data;
        bool ok = true;
        if (strcmp(s, "..") == 0) {
            if (out->len == 0) ok = false;
            else {
                char *slash = strrchr(out->data, '/');
                out->len = slash ? (size_t)(slash - out->data) : 0;
                out->data[out->len] = '\0';
            }
        } else if (*s && strcmp(s, ".") != 0) {
            if (out->len) buf_putc(out, '/');
            buf_puts(out, s);
        }
        buf_free(&seg);
        if (!ok) return false;
        i = j + 1;
    }
    return true;
}

/* Whether REF, found in PAGE (relative to the root), leads to a file.
 * External references count as fine. */
static bool resolves(const linkcheck *lc, const char *page, const char *ref)
{
    size_t n = strcspn(ref, "?#");
    if (n == 0) return true;                        /* "#top", "?q": this page */
    const char *path = ref;
    if (lc->base && strncmp(ref, lc->base, strlen(lc->base)) == 0) {
        path = ref + strlen(lc->base);
        n -= strlen(lc->base);
        if (n == 0 || path[0] != '/') {
            if (n != 0) return true;                /* https://example.org.evil/ */
            path = "/";
            n = 1;
        }
    } else if (strncmp(ref, "//", 2) == 0) {
        return true;                                /* another host */
    } else {
        size_t scheme = strcspn(ref, ":/");
        if (scheme < n && ref[scheme] == ':') return true;  /* https:, mailto:, data: */
    }
    buf rel = BUF_INIT;
    bool ok = true;
    if (path[0] != '/') {                           /* relative to the page's folder */
        const char *slash = strrchr(page, '/');
        if (slash) ok = push_segments(&rel, page, (size_t)(slash - page));
    }
    ok = ok && push_segments(&rel, path, n);
    if (ok) {
        buf full = BUF_INIT, host = BUF_INIT;
        const char *at = out_served_path(&host, rel.data);
        buf_printf(&full, "%s/%s", lc->root, at);
        bool dir_ref = path[n - 1] == '/' || !*at || is_dir(full.data);
        if (dir_ref) buf_puts(&full, "/index.html");
        ok = is_file(full.data);
        buf_free(&full);
        buf_free(&host);
    }
    buf_free(&rel);
    return ok;
}

static void check_ref(linkcheck *lc, const char *page, const char *ref)
{
    while (*ref == ' ' || *ref == '\t' || *ref == '\n' || *ref == '\r') ref++;
    lc->links++;
    if (resolves(lc, page, ref)) return;
    printf("%s: broken link '%s'\n", page, ref);
    lc->broken++;
}

/* srcset: "a.png 1x, b.png 2x": the URL of each candidate. */
static void check_srcset(linkcheck *lc, const char *page, const char *srcset)
{
    const char *p = srcset;
    while (*p) {
        while (*p == ' ' || *p == ',' || *p == '\t' || *p == '\n') p++;
        size_t n = strcspn(p, " \t\n,");
        if (n == 0) break;
        char *url = strndup(p, n);
        check_ref(lc, page, url);
        free(url);
        p += n;
        p += strcspn(p, ",");
    }
}

static void walk_nodes(linkcheck *lc, const char *page, xmlNode *node)
{
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        for (xmlAttr *a = n->properties; a; a = a->next) {
            const char *name = (const char *)a->name;
            if (strcmp(name, "href") != 0 && strcmp(name, "src") != 0 && strcmp(name, "srcset") != 0)
                continue;
            xmlChar *v = xmlNodeGetContent((xmlNode *)a);
            if (!v) continue;
            if (strcmp(name, "srcset") == 0) check_srcset(lc, page, (const char *)v);
            else check_ref(lc, page, (const char *)v);
            xmlFree(v);
        }
        if (strcmp((const char *)n->name, "loc") == 0) {
            xmlChar *v = xmlNodeGetContent(n);
            if (v) check_ref(lc, page, (const char *)v);
            xmlFree(v);
        }
        walk_nodes(lc, page, n->children);
    }
}

static void check_file(linkcheck *lc, const char *rel, bool html)
{
    buf full = BUF_INIT;
    buf_printf(&full, "%s/%s", lc->root, rel);
    xmlDoc *doc = html
        ? htmlReadFile(full.data, "UTF-8", HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET)
        : xmlReadFile(full.data, NULL, XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NONET);
    if (!doc) {
        printf("%s: cannot be parsed\n", rel);
        lc->broken++;
    } else {
        lc->pages++;
        walk_nodes(lc, rel, xmlDocGetRootElement(doc));
        xmlFreeDoc(doc);
    }
    buf_free(&full);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Every .html and .xml file under root/REL ("" for the root). */
static void walk_dir(linkcheck *lc, const char *rel)
{
    buf dir = BUF_INIT;
    buf_printf(&dir, "%s%s%s", lc->root, *rel ? "/" : "", rel);
    DIR *d = opendir(dir.data);
    if (!d) {
        printf("%s: cannot be opened\n", dir.data);
        lc->broken++;
        buf_free(&dir);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        buf child = BUF_INIT, full = BUF_INIT;
        buf_printf(&child, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        buf_printf(&full, "%s/%s", dir.data, e->d_name);
        if (is_dir(full.data)) walk_dir(lc, child.data);
        else if (ends_with(e->d_name, ".html")) check_file(lc, child.data, true);
        else if (ends_with(e->d_name, ".xml")) check_file(lc, child.data, false);
        buf_free(&child);
        buf_free(&full);
    }
    closedir(d);
    buf_free(&dir);
}

int main(int argc, char **argv)
{
    linkcheck lc = {0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--base") == 0 && i + 1 < argc) lc.base = argv[++i];
        else if (!lc.root) lc.root = argv[i];
        else lc.root = NULL, i = argc;
    }
    if (!lc.root || !is_dir(lc.root)) {
        fprintf(stderr, "usage: tool_linkcheck [--base URL] PUBLIC_DIR\n");
        return 2;
    }
    walk_dir(&lc, "");
    fprintf(stderr, "tool_linkcheck: %d files, %d references, %d broken\n",
            lc.pages, lc.links, lc.broken);
    xmlCleanupParser();
    return lc.broken ? 1 : 0;
}
