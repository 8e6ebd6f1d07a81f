/*
 * regions.c: storing the registry (registry.h) into the database.
 *
 * Storing is an upsert keyed by name (regions: by level, name and parent),
 * under one savepoint (its own transaction, or part of the ingest's): every agency is first marked unregistered, and each
 * line of agencies.csv marks its agency registered again, so an agency
 * dropped from the file stops being registered while its reports stay.
 * The divisions of the official tree (regions.csv in its code,name,level,
 * parent,slug form) go to their own table, replacing the stored tree; the
 * provinces and cities among them become regions when an agency is
 * placed in them (place.c).
 *
 * A region that agencies.csv names but regions.csv does not list gets the
 * slug "r-" + a hash of its level, parent and name: stable across runs
 * and machines, URL-safe, distinct for two cities of the same name.
 *
 * A line the data refuses (an agency listed twice, a slug taken) is said
 * and skipped; a statement that fails is a failure of the database, which
 * stops the walk and rolls the transaction back, so the registry is
 * stored whole or not at all.
 */
#include "store/registry.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "store/sql.h"

typedef struct store_ctx {
    db *db;
    sqlite3 *sql;
    sqlite3_stmt *find, *add, *reslug, *slug_owner, *agency_seen, *agency_put;
    diag *d;
} store_ctx;

/* Steps ST for at most one row: 1 a row (left current for the caller to
 * read, then reset), 0 none, -1 a failure (said). */
static int step_one(store_ctx *c, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) return 1;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return 0;
    db_fail(c->db, "registry not stored");
    return -1;
}

/* The id of a region, created or re-slugged as needed; -1 when the
 * database failed (after a message at FILE:LINE). */
static int64_t region(store_ctx *c, const char *level, const char *name, int64_t parent,
                      const char *parent_name, const char *slug, const char *file, int line)
{
    sqlite3_bind_text(c->find, 1, level, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->find, 2, name, -1, SQLITE_STATIC);
    if (parent) sqlite3_bind_int64(c->find, 3, parent);
    else sqlite3_bind_null(c->find, 3);
    int64_t id = 0;
    char *old_slug = NULL;
    int found = step_one(c, c->find);
    if (found < 0) return -1;
    if (found) {
        id = sqlite3_column_int64(c->find, 0);
        old_slug = strdup((const char *)sqlite3_column_text(c->find, 1));
        if (!old_slug) abort();
        sqlite3_reset(c->find);
    }

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
        ok = sql_run(c->reslug);
    } else {
        sqlite3_bind_text(c->add, 1, level, -1, SQLITE_STATIC);
        sqlite3_bind_text(c->add, 2, name, -1, SQLITE_STATIC);
        if (parent) sqlite3_bind_int64(c->add, 3, parent);
        else sqlite3_bind_null(c->add, 3);
        sqlite3_bind_text(c->add, 4, slug, -1, SQLITE_STATIC);
        ok = sql_run(c->add);
        if (ok) id = sqlite3_last_insert_rowid(c->sql);
    }
    free(old_slug);
    if (!ok) {
        diag_error(c->d, file, line, "region %s (slug '%s') not stored: %s", name, slug,
                   sqlite3_errmsg(c->sql));
        return -1;
    }
    return id;
}

static const registry_region *listed_region(const registry *reg, const char *name)
{
    for (const registry_region *r = reg->regions; r; r = r->next)
        if (strcmp(r->name, name) == 0) return r;
    return NULL;
}

static bool store_regions(const registry *reg, store_ctx *c)
{
    for (int pass = 0; pass < 2; pass++)        /* provinces, then cities */
        for (const registry_region *r = reg->regions; r; r = r->next) {
            if (r->code) continue;              /* a division: store_divisions() */
            if ((r->parent == NULL) != (pass == 0)) continue;
            int64_t parent = 0;
            if (r->parent) {
                const registry_region *p = listed_region(reg, r->parent);
                parent = region(c, "province", r->parent, 0, NULL,
                                p && !p->parent ? p->slug : NULL, r->file, r->line);
                if (parent < 0) return false;
            }
            if (region(c, r->parent ? "city" : "province", r->name, parent, r->parent,
                       r->slug, r->file, r->line) < 0)
                return false;
        }
    return true;
}

/* The official tree, when regions.csv gives it, replaces the stored one:
 * staged in a temporary table, then only the divisions that changed are
 * written, so an unchanged tree leaves the database file as it was. */
static const char divisions_sql[] =
    "DELETE FROM divisions WHERE code NOT IN (SELECT code FROM temp.new_divisions);"
    "INSERT INTO divisions (code, name, level, parent, slug)"
    " SELECT code, name, level, parent, slug FROM temp.new_divisions WHERE true"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,"
    "  parent = excluded.parent, slug = excluded.slug"
    " WHERE divisions.name IS NOT excluded.name OR divisions.level IS NOT excluded.level"
    "  OR divisions.parent IS NOT excluded.parent OR divisions.slug IS NOT excluded.slug;"
    "DROP TABLE temp.new_divisions;";

static bool store_divisions(const registry *reg, store_ctx *c)
{
    bool any = false;
    for (const registry_region *r = reg->regions; r && !any; r = r->next) any = r->code != NULL;
    if (!any) return true;
    if (!db_exec(c->db, "CREATE TEMP TABLE new_divisions (code TEXT PRIMARY KEY, name TEXT,"
                        " level TEXT, parent TEXT, slug TEXT)"))
        return false;
    sqlite3_stmt *st = sql_prepare_kept(c->db, "INSERT OR IGNORE INTO temp.new_divisions"
                                               " VALUES (?1, ?2, ?3, ?4, ?5)");
    bool ok = st != NULL;
    for (const registry_region *r = reg->regions; ok && r; r = r->next) {
        if (!r->code) continue;
        const char *v[5] = { r->code, r->name, r->level, r->parent_code, r->slug };
        for (int i = 0; i < 5; i++) sql_bind_text(st, i + 1, v[i]);
        ok = sql_run(st);
    }
    if (!ok) db_fail(c->db, "regions not stored");
    sqlite3_finalize(st);
    return ok && db_exec(c->db, divisions_sql);
}

/* The agency's region: its city, else its province; 0 when it names
 * none, -1 when the database failed. */
static int64_t agency_region(store_ctx *c, const registry_agency *a)
{
    int64_t province = 0;
    if (a->province) {
        province = region(c, "province", a->province, 0, NULL, NULL, a->file, a->line);
        if (province < 0) return -1;
    }
    if (!a->city) return province;
    return region(c, "city", a->city, province, a->province, NULL, a->file, a->line);
}

/* False only when the database failed; a refused line is said and skipped. */
static bool store_agency(store_ctx *c, const registry_agency *a)
{
    sqlite3_bind_text(c->agency_seen, 1, a->name, -1, SQLITE_STATIC);
    int seen = step_one(c, c->agency_seen);
    if (seen < 0) return false;
    if (seen) {
        sqlite3_reset(c->agency_seen);
        diag_error(c->d, a->file, a->line, "agency %s is listed twice; line skipped", a->name);
        return true;
    }
    sqlite3_bind_text(c->slug_owner, 1, a->slug, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->slug_owner, 2, a->name, -1, SQLITE_STATIC);
    int taken = step_one(c, c->slug_owner);
    if (taken < 0) return false;
    if (taken) {
        diag_error(c->d, a->file, a->line, "slug '%s' already belongs to %s; line skipped",
                   a->slug, (const char *)sqlite3_column_text(c->slug_owner, 0));
        sqlite3_reset(c->slug_owner);
        return true;
    }

    int64_t region_id = agency_region(c, a);
    if (region_id < 0) return false;
    sqlite3_stmt *st = c->agency_put;
    sqlite3_bind_text(st, 1, a->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, a->slug, -1, SQLITE_STATIC);
    const char *fields[3] = { a->province, a->city, a->county };
    for (int i = 0; i < 3; i++)
        if (fields[i]) sqlite3_bind_text(st, 3 + i, fields[i], -1, SQLITE_STATIC);
        else sqlite3_bind_null(st, 3 + i);
    if (region_id) sqlite3_bind_int64(st, 6, region_id);
    else sqlite3_bind_null(st, 6);
    if (sql_run(st)) return true;
    diag_error(c->d, a->file, a->line, "agency %s not stored: %s", a->name,
               sqlite3_errmsg(c->sql));
    return false;
}

bool registry_store(const registry *reg, db *db)
{
    store_ctx c = { .db = db, .sql = db->sql, .d = db->d };
    c.find = sql_prepare_kept(db, "SELECT id, slug FROM regions WHERE level = ?1 AND name = ?2"
                                  " AND parent_id IS ?3");
    c.add = sql_prepare_kept(db, "INSERT INTO regions (level, name, parent_id, slug)"
                                 " VALUES (?1, ?2, ?3, ?4)");
    c.reslug = sql_prepare_kept(db, "UPDATE regions SET slug = ?1 WHERE id = ?2");
    c.slug_owner = sql_prepare_kept(db, "SELECT name FROM agencies WHERE slug = ?1 AND name <> ?2");
    c.agency_seen = sql_prepare_kept(db, "SELECT id FROM agencies WHERE name = ?1 AND registered = 1");
    c.agency_put = sql_prepare_kept(db,
        "INSERT INTO agencies (name, slug, province, city, county, region_id, registered, placed_by)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, CASE WHEN coalesce(?3, ?4, ?5) IS NOT NULL THEN 'registry' END)"
        " ON CONFLICT (name) DO UPDATE SET slug = excluded.slug,"
        " province = excluded.province, city = excluded.city, county = excluded.county,"
        " region_id = excluded.region_id, registered = 1, placed_by = excluded.placed_by");
    bool begun = c.find && c.add && c.reslug && c.slug_owner && c.agency_seen && c.agency_put &&
                 db_exec(db, "SAVEPOINT registry");
    bool ok = begun && db_exec(db, "UPDATE agencies SET registered = 0") &&
              store_divisions(reg, &c) && store_regions(reg, &c);
    for (const registry_agency *a = reg->agencies; ok && a; a = a->next) ok = store_agency(&c, a);
    ok = ok && db_exec(db, "RELEASE registry");
    if (!ok && begun) sqlite3_exec(c.sql, "ROLLBACK TO registry; RELEASE registry", NULL, NULL, NULL);
    sqlite3_stmt *all[] = { c.find, c.add, c.reslug, c.slug_owner, c.agency_seen, c.agency_put };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) sqlite3_finalize(all[i]);
    return ok;
}
