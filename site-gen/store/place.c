/*
 * place.c: the division tree in memory and the placing of agencies in it
 * (place.h).
 *
 * The tree is an array of divisions with their parents as indices, and a
 * sorted array of keys, the names a division is written by: its full name
 * (武义县), an alias that stands for it alone (恩施州 for 恩施土家族苗族自治州,
 * 石柱县 for 石柱土家族自治县), and a short name (浙江, 宁夏, 金华) that
 * counts only when a division under it follows (宁夏吴忠市, 金华武义县), so
 * that 江西 inside 浙江西湖区 or 南京 inside a street name decide nothing.
 *
 * A name is read from the front: at the first place where some key
 * matches (longest key first), the chain starts, and goes on as long as
 * the next key names a division under the last one (up to two levels
 * down, so 浙江省武义县 skips the city).  The chain's last key may fit
 * several divisions; then each is scored by how often the report's text
 * names its city and province, and the best one wins when it is alone.
 * When several remain, what they have in common (their province, say) is
 * the most that is known.
 *
 * place_agencies() runs after every ingest over all agencies, which is
 * cheap (a few lookups per name; the text is read only for ambiguous
 * names) and keeps the placement in step with the registry and the tree.
 */
#include "store/place.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "record/record.h"
#include "store/sql.h"

enum key_kind { KEY_FULL, KEY_ALIAS, KEY_SHORT };

typedef struct node {
    const char *code, *name, *slug, *parent_code, *short_name;
    enum place_level level;
    int parent;
} node;

typedef struct key {
    const char *text;
    size_t len;
    int node;
    enum key_kind kind;
} key;

struct place_tree {
    arena *mem;
    node *nodes;
    int n, cap;
    key *keys;
    int nkeys, cap_keys;
};

place_tree *place_tree_new(void)
{
    arena *mem = arena_new();
    place_tree *t = arena_alloc(mem, sizeof *t);
    t->mem = mem;
    return t;
}

void place_tree_free(place_tree *t)
{
    if (!t) return;
    free(t->nodes);
    free(t->keys);
    arena_free(t->mem);
}

int place_tree_size(const place_tree *t) { return t->n; }

static enum place_level level_of(const char *s)
{
    if (s && strcmp(s, "province") == 0) return PLACE_PROVINCE;
    if (s && strcmp(s, "city") == 0) return PLACE_CITY;
    return PLACE_COUNTY;
}

void place_tree_add(place_tree *t, const char *code, const char *name, const char *level,
                    const char *parent, const char *slug)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 4096;
        t->nodes = realloc(t->nodes, (size_t)t->cap * sizeof *t->nodes);
        if (!t->nodes) abort();
    }
    t->nodes[t->n++] = (node){
        .code = arena_strdup(t->mem, code ? code : ""), .name = arena_strdup(t->mem, name ? name : ""),
        .slug = arena_strdup(t->mem, slug ? slug : ""),
        .parent_code = parent ? arena_strdup(t->mem, parent) : NULL,
        .level = level_of(level), .parent = -1,
    };
}

static void add_key(place_tree *t, const char *text, int node, enum key_kind kind)
{
    size_t len = strlen(text);
    if (len < 6) return;                /* fewer than two Chinese characters */
    if (t->nkeys == t->cap_keys) {
        t->cap_keys = t->cap_keys ? 2 * t->cap_keys : 8192;
        t->keys = realloc(t->keys, (size_t)t->cap_keys * sizeof *t->keys);
        if (!t->keys) abort();
    }
    t->keys[t->nkeys++] = (key){ .text = text, .len = len, .node = node, .kind = kind };
}

static bool ends_with(const char *s, const char *suffix, size_t *stem)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (n <= m || strcmp(s + n - m, suffix) != 0) return false;
    *stem = n - m;
    return true;
}

/* The words an autonomous prefecture or county's name carries between its
 * place name and 自治州/自治县: 恩施|土家族苗族|自治州. */
static size_t ethnic_start(const char *name)
{
    static const char *const peoples[] = {
        "朝鲜族", "土家族", "苗族", "藏族", "羌族", "彝族", "布依族", "侗族", "哈尼族", "壮族",
        "傣族", "白族", "景颇族", "傈僳族", "回族", "蒙古", "柯尔克孜", "哈萨克", "满族", "畲族",
        "瑶族", "黎族", "仡佬族", "水族", "纳西族", "拉祜族", "佤族", "达斡尔族", "鄂温克族",
        "鄂伦春族", "锡伯族", "撒拉族", "保安族", "东乡族", "土族", "裕固族", "塔吉克", "仫佬族",
        "毛南族", "普米族", "独龙族", "怒族", "各族",
    };
    size_t best = strlen(name);
    for (size_t i = 0; i < sizeof peoples / sizeof peoples[0]; i++) {
        const char *at = strstr(name, peoples[i]);
        if (at && (size_t)(at - name) < best && at > name) best = (size_t)(at - name);
    }
    return best;
}

/* The alias and short name of node I, by its level's suffixes. */
static void add_other_names(place_tree *t, int i)
{
    node *d = &t->nodes[i];
    static const char *const province_suffixes[] = {
        "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市",
    };
    static const char *const city_suffixes[] = { "市", "地区", "盟" };
    size_t stem = 0;
    const char *const *suffixes = d->level == PLACE_PROVINCE ? province_suffixes : city_suffixes;
    size_t nsuffixes = d->level == PLACE_PROVINCE ? sizeof province_suffixes / sizeof *province_suffixes
                                                  : sizeof city_suffixes / sizeof *city_suffixes;
    if (d->level != PLACE_COUNTY)
        for (size_t k = 0; k < nsuffixes; k++)
            if (ends_with(d->name, suffixes[k], &stem)) {
                d->short_name = arena_strndup(t->mem, d->name, stem);
                add_key(t, d->short_name, i, KEY_SHORT);
                return;
            }
    bool prefecture = ends_with(d->name, "自治州", &stem);
    bool county = !prefecture && (ends_with(d->name, "自治县", &stem) || ends_with(d->name, "自治旗", &stem));
    if (!prefecture && !county) return;
    size_t place = ethnic_start(d->name);
    if (place >= stem) return;
    d->short_name = arena_strndup(t->mem, d->name, place);
    char *alias = arena_printf(t->mem, "%s%s", d->short_name,
                               prefecture ? "州" : d->name + strlen(d->name) - 3);
    add_key(t, alias, i, KEY_ALIAS);
    if (prefecture) add_key(t, d->short_name, i, KEY_SHORT);
}

static int key_cmp(const void *a, const void *b)
{
    const key *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->text, y->text, n);
    if (c) return c;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    return x->node - y->node;
}

static int code_cmp(const void *a, const void *b)
{
    return strcmp(((const node *)a)->code, ((const node *)b)->code);
}

void place_tree_done(place_tree *t)
{
    if (t->n) qsort(t->nodes, (size_t)t->n, sizeof *t->nodes, code_cmp);
    for (int i = 0; i < t->n; i++) {
        node *d = &t->nodes[i];
        d->parent = d->parent_code ? place_find_code(t, d->parent_code) : -1;
        /* 城区, 郊区, 矿区, 东区, 西区: too common as words to stand alone */
        bool generic = d->level == PLACE_COUNTY && strlen(d->name) == 6 && ends_with(d->name, "区", &(size_t){0});
        add_key(t, d->name, i, generic ? KEY_SHORT : KEY_FULL);
        add_other_names(t, i);
    }
    if (t->nkeys) qsort(t->keys, (size_t)t->nkeys, sizeof *t->keys, key_cmp);
}

int place_find_code(const place_tree *t, const char *code)
{
    int lo = 0, hi = t->n - 1;
    while (code && lo <= hi) {
        int mid = (lo + hi) / 2, c = strcmp(t->nodes[mid].code, code);
        if (c == 0) return mid;
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

bool place_tree_load(place_tree *t, db *db)
{
    db_query *q = db_query_new(db, "SELECT code, name, level, parent, slug FROM divisions");
    while (q && db_row(q))
        place_tree_add(t, db_text(q, 0), db_text(q, 1), db_text(q, 2), db_text(q, 3), db_text(q, 4));
    place_tree_done(t);
    return db_query_end(q) == 0;
}

const char *place_code(const place_tree *t, int i) { return t->nodes[i].code; }
const char *place_name(const place_tree *t, int i) { return t->nodes[i].name; }
const char *place_slug(const place_tree *t, int i) { return t->nodes[i].slug; }
enum place_level place_level_of(const place_tree *t, int i) { return t->nodes[i].level; }
int place_parent(const place_tree *t, int i) { return t->nodes[i].parent; }

/* The first key equal to [s, s+len), or -1; keys equal to it follow. */
static int first_key(const place_tree *t, const char *s, size_t len)
{
    int lo = 0, hi = t->nkeys;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        const key *k = &t->keys[mid];
        size_t n = k->len < len ? k->len : len;
        int c = memcmp(k->text, s, n);
        if (c < 0 || (c == 0 && k->len < len)) lo = mid + 1;
        else hi = mid;
    }
    if (lo < t->nkeys && t->keys[lo].len == len && memcmp(t->keys[lo].text, s, len) == 0) return lo;
    return -1;
}

/* True when A is B or above it, at most DEPTH levels up. */
static bool is_above(const place_tree *t, int a, int b, int depth)
{
    for (int i = 0; b >= 0 && i <= depth; i++, b = t->nodes[b].parent)
        if (b == a) return true;
    return false;
}

static bool under_any(const place_tree *t, int i, const int *set, int n)
{
    for (int k = 0; k < n; k++)
        if (set[k] != i && is_above(t, set[k], i, 2)) return true;
    return false;
}

static size_t char_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

enum { MAX_KEY_CHARS = 16 };

/* The byte lengths of the next 1..MAX_KEY_CHARS characters at S. */
static int char_ends(const char *s, size_t ends[MAX_KEY_CHARS])
{
    int n = 0;
    size_t at = 0;
    while (n < MAX_KEY_CHARS && s[at]) {
        at += char_len((unsigned char)s[at]);
        ends[n++] = at;
    }
    return n;
}

/* The divisions named at S (longest key first) that lie under one of
 * ABOVE (when NA > 0) and whose key is of an allowed kind; their number,
 * *LEN the key's length. */
static int match_at(const place_tree *t, const char *s, const int *above, int na, bool shorts,
                    bool fulls, int out[PLACE_MAX_CANDIDATES], size_t *len)
{
    size_t ends[MAX_KEY_CHARS];
    for (int e = char_ends(s, ends) - 1; e >= 1; e--) {
        int k = first_key(t, s, ends[e]), n = 0;
        for (; k >= 0 && k < t->nkeys && t->keys[k].len == ends[e] &&
               memcmp(t->keys[k].text, s, ends[e]) == 0; k++) {
            const key *y = &t->keys[k];
            bool kind_ok = y->kind == KEY_SHORT ? shorts : fulls;
            if (!kind_ok || (na > 0 && !under_any(t, y->node, above, na))) continue;
            bool dup = false;
            for (int j = 0; j < n; j++) dup = dup || out[j] == y->node;
            if (!dup && n < PLACE_MAX_CANDIDATES) out[n++] = y->node;
        }
        if (n) {
            *len = ends[e];
            return n;
        }
    }
    return 0;
}

/* Follows the chain from S while the next key names a division under
 * the current set; returns the final set's size. */
static int extend(const place_tree *t, const char *s, int set[PLACE_MAX_CANDIDATES], int n,
                  const char **last, size_t *last_len)
{
    for (;;) {
        int next[PLACE_MAX_CANDIDATES];
        size_t len = 0;
        int m = match_at(t, s, set, n, true, true, next, &len);
        if (!m) return n;
        memcpy(set, next, (size_t)m * sizeof *set);
        n = m;
        *last = s;
        *last_len = len;
        s += len;
    }
}

/* The chain that starts earliest in NAME; its size (0: none). */
static int read_chain(const place_tree *t, const char *name, int set[PLACE_MAX_CANDIDATES],
                      char matched[64])
{
    for (const char *s = name; *s; s += char_len((unsigned char)*s)) {
        size_t len = 0;
        int n = match_at(t, s, NULL, 0, true, false, set, &len);
        const char *last = s;
        size_t last_len = len;
        if (n) {
            int m = extend(t, s + len, set, n, &last, &last_len);
            if (last != s) n = m;       /* a short name counts only with a division after it */
            else n = 0;
        }
        if (!n) {
            n = match_at(t, s, NULL, 0, false, true, set, &len);
            last = s;
            last_len = len;
            if (n) n = extend(t, s + len, set, n, &last, &last_len);
        }
        if (n) {
            snprintf(matched, 64, "%.*s", (int)(last_len < 63 ? last_len : 63), last);
            return n;
        }
    }
    return 0;
}

static int count_in(const char *text, const char *word)
{
    int n = 0;
    size_t len = strlen(word);
    for (const char *p = text; len && (p = strstr(p, word)) != NULL; p += len) n++;
    return n;
}

/* How often TEXT names the city and province of division I. */
static int score(const place_tree *t, int i, const char *text)
{
    int s = 0;
    for (int a = t->nodes[i].parent; a >= 0; a = t->nodes[a].parent) {
        const node *d = &t->nodes[a];
        s += count_in(text, d->short_name ? d->short_name : d->name);
    }
    return s;
}

/* The nearest division above (or equal to) all of SET, or -1. */
static int common_ancestor(const place_tree *t, const int *set, int n)
{
    for (int a = n ? set[0] : -1; a >= 0; a = t->nodes[a].parent) {
        bool all = true;
        for (int k = 1; k < n && all; k++) all = is_above(t, a, set[k], 3);
        if (all) return a;
    }
    return -1;
}

void place_by_name(const place_tree *t, const char *name, const char *text, place_result *out)
{
    *out = (place_result){ .how = PLACE_NONE, .division = -1 };
    int set[PLACE_MAX_CANDIDATES];
    int n = name ? read_chain(t, name, set, out->matched) : 0;
    out->ncandidates = n;
    memcpy(out->candidates, set, (size_t)n * sizeof *set);
    if (n == 1) {
        out->how = PLACE_BY_NAME;
        out->division = set[0];
        return;
    }
    if (n == 0) return;
    int best = 0, top[PLACE_MAX_CANDIDATES], ntop = 0;
    for (int k = 0; text && k < n; k++) {
        int s = score(t, set[k], text);
        if (s > best) { best = s; ntop = 0; }
        if (s == best && s > 0) top[ntop++] = set[k];
    }
    if (best > 0 && ntop == 1) {
        out->how = PLACE_BY_PROSE;
        out->division = top[0];
        return;
    }
    int common = best > 0 ? common_ancestor(t, top, ntop) : common_ancestor(t, set, n);
    out->how = common >= 0 ? PLACE_PARTIAL : PLACE_AMBIGUOUS;
    out->division = common;
}

int place_find_name(const place_tree *t, const char *name, enum place_level level, int above)
{
    if (!name) return -1;
    size_t len = strlen(name);
    int found = -1, n = 0;
    for (int k = first_key(t, name, len); k >= 0 && k < t->nkeys && t->keys[k].len == len &&
                                          memcmp(t->keys[k].text, name, len) == 0; k++) {
        int i = t->keys[k].node;
        if (t->nodes[i].level != level || (above >= 0 && !is_above(t, above, i, 2))) continue;
        if (i != found) n++;
        found = i;
    }
    return n == 1 ? found : -1;
}

void place_path(const place_tree *t, int i, const char *sep, buf *out)
{
    int chain[4], n = 0;
    for (; i >= 0 && n < 4; i = t->nodes[i].parent) chain[n++] = i;
    for (int k = n - 1; k >= 0; k--)
        buf_printf(out, "%s%s", k == n - 1 ? "" : sep, t->nodes[chain[k]].name);
}

bool place_is_above(const place_tree *t, int a, int b)
{
    return a >= 0 && b >= 0 && is_above(t, a, b, 3);
}

/* ---- every stored agency ---- */

typedef struct agency_in {
    int64_t id, region_id;
    char *name, *province, *city, *county;
    bool registry;                  /* its region comes from agencies.csv */
} agency_in;

typedef struct placed {
    const char *province, *city, *county;   /* borrowed: the agency's or the tree's */
    int division;
    int64_t region_id;                      /* 0: none */
    const char *placed_by;
    buf note;
} placed;

enum { Q_AGENCIES, Q_TEXT, Q_REGION_CODE, Q_REGION_KEY, Q_REGION_ADD, Q_REGION_FIX, Q_AGENCY_PUT,
       Q_COUNT };

static const char *const placer_sql[Q_COUNT] = {
    [Q_AGENCIES] = "SELECT id, name, registered = 1 AND placed_by IS 'registry', province, city, county,"
                   " region_id FROM agencies ORDER BY id",
    [Q_TEXT] = "SELECT coalesce(r.title, '') FROM reports r WHERE r.agency_id = ?1"
               " UNION ALL SELECT s.heading || char(10) || s.body FROM sections s"
               " JOIN reports r ON r.id = s.report_id WHERE r.agency_id = ?1",
    [Q_REGION_CODE] = "SELECT id, slug FROM regions WHERE code = ?1",
    [Q_REGION_KEY] = "SELECT id, slug FROM regions WHERE level = ?1 AND name = ?2 AND parent_id IS ?3",
    [Q_REGION_ADD] = "INSERT INTO regions (level, name, parent_id, slug, code) VALUES (?1, ?2, ?3, ?4, ?5)",
    [Q_REGION_FIX] = "UPDATE regions SET slug = ?2, code = ?3 WHERE id = ?1 AND (slug IS NOT ?2 OR code IS NOT ?3)",
    [Q_AGENCY_PUT] = "UPDATE agencies SET province = ?2, city = ?3, county = ?4, division = ?5,"
                     " region_id = ?6, placed_by = ?7, place_note = ?8 WHERE id = ?1 AND"
                     " (province IS NOT ?2 OR city IS NOT ?3 OR county IS NOT ?4 OR division IS NOT ?5"
                     "  OR region_id IS NOT ?6 OR placed_by IS NOT ?7 OR place_note IS NOT ?8)",
};

typedef struct placer {
    db *db;
    place_tree *t;
    sqlite3_stmt *st[Q_COUNT];
    int64_t *region_of;             /* per division: its region's id, 0 until made */
    buf text;
} placer;

/* The title and prose of the agency's reports, for an ambiguous name. */
static const char *agency_text(placer *p, int64_t id)
{
    sqlite3_stmt *st = p->st[Q_TEXT];
    buf_clear(&p->text);
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        buf_puts(&p->text, (const char *)sqlite3_column_text(st, 0));
        buf_putc(&p->text, '\n');
    }
    sqlite3_reset(st);
    return p->text.data;
}

/* The id of the region (province or city) of division I, made when
 * missing: found by its code, else by level, name and parent (a region
 * a registry made before the tree was known), else inserted.  0 after a
 * message. */
static int64_t region_of(placer *p, int i)
{
    if (p->region_of[i]) return p->region_of[i];
    const place_tree *t = p->t;
    bool city = place_level_of(t, i) == PLACE_CITY;
    int64_t parent = city && place_parent(t, i) >= 0 ? region_of(p, place_parent(t, i)) : 0;
    if (city && place_parent(t, i) >= 0 && !parent) return 0;
    const char *level = city ? "city" : "province";
    sqlite3_stmt *st = p->st[Q_REGION_CODE];
    sql_bind_text(st, 1, place_code(t, i));
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (!id) {
        st = p->st[Q_REGION_KEY];
        sql_bind_text(st, 1, level);
        sql_bind_text(st, 2, place_name(t, i));
        if (parent) sqlite3_bind_int64(st, 3, parent);
        else sqlite3_bind_null(st, 3);
        id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
    }
    bool ok;
    if (id) {
        st = p->st[Q_REGION_FIX];
        sqlite3_bind_int64(st, 1, id);
        sql_bind_text(st, 2, place_slug(t, i));
        sql_bind_text(st, 3, place_code(t, i));
        ok = sql_run(st);
    } else {
        st = p->st[Q_REGION_ADD];
        sql_bind_text(st, 1, level);
        sql_bind_text(st, 2, place_name(t, i));
        if (parent) sqlite3_bind_int64(st, 3, parent);
        else sqlite3_bind_null(st, 3);
        sql_bind_text(st, 4, place_slug(t, i));
        sql_bind_text(st, 5, place_code(t, i));
        ok = sql_run(st);
        if (ok) id = sqlite3_last_insert_rowid(p->db->sql);
    }
    if (!ok) {
        diag_error(p->db->d, db_path(p->db), 0, "region %s (%s, slug '%s') not stored: %s",
                   place_name(t, i), place_code(t, i), place_slug(t, i), sqlite3_errmsg(p->db->sql));
        return 0;
    }
    return p->region_of[i] = id;
}

/* The division of LEVEL at or above I, or -1. */
static int at_level(const place_tree *t, int i, enum place_level level)
{
    for (; i >= 0; i = place_parent(t, i))
        if (place_level_of(t, i) == level) return i;
    return -1;
}

/* Fills the names and region of OUT from division I (-1: none). */
static bool fill_from(placer *p, int i, placed *out)
{
    const place_tree *t = p->t;
    int prov = at_level(t, i, PLACE_PROVINCE), city = at_level(t, i, PLACE_CITY);
    int county = at_level(t, i, PLACE_COUNTY);
    if (!out->province && prov >= 0) out->province = place_name(t, prov);
    if (!out->city && city >= 0) out->city = place_name(t, city);
    if (!out->county && county >= 0) out->county = place_name(t, county);
    out->division = i;
    int region = city >= 0 ? city : prov;
    if (region < 0) return true;
    out->region_id = region_of(p, region);
    return out->region_id != 0;
}

/* "江苏省南京市鼓楼区、福建省福州市鼓楼区" */
static void candidate_list(const place_tree *t, const place_result *r, buf *out)
{
    for (int k = 0; k < r->ncandidates; k++) {
        if (k) buf_puts(out, MSG_AND);
        place_path(t, r->candidates[k], "", out);
    }
}

static void note_placement(const place_tree *t, const char *name, const place_result *r, buf *note)
{
    buf list = BUF_INIT, known = BUF_INIT;
    candidate_list(t, r, &list);
    if (r->how == PLACE_NONE) {
        buf_printf(note, MSG_UNPLACED_NONE, name);
    } else if (r->how == PLACE_AMBIGUOUS) {
        buf_printf(note, MSG_UNPLACED_AMBIGUOUS, r->matched, r->ncandidates, list.data);
    } else if (r->how == PLACE_PARTIAL) {
        place_path(t, r->division, "", &known);
        buf_printf(note, MSG_PLACED_PARTIAL, r->matched, r->ncandidates, list.data, known.data);
    }
    buf_free(&list);
    buf_free(&known);
}

/* An agency placed by its name (and its reports' text when the name fits
 * several divisions). */
static bool place_named(placer *p, const agency_in *a, placed *out)
{
    place_result r;
    place_by_name(p->t, a->name, NULL, &r);
    if (r.ncandidates > 1) place_by_name(p->t, a->name, agency_text(p, a->id), &r);
    static const char *const by[] = {
        [PLACE_NONE] = NULL, [PLACE_BY_NAME] = "name", [PLACE_BY_PROSE] = "prose",
        [PLACE_PARTIAL] = "partial", [PLACE_AMBIGUOUS] = NULL,
    };
    out->placed_by = by[r.how];
    note_placement(p->t, a->name, &r, &out->note);
    return fill_from(p, r.division, out);
}

/* An agency whose agencies.csv line names its region: those names, as
 * found in the tree; what the line leaves out is filled from the name
 * when the name lies inside what the line says. */
static bool place_registered(placer *p, const agency_in *a, placed *out)
{
    const place_tree *t = p->t;
    *out = (placed){ .province = a->province, .city = a->city, .county = a->county, .division = -1,
                     .region_id = a->region_id, .placed_by = "registry", .note = out->note };
    int prov = place_find_name(t, a->province, PLACE_PROVINCE, -1);
    int city = a->city && (prov >= 0 || !a->province) ? place_find_name(t, a->city, PLACE_CITY, prov) : -1;
    int above = city >= 0 ? city : prov;
    int county = a->county && above >= 0 && (city >= 0 || !a->city)
                 ? place_find_name(t, a->county, PLACE_COUNTY, above) : -1;
    int deepest = county >= 0 ? county : above;
    bool lost = (a->province && prov < 0) || (a->city && city < 0) || (a->county && county < 0);
    if (lost) {
        const char *missing = a->province && prov < 0 ? a->province : a->city && city < 0 ? a->city
                            : a->county;
        if (deepest >= 0)
            buf_printf(&out->note, MSG_REGISTRY_PART_NOT_IN_TREE, missing, place_name(t, deepest));
        else
            buf_printf(&out->note, MSG_REGISTRY_NOT_IN_TREE, missing);
    }
    if (deepest < 0) return true;           /* the registry's own regions (regions.c) stay */
    if (!lost && county < 0) {
        place_result r;
        place_by_name(t, a->name, NULL, &r);
        if (r.ncandidates > 1) place_by_name(t, a->name, agency_text(p, a->id), &r);
        if (r.division >= 0 && r.division != deepest && place_is_above(t, deepest, r.division))
            deepest = r.division;
    }
    return fill_from(p, deepest, out);
}

static bool put_agency(placer *p, const agency_in *a, const placed *w)
{
    sqlite3_stmt *st = p->st[Q_AGENCY_PUT];
    sqlite3_bind_int64(st, 1, a->id);
    sql_bind_text(st, 2, w->province);
    sql_bind_text(st, 3, w->city);
    sql_bind_text(st, 4, w->county);
    sql_bind_text(st, 5, w->division >= 0 ? place_code(p->t, w->division) : NULL);
    if (w->region_id) sqlite3_bind_int64(st, 6, w->region_id);
    else sqlite3_bind_null(st, 6);
    sql_bind_text(st, 7, w->placed_by);
    sql_bind_text(st, 8, w->note.len ? w->note.data : NULL);
    return sql_run(st) || db_fail(p->db, "agency not placed");
}

static char *dup_col(sqlite3_stmt *st, int col)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    char *d = s ? strdup(s) : NULL;
    if (s && !d) abort();
    return d;
}

/* Every agency, read before any is changed. */
static agency_in *read_agencies(placer *p, int *n)
{
    sqlite3_stmt *st = p->st[Q_AGENCIES];
    agency_in *all = NULL;
    int cap = 0;
    *n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 256;
            all = realloc(all, (size_t)cap * sizeof *all);
            if (!all) abort();
        }
        all[(*n)++] = (agency_in){
            .id = sqlite3_column_int64(st, 0), .name = dup_col(st, 1),
            .registry = sqlite3_column_int(st, 2) != 0, .province = dup_col(st, 3),
            .city = dup_col(st, 4), .county = dup_col(st, 5),
            .region_id = sqlite3_column_int64(st, 6),
        };
    }
    sqlite3_reset(st);
    return all;
}

static bool place_all(placer *p)
{
    int n = 0;
    agency_in *all = read_agencies(p, &n);
    bool ok = true;
    for (int i = 0; ok && i < n; i++) {
        placed w = { .division = -1, .note = BUF_INIT };
        ok = (all[i].registry ? place_registered(p, &all[i], &w) : place_named(p, &all[i], &w)) &&
             put_agency(p, &all[i], &w);
        buf_free(&w.note);
    }
    for (int i = 0; i < n; i++) {
        free(all[i].name); free(all[i].province); free(all[i].city); free(all[i].county);
    }
    free(all);
    return ok;
}

/* Regions of the tree that no agency is placed in any more. */
static const char drop_empty_sql[] =
    "DELETE FROM regions WHERE code IS NOT NULL"
    " AND id NOT IN (SELECT region_id FROM agencies WHERE region_id IS NOT NULL)"
    " AND id NOT IN (SELECT r.parent_id FROM regions r JOIN agencies a ON a.region_id = r.id"
    "                WHERE r.parent_id IS NOT NULL)";

bool place_agencies(db *db)
{
    placer p = { .db = db, .t = place_tree_new(), .text = BUF_INIT };
    bool ok = place_tree_load(p.t, db);
    if (ok && place_tree_size(p.t) == 0) {       /* no tree: the registry's regions are all there is */
        place_tree_free(p.t);
        return true;
    }
    p.region_of = calloc((size_t)place_tree_size(p.t) + 1, sizeof *p.region_of);
    if (!p.region_of) abort();
    for (int i = 0; ok && i < Q_COUNT; i++) ok = (p.st[i] = sql_prepare_kept(db, placer_sql[i])) != NULL;
    bool begun = ok && db_exec(db, "SAVEPOINT place");
    ok = begun && place_all(&p) && db_exec(db, drop_empty_sql) && db_exec(db, "RELEASE place");
    if (!ok && begun) sqlite3_exec(db->sql, "ROLLBACK TO place; RELEASE place", NULL, NULL, NULL);
    for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(p.st[i]);
    free(p.region_of);
    buf_free(&p.text);
    place_tree_free(p.t);
    return ok;
}
