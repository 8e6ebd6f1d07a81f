/* doc.c: the line list of a doc; lines grow by doubling, text lives in the arena. */
#include "read/read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

doc *doc_new(const char *path, const char *form)
{
    arena *mem = arena_new();
    doc *d = arena_alloc(mem, sizeof *d);
    d->mem = mem;
    d->path = arena_strdup(mem, path ? path : "");
    d->form = arena_strdup(mem, form ? form : "");
    return d;
}

void doc_free(doc *d)
{
    if (!d) return;
    free(d->lines);
    arena_free(d->mem);
}

doc_line *doc_add_line(doc *d, int line, bool table_row, const char *const *cells, int ncells)
{
    if (d->nlines == d->cap) {
        int cap = d->cap ? d->cap * 2 : 64;
        doc_line *p = realloc(d->lines, (size_t)cap * sizeof *p);
        if (!p) {
            fputs("site-gen: out of memory\n", stderr);
            abort();
        }
        d->lines = p;
        d->cap = cap;
    }
    doc_line *l = &d->lines[d->nlines++];
    l->line = line;
    l->table_row = table_row;
    l->exact_cells = false;
    l->ncells = ncells;
    l->cells = arena_alloc(d->mem, (size_t)(ncells ? ncells : 1) * sizeof *l->cells);
    for (int i = 0; i < ncells; i++) l->cells[i] = arena_strdup(d->mem, cells[i] ? cells[i] : "");
    return l;
}

doc_line *doc_add_text(doc *d, int line, const char *text)
{
    return doc_add_line(d, line, false, &text, 1);
}
