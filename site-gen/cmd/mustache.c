/*
 * mustache.c: `site-gen mustache DATA.json TEMPLATE [--partials DIR]
 * [--strict]`.
 *
 * For template authors: renders one template against one JSON file and
 * writes the result to stdout, so a template can be tried without a
 * site build.  Partials and parents come from DIR (by default the
 * template's own directory).  A partial that does not exist renders as
 * the empty string, as the spec says, with a warning; under --strict it
 * is an error, as in the site build.  Every problem is one
 * "template:line:column: message" line on stderr; after an error nothing
 * is written to stdout.  Output that cannot be written is an error too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/fs.h"
#include "cmd/cmd.h"
#include "template/mustache.h"

static const char usage[] =
    "usage: site-gen mustache DATA.json TEMPLATE [--partials DIR] [--strict]\n"
    "\n"
    "Renders TEMPLATE with DATA.json to standard output.\n"
    "  --partials DIR   where partials and parents are (the template's folder)\n"
    "  --strict         an unknown partial is an error, as in 'site-gen build',\n"
    "                   not a warning and the empty string\n"
    "\n"
    "exit status: 0 ok, 2 bad arguments, unreadable input, a template error or\n"
    "output that could not be written\n";

/* The directory part of `path` ("." when it has none), to free(). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = !slash ? strdup(".") : slash == path ? strdup("/")
              : strndup(path, (size_t)(slash - path));
    if (!dir) abort();
    return dir;
}

static void print_warning(void *ctx, const char *message)
{
    (void)ctx;
    fprintf(stderr, "%s\n", message);
}

/* Writes the output and closes stdout, so that a full disk or a closed
 * pipe is noticed; 0 on success. */
static int write_out(const buf *out)
{
    bool failed = false;
    int why = 0;
    if (out->len && fwrite(out->data, 1, out->len, stdout) != out->len) failed = true, why = errno;
    if (fflush(stdout) != 0 && !failed) failed = true, why = errno;
    if (fclose(stdout) != 0 && !failed) failed = true, why = errno;
    if (!failed) return 0;
    fprintf(stderr, "site-gen mustache: cannot write the output: %s\n",
            why ? strerror(why) : "write error");
    return -1;
}

static int render_file(json_t *data, const char *tpl_path, const char *dir, bool strict)
{
    buf src = BUF_INIT;
    int e = fs_read(&src, tpl_path, FS_MAX_FILE);
    if (e != 0) {
        fprintf(stderr, "%s: cannot read: %s\n", tpl_path, strerror(e));
        buf_free(&src);
        return 2;
    }
    mustache_error err;
    mustache_template *t = mustache_compile(tpl_path, src.data, src.len, &err);
    buf_free(&src);
    if (!t) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    mustache_loader *l = mustache_loader_new(dir);
    mustache_loader_strict(l, strict);
    mustache_loader_warn(l, print_warning, NULL);
    buf out = BUF_INIT;
    int rc = mustache_render(t, data, l, &out, &err);
    if (rc != 0) fprintf(stderr, "%s\n", err.message);
    else rc = write_out(&out);
    buf_free(&out);
    mustache_loader_free(l);
    mustache_template_free(t);
    return rc == 0 ? 0 : 2;
}

int cmd_mustache(int argc, char **argv)
{
    const char *files[2] = {0}, *dir = NULL;
    bool strict = false;
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--partials") == 0 && i + 1 < argc) dir = argv[++i];
        else if (strcmp(argv[i], "--strict") == 0) strict = true;
        else if (strcmp(argv[i], "--help") == 0) return fputs(usage, stdout), 0;
        else if (argv[i][0] == '-' && argv[i][1]) return fputs(usage, stderr), 2;
        else if (nfiles < 2) files[nfiles++] = argv[i];
        else return fputs(usage, stderr), 2;
    }
    if (nfiles != 2) return fputs(usage, stderr), 2;
    json_error_t jerr;
    json_t *data = json_load_file(files[0], JSON_DECODE_ANY, &jerr);
    if (!data) {
        fprintf(stderr, "%s:%d:%d: %s\n", files[0], jerr.line, jerr.column, jerr.text);
        return 2;
    }
    char *own_dir = dir ? NULL : dir_of(files[1]);
    int rc = render_file(data, files[1], dir ? dir : own_dir, strict);
    free(own_dir);
    json_decref(data);
    return rc;
}
