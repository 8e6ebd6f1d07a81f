/*
 * inputs.c: everything a build reads, as one hash (site.h, site_inputs).
 *
 * The published site keeps the hash of the inputs it was made from in
 * INPUTS_FILE; a build that finds the same hash has nothing to render,
 * and says so.  The inputs are: the site-gen program itself (a new
 * version may write other pages from the same data), every file under
 * the templates folder, site.yaml and every file under content/pages,
 * and the database's stamp (store/stamp.c).  Names are hashed with the
 * contents, so a renamed or removed file changes the hash too.  The
 * reports under content/ are not read here: the site is made from the
 * database, and ingest is what reads them.
 */
#include "out/site.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/fs.h"
#include "base/hash.h"

/* PATH's name and bytes into *H; a folder's files, in name order, below
 * it.  A missing path is hashed as missing, so that adding one counts. */
static void hash_path(arena *a, const char *path, uint64_t *h)
{
    struct stat st;
    *h = fnv1a64_more(*h, path, strlen(path) + 1);
    if (stat(path, &st) != 0) {
        *h = fnv1a64_more(*h, "-", 1);
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        char **names = fs_list(a, path, NULL);
        for (char **n = names; n && *n; n++)
            if ((*n)[0] != '.') hash_path(a, fs_join(a, path, *n), h);
        return;
    }
    buf b = BUF_INIT;
    if (fs_read(&b, path, FS_MAX_FILE) == 0) *h = fnv1a64_more(*h, b.data, b.len);
    else *h = fnv1a64_more(*h, "?", 1);
    buf_free(&b);
}

int site_inputs(site *s, char out[17])
{
    arena *a = arena_new();
    uint64_t h = FNV1A64_START;
    hash_path(a, "/proc/self/exe", &h);
    hash_path(a, s->templates_dir, &h);
    hash_path(a, fs_join(a, s->content_dir, "site.yaml"), &h);
    hash_path(a, fs_join(a, s->content_dir, "pages"), &h);
    arena_free(a);
    if (!db_stamp(s->db, &h)) return -1;
    snprintf(out, 17, "%016llx", (unsigned long long)h);
    return 0;
}
