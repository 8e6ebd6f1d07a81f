/*
 * export.c: the database offered for download (db.h, db_export_data).
 *
 * The portal's own database keeps what pages and later ingests need: each
 * report's canonical JSON, its file as it came, its prose, and indexes
 * for the pages' queries.  A journalist needs the numbers and the
 * findings, in a file that downloads in seconds, so the copy is a new
 * database with the schema of download.sql (compiled in as download_sql):
 * compact cells, no originals, no JSON, no prose.  Its views are the
 * portal's own, copied from sqlite_master, so metric_values and the rest
 * mean the same in both files.
 *
 * The copy is made by a connection of its own to the new file, with the
 * portal's database attached as src, inside one transaction: what it
 * reads is one consistent snapshot, and a failure leaves a file the
 * caller removes.
 */
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sql.h"

extern const char download_sql[];

/* The views of download.sql stand in for these tables of the portal's. */
static bool replaced_by_download(const char *name)
{
    return strcmp(name, "cells") == 0 || strcmp(name, "deduced") == 0;
}

/* Every view of src, in the order it was made (a view may use an earlier one). */
static bool copy_views(sqlite3 *out)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(out, "SELECT name, sql FROM src.sqlite_master WHERE type = 'view'"
                                " ORDER BY rowid", -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return false;
    }
    bool ok = true;
    int rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *sql = (const char *)sqlite3_column_text(st, 1);
        if (name && sql && !replaced_by_download(name))
            ok = sqlite3_exec(out, sql, NULL, NULL, NULL) == SQLITE_OK;
    }
    if (ok && rc != SQLITE_DONE) ok = false;
    sqlite3_finalize(st);
    return ok;
}

/* The portal's database as src, opened as the build opened it: a
 * database read as immutable (in a folder no -shm can be made in) is
 * attached the same way. */
static bool attach_source(sqlite3 *out, const db *db)
{
    char *uri = db->immutable ? db_immutable_uri(db->path) : NULL;
    sqlite3_stmt *st = NULL;
    bool ok = sqlite3_prepare_v2(out, "ATTACH ?1 AS src", -1, &st, NULL) == SQLITE_OK &&
              sqlite3_bind_text(st, 1, uri ? uri : db->path, -1, SQLITE_STATIC) == SQLITE_OK &&
              sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    free(uri);
    return ok;
}

bool db_export_data(db *db, const char *path)
{
    sqlite3 *out = NULL;
    bool ok = sqlite3_open_v2(path, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI,
                              NULL) == SQLITE_OK &&
              attach_source(out, db) &&
              sqlite3_exec(out, "BEGIN", NULL, NULL, NULL) == SQLITE_OK &&
              sqlite3_exec(out, download_sql, NULL, NULL, NULL) == SQLITE_OK &&
              copy_views(out) &&
              sqlite3_exec(out, "COMMIT", NULL, NULL, NULL) == SQLITE_OK &&
              sqlite3_exec(out, "DETACH src", NULL, NULL, NULL) == SQLITE_OK;
    if (!ok) {
        diag_error(db->d, path, 0, "cannot write the download database: %s",
                   out ? sqlite3_errmsg(out) : "out of memory");
        if (out) sqlite3_exec(out, "ROLLBACK", NULL, NULL, NULL);
    }
    if (out && sqlite3_close(out) != SQLITE_OK && ok) {
        diag_error(db->d, path, 0, "cannot close the download database");
        ok = false;
    }
    return ok;
}
