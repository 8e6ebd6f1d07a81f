/*
 * registry.c: reading agencies.csv and regions.csv (storing them is
 * regions.c's).
 *
 * The CSV reader is the small RFC 4180 subset people actually write: a
 * header line, comma-separated fields, double quotes around a field that
 * holds commas ("" for a quote inside), CRLF or LF, an optional BOM, blank
 * lines ignored, spaces around unquoted fields trimmed.  Each record keeps
 * the line it started on so every complaint can point at it.  Every field
 * is then given the spelling report text has (normalize_cell: NFKC, one
 * kind of space, no control or bidi characters), so a registered name
 * matches the name a report gives and no field can carry a terminal
 * escape or a right-to-left override onto a page.
 *
 */
#include "store/registry.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/fs.h"
#include "base/text.h"
#include "read/read.h"
#include "store/db.h"

enum { MAX_FIELDS = 16 };

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

typedef void (*csv_row_fn)(registry *reg, const char *path, int line, char **f, int n, diag *d);

/* Reads TEXT (LEN bytes, from PATH), checks its header has NFIELDS
 * fields (or, for NFIELDS 0, takes the header's count, at most
 * MAX_FIELDS), and hands each well-formed line to ROW with its fields and
 * their count. */
static void parse_csv(registry *reg, const char *path, const char *text, size_t len,
                      int nfields, csv_row_fn row, diag *d)
{
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
        if (header && nfields == 0 && n <= MAX_FIELDS) nfields = n;
        if (n != nfields) {
            diag_error(d, file, at, "%d fields, expected %d; line skipped", n, nfields);
            header = false;
            continue;
        }
        if (header) { header = false; continue; }
        for (int i = 0; i < n; i++) f[i] = normalize_cell(reg->mem, f[i], strlen(f[i]));
        row(reg, file, at, f, n, d);
    }
}

static bool read_csv(registry *reg, const char *path, int nfields, csv_row_fn row, diag *d)
{
    buf text = BUF_INIT;
    if (!fs_read_or_say(&text, path, FS_MAX_FILE, d)) return false;
    parse_csv(reg, path, text.data, text.len, nfields, row, d);
    buf_free(&text);
    return true;
}

/* A line's name (F[0]) and slug (F[1]) are usable; else it is said. */
static bool name_and_slug_ok(const char *what, const char *path, int line, char **f, diag *d)
{
    if (!*f[0]) {
        diag_error(d, path, line, "%s name is empty; line skipped", what);
        return false;
    }
    if (!slug_valid(f[1])) {
        diag_error(d, path, line, "slug '%s' is not URL-safe (a-z, 0-9 and '-', "
                   "not starting with '-'); line skipped", f[1]);
        return false;
    }
    return true;
}

static void agency_row(registry *reg, const char *path, int line, char **f, int n, diag *d)
{
    (void)n;
    if (!name_and_slug_ok("agency", path, line, f, d)) return;
    registry_agency *a = arena_alloc(reg->mem, sizeof *a);
    *a = (registry_agency){ .name = f[0], .slug = f[1], .province = or_null(f[2]),
                            .city = or_null(f[3]), .county = or_null(f[4]),
                            .file = path, .line = line };
    if (reg->agencies_tail) reg->agencies_tail->next = a;
    else reg->agencies = a;
    reg->agencies_tail = a;
}

static bool digits(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

/* A division of the official tree: code,name,level,parent,slug.  NULL
 * (after a message) when a field is unusable. */
static registry_region *division_row(registry *reg, const char *path, int line, char **f, diag *d)
{
    char *nf[2] = { f[1], f[4] };           /* name and slug, in name_and_slug_ok's order */
    if (!name_and_slug_ok("region", path, line, nf, d)) return NULL;
    const char *level = f[2];
    if (!digits(f[0]) || (*f[3] && !digits(f[3]))) {
        diag_error(d, path, line, "division code '%s' or parent '%s' is not a number; line skipped",
                   f[0], f[3]);
        return NULL;
    }
    if (strcmp(level, "province") != 0 && strcmp(level, "city") != 0 && strcmp(level, "county") != 0) {
        diag_error(d, path, line, "level '%s' is not province, city or county; line skipped", level);
        return NULL;
    }
    if ((strcmp(level, "province") == 0) != !*f[3]) {
        diag_error(d, path, line, "a province has no parent and every other division has one; "
                   "line skipped");
        return NULL;
    }
    registry_region *r = arena_alloc(reg->mem, sizeof *r);
    *r = (registry_region){ .name = f[1], .slug = f[4], .code = f[0], .level = level,
                            .parent_code = or_null(f[3]), .file = path, .line = line };
    return r;
}

/* name,slug,parent (a province or city named by its name), or the
 * official tree's code,name,level,parent,slug. */
static void region_row(registry *reg, const char *path, int line, char **f, int n, diag *d)
{
    registry_region *r = NULL;
    if (n == 5) {
        r = division_row(reg, path, line, f, d);
    } else if (n == 3 && name_and_slug_ok("region", path, line, f, d)) {
        r = arena_alloc(reg->mem, sizeof *r);
        *r = (registry_region){ .name = f[0], .slug = f[1], .parent = or_null(f[2]),
                                .file = path, .line = line };
    } else if (n != 3) {
        diag_error(d, path, line, "%d fields: regions.csv has name,slug,parent or "
                   "code,name,level,parent,slug; line skipped", n);
    }
    if (!r) return;
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
    return read_csv(reg, path, 0, region_row, d);
}

void registry_parse_agencies(registry *reg, const char *path, const char *text, size_t len,
                             diag *d)
{
    parse_csv(reg, path, text, len, 5, agency_row, d);
}

void registry_parse_regions(registry *reg, const char *path, const char *text, size_t len,
                            diag *d)
{
    parse_csv(reg, path, text, len, 0, region_row, d);
}


bool registry_load(db *db, const char *agencies, bool agencies_named,
                   const char *regions, bool regions_named, diag *d)
{
    registry *reg = registry_new();
    bool have_agencies = agencies && (agencies_named || access(agencies, F_OK) == 0);
    bool have_regions = regions && (regions_named || access(regions, F_OK) == 0);
    bool ok = true;
    if (have_agencies && !registry_read_agencies(reg, agencies, d)) ok = false;
    if (have_regions && !registry_read_regions(reg, regions, d)) ok = false;
    if (ok) ok = registry_store(reg, db);
    registry_free(reg);
    return ok;
}
