/*
 * serve.c: `site-gen serve`, the editors' preview of the portal.
 *
 * Ingests content/reports and builds the site once, then serves the
 * output folder on 127.0.0.1 with libmicrohttpd while it watches content/
 * and templates/ with inotify.  A change is followed, after a short quiet
 * spell (editors save several files at once), by an ingest (unchanged
 * reports are skipped by their hash) and a build, which publishes the
 * new site in one atomic step, so a request never sees half of one.
 *
 * Every HTML page served gets one script tag for /__site-gen/reload.js,
 * which asks /__site-gen/generation once a second and reloads the page
 * when a build has finished since.  While the last build has failed,
 * every page is replaced by a page that lists the build's messages
 * ("template:line:column: ..."), so the editor sees what to fix in the
 * browser; the next good build brings the site back.  The script and the
 * error page exist only here: the published site has no script at all.
 *
 * The server's thread reads what the main thread's builds write (the
 * generation and the messages) under one mutex; files are read from
 * disk on each request.
 */
#define _GNU_SOURCE     /* inotify, memmem */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <microhttpd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/fs.h"
#include "cmd/cmd.h"
#include "out/out.h"

enum { QUIET_MS = 200, MAX_WATCHES = 4096 };

typedef struct serve_options {
    build_options build;
    const char *reports;        /* content/reports */
    int port;                   /* 0: any free port */
} serve_options;

typedef struct state {
    serve_options o;
    pthread_mutex_t lock;
    unsigned generation;        /* builds finished, good or not */
    buf messages;               /* the last build's messages, empty when it succeeded */
    bool failed;
} state;

static const char usage[] =
    "usage: site-gen serve [--db PATH] [--templates DIR] [--content DIR] [--out DIR] [--port N]\n"
    "\n"
    "Builds the site, serves it on http://127.0.0.1:PORT/ (default 8080; 0 picks a\n"
    "free port) and rebuilds when a file under content/ or templates/ changes; an\n"
    "open page reloads itself after each build, and shows the messages of a build\n"
    "that failed.  Stop it with Ctrl-C.\n";

static const char reload_js[] =
    "/* site-gen serve: reload the page when a new build is ready. */\n"
    "(function () {\n"
    "  var seen = null;\n"
    "  function ask() {\n"
    "    fetch('/__site-gen/generation', { cache: 'no-store' })\n"
    "      .then(function (r) { return r.text(); })\n"
    "      .then(function (g) { if (seen !== null && g !== seen) location.reload(); seen = g; })\n"
    "      .catch(function () {})\n"
    "      .then(function () { setTimeout(ask, 1000); });\n"
    "  }\n"
    "  ask();\n"
    "})();\n";

static const char reload_tag[] = "<script src=\"/__site-gen/reload.js\" defer></script>";

/* ---- building ---- */

/* Ingest and build, with their messages kept for the error page. */
static void rebuild(state *st)
{
    char *text = NULL;
    size_t len = 0;
    FILE *held = open_memstream(&text, &len);
    diag d = { .out = held ? held : stderr };
    ingest_options io = { .db = st->o.build.db, .dir = st->o.reports, .quiet = true };
    int ingest = ingest_run(&io, &d);
    int built = ingest == 2 ? -1 : site_build(&st->o.build, &d);
    if (held) fclose(held);
    if (text) fputs(text, stderr);
    pthread_mutex_lock(&st->lock);
    buf_clear(&st->messages);
    st->failed = built != 0;
    if (st->failed && text) buf_append(&st->messages, text, len);
    st->generation++;
    pthread_mutex_unlock(&st->lock);
    fprintf(stderr, "serve: build %u %s\n", st->generation, built == 0 ? "done" : "failed");
    free(text);
}

/* ---- watching ---- */

/* Watches DIR and every folder under it; false when DIR cannot be watched. */
static bool watch_tree(int fd, arena *a, const char *dir, int *count)
{
    if (*count >= MAX_WATCHES) return true;
    uint32_t mask = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO;
    if (inotify_add_watch(fd, dir, mask) < 0) return false;
    (*count)++;
    char **names = fs_list(a, dir, NULL);
    for (char **n = names; n && *n; n++) {
        char *sub = fs_join(a, dir, *n);
        struct stat sb;
        if (lstat(sub, &sb) == 0 && S_ISDIR(sb.st_mode)) watch_tree(fd, a, sub, count);
    }
    return true;
}

/* Watches content/ and templates/ and the folders under them; again
 * after each change, so that a new folder is watched too (a folder
 * already watched keeps its watch). */
static void watch_all(int fd, const serve_options *o)
{
    arena *a = arena_new();
    int count = 0;
    const char *dirs[] = { o->build.content, o->build.templates };
    for (size_t i = 0; i < 2; i++)
        if (!watch_tree(fd, a, dirs[i], &count))
            fprintf(stderr, "%s: error: cannot watch: %s\n", dirs[i], strerror(errno));
    arena_free(a);
}

/* inotify on content/ and templates/; -1 after a message. */
static int start_watching(const serve_options *o)
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) fprintf(stderr, "serve: cannot watch files: %s\n", strerror(errno));
    else watch_all(fd, o);
    return fd;
}

/* Drains the events; true when any arrived. */
static bool drain(int fd)
{
    char events[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    bool any = false;
    while (read(fd, events, sizeof events) > 0) any = true;
    return any;
}

/* Waits for a change, then for QUIET_MS without one; false on a stop
 * signal (SIGINT, SIGTERM), which the caller blocked and which is polled
 * here. */
static bool wait_for_change(int fd)
{
    bool changed = false;
    for (;;) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int n = poll(&p, 1, changed ? QUIET_MS : 500);
        sigset_t pending;
        if (sigpending(&pending) == 0 && (sigismember(&pending, SIGINT) == 1 ||
                                          sigismember(&pending, SIGTERM) == 1))
            return false;
        if (n > 0 && drain(fd)) changed = true;
        else if (n == 0 && changed) return true;
    }
}

/* ---- serving ---- */

static const char *content_type(const char *path)
{
    static const struct { const char *ext, *type; } types[] = {
        { ".html", "text/html; charset=utf-8" }, { ".css", "text/css; charset=utf-8" },
        { ".js", "text/javascript; charset=utf-8" }, { ".json", "application/json" },
        { ".csv", "text/csv; charset=utf-8" }, { ".xml", "application/xml" },
        { ".svg", "image/svg+xml" }, { ".txt", "text/plain; charset=utf-8" },
        { ".db", "application/vnd.sqlite3" }, { ".pdf", "application/pdf" },
        { ".png", "image/png" }, { ".ico", "image/x-icon" },
    };
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t k = strlen(types[i].ext);
        if (n >= k && strcmp(path + n - k, types[i].ext) == 0) return types[i].type;
    }
    return "application/octet-stream";
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *type,
                            buf *body)
{
    size_t len;
    char *data = buf_detach(body, &len);
    struct MHD_Response *r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(data);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

/* HTML-escapes TEXT into OUT. */
static void escaped(buf *out, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (text[i]) {
        case '&': buf_puts(out, "&amp;"); break;
        case '<': buf_puts(out, "&lt;"); break;
        case '>': buf_puts(out, "&gt;"); break;
        case '"': buf_puts(out, "&quot;"); break;
        default: buf_putc(out, text[i]);
        }
    }
}

static enum MHD_Result error_page(struct MHD_Connection *c, state *st)
{
    buf b = BUF_INIT;
    buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                 "<title>构建失败</title></head><body><h1>构建失败</h1>"
                 "<p>网站未能重新生成。请按以下提示改正文件并保存，网站会自动重新生成：</p><pre>");
    pthread_mutex_lock(&st->lock);
    escaped(&b, st->messages.data, st->messages.len);
    pthread_mutex_unlock(&st->lock);
    buf_printf(&b, "</pre>%s</body></html>\n", reload_tag);
    return reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", &b);
}

/* The file for URL under the output folder, or NULL. */
static char *file_for(arena *a, const char *out, const char *url)
{
    if (url[0] != '/' || strstr(url, "..") || strchr(url, '\\')) return NULL;
    char *path = arena_printf(a, "%s%s", out, url);
    struct stat sb;
    if (stat(path, &sb) != 0) {
        buf host = BUF_INIT;
        path = arena_printf(a, "%s/%s", out, out_served_path(&host, url + 1));
        buf_free(&host);
        if (stat(path, &sb) != 0) return path;
    }
    if (S_ISDIR(sb.st_mode)) path = fs_join(a, path, "index.html");
    return path;
}

/* Serves PATH (0 when it exists), with the reload script in a page. */
static int serve_file(struct MHD_Connection *c, const char *path, unsigned status,
                      enum MHD_Result *result)
{
    buf body = BUF_INIT;
    if (fs_read(&body, path, 1u << 30) != 0) {
        buf_free(&body);
        return -1;
    }
    const char *type = content_type(path);
    if (strncmp(type, "text/html", 9) == 0) {
        const char *end = memmem(body.data, body.len, "</body>", 7);
        size_t at = end ? (size_t)(end - body.data) : body.len;
        buf page = BUF_INIT;
        buf_append(&page, body.data, at);
        buf_puts(&page, reload_tag);
        buf_append(&page, body.data + at, body.len - at);
        buf_free(&body);
        body = page;
    }
    *result = reply(c, status, type, &body);
    return 0;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_len, void **con_cls)
{
    (void)version; (void)upload; (void)upload_len; (void)con_cls;
    state *st = cls;
    buf b = BUF_INIT;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", &b);
    if (strcmp(url, "/__site-gen/reload.js") == 0) {
        buf_puts(&b, reload_js);
        return reply(c, MHD_HTTP_OK, "text/javascript; charset=utf-8", &b);
    }
    pthread_mutex_lock(&st->lock);
    unsigned generation = st->generation;
    bool failed = st->failed;
    pthread_mutex_unlock(&st->lock);
    if (strcmp(url, "/__site-gen/generation") == 0) {
        buf_printf(&b, "%u%s", generation, failed ? " failed" : "");
        return reply(c, MHD_HTTP_OK, "text/plain; charset=utf-8", &b);
    }
    arena *a = arena_new();
    char *path = file_for(a, st->o.build.out, url);
    enum MHD_Result result = MHD_NO;
    bool page = path && strncmp(content_type(path), "text/html", 9) == 0;
    if (failed && (page || !path)) result = error_page(c, st);
    else if (!path || serve_file(c, path, MHD_HTTP_OK, &result) != 0) {
        char *missing = fs_join(a, st->o.build.out, "404.html");
        if (serve_file(c, missing, MHD_HTTP_NOT_FOUND, &result) != 0) {
            buf_puts(&b, "404\n");
            result = reply(c, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8", &b);
        }
    }
    arena_free(a);
    buf_free(&b);
    return result;
}

/* ---- the command ---- */

/* 0 ok, 1 help printed, 2 bad arguments. */
static int parse_options(int argc, char **argv, serve_options *o, arena *a)
{
    *o = (serve_options){ .build = { .db = "build/site.db", .templates = "templates", .content = "content",
                                     .out = "public", .quiet = true },
                          .port = 8080 };
    for (int i = 1; i < argc; i++) {
        const char **target = NULL;
        if (strcmp(argv[i], "--db") == 0) target = &o->build.db;
        else if (strcmp(argv[i], "--templates") == 0) target = &o->build.templates;
        else if (strcmp(argv[i], "--content") == 0) target = &o->build.content;
        else if (strcmp(argv[i], "--out") == 0) target = &o->build.out;
        else if (strcmp(argv[i], "--help") == 0) { fputs(usage, stdout); return 1; }
        else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
            char *end;
            long port = strtol(argv[++i], &end, 10);
            if (*end || port < 0 || port > 65535) {
                fprintf(stderr, "site-gen serve: --port takes a number from 0 to 65535\n");
                return 2;
            }
            o->port = (int)port;
            continue;
        }
        if (!target || i + 1 >= argc) {
            fprintf(stderr, "site-gen serve: unexpected argument '%s'\n\n%s", argv[i], usage);
            return 2;
        }
        *target = argv[++i];
    }
    o->reports = fs_join(a, o->build.content, "reports");
    return 0;
}

static struct MHD_Daemon *start_server(state *st)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)st->o.port),
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
                                            (uint16_t)st->o.port, NULL, NULL, answer, st,
                                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                            MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "site-gen serve: cannot listen on 127.0.0.1:%d: %s\n", st->o.port,
                strerror(errno));
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    fprintf(stderr, "serve: http://127.0.0.1:%u/ (Ctrl-C stops)\n", info ? info->port : 0u);
    return d;
}

int cmd_serve(int argc, char **argv)
{
    arena *a = arena_new();
    state st = { .messages = BUF_INIT };
    int rc = parse_options(argc, argv, &st.o, a);
    if (rc != 0) {
        arena_free(a);
        return rc == 1 ? 0 : 2;
    }
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop, &old);
    pthread_mutex_init(&st.lock, NULL);
    int fd = start_watching(&st.o);
    rebuild(&st);
    struct MHD_Daemon *d = fd >= 0 ? start_server(&st) : NULL;
    rc = d ? 0 : 2;
    while (d && wait_for_change(fd)) {
        watch_all(fd, &st.o);
        rebuild(&st);
    }
    if (d) MHD_stop_daemon(d);
    if (fd >= 0) close(fd);
    pthread_mutex_destroy(&st.lock);
    buf_free(&st.messages);
    arena_free(a);
    struct timespec now = { 0, 0 };
    while (sigtimedwait(&stop, NULL, &now) > 0) {}     /* the stop asked for is done */
    sigprocmask(SIG_SETMASK, &old, NULL);
    return rc;
}
