/*
 * config.c: content/site.yaml, and YAML in general, as JSON.
 *
 * libyaml's event parser is walked by a small recursive descent: a
 * mapping becomes a JSON object, a sequence an array, and every scalar a
 * string (the templates print text; nothing in the configuration is
 * computed with).  Anchors and aliases are refused rather than expanded,
 * so a file cannot make the build do unbounded work.  Every problem is
 * one "file:line: message" with the line libyaml reports, shifted by the
 * line the text starts on (front matter starts on line 2 of its page).
 *
 * Front matter is the YAML between a page's first line "---" and the
 * next line "---"; the Markdown body follows.  It is found within the
 * text's length, so a page need not be NUL-terminated.
 *
 * config_load() then checks the few keys the site cannot do without:
 * title, base_url (absolute http(s), stored without a trailing "/") and
 * language.  base_path is added: the path part of base_url ("" or
 * "/portal"), what a page puts before the site's own URLs.
 */
#include "read/read.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "base/buf.h"
#include "base/fs.h"

/* What one parse shares: the parser, where messages go, and, for the top
 * level mapping, the line each key was on (so config_load can point at
 * a bad value). */
typedef struct yaml_walk {
    yaml_parser_t parser;
    const char *name;
    int first_line;
    diag *d;
    json_t *key_lines;
} yaml_walk;

static int line_of(const yaml_walk *w, yaml_mark_t mark)
{
    return w->first_line + (int)mark.line;
}

static void parser_error(yaml_walk *w)
{
    const yaml_parser_t *p = &w->parser;
    diag_error(w->d, w->name, line_of(w, p->problem_mark), "%s%s%s",
               p->problem ? p->problem : "malformed YAML",
               p->context ? " " : "", p->context ? p->context : "");
}

/* The next event into *ev; false (after saying why) when there is none. */
static bool next_event(yaml_walk *w, yaml_event_t *ev)
{
    if (yaml_parser_parse(&w->parser, ev)) return true;
    parser_error(w);
    return false;
}

static json_t *node_from(yaml_walk *w, yaml_event_t *ev, int depth);

static json_t *mapping_from(yaml_walk *w, int depth)
{
    json_t *obj = json_object();
    for (;;) {
        yaml_event_t key;
        if (!next_event(w, &key)) break;
        if (key.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&key);
            return obj;
        }
        if (key.type != YAML_SCALAR_EVENT) {
            diag_error(w->d, w->name, line_of(w, key.start_mark), "a key must be plain text");
            yaml_event_delete(&key);
            break;
        }
        char *k = strndup((const char *)key.data.scalar.value, key.data.scalar.length);
        int line = line_of(w, key.start_mark);
        yaml_event_delete(&key);
        yaml_event_t value;
        json_t *v = NULL;
        if (next_event(w, &value)) {
            v = node_from(w, &value, depth + 1);
            yaml_event_delete(&value);
        }
        if (!v) {
            free(k);
            break;
        }
        if (json_object_get(obj, k))
            diag_warning(w->d, w->name, line, "'%s' is given twice; the last one is used", k);
        json_object_set_new(obj, k, v);
        if (depth == 0 && w->key_lines) json_object_set_new(w->key_lines, k, json_integer(line));
        free(k);
    }
    json_decref(obj);
    return NULL;
}

static json_t *sequence_from(yaml_walk *w, int depth)
{
    json_t *arr = json_array();
    for (;;) {
        yaml_event_t item;
        if (!next_event(w, &item)) break;
        if (item.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&item);
            return arr;
        }
        json_t *v = node_from(w, &item, depth + 1);
        yaml_event_delete(&item);
        if (!v) break;
        json_array_append_new(arr, v);
    }
    json_decref(arr);
    return NULL;
}

/* The value that starts with *ev (which the caller deletes). */
static json_t *node_from(yaml_walk *w, yaml_event_t *ev, int depth)
{
    if (depth > 64) {
        diag_error(w->d, w->name, line_of(w, ev->start_mark), "nested too deeply");
        return NULL;
    }
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        return json_stringn((const char *)ev->data.scalar.value, ev->data.scalar.length);
    case YAML_MAPPING_START_EVENT:
        return mapping_from(w, depth);
    case YAML_SEQUENCE_START_EVENT:
        return sequence_from(w, depth);
    case YAML_ALIAS_EVENT:
        diag_error(w->d, w->name, line_of(w, ev->start_mark), "aliases are not supported");
        return NULL;
    default:
        diag_error(w->d, w->name, line_of(w, ev->start_mark), "unexpected YAML structure");
        return NULL;
    }
}

/* Skips STREAM-START and DOCUMENT-START; the document's first node must
 * be a mapping, and only one document is read. */
static json_t *document_from(yaml_walk *w)
{
    json_t *root = NULL;
    yaml_event_t ev;
    bool ok = true;
    while (ok && (ok = next_event(w, &ev))) {
        yaml_event_type_t type = ev.type;
        if (type == YAML_STREAM_START_EVENT || type == YAML_DOCUMENT_START_EVENT) {
            yaml_event_delete(&ev);
            continue;
        }
        if (type == YAML_MAPPING_START_EVENT) {
            root = mapping_from(w, 0);
        } else if (type == YAML_STREAM_END_EVENT) {
            diag_error(w->d, w->name, w->first_line, "empty; expected a mapping of keys");
        } else {
            diag_error(w->d, w->name, line_of(w, ev.start_mark),
                       "expected a mapping of keys at the top level");
        }
        yaml_event_delete(&ev);
        break;
    }
    return root;
}

static json_t *parse_yaml(const char *name, const char *text, size_t len, int first_line,
                          diag *d, json_t *key_lines)
{
    yaml_walk w = { .name = name, .first_line = first_line > 0 ? first_line : 1, .d = d,
                    .key_lines = key_lines };
    if (!yaml_parser_initialize(&w.parser)) {
        diag_error(d, name, 0, "cannot start the YAML parser");
        return NULL;
    }
    yaml_parser_set_input_string(&w.parser, (const unsigned char *)text, len);
    json_t *root = document_from(&w);
    yaml_parser_delete(&w.parser);
    return root;
}

json_t *config_parse_yaml(const char *name, const char *text, size_t len, int first_line,
                          diag *d)
{
    return parse_yaml(name, text, len, first_line, d, NULL);
}

/* The closing line of front matter in [p, end): "---" alone, or followed
 * by CR; NULL when there is none. */
static const char *closing_line(const char *p, const char *end)
{
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        if (e - p >= 3 && memcmp(p, "---", 3) == 0 && (e - p == 3 || p[3] == '\r')) return p;
        p = nl ? nl + 1 : end;
    }
    return NULL;
}

bool config_front_matter(const char *name, const char *text, size_t len, front_matter *fm,
                         diag *d)
{
    *fm = (front_matter){ .yaml = text, .body = text };
    size_t open = len >= 4 && memcmp(text, "---\n", 4) == 0 ? 4
                : len >= 5 && memcmp(text, "---\r\n", 5) == 0 ? 5 : 0;
    if (!open) {
        diag_error(d, name, 1, "expected front matter: a first line '---'");
        return false;
    }
    const char *front = text + open, *end = text + len;
    const char *close = closing_line(front, end);
    if (!close) {
        diag_error(d, name, 1, "front matter is not closed by a line '---'");
        return false;
    }
    fm->data = config_parse_yaml(name, front, (size_t)(close - front), 2, d);
    if (!fm->data) return false;
    const char *nl = memchr(close, '\n', (size_t)(end - close));
    fm->yaml = front;
    fm->yaml_len = (size_t)(close - front);
    fm->body = nl ? nl + 1 : end;
    fm->body_len = (size_t)(end - fm->body);
    return true;
}

static int key_line(json_t *key_lines, const char *key)
{
    return (int)json_integer_value(json_object_get(key_lines, key));
}

/* The keys every template relies on; false after naming each problem. */
static bool config_check(json_t *cfg, json_t *key_lines, const char *path, diag *d)
{
    static const char *const required[] = { "title", "base_url", "language" };
    bool ok = true;
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        json_t *v = json_object_get(cfg, required[i]);
        if (!json_is_string(v) || json_string_length(v) == 0) {
            diag_error(d, path, key_line(key_lines, required[i]),
                       "'%s' must be given as text", required[i]);
            ok = false;
        }
    }
    const char *base = json_string_value(json_object_get(cfg, "base_url"));
    size_t scheme = !base ? 0 : strncmp(base, "https://", 8) == 0 ? 8
                  : strncmp(base, "http://", 7) == 0 ? 7 : 0;
    size_t n = base ? strlen(base) : 0;
    while (n > scheme && base[n - 1] == '/') n--;
    if (base && (scheme == 0 || n == scheme || base[scheme] == '/')) {    /* no host */
        diag_error(d, path, key_line(key_lines, "base_url"),
                   "'base_url' must be an absolute http(s) URL");
        ok = false;
    } else if (base) {
        json_object_set_new(cfg, "base_url", json_stringn(base, n));
        base = json_string_value(json_object_get(cfg, "base_url"));
        /* The path the site is served under ("" at the host's root,
         * "/portal" under https://x.org/portal), for the search form,
         * script and index, which must work under a sub-path. */
        const char *host = base + scheme, *path = memchr(host, '/', n - scheme);
        json_object_set_new(cfg, "base_path", path ? json_stringn(path, n - (size_t)(path - base))
                                                   : json_string(""));
    }
    return ok;
}

json_t *config_parse(const char *path, const char *text, size_t len, diag *d)
{
    json_t *key_lines = json_object();
    json_t *cfg = parse_yaml(path, text, len, 1, d, key_lines);
    if (cfg && !config_check(cfg, key_lines, path, d)) {
        json_decref(cfg);
        cfg = NULL;
    }
    json_decref(key_lines);
    return cfg;
}

json_t *config_load(const char *path, diag *d)
{
    buf text = BUF_INIT;
    json_t *cfg = NULL;
    if (fs_read_or_say(&text, path, FS_MAX_FILE, d)) cfg = config_parse(path, text.data, text.len, d);
    buf_free(&text);
    return cfg;
}
