/*
 * registry.c: reading agencies.csv and regions.csv, and storing them.
 *
 * The CSV reader is the small RFC 4180 subset people actually write: a
 * header line, comma-separated fields, double quotes around a field that
 * holds commas ("" for a quote inside), CRLF or LF, an optional BOM, blank
 * lines ignored, spaces around unquoted fields trimmed.  Each record keeps
 * the line it started on so every complaint can point at it.
 *
 * Storing is an upsert keyed by name (regions: by level, name and parent),
 * in one transaction: every agency is first marked unregistered, and each
 * line of agencies.csv marks its agency registered again, so an agency
 * dropped from the file stops being registered while its reports stay.
 * A region that agencies.csv names but regions.csv does not list gets the
 * slug "r-" + a hash of its level, parent and name: stable across runs
 * and machines, URL-safe, distinct for two cities of the same name.
 */
#include "store/registry.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FIELDS = 16, MAX_SLUG = 100 };

registry *registry_new(void)
{
    arena *mem = arena_new();
    registry *reg = arena_alloc(mem, sizeof *reg);
    reg->mem = mem;
    return reg;
}

void registry_free(registry *reg)
{
    if (reg) arena_free(reg->mem);
}

bool slug_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > MAX_SLUG || s[0] == '-') return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    return true;
}

/* The whole file, NUL-terminated; NULL after a message. */
static char *slurp(const char *path, size_t *len, diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_error(d, path, 0, "cannot read: %s", strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    size_t got;
    while (s && (got = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) s = realloc(s, cap *= 2);
    }
    if (!s) abort();
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        diag_error(d, path, 0, "cannot read: %s", strerror(errno));
        free(s);
        return NULL;
    }
    s[n] = '\0';
    *len = n;
    return s;
}

static bool is_space(char c) { return c == ' ' || c == '\t'; }

/* One field starting at *p; leaves *p at the ',' / newline / end after it. */
static char *csv_field(const char **p, const char *end, int *line, arena *mem)
{
    const char *s = *p;
    while (s < end && is_space(*s)) s++;
    if (s < end && *s == '"') {
        char *out = arena_alloc(mem, (size_t)(end - s) + 1);
        size_t n = 0;
        for (s++; s < end; s++) {
            if (*s == '"' && s + 1 < end && s[1] == '"') { out[n++] = '"'; s++; }
            else if (*s == '"') { s++; break; }
            else {
                if (*s == '\n') (*line)++;
                out[n++] = *s;
            }
        }
        while (s < end && *s != ',' && *s != '\n') s++;    /* junk after the quote */
        *p = s;
        out[n] = '\0';
        return out;
    }
    const char *start = s;
    while (s < end && *s != ',' && *s != '\n') s++;
    const char *stop = s;
    while (stop > start && (is_space(stop[-1]) || stop[-1] == '\r')) stop--;
    *p = s;
    return arena_strndup(mem, start, (size_t)(stop - start));
}

/* One record: its fields into F (up to MAX_FIELDS), their count returned. */
static int csv_record(const char **p, const char *end, int *line, arena *mem, char **f)
{
    int n = 0;
    for (;;) {
        char *field = csv_field(p, end, line, mem);
        if (n < MAX_FIELDS) f[n] = field;
        n++;
        if (*p < end && **p == ',') { (*p)++; continue; }
        if (*p < end && **p == '\n') { (*p)++; (*line)++; }
        return n;
    }
}

static bool blank_line(const char *p, const char *end)
{
    while (p < end && (is_space(*p) || *p == '\r')) p++;
    return p == end || *p == '\n';
}

static const char *or_null(const char *s) { return s && *s ? s : NULL; }

typedef void (*csv_row_fn)(registry *reg, const char *path, int line, char **f, diag *d);

/* Reads PATH, checks its header has NFIELDS fields, and hands each
 * well-formed line to ROW. */
static bool read_csv(registry *reg, const char *path, int nfields, csv_row_fn row, diag *d)
{
    size_t len;
    char *text = slurp(path, &len, d);
    if (!text) return false;
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    const char *file = arena_strdup(reg->mem, path);
    int line = 1;
    bool header = true;
    while (p < end) {
        if (blank_line(p, end)) {
            while (p < end && *p != '\n') p++;
            if (p < end) { p++; line++; }
            continue;
        }
        int at = line;
        char *f[MAX_FIELDS];
        int n = csv_record(&p, end, &line, reg->mem, f);
        if (n != nfields) {
            diag_error(d, file, at, "%d fields, expected %d; line skipped", n, nfields);
            header = false;
            continue;
        }
        if (header) { header = false; continue; }
        row(reg, file, at, f, d);
    }
    free(text);
    return true;
}

static void agency_row(registry *reg, const char *path, int line, char **f, diag *d)
{
    if (!*f[0]) {
        diag_error(d, path, line, "agency name is empty; line skipped");
        return;
    }
    if (!slug_valid(f[1])) {
        diag_error(d, path, line, "slug '%s' is not URL-safe (a-z, 0-9 and '-', "
                   "not starting with '-'); line skipped", f[1]);
        return;
    }
    registry_agency *a = arena_alloc(reg->mem, sizeof *a);
    *a = (registry_agency){ .name = f[0], .slug = f[1], .province = or_null(f[2]),
                            .city = or_null(f[3]), .county = or_null(f[4]),
                            .file = path, .line = line };
    if (reg->agencies_tail) reg->agencies_tail->next = a;
    else reg->agencies = a;
    reg->agencies_tail = a;
}

static void region_row(registry *reg, const char *path, int line, char **f, diag *d)
{
    if (!*f[0]) {
        diag_error(d, path, line, "region name is empty; line skipped");
        return;
    }
    if (!slug_valid(f[1])) {
        diag_error(d, path, line, "slug '%s' is not URL-safe (a-z, 0-9 and '-', "
                   "not starting with '-'); line skipped", f[1]);
        return;
    }
    registry_region *r = arena_alloc(reg->mem, sizeof *r);
    *r = (registry_region){ .name = f[0], .slug = f[1], .parent = or_null(f[2]),
                            .file = path, .line = line };
    if (reg->regions_tail) reg->regions_tail->next = r;
    else reg->regions = r;
    reg->regions_tail = r;
}

bool registry_read_agencies(registry *reg, const char *path, diag *d)
{
    return read_csv(reg, path, 5, agency_row, d);
}

bool registry_read_regions(registry *reg, const char *path, diag *d)
{
    return read_csv(reg, path, 3, region_row, d);
}

/* ---- storing ---- */

typedef struct store_ctx {
    sqlite3 *sql;
    sqlite3_stmt *find, *add, *reslug, *slug_owner, *agency_seen, *agency_put;
    diag *d;
} store_ctx;

static sqlite3_stmt *prep(sqlite3 *sql, const char *text)
{
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(sql, text, -1, &st, NULL);
    return st;
}

static int64_t step_id(sqlite3_stmt *st)
{
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return id;
}

static bool step_done(sqlite3_stmt *st)
{
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_reset(st);
    return ok;
}

/* The id of a region, created or re-slugged as needed; 0 on failure
 * (after a message at FILE:LINE). */
static int64_t region(store_ctx *c, const char *level, const char *name, int64_t parent,
                      const char *parent_name, const char *slug, const char *file, int line)
{
    sqlite3_bind_text(c->find, 1, level, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->find, 2, name, -1, SQLITE_STATIC);
    if (parent) sqlite3_bind_int64(c->find, 3, parent);
    else sqlite3_bind_null(c->find, 3);
    int64_t id = 0;
    char *old_slug = NULL;
    if (sqlite3_step(c->find) == SQLITE_ROW) {
        id = sqlite3_column_int64(c->find, 0);
        old_slug = strdup((const char *)sqlite3_column_text(c->find, 1));
    }
    sqlite3_reset(c->find);

    char made[32];
    if (!slug) {
        if (id) { free(old_slug); return id; }
        char *key = sqlite3_mprintf("%s:%s/%s", level, parent_name ? parent_name : "", name);
        generated_slug("r", key, made);
        sqlite3_free(key);
        slug = made;
    }
    bool ok;
    if (id && strcmp(old_slug, slug) == 0) ok = true;
    else if (id) {
        sqlite3_bind_text(c->reslug, 1, slug, -1, SQLITE_STATIC);
        sqlite3_bind_int64(c->reslug, 2, id);
        ok = step_done(c->reslug);
    } else {
        sqlite3_bind_text(c->add, 1, level, -1, SQLITE_STATIC);
        sqlite3_bind_text(c->add, 2, name, -1, SQLITE_STATIC);
        if (parent) sqlite3_bind_int64(c->add, 3, parent);
        else sqlite3_bind_null(c->add, 3);
        sqlite3_bind_text(c->add, 4, slug, -1, SQLITE_STATIC);
        ok = step_done(c->add);
        if (ok) id = sqlite3_last_insert_rowid(c->sql);
    }
    free(old_slug);
    if (!ok) {
        diag_error(c->d, file, line, "region %s (slug '%s') not stored: %s", name, slug,
                   sqlite3_errmsg(c->sql));
        return 0;
    }
    return id;
}

static const registry_region *listed_region(const registry *reg, const char *name)
{
    for (const registry_region *r = reg->regions; r; r = r->next)
        if (strcmp(r->name, name) == 0) return r;
    return NULL;
}

static void store_regions(const registry *reg, store_ctx *c)
{
    for (int pass = 0; pass < 2; pass++)        /* provinces, then cities */
        for (const registry_region *r = reg->regions; r; r = r->next) {
            if ((r->parent == NULL) != (pass == 0)) continue;
            int64_t parent = 0;
            if (r->parent) {
                const registry_region *p = listed_region(reg, r->parent);
                parent = region(c, "province", r->parent, 0, NULL,
                                p && !p->parent ? p->slug : NULL, r->file, r->line);
                if (!parent) continue;
            }
            region(c, r->parent ? "city" : "province", r->name, parent, r->parent,
                   r->slug, r->file, r->line);
        }
}

/* The agency's region: its city, else its province; 0 when it names none. */
static int64_t agency_region(store_ctx *c, const registry_agency *a)
{
    int64_t province = 0;
    if (a->province) {
        province = region(c, "province", a->province, 0, NULL, NULL, a->file, a->line);
        if (!province) return 0;
    }
    if (!a->city) return province;
    return region(c, "city", a->city, province, a->province, NULL, a->file, a->line);
}

static void store_agency(store_ctx *c, const registry_agency *a)
{
    sqlite3_bind_text(c->agency_seen, 1, a->name, -1, SQLITE_STATIC);
    bool seen = step_id(c->agency_seen) != 0;
    if (seen) {
        diag_error(c->d, a->file, a->line, "agency %s is listed twice; line skipped", a->name);
        return;
    }
    sqlite3_bind_text(c->slug_owner, 1, a->slug, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->slug_owner, 2, a->name, -1, SQLITE_STATIC);
    if (sqlite3_step(c->slug_owner) == SQLITE_ROW) {
        diag_error(c->d, a->file, a->line, "slug '%s' already belongs to %s; line skipped",
                   a->slug, (const char *)sqlite3_column_text(c->slug_owner, 0));
        sqlite3_reset(c->slug_owner);
        return;
    }
    sqlite3_reset(c->slug_owner);

    int64_t region_id = agency_region(c, a);
    sqlite3_stmt *st = c->agency_put;
    sqlite3_bind_text(st, 1, a->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, a->slug, -1, SQLITE_STATIC);
    const char *fields[3] = { a->province, a->city, a->county };
    for (int i = 0; i < 3; i++)
        if (fields[i]) sqlite3_bind_text(st, 3 + i, fields[i], -1, SQLITE_STATIC);
        else sqlite3_bind_null(st, 3 + i);
    if (region_id) sqlite3_bind_int64(st, 6, region_id);
    else sqlite3_bind_null(st, 6);
    if (!step_done(st))
        diag_error(c->d, a->file, a->line, "agency %s not stored: %s", a->name,
                   sqlite3_errmsg(c->sql));
}

bool registry_store(const registry *reg, db *db, diag *d)
{
    store_ctx c = { .sql = db_sqlite(db), .d = d };
    c.find = prep(c.sql, "SELECT id, slug FROM regions WHERE level = ?1 AND name = ?2"
                         " AND parent_id IS ?3");
    c.add = prep(c.sql, "INSERT INTO regions (level, name, parent_id, slug)"
                        " VALUES (?1, ?2, ?3, ?4)");
    c.reslug = prep(c.sql, "UPDATE regions SET slug = ?1 WHERE id = ?2");
    c.slug_owner = prep(c.sql, "SELECT name FROM agencies WHERE slug = ?1 AND name <> ?2");
    c.agency_seen = prep(c.sql, "SELECT id FROM agencies WHERE name = ?1 AND registered = 1");
    c.agency_put = prep(c.sql,
        "INSERT INTO agencies (name, slug, province, city, county, region_id, registered)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)"
        " ON CONFLICT (name) DO UPDATE SET slug = excluded.slug,"
        " province = excluded.province, city = excluded.city, county = excluded.county,"
        " region_id = excluded.region_id, registered = 1");
    bool prepared = c.find && c.add && c.reslug && c.slug_owner && c.agency_seen &&
                    c.agency_put;
    if (!prepared) diag_error(d, db_path(db), 0, "%s", sqlite3_errmsg(c.sql));
    bool ok = prepared && db_exec(db, "BEGIN IMMEDIATE; UPDATE agencies SET registered = 0", d);
    if (ok) {
        store_regions(reg, &c);
        for (const registry_agency *a = reg->agencies; a; a = a->next) store_agency(&c, a);
        ok = db_exec(db, "COMMIT", d);
    }
    if (!ok && !sqlite3_get_autocommit(c.sql)) sqlite3_exec(c.sql, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_stmt *all[] = { c.find, c.add, c.reslug, c.slug_owner, c.agency_seen, c.agency_put };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) sqlite3_finalize(all[i]);
    return ok;
}
