/*
 * fs.h: the file system as every stage uses it.
 *
 * Reading a whole file (with a size limit checked before a byte is read),
 * listing a folder (sorted bytewise, dotfiles left out, so two runs over
 * the same tree agree), joining paths, making and removing folders.  Each
 * returns what went wrong as an errno value rather than printing it, so
 * that the caller can say it in the words of its own task; fs_read_or_say
 * is the common case of saying it as "path: cannot open: reason".
 */
#ifndef FS_H
#define FS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"

/* Larger than any report, template, page or registry by far: the one
 * limit on a file the tool reads whole. */
enum { FS_MAX_FILE = 16 << 20 };

/* Replaces B's contents with the file at PATH.  0, or an errno value:
 * EFBIG when the file is larger than LIMIT (nothing is read then), EISDIR
 * or EINVAL when it is not a regular file. */
int fs_read(buf *b, const char *path, size_t limit);
/* fs_read, with a failure said through D; false then. */
bool fs_read_or_say(buf *b, const char *path, size_t limit, diag *d);

/* The names in DIR, without dotfiles, sorted bytewise, NULL-terminated,
 * in A; *n (may be NULL) gets their count.  NULL with errno set when DIR
 * cannot be read. */
char **fs_list(arena *a, const char *dir, size_t *n);

/* DIR/NAME in A; NAME alone when DIR is "" (a path relative to a root). */
char *fs_join(arena *a, const char *dir, const char *name);
/* The folder holding PATH's last component: "." for a bare name, PATH/..
 * for "." or "..". */
char *fs_parent(arena *a, const char *path);

/* Makes every folder above PATH's last component.  0 or an errno value. */
int fs_make_parents(const char *path);
/* Removes PATH and, if a folder, everything under it; links are removed,
 * never followed.  0 (also when PATH does not exist) or an errno value. */
int fs_remove_tree(const char *path);

#endif
