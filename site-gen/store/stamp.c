/*
 * stamp.c: a hash of what the portal's pages are made of (db.h, db_stamp).
 *
 * A build that finds the published site made from the same inputs has
 * nothing to do (out/inputs.c); the database's part of those inputs is
 * this hash.  It reads a few rows per report, not the cells: every cell,
 * section and deduction comes from a report file, and a file that changes
 * is ingested again, with a new content_hash, ingested_at and record, so
 * the reports' rows change with it.  The agencies, regions and findings
 * are read whole, since the registry and the checks across reports change
 * them without any file changing.  At 10,000 reports it takes a few
 * milliseconds.
 */
#include "store/db.h"

#include <string.h>

#include "base/hash.h"
#include "store/sql.h"

static const char *const stamp_queries[] = {
    "PRAGMA user_version",
    "SELECT id, agency_id, year, source_path, content_hash, form, charset, title, bytes, ingested_at,"
    " published_on FROM reports ORDER BY id",
    "SELECT * FROM agencies ORDER BY id",
    "SELECT * FROM regions ORDER BY id",
    "SELECT id, report_id, code, location, message, line FROM findings ORDER BY id",
    "SELECT count(*) FROM divisions",
};

/* Every value of every row of SQL into *H, each ended by a separator a
 * value cannot hold as text (0x1f), each row by 0x1e. */
static bool stamp_query(db *db, const char *sql, uint64_t *h)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return db_fail(db, "stamp");
    }
    int rc, n = sqlite3_column_count(st);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < n; i++) {
            const unsigned char *v = sqlite3_column_text(st, i);
            int len = sqlite3_column_bytes(st, i);
            char type = (char)('0' + sqlite3_column_type(st, i));
            *h = fnv1a64_more(*h, &type, 1);
            if (v) *h = fnv1a64_more(*h, v, (size_t)len);
            *h = fnv1a64_more(*h, "\x1f", 1);
        }
        *h = fnv1a64_more(*h, "\x1e", 1);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? true : db_fail(db, "stamp");
}

bool db_stamp(db *db, uint64_t *h)
{
    for (size_t i = 0; i < sizeof stamp_queries / sizeof stamp_queries[0]; i++)
        if (!stamp_query(db, stamp_queries[i], h)) return false;
    return true;
}
