/*
 * fs.c: whole files, sorted folders, paths (fs.h).
 *
 * fs_read checks the size with fstat on the open file, so a file that is
 * replaced between the check and the read cannot slip past the limit, and
 * reads at most LIMIT + 1 bytes in any case (a file growing while it is
 * read, or a device that reports no size, is still bounded).
 */
#define _XOPEN_SOURCE 700
#include "base/fs.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int fs_read(buf *b, const char *path, size_t limit)
{
    buf_clear(b);
    FILE *f = fopen(path, "rb");
    if (!f) return errno;
    struct stat st;
    int err = 0;
    if (fstat(fileno(f), &st) != 0) err = errno;
    else if (S_ISDIR(st.st_mode)) err = EISDIR;
    else if (!S_ISREG(st.st_mode)) err = EINVAL;
    else if ((unsigned long long)st.st_size > limit) err = EFBIG;
    char chunk[65536];
    size_t got;
    while (!err && (got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        buf_append(b, chunk, got);
        if (b->len > limit) err = EFBIG;
    }
    if (!err && ferror(f)) err = errno ? errno : EIO;
    if (fclose(f) != 0 && !err) err = errno;
    if (err) buf_clear(b);
    return err;
}

bool fs_read_or_say(buf *b, const char *path, size_t limit, diag *d)
{
    int err = fs_read(b, path, limit);
    if (err == EFBIG)
        diag_error(d, path, 0, "file too large: more than %zu bytes; not read", limit);
    else if (err == EIO)
        diag_error(d, path, 0, "cannot read: %s", strerror(err));
    else if (err)
        diag_error(d, path, 0, "cannot open: %s", strerror(err));
    return err == 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **fs_list(arena *a, const char *dir, size_t *count)
{
    DIR *dh = opendir(dir);
    if (!dh) return NULL;
    size_t n = 0, cap = 16;
    char **names = arena_alloc(a, cap * sizeof *names);
    struct dirent *e;
    errno = 0;
    while ((e = readdir(dh)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (n + 1 == cap) {
            char **more = arena_alloc(a, 2 * cap * sizeof *more);
            memcpy(more, names, n * sizeof *names);
            names = more;
            cap *= 2;
        }
        names[n++] = arena_strdup(a, e->d_name);
    }
    int err = errno;
    closedir(dh);
    if (err) {
        errno = err;
        return NULL;
    }
    qsort(names, n, sizeof *names, by_name);
    names[n] = NULL;
    if (count) *count = n;
    return names;
}

char *fs_join(arena *a, const char *dir, const char *name)
{
    size_t n = strlen(dir);
    if (n == 0) return arena_strdup(a, name);
    bool slash = dir[n - 1] == '/';
    return arena_printf(a, "%s%s%s", dir, slash ? "" : "/", name);
}

char *fs_parent(arena *a, const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--;
    const char *last = path + n;
    while (last > path && last[-1] != '/') last--;
    size_t comp = (size_t)(path + n - last);
    if ((comp == 1 && last[0] == '.') || (comp == 2 && last[0] == '.' && last[1] == '.'))
        return arena_printf(a, "%.*s/..", (int)n, path);
    if (last == path) return arena_strdup(a, ".");
    if (last - 1 == path) return arena_strdup(a, "/");
    return arena_strndup(a, path, (size_t)(last - 1 - path));
}

int fs_make_parents(const char *path)
{
    char *copy = strdup(path);
    if (!copy) abort();
    int err = 0;
    for (char *p = copy + 1; *p && !err; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(copy, 0755) != 0 && errno != EEXIST) err = errno;
        *p = '/';
    }
    free(copy);
    return err;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

int fs_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : errno;
    if (nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0) return errno ? errno : EIO;
    return 0;
}
