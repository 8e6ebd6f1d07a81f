/*
 * mustache.c: the Mustache template engine.
 *
 * Compiling.  A template is compiled in three passes over a private copy
 * of its source, which the template keeps (tokens point into it):
 *   1. scan: split the source into raw tokens (text pieces that end at a
 *      newline, and tags), following delimiter changes, checking that
 *      every section is closed by a tag of the same name, bounding the
 *      nesting depth;
 *   2. standalone: look at each line; a line holding only whitespace and
 *      one non-output tag (section, inverted, close, comment, delimiter,
 *      partial, parent, block) loses its whitespace and its newline, and a
 *      partial or parent on it remembers the whitespace as indentation.
 *      A line of several parent/block tags with at least one parent tag
 *      counts as standalone too, as the inheritance spec asks;
 *   3. build: the surviving tokens become one flat array in which every
 *      section, parent and block knows the index one past its last child
 *      (the tree is walked by index, never by pointer), dotted names are
 *      split once into NUL-terminated parts, and each token records
 *      whether it starts a source line ("bol"), which is where
 *      indentation goes.
 *
 * Rendering walks the array with a context stack of jansson values: a
 * name is looked up from the top of the stack down, its first part only;
 * the rest of a dotted name resolves inside what was found.  "." is the
 * top of the stack.
 *
 * Indentation.  A standalone partial indents each of its lines; a block
 * moves its content from the indentation it had where it was written to
 * the indentation of the place it expands at.  Both are a transform of a
 * line's leading whitespace: drop its first `strip` bytes, then prepend
 * `add`.  Two such transforms compose into one, so the renderer holds a
 * single current transform (none at all in the common case, when text
 * is copied straight out) and applies it at every "bol" point.  A block
 * whose tag sits inline already has its indentation written before the
 * tag, so its first line is only stripped.
 *
 * Inheritance.  Rendering a parent pushes a node naming the parent's
 * token onto a chain of overrides and renders the parent template.  A
 * block looks its name up among the direct block children of every
 * parent on the chain; the outermost match wins, so a child overrides
 * its parent's overrides of a grandparent.
 *
 * Partials and parents come from the loader, compiled once and cached by
 * name.  A name that does not exist is cached too: a strict loader fails
 * the render there, a lenient one renders nothing and tells its warning
 * callback, once per name.  Recursion through partials, parents, blocks
 * and lambdas is bounded by MUSTACHE_MAX_RENDER_DEPTH, and all nesting
 * while rendering by MUSTACHE_MAX_LEVELS, each with its own message.
 * What a render writes and how many tokens it renders are bounded too
 * (MUSTACHE_MAX_OUTPUT, MUSTACHE_MAX_STEPS), checked before each token:
 * sections over lists multiply their content, and five nested over ten
 * items already repeat it 100,000 times.
 *
 * Speed.  Rendering allocates nothing for a usual page: the context
 * stack starts on the C stack, names were split at compile time and are
 * looked up with their lengths, text is copied with one memcpy per token
 * when no indentation applies, HTML is escaped in one pass straight into
 * the output buffer, and integers and most reals are formatted without
 * printf.
 */
#include "template/mustache.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/fs.h"

enum kind {
    K_TEXT, K_VAR, K_RAW, K_SECTION, K_INVERTED, K_CLOSE,
    K_PARTIAL, K_PARENT, K_BLOCK, K_COMMENT, K_DELIM
};

#define MAX_DELIM 32

/* A pass-1 token: a text piece (ending at the first newline) or a tag. */
typedef struct rawtok {
    uint8_t kind;
    bool standalone, removed;
    size_t pos, end;            /* source range of the text or the whole tag */
    const char *name;           /* tag content, trimmed, sigil removed */
    size_t nlen;
    const char *otag, *ctag;    /* delimiters in force at this tag */
    uint8_t olen, clen;
    size_t indent, nindent;     /* standalone line's leading whitespace */
    size_t match;               /* close: index of its open tag */
} rawtok;

/* What only sections, partials, parents and blocks need. */
typedef struct tag_extra {
    const char *indent;         /* partial/parent: standalone indentation; */
    size_t nindent;             /* block: the content's own indentation */
    size_t body, body_end;      /* section: raw body, for lambdas */
    const char *otag, *ctag;    /* section: delimiters, for lambdas */
    uint8_t olen, clen;
} tag_extra;

/* A compiled token (64 bytes).  Containers own tokens [index + 1, end). */
typedef struct token {
    uint8_t kind;
    bool bol, standalone, dynamic;
    uint32_t end;
    uint32_t nparts;
    size_t pos;                 /* source offset, for messages */
    const char *s;              /* TEXT: the bytes; tags: the name */
    size_t n;
    const char **parts;         /* the name split at dots; none for "." */
    size_t *plen;               /* their lengths */
    tag_extra *x;               /* NULL for TEXT, VAR and RAW */
} token;

struct mustache_template {
    arena *a;
    const char *name;
    const char *src;
    size_t len;
    token *tok;
    uint32_t ntok;
};

/* ---- messages ---------------------------------------------------- */

/* The line and column of source offset `pos`; columns count UTF-8
 * characters.  Only errors need it, so tokens keep offsets. */
static void line_col(const char *src, size_t pos, size_t *line, size_t *col)
{
    *line = 1, *col = 1;
    for (size_t i = 0; i < pos; i++) {
        if (src[i] == '\n') ++*line, *col = 1;
        else if (((unsigned char)src[i] & 0xC0) != 0x80) ++*col;
    }
}

/* "name:line:column: message" for source offset `pos`. */
static void vfail(mustache_error *err, const char *name, const char *src,
                  size_t pos, const char *fmt, va_list ap)
{
    if (!err) return;
    size_t line, col;
    line_col(src, pos, &line, &col);
    int n = snprintf(err->message, sizeof err->message, "%s:%zu:%zu: ",
                     name, line, col);
    if (n < 0 || (size_t)n >= sizeof err->message) return;
    vsnprintf(err->message + n, sizeof err->message - (size_t)n, fmt, ap);
}

__attribute__((format(printf, 5, 6)))
static int fail(mustache_error *err, const char *name, const char *src, size_t pos,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(err, name, src, pos, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- pass 1: scanning -------------------------------------------- */

typedef struct scanner {
    const char *name, *src;
    size_t len;
    const char *otag, *ctag;
    size_t olen, clen;
    rawtok *v;
    size_t n, cap;
    size_t open[MUSTACHE_MAX_SECTION_DEPTH];
    size_t nopen;
    mustache_error *err;
} scanner;

static bool is_ws(char c) { return c == ' ' || c == '\t'; }
static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* The first `needle` in s[0, n), or NULL. */
static const char *find(const char *s, size_t n, const char *needle, size_t nn)
{
    const char *end = s + n;
    while ((size_t)(end - s) >= nn) {
        const char *p = memchr(s, needle[0], (size_t)(end - s) - nn + 1);
        if (!p) return NULL;
        if (memcmp(p, needle, nn) == 0) return p;
        s = p + 1;
    }
    return NULL;
}

static rawtok *push_raw(scanner *sc, uint8_t kind, size_t pos, size_t end)
{
    if (sc->n == sc->cap) {
        sc->cap = sc->cap ? sc->cap * 2 : 64;
        rawtok *v = realloc(sc->v, sc->cap * sizeof *v);
        if (!v) abort();
        sc->v = v;
    }
    rawtok *r = &sc->v[sc->n++];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->pos = pos;
    r->end = end;
    r->otag = sc->otag, r->olen = (uint8_t)sc->olen;
    r->ctag = sc->ctag, r->clen = (uint8_t)sc->clen;
    return r;
}

/* Text [from, to) as pieces that each end at a newline (or at `to`). */
static void scan_text(scanner *sc, size_t from, size_t to)
{
    while (from < to) {
        const char *nl = memchr(sc->src + from, '\n', to - from);
        size_t stop = nl ? (size_t)(nl - sc->src) + 1 : to;
        push_raw(sc, K_TEXT, from, stop);
        from = stop;
    }
}

static uint8_t kind_of(char sigil)
{
    switch (sigil) {
    case '!': return K_COMMENT;
    case '#': return K_SECTION;
    case '^': return K_INVERTED;
    case '/': return K_CLOSE;
    case '>': return K_PARTIAL;
    case '<': return K_PARENT;
    case '$': return K_BLOCK;
    case '&': case '{': return K_RAW;
    case '=': return K_DELIM;
    default: return K_VAR;
    }
}

static void trim(const char **s, size_t *n)
{
    while (*n && is_space(**s)) ++*s, --*n;
    while (*n && is_space((*s)[*n - 1])) --*n;
}

/* "{{=<% %>=}}": two delimiters, no whitespace or '=' in either. */
static int set_delims(scanner *sc, size_t pos, const char *s, size_t n)
{
    trim(&s, &n);
    size_t a = 0;
    while (a < n && !is_space(s[a])) a++;
    size_t b = a;
    while (b < n && is_space(s[b])) b++;
    const char *c = s + b;
    size_t clen = n - b;
    bool ok = a > 0 && clen > 0 && a <= MAX_DELIM && clen <= MAX_DELIM
              && !memchr(s, '=', a) && !memchr(c, '=', clen);
    for (size_t i = 0; ok && i < clen; i++) ok = !is_space(c[i]);
    if (!ok)
        return fail(sc->err, sc->name, sc->src, pos,
                    "bad delimiter change '%.*s': expected two delimiters, "
                    "each without spaces or '='", (int)(n > 60 ? 60 : n), s);
    sc->otag = s, sc->olen = a;
    sc->ctag = c, sc->clen = clen;
    return 0;
}

static int open_section(scanner *sc, size_t pos)
{
    if (sc->nopen == MUSTACHE_MAX_SECTION_DEPTH)
        return fail(sc->err, sc->name, sc->src, pos,
                    "sections nested deeper than %d", MUSTACHE_MAX_SECTION_DEPTH);
    sc->open[sc->nopen++] = sc->n - 1;
    return 0;
}

static int close_section(scanner *sc, size_t pos, rawtok *t)
{
    if (sc->nopen == 0)
        return fail(sc->err, sc->name, sc->src, pos,
                    "closing tag '%.*s' without an open section", (int)t->nlen, t->name);
    const rawtok *o = &sc->v[sc->open[sc->nopen - 1]];
    if (o->nlen != t->nlen || memcmp(o->name, t->name, t->nlen) != 0) {
        size_t line, col;
        line_col(sc->src, o->pos, &line, &col);
        return fail(sc->err, sc->name, sc->src, pos,
                    "closing tag '%.*s' does not match section '%.*s' opened at %zu:%zu",
                    (int)t->nlen, t->name, (int)o->nlen, o->name, line, col);
    }
    t->match = sc->open[--sc->nopen];
    return 0;
}

static bool has_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_space(s[i])) return true;
    return false;
}

/* Checks a tag's name and keeps the section stack. */
static int check_tag(scanner *sc, size_t pos, rawtok *t)
{
    if (t->kind == K_COMMENT) return 0;
    if (t->nlen == 0)
        return fail(sc->err, sc->name, sc->src, pos, "empty tag");
    bool dyn = (t->kind == K_PARTIAL || t->kind == K_PARENT) && t->name[0] == '*';
    const char *s = t->name + dyn;
    size_t n = t->nlen - dyn;
    trim(&s, &n);
    if (n == 0 || has_space(s, n))
        return fail(sc->err, sc->name, sc->src, pos, "bad tag name '%.*s'",
                    (int)(t->nlen > 60 ? 60 : t->nlen), t->name);
    if (t->kind == K_SECTION || t->kind == K_INVERTED ||
        t->kind == K_PARENT || t->kind == K_BLOCK)
        return open_section(sc, pos);
    if (t->kind == K_CLOSE) return close_section(sc, pos, t);
    return 0;
}

/* The tag whose opening delimiter is at `pos`; *next is where it ends. */
static int scan_tag(scanner *sc, size_t pos, size_t *next)
{
    const char *src = sc->src;
    size_t q = pos + sc->olen;
    char sigil = q < sc->len ? src[q] : 0;
    char needle[MAX_DELIM + 2];
    size_t nn = 0;
    if (sigil == '{' || sigil == '=') needle[nn++] = sigil == '{' ? '}' : '=';
    memcpy(needle + nn, sc->ctag, sc->clen);
    nn += sc->clen;
    uint8_t kind = kind_of(sigil);
    /* The closing delimiter is sought past the sigil: one that starts
     * with the sigil's character ("</>" with delimiters "< />") would
     * otherwise end the tag before its name begins. */
    size_t from = kind == K_VAR ? q : q + 1;
    const char *hit = from <= sc->len ? find(src + from, sc->len - from, needle, nn) : NULL;
    if (!hit)
        return fail(sc->err, sc->name, src, pos, "unclosed tag '%.*s': no '%.*s' after it",
                    (int)sc->olen, sc->otag, (int)nn, needle);
    size_t close = (size_t)(hit - src);
    const char *name = src + from;
    size_t nlen = close - (size_t)(name - src);
    *next = close + nn;
    if (kind == K_DELIM) {
        push_raw(sc, K_DELIM, pos, *next);
        return set_delims(sc, pos, name, nlen);
    }
    trim(&name, &nlen);
    rawtok *t = push_raw(sc, kind, pos, *next);
    t->name = name, t->nlen = nlen;
    return check_tag(sc, pos, t);
}

static int scan(scanner *sc)
{
    size_t pos = 0;
    while (pos < sc->len) {
        const char *hit = find(sc->src + pos, sc->len - pos, sc->otag, sc->olen);
        size_t at = hit ? (size_t)(hit - sc->src) : sc->len;
        scan_text(sc, pos, at);
        if (!hit) break;
        if (scan_tag(sc, at, &pos) != 0) return -1;
    }
    if (sc->nopen) {
        const rawtok *o = &sc->v[sc->open[sc->nopen - 1]];
        return fail(sc->err, sc->name, sc->src, o->pos, "unclosed section '%.*s'",
                    (int)o->nlen, o->name);
    }
    return 0;
}

/* ---- pass 2: standalone lines ------------------------------------ */

static bool ends_line(const scanner *sc, const rawtok *t)
{
    return t->kind == K_TEXT && sc->src[t->end - 1] == '\n';
}

/* Whitespace only, apart from a final "\n" or "\r\n". */
static bool blank_text(const scanner *sc, const rawtok *t)
{
    size_t e = t->end;
    if (e > t->pos && sc->src[e - 1] == '\n') e--;
    if (e > t->pos && sc->src[e - 1] == '\r' && e < t->end) e--;
    for (size_t i = t->pos; i < e; i++)
        if (!is_ws(sc->src[i])) return false;
    return true;
}

static bool inheritance_tag(const scanner *sc, const rawtok *t, bool *parent)
{
    uint8_t k = t->kind == K_CLOSE ? sc->v[t->match].kind : t->kind;
    if (k == K_PARENT) *parent = true;
    return k == K_PARENT || k == K_BLOCK;
}

static bool standalone_line(const scanner *sc, size_t a, size_t b)
{
    size_t tags = 0;
    bool multi_ok = true, parent = false;
    for (size_t i = a; i <= b; i++) {
        const rawtok *t = &sc->v[i];
        if (t->kind == K_TEXT) {
            if (!blank_text(sc, t)) return false;
            continue;
        }
        if (t->kind == K_VAR || t->kind == K_RAW) return false;
        tags++;
        if (!inheritance_tag(sc, t, &parent)) multi_ok = false;
    }
    return tags == 1 || (tags > 1 && multi_ok && parent);
}

static void mark_line(scanner *sc, size_t a, size_t b)
{
    size_t indent = sc->v[a].pos, nindent = 0;
    if (sc->v[a].kind == K_TEXT && !ends_line(sc, &sc->v[a]))
        nindent = sc->v[a].end - sc->v[a].pos;
    for (size_t i = a; i <= b; i++) {
        rawtok *t = &sc->v[i];
        if (t->kind == K_TEXT) {
            t->removed = true;
        } else {
            t->standalone = true;
            t->indent = indent, t->nindent = nindent;
        }
    }
}

static void mark_standalone(scanner *sc)
{
    size_t a = 0;
    while (a < sc->n) {
        size_t b = a;
        while (b + 1 < sc->n && !ends_line(sc, &sc->v[b])) b++;
        if (standalone_line(sc, a, b)) mark_line(sc, a, b);
        a = b + 1;
    }
}

/* ---- pass 3: building the token array ---------------------------- */

static void split_name(arena *a, const char *s, size_t n, token *k)
{
    k->nparts = 0;
    if (n == 1 && s[0] == '.') return;
    uint32_t count = 1;
    for (size_t i = 0; i < n; i++) count += s[i] == '.';
    k->parts = arena_alloc(a, count * sizeof *k->parts);
    k->plen = arena_alloc(a, count * sizeof *k->plen);
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '.') continue;
        k->plen[k->nparts] = i - start;
        k->parts[k->nparts++] = arena_strndup(a, s + start, i - start);
        start = i + 1;
    }
}

static size_t ws_run(const char *s, size_t from, size_t to)
{
    size_t i = from;
    while (i < to && is_ws(s[i])) i++;
    return i - from;
}

/* A block's own indentation: for a standalone opening tag, that of the
 * line after it; otherwise that of the tag's line. */
static void block_indent(const mustache_template *t, const rawtok *r, token *k)
{
    const char *src = t->src;
    size_t from;
    if (r->standalone) {
        const char *nl = memchr(src + r->end, '\n', t->len - r->end);
        if (!nl) {
            k->x->indent = src + r->indent, k->x->nindent = r->nindent;
            return;
        }
        from = (size_t)(nl - src) + 1;
    } else {
        from = r->pos;
        while (from > 0 && src[from - 1] != '\n') from--;
    }
    k->x->indent = src + from;
    k->x->nindent = ws_run(src, from, t->len);
    if (!r->standalone && from + k->x->nindent > r->pos) k->x->nindent = r->pos - from;
}

static void fill_tag(mustache_template *t, const rawtok *r, token *k)
{
    k->standalone = r->standalone;
    const char *s = r->name;
    size_t n = r->nlen;
    if ((r->kind == K_PARTIAL || r->kind == K_PARENT) && n && s[0] == '*') {
        k->dynamic = true;
        s++, n--;
        trim(&s, &n);
    }
    k->s = arena_strndup(t->a, s, n);
    k->n = n;
    if (k->dynamic || (r->kind != K_PARTIAL && r->kind != K_PARENT && r->kind != K_BLOCK))
        split_name(t->a, s, n, k);
    if (r->kind == K_VAR || r->kind == K_RAW) return;
    tag_extra *x = k->x = arena_alloc(t->a, sizeof *x);
    x->indent = t->src + r->indent, x->nindent = r->nindent;
    if (r->kind == K_BLOCK) block_indent(t, r, k);
    x->body = r->end;
    x->otag = r->otag, x->olen = r->olen;
    x->ctag = r->ctag, x->clen = r->clen;
}

static token *append_token(mustache_template *t, size_t *cap)
{
    if (t->ntok == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        token *v = realloc(t->tok, *cap * sizeof *v);
        if (!v) abort();
        t->tok = v;
    }
    token *k = &t->tok[t->ntok++];
    memset(k, 0, sizeof *k);
    return k;
}

static bool at_bol(const char *src, size_t pos) { return pos == 0 || src[pos - 1] == '\n'; }

/* A text piece joins the text token before it when they touch in the
 * source, so a run of lines is one token. */
static void build_text(mustache_template *t, const rawtok *r, size_t *cap)
{
    token *last = t->ntok ? &t->tok[t->ntok - 1] : NULL;
    if (last && last->kind == K_TEXT && last->s + last->n == t->src + r->pos) {
        last->n += r->end - r->pos;
        return;
    }
    token *k = append_token(t, cap);
    k->kind = K_TEXT, k->pos = r->pos, k->bol = at_bol(t->src, r->pos);
    k->s = t->src + r->pos, k->n = r->end - r->pos;
}

static void build(mustache_template *t, const scanner *sc)
{
    size_t cap = 0;
    uint32_t *opened = malloc(sc->n * sizeof *opened + 1);   /* raw index -> token */
    if (!opened) abort();
    for (size_t i = 0; i < sc->n; i++) {
        const rawtok *r = &sc->v[i];
        if (r->removed || r->kind == K_COMMENT || r->kind == K_DELIM) continue;
        if (r->kind == K_TEXT) {
            build_text(t, r, &cap);
            continue;
        }
        if (r->kind == K_CLOSE) {
            token *o = &t->tok[opened[r->match]];
            o->end = t->ntok;
            o->x->body_end = r->pos;
            continue;
        }
        opened[i] = t->ntok;
        token *k = append_token(t, &cap);
        k->kind = r->kind, k->pos = r->pos, k->bol = at_bol(t->src, r->pos);
        fill_tag(t, r, k);
    }
    free(opened);
}

static mustache_template *compile_with(const char *name, const char *src, size_t len,
                                       const char *otag, const char *ctag,
                                       mustache_error *err)
{
    mustache_template *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->a = arena_new();
    t->name = arena_strdup(t->a, name ? name : "template");
    char *copy = arena_alloc(t->a, len + 1);
    if (len) memcpy(copy, src, len);
    t->src = copy, t->len = len;
    /* Delimiters given by a caller are copied, as tokens keep pointers. */
    scanner sc = { .name = t->name, .src = copy, .len = len, .err = err,
                   .otag = arena_strdup(t->a, otag), .ctag = arena_strdup(t->a, ctag) };
    sc.olen = strlen(otag), sc.clen = strlen(ctag);
    int rc = scan(&sc);
    if (rc == 0) {
        mark_standalone(&sc);
        build(t, &sc);
    }
    free(sc.v);
    if (rc != 0) {
        mustache_template_free(t);
        return NULL;
    }
    return t;
}

mustache_template *mustache_compile(const char *name, const char *src, size_t len,
                                    mustache_error *err)
{
    return compile_with(name, src, len, "{{", "}}", err);
}

void mustache_template_free(mustache_template *t)
{
    if (!t) return;
    free(t->tok);
    arena_free(t->a);
    free(t);
}

/* ---- the loader -------------------------------------------------- */

typedef struct entry {
    char *name;
    uint32_t hash;
    mustache_template *t;       /* NULL: no such template */
    bool warned;                /* its absence was reported to `warn` */
} entry;

struct mustache_loader {
    char *dir;
    bool strict;
    mustache_warn_fn warn;      /* lenient loaders: missing partials */
    void *warn_ctx;
    entry *v;
    size_t n, cap;
};

static uint32_t hash_name(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

mustache_loader *mustache_loader_new(const char *dir)
{
    mustache_loader *l = calloc(1, sizeof *l);
    if (!l) abort();
    if (dir && !(l->dir = strdup(dir))) abort();
    return l;
}

void mustache_loader_free(mustache_loader *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].name);
        mustache_template_free(l->v[i].t);
    }
    free(l->v);
    free(l->dir);
    free(l);
}

void mustache_loader_strict(mustache_loader *l, bool strict)
{
    if (l) l->strict = strict;
}

void mustache_loader_warn(mustache_loader *l, mustache_warn_fn fn, void *ctx)
{
    if (l) l->warn = fn, l->warn_ctx = ctx;
}

static entry *find_entry(mustache_loader *l, const char *name)
{
    uint32_t h = hash_name(name);
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].hash == h && strcmp(l->v[i].name, name) == 0) return &l->v[i];
    return NULL;
}

static entry *put_entry(mustache_loader *l, const char *name, mustache_template *t)
{
    entry *e = find_entry(l, name);
    if (e) {
        mustache_template_free(e->t);
        e->t = t;
        return e;
    }
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        entry *v = realloc(l->v, l->cap * sizeof *v);
        if (!v) abort();
        l->v = v;
    }
    e = &l->v[l->n++];
    if (!(e->name = strdup(name))) abort();
    e->hash = hash_name(name);
    e->t = t;
    e->warned = false;
    return e;
}

int mustache_loader_add(mustache_loader *l, const char *name, const char *src, size_t len,
                        mustache_error *err)
{
    mustache_template *t = mustache_compile(name, src, len, err);
    if (!t) return -1;
    put_entry(l, name, t);
    return 0;
}

/* Names stay inside the directory: no "..", no leading '/'. */
static bool safe_name(const char *name)
{
    if (!*name || name[0] == '/') return false;
    for (const char *p = name; *p; p++)
        if (p[0] == '.' && p[1] == '.') return false;
    return true;
}

/* Reads DIR/NAME.mustache; 1 if there is no such file, -1 on error. */
static int read_template(mustache_loader *l, const char *name, buf *text,
                         mustache_error *err)
{
    if (!l->dir || !safe_name(name)) return 1;
    buf path = BUF_INIT;
    buf_printf(&path, "%s/%s.mustache", l->dir, name);
    int e = fs_read(text, path.data, FS_MAX_FILE);
    int rc = e == 0 ? 0 : e == ENOENT ? 1 : -1;
    if (rc < 0 && err)
        snprintf(err->message, sizeof err->message, "%s: cannot read: %s",
                 path.data, strerror(e));
    buf_free(&path);
    return rc;
}

/* The template `name`, or NULL: *missing says whether it does not exist
 * (else *err says why it cannot be used). */
static const mustache_template *loader_find(mustache_loader *l, const char *name,
                                            bool *missing, mustache_error *err)
{
    *missing = false;
    entry *e = find_entry(l, name);
    if (e) {
        *missing = e->t == NULL;
        return e->t;
    }
    buf text = BUF_INIT;
    int rc = read_template(l, name, &text, err);
    mustache_template *t = NULL;
    if (rc == 0) {
        buf path = BUF_INIT;
        buf_printf(&path, "%s/%s.mustache", l->dir, name);
        t = mustache_compile(path.data, text.data, text.len, err);
        buf_free(&path);
    }
    buf_free(&text);
    if (rc == 1) {
        *missing = true;
        put_entry(l, name, NULL);
    } else if (t) {
        put_entry(l, name, t);
    }
    return t;
}

const mustache_template *mustache_loader_get(mustache_loader *l, const char *name,
                                             mustache_error *err)
{
    bool missing;
    const mustache_template *t = loader_find(l, name, &missing, err);
    if (!t && missing && err)
        snprintf(err->message, sizeof err->message, "%s%s%s.mustache: no such template",
                 l->dir ? l->dir : "", l->dir ? "/" : "", name);
    return t;
}

/* ---- rendering: output -------------------------------------------- */

/* buf_append, inlined for the renderer's many short writes. */
static inline void emit(buf *b, const char *p, size_t n)
{
    if (b->cap - b->len <= n) buf_reserve(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static const char *const html_escape[256] = {
    ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
};

/* Escapes in one pass, writing straight into the buffer.  `s` must be
 * NUL-terminated at `n` (jansson strings and bufs are): strcspn finds the
 * next special byte many bytes at a time. */
static void put_escaped(buf *b, const char *s, size_t n)
{
    if (b->cap - b->len <= n * 6) buf_reserve(b, n * 6);
    char *o = b->data + b->len;
    const char *p = s, *e = s + n;
    while (p < e) {
        size_t run = strcspn(p, "&<>\"'");
        if (run > (size_t)(e - p)) run = (size_t)(e - p);
        memcpy(o, p, run);
        o += run, p += run;
        if (p == e) break;
        const char *rep = html_escape[(unsigned char)*p++];
        if (!rep) {
            *o++ = '\0';       /* a NUL inside the string */
            continue;
        }
        size_t rn = strlen(rep);
        memcpy(o, rep, rn);
        o += rn;
    }
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}

static void put_integer(buf *b, json_int_t v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do *--p = (char)('0' + u % 10); while (u /= 10);
    if (v < 0) *--p = '-';
    emit(b, p, (size_t)(tmp + sizeof tmp - p));
}

/* d as m / 10^k for the smallest k <= 9 that reads back exactly ("%.17g"
 * would say more, "%g" may say less); false when there is none. */
static bool put_fixed(buf *b, double d)
{
    static const double pow10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
    if (!(d > -1e15 && d < 1e15) || (d != 0 && fabs(d) < 1e-6)) return false;
    for (int k = 0; k <= 9; k++) {
        double m = round(d * pow10[k]);
        if (m / pow10[k] != d || m > 9e15 || m < -9e15) continue;
        long long v = (long long)m;
        unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
        char tmp[32], *p = tmp + sizeof tmp;
        for (int i = 0; i < k; i++, u /= 10) *--p = (char)('0' + u % 10);
        if (k) *--p = '.';
        do *--p = (char)('0' + u % 10); while (u /= 10);
        if (v < 0) *--p = '-';
        emit(b, p, (size_t)(tmp + sizeof tmp - p));
        return true;
    }
    return false;
}

/* The shortest decimal that reads back as the same double, in positional
 * notation from 1e-6 up to 1e21, as JavaScript writes numbers. */
static void put_real(buf *b, double d)
{
    if (put_fixed(b, d)) return;
    char tmp[400];
    int prec = 1;
    for (; prec < 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, d);
        if (strtod(tmp, NULL) == d) break;
    }
    int exp10 = atoi(strchr(tmp, 'e') + 1);
    if (exp10 >= -6 && exp10 < 21) {
        int decimals = prec - 1 - exp10;
        snprintf(tmp, sizeof tmp, "%.*f", decimals > 0 ? decimals : 0, d);
    } else {
        snprintf(tmp, sizeof tmp, "%.*g", prec, d);
        char *e = strchr(tmp, 'e');             /* "1e-07" -> "1e-7" */
        if (e && (e[1] == '-' || e[1] == '+') && e[2] == '0') memmove(e + 2, e + 3, strlen(e + 3) + 1);
    }
    buf_puts(b, tmp);
}

static void put_value(buf *b, json_t *v, bool escape)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        if (escape) put_escaped(b, json_string_value(v), json_string_length(v));
        else emit(b, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER: put_integer(b, json_integer_value(v)); break;
    case JSON_REAL: put_real(b, json_real_value(v)); break;
    case JSON_TRUE: buf_append(b, "true", 4); break;
    case JSON_FALSE: buf_append(b, "false", 5); break;
    default: break;
    }
}

/* ---- rendering: state --------------------------------------------- */

/* Indentation transform: drop `strip` bytes of a line's leading
 * whitespace, then write `add` (bytes [add_off, add_off + add_len) of
 * render.adds). */
typedef struct xform {
    size_t strip, add_off, add_len;
} xform;

/* The parents being rendered, innermost first. */
typedef struct override {
    const mustache_template *t;
    uint32_t parent;
    const struct override *next;
} override;

typedef struct render {
    buf *out;
    mustache_loader *loader;
    const mustache_options *opts;
    mustache_error *err;
    json_t **stack;             /* `first_stack` until it outgrows it */
    size_t depth, cap;
    json_t *first_stack[64];
    bool xf_on, first_on;       /* a transform; a first-line one */
    xform xf, first;
    size_t mark;                /* first_on holds while out->len == mark */
    buf adds;
    const override *ov;
    int nesting;                /* partials, parents, blocks, lambdas */
    int levels;                 /* render_range calls: bounds the C stack */
    const char *last_name;      /* the last partial found, by name pointer */
    const mustache_template *last;
    size_t base;                /* out->len where this render's output starts */
    size_t max_output, max_steps;
    size_t steps;               /* tokens rendered so far */
} render;

typedef struct xsave {
    bool xf_on, first_on;
    xform xf, first;
    size_t mark, adds_len;
} xsave;

static int render_range(render *r, const mustache_template *t, uint32_t from, uint32_t to);

static __attribute__((format(printf, 4, 5)))
int render_fail(render *r, const mustache_template *t, size_t pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(r->err, t->name, t->src, pos, fmt, ap);
    va_end(ap);
    return -1;
}

static void push_ctx(render *r, json_t *v)
{
    if (r->depth == r->cap) {
        r->cap *= 2;
        json_t **s = malloc(r->cap * sizeof *s);
        if (!s) abort();
        memcpy(s, r->stack, r->depth * sizeof *s);
        if (r->stack != r->first_stack) free(r->stack);
        r->stack = s;
    }
    r->stack[r->depth++] = v;
}

/* outer ∘ (strip, add): the transform that applies (strip, add) first. */
static xform compose(render *r, const xform *outer, size_t strip, const char *add, size_t n)
{
    xform x = { strip, r->adds.len, 0 };
    if (!outer) {
        buf_append(&r->adds, add, n);
    } else if (outer->strip <= n) {
        buf_reserve(&r->adds, outer->add_len + n);
        buf_append(&r->adds, r->adds.data + outer->add_off, outer->add_len);
        buf_append(&r->adds, add + outer->strip, n - outer->strip);
    } else {
        x.strip = strip + outer->strip - n;
        buf_reserve(&r->adds, outer->add_len);
        buf_append(&r->adds, r->adds.data + outer->add_off, outer->add_len);
    }
    x.add_len = r->adds.len - x.add_off;
    return x;
}

static bool first_line(const render *r) { return r->first_on && r->out->len == r->mark; }

/* Adds a frame (strip, add); `inline_` frames leave the first line's
 * indentation to the text before the tag. */
static void push_frame(render *r, xsave *sv, size_t strip, const char *add, size_t n,
                       bool inline_)
{
    *sv = (xsave){ r->xf_on, r->first_on, r->xf, r->first, r->mark, r->adds.len };
    if (strip == 0 && n == 0) return;
    bool in_first = first_line(r);
    const xform *base = r->xf_on ? &r->xf : NULL;
    if (inline_ || in_first) {
        const xform *fbase = in_first ? &r->first : base;
        r->first = compose(r, fbase, strip, add, inline_ ? 0 : n);
        r->first_on = true;
        if (!in_first) r->mark = r->out->len;
    }
    r->xf = compose(r, base, strip, add, n);
    r->xf_on = true;
}

static void pop_frame(render *r, const xsave *sv)
{
    r->xf_on = sv->xf_on, r->first_on = sv->first_on;
    r->xf = sv->xf, r->first = sv->first;
    r->mark = sv->mark;
    r->adds.len = sv->adds_len;
}

/* Writes a line's leading whitespace `ws` through the transform. */
static void put_indent(render *r, const char *ws, size_t n)
{
    const xform *x = first_line(r) ? &r->first : &r->xf;
    emit(r->out, r->adds.data + x->add_off, x->add_len);
    if (x->strip < n) emit(r->out, ws + x->strip, n - x->strip);
}

static void put_text(render *r, const token *k)
{
    if (!r->xf_on) {
        emit(r->out, k->s, k->n);
        return;
    }
    const char *p = k->s, *e = k->s + k->n;
    bool bol = k->bol;
    while (p < e) {
        if (bol) {
            size_t w = ws_run(p, 0, (size_t)(e - p));
            put_indent(r, p, w);
            p += w;
            if (p == e) break;
        }
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        const char *stop = nl ? nl + 1 : e;
        emit(r->out, p, (size_t)(stop - p));
        p = stop;
        bol = true;
    }
}

/* ---- rendering: lookup -------------------------------------------- */

static json_t *lookup(const render *r, const token *k)
{
    if (k->nparts == 0) return r->depth ? r->stack[r->depth - 1] : NULL;
    json_t *v = NULL;
    for (size_t i = r->depth; i-- > 0;) {
        json_t *c = r->stack[i];
        if (json_is_object(c) && (v = json_object_getn(c, k->parts[0], k->plen[0])) != NULL)
            break;
    }
    for (uint32_t i = 1; v && i < k->nparts; i++)
        v = json_is_object(v) ? json_object_getn(v, k->parts[i], k->plen[i]) : NULL;
    return v;
}

static bool truthy(json_t *v)
{
    if (!v) return false;
    switch (json_typeof(v)) {
    case JSON_NULL: case JSON_FALSE: return false;
    case JSON_ARRAY: return json_array_size(v) > 0;
    case JSON_STRING: return json_string_length(v) > 0;
    default: return true;
    }
}

/* The lambda's name when `v` is one and lambdas are on. */
static const char *lambda_name(const render *r, json_t *v)
{
    if (!r->opts || !r->opts->lambda || !json_is_object(v)) return NULL;
    return json_string_value(json_object_get(v, "__lambda__"));
}

/* ---- rendering: lambdas ------------------------------------------- */

/* Calls lambda `name` and renders what it returns, compiled with the
 * given delimiters, into `out`. */
static int run_lambda(render *r, const mustache_template *t, const token *k,
                      const char *name, const char *text, size_t len,
                      const char *otag, const char *ctag, buf *out)
{
    if (r->nesting >= MUSTACHE_MAX_RENDER_DEPTH)
        return render_fail(r, t, k->pos, "lambdas nested deeper than %d",
                           MUSTACHE_MAX_RENDER_DEPTH);
    buf result = BUF_INIT;
    int rc = r->opts->lambda(r->opts->lambda_ctx, name, text, len, &result);
    if (rc != 0) {
        buf_free(&result);
        return render_fail(r, t, k->pos, "lambda '%s' failed", name);
    }
    char label[300];
    snprintf(label, sizeof label, "%s: lambda '%s'", t->name, name);
    mustache_template *lt = compile_with(label, result.data,
                                         result.len, otag, ctag, r->err);
    buf_free(&result);
    if (!lt) return -1;
    buf *saved = r->out;
    size_t saved_base = r->base;
    r->out = out;
    r->base = out->len;
    r->nesting++;
    rc = render_range(r, lt, 0, lt->ntok);
    r->nesting--;
    r->out = saved;
    r->base = saved_base;
    mustache_template_free(lt);
    return rc;
}

static int lambda_var(render *r, const mustache_template *t, const token *k, const char *name)
{
    buf tmp = BUF_INIT;
    int rc = run_lambda(r, t, k, name, NULL, 0, "{{", "}}", &tmp);
    if (rc == 0) {
        if (k->kind == K_VAR) put_escaped(r->out, tmp.data, tmp.len);
        else buf_append(r->out, tmp.data, tmp.len);
    }
    buf_free(&tmp);
    return rc;
}

static int lambda_section(render *r, const mustache_template *t, const token *k,
                          const char *name)
{
    const tag_extra *x = k->x;
    char otag[MAX_DELIM + 1], ctag[MAX_DELIM + 1];
    memcpy(otag, x->otag, x->olen), otag[x->olen] = '\0';
    memcpy(ctag, x->ctag, x->clen), ctag[x->clen] = '\0';
    return run_lambda(r, t, k, name, t->src + x->body, x->body_end - x->body,
                      otag, ctag, r->out);
}

/* ---- rendering: tags ---------------------------------------------- */

static int render_var(render *r, const mustache_template *t, const token *k)
{
    json_t *v = lookup(r, k);
    if (!v) return 0;
    const char *lambda = lambda_name(r, v);
    if (lambda) return lambda_var(r, t, k, lambda);
    put_value(r->out, v, k->kind == K_VAR);
    return 0;
}

static int render_section(render *r, const mustache_template *t, uint32_t i)
{
    const token *k = &t->tok[i];
    json_t *v = lookup(r, k);
    const char *lambda = lambda_name(r, v);
    if (lambda) return lambda_section(r, t, k, lambda);
    if (!truthy(v)) return 0;
    int rc = 0;
    if (json_is_array(v)) {
        size_t n = json_array_size(v);
        for (size_t j = 0; j < n && rc == 0; j++) {
            push_ctx(r, json_array_get(v, j));
            rc = render_range(r, t, i + 1, k->end);
            r->depth--;
        }
        return rc;
    }
    push_ctx(r, v);
    rc = render_range(r, t, i + 1, k->end);
    r->depth--;
    return rc;
}

static int render_inverted(render *r, const mustache_template *t, uint32_t i)
{
    json_t *v = lookup(r, &t->tok[i]);
    if (truthy(v) || lambda_name(r, v)) return 0;
    return render_range(r, t, i + 1, t->tok[i].end);
}

/* Tells a lenient loader's `warn` that `name` does not exist, the first
 * time a tag asks for it. */
static void warn_missing(mustache_loader *l, const mustache_template *t, size_t pos,
                         const char *what, const char *name)
{
    entry *e = find_entry(l, name);
    if (!l->warn || !e || e->warned) return;
    e->warned = true;
    mustache_error w;
    fail(&w, t->name, t->src, pos, "warning: unknown %s '%s'", what, name);
    l->warn(l->warn_ctx, w.message);
}

/* The partial or parent a tag names, or NULL with *rc (0: render
 * nothing, -1: fail). */
static const mustache_template *find_partial(render *r, const mustache_template *t,
                                             const token *k, int *rc)
{
    *rc = 0;
    const char *name = k->s;
    if (k->dynamic) name = json_string_value(lookup(r, k));
    if (!name || !r->loader) return NULL;
    if (r->nesting >= MUSTACHE_MAX_RENDER_DEPTH) {
        *rc = render_fail(r, t, k->pos, "partials nested deeper than %d (does '%s' include itself?)",
                          MUSTACHE_MAX_RENDER_DEPTH, name);
        return NULL;
    }
    if (name == r->last_name) return r->last;
    bool missing;
    mustache_error err;
    const mustache_template *p = loader_find(r->loader, name, &missing, &err);
    if (p) {
        if (!k->dynamic) r->last_name = name, r->last = p;
        return p;
    }
    const char *what = k->kind == K_PARENT ? "parent" : "partial";
    if (!missing) {
        if (r->err) *r->err = err;
        *rc = -1;
    } else if (r->loader->strict) {
        *rc = render_fail(r, t, k->pos, "unknown %s '%s'", what, name);
    } else {
        warn_missing(r->loader, t, k->pos, what, name);
    }
    return NULL;
}

/* Renders template `p` in place of tag `k`, indented if standalone. */
static int render_inclusion(render *r, const token *k, const mustache_template *p)
{
    xsave sv;
    push_frame(r, &sv, 0, k->x->indent, k->standalone ? k->x->nindent : 0, false);
    r->nesting++;
    int rc = render_range(r, p, 0, p->ntok);
    r->nesting--;
    pop_frame(r, &sv);
    return rc;
}

static int render_partial(render *r, const mustache_template *t, uint32_t i)
{
    int rc;
    const mustache_template *p = find_partial(r, t, &t->tok[i], &rc);
    return p ? render_inclusion(r, &t->tok[i], p) : rc;
}

static int render_parent(render *r, const mustache_template *t, uint32_t i)
{
    int rc;
    const mustache_template *p = find_partial(r, t, &t->tok[i], &rc);
    if (!p) return rc;
    override node = { t, i, r->ov };
    const override *saved = r->ov;
    r->ov = &node;
    rc = render_inclusion(r, &t->tok[i], p);
    r->ov = saved;
    return rc;
}

/* The outermost override of block `name`: a direct block child of a
 * parent on the chain. */
static bool find_override(const override *ov, const token *block,
                          const mustache_template **ot, uint32_t *oi)
{
    bool found = false;
    for (; ov; ov = ov->next) {
        const token *tok = ov->t->tok;
        uint32_t end = tok[ov->parent].end;
        for (uint32_t j = ov->parent + 1; j < end;) {
            const token *c = &tok[j];
            if (c->kind == K_BLOCK && c->n == block->n && memcmp(c->s, block->s, c->n) == 0)
                *ot = ov->t, *oi = j, found = true;
            bool container = c->kind == K_SECTION || c->kind == K_INVERTED ||
                             c->kind == K_PARENT || c->kind == K_BLOCK;
            j = container ? c->end : j + 1;
        }
    }
    return found;
}

static int render_block(render *r, const mustache_template *t, uint32_t i)
{
    const token *k = &t->tok[i];
    const mustache_template *ot;
    uint32_t oi;
    if (!find_override(r->ov, k, &ot, &oi) || (ot == t && oi == i))
        return render_range(r, t, i + 1, k->end);
    if (r->nesting >= MUSTACHE_MAX_RENDER_DEPTH)
        return render_fail(r, t, k->pos, "blocks nested deeper than %d", MUSTACHE_MAX_RENDER_DEPTH);
    const token *o = &ot->tok[oi];
    xsave sv;
    push_frame(r, &sv, o->x->nindent, k->x->indent, k->x->nindent, !k->standalone);
    r->nesting++;
    int rc = render_range(r, ot, oi + 1, o->end);
    r->nesting--;
    pop_frame(r, &sv);
    return rc;
}

/* 0 while the render has written at most max_output bytes and rendered
 * at most max_steps tokens; else it fails at token K.  Sections over
 * lists multiply what they hold, so without this a few nested ones could
 * write gigabytes, or loop for hours over sections that write nothing. */
static int within_budget(render *r, const mustache_template *t, const token *k)
{
    if (r->out->len - r->base > r->max_output) {
        bool mib = r->max_output % ((size_t)1 << 20) == 0;
        return render_fail(r, t, k->pos, "rendering stopped: the output passed %zu %s "
                           "(sections over lists repeat all they hold)",
                           mib ? r->max_output >> 20 : r->max_output, mib ? "MiB" : "bytes");
    }
    if (++r->steps > r->max_steps)
        return render_fail(r, t, k->pos, "rendering stopped: more than %zu tags and texts "
                           "rendered (sections over lists repeat all they hold)", r->max_steps);
    return 0;
}

static int render_range(render *r, const mustache_template *t, uint32_t from, uint32_t to)
{
    if (r->levels >= MUSTACHE_MAX_LEVELS)
        return render_fail(r, t, from > 0 ? t->tok[from - 1].pos : 0,
                           "sections and partials nested deeper than %d levels",
                           MUSTACHE_MAX_LEVELS);
    r->levels++;
    int rc = 0;
    for (uint32_t i = from; i < to && rc == 0;) {
        const token *k = &t->tok[i];
        if ((rc = within_budget(r, t, k)) != 0) break;
        if (r->xf_on && k->bol && k->kind != K_TEXT && !k->standalone) put_indent(r, "", 0);
        switch (k->kind) {
        case K_TEXT: put_text(r, k); break;
        case K_VAR: case K_RAW: rc = render_var(r, t, k); break;
        case K_SECTION: rc = render_section(r, t, i); break;
        case K_INVERTED: rc = render_inverted(r, t, i); break;
        case K_PARTIAL: rc = render_partial(r, t, i); break;
        case K_PARENT: rc = render_parent(r, t, i); break;
        case K_BLOCK: rc = render_block(r, t, i); break;
        default: break;
        }
        bool container = k->kind == K_SECTION || k->kind == K_INVERTED ||
                         k->kind == K_PARENT || k->kind == K_BLOCK;
        i = container ? k->end : i + 1;
    }
    r->levels--;
    return rc;
}

int mustache_render_with(const mustache_template *t, json_t *data,
                         mustache_loader *partials, const mustache_options *opts,
                         buf *out, mustache_error *err)
{
    if (!t) {
        if (err) snprintf(err->message, sizeof err->message, "template: no template to render");
        return -1;
    }
    render r = { .out = out, .loader = partials, .opts = opts, .err = err, .adds = BUF_INIT,
                 .base = out->len,
                 .max_output = opts && opts->max_output ? opts->max_output : MUSTACHE_MAX_OUTPUT,
                 .max_steps = opts && opts->max_steps ? opts->max_steps : MUSTACHE_MAX_STEPS };
    r.stack = r.first_stack, r.cap = sizeof r.first_stack / sizeof r.first_stack[0];
    push_ctx(&r, data);
    buf_reserve(out, t->len);
    int rc = render_range(&r, t, 0, t->ntok);
    if (r.stack != r.first_stack) free(r.stack);
    buf_free(&r.adds);
    return rc;
}

int mustache_render(const mustache_template *t, json_t *data, mustache_loader *partials,
                    buf *out, mustache_error *err)
{
    return mustache_render_with(t, data, partials, NULL, out, err);
}
