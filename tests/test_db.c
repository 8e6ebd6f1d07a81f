/*
 * test_db.c: db.c against records built by hand.  Stores a record, reads
 * every kind of row back through SQL, replaces and deletes it, and checks
 * that the schema's foreign keys and version are what db_open() promises.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include <sqlite3.h>

#include "base/hash.h"
#include "store/db.h"
#include "store/write.h"

static int64_t int_of(db *db, const char *sql)
{
    db_query *q = db_query_new(db, sql);
    int64_t v = -1;
    if (!q) return -2;
    if (db_row(q)) v = db_null(q, 0) ? -3 : db_int(q, 0);
    db_query_end(q);
    return v;
}

/* The first column of the first row as text, in a static buffer. */
static const char *text_of(db *db, const char *sql)
{
    static char out[512];
    db_query *q = db_query_new(db, sql);
    strcpy(out, "(error)");
    if (!q) return out;
    if (db_row(q)) snprintf(out, sizeof out, "%s", db_text(q, 0) ? db_text(q, 0) : "(null)");
    else strcpy(out, "(no row)");
    db_query_end(q);
    return out;
}

static record *sample(int licensing)
{
    record *r = record_new("a/report.txt");
    r->agency = "测试区卫生健康局";
    r->year = 2023;
    r->form = "word_text";
    r->title = "测试区卫生健康局2023年政府信息公开工作年度报告";
    r->active.licensing = licensing;
    r->active.fees = 1.5;
    r->active.rules.issued = 0;
    r->requests[REQ_NEW][COL_NATURAL] = 3;
    r->requests[REQ_NEW][COL_TOTAL] = 3;
    r->appeals[APPEAL_REVIEW][AP_TOTAL] = 2;
    record_add_section(r, 0, "", "前言", 1);
    record_add_section(r, 1, "一、总体情况", "正文", 5);
    record_add_published(r, "total", "主动公开政府信息", 343, 9);
    record_add_published(r, "total", "主动公开政府信息", 999, 12);  /* first wins */
    record_add_finding(r, "missing", "requests", 40, "空白单元格 %d 个", 2);
    return r;
}

static report_file file_of(const char *bytes, const char *when)
{
    static char hash[17];
    content_hash(bytes, strlen(bytes), hash);
    return (report_file){ .source_path = "a/report.txt", .bytes = bytes,
                          .len = strlen(bytes), .content_hash = hash,
                          .charset = "UTF-8", .ingested_at = when };
}

static void test_hash(void)
{
    char h[17];
    content_hash("", 0, h);
    check(strcmp(h, "cbf29ce484222325") == 0, "FNV-1a of nothing is the offset basis (%s)", h);
    content_hash("a", 1, h);
    check(strcmp(h, "af63dc4c8601ec8c") == 0, "FNV-1a of \"a\" (%s)", h);
    char s1[32], s2[32];
    generated_slug("a", "某机构", s1);
    generated_slug("a", "某机构", s2);
    check(strcmp(s1, s2) == 0 && strlen(s1) == 14 && strspn(s1 + 2, "0123456789abcdef") == 12,
          "generated slug is a- and 12 hex digits, stable (%s)", s1);
}

int main(void)
{
    check_plan(49);
    char path[] = "/tmp/test_db_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return 2;
    close(fd);
    unlink(path);
    diag d = { .out = stderr };

    test_hash();
    db *db = db_open(path, &d);
    if (!check(db != NULL, "db_open creates a new database")) return check_done();
    check(int_of(db, "PRAGMA user_version") == DB_SCHEMA_VERSION, "user_version is %d",
          DB_SCHEMA_VERSION);
    check(int_of(db, "PRAGMA foreign_keys") == 1, "foreign keys are on");
    check(strcmp(text_of(db, "PRAGMA journal_mode"), "wal") == 0, "journal mode is WAL");

    record *r = sample(160);
    report_file f = file_of("first version", "2024-01-01T00:00:00Z");
    bool registered = true;
    check(db_store_report(db, r, &f, &registered, &d), "a record is stored");
    check(!registered, "an unknown agency is created unregistered");
    check(strncmp(text_of(db, "SELECT slug FROM agencies"), "a-", 2) == 0,
          "its slug is generated");
    check(int_of(db, "SELECT count(*) FROM cells") == 10 + REQ_ROWS * REQ_COLS +
          APPEAL_GROUPS * APPEAL_COLS, "every cell of the tables is a row (%lld)",
          (long long)int_of(db, "SELECT count(*) FROM cells"));
    check(int_of(db, "SELECT value FROM cells WHERE tbl='active' AND row='licensing'"
                     " AND col='value'") == 160, "licensing reads back as 160");
    check(strcmp(text_of(db, "SELECT value FROM cells WHERE tbl='active' AND row='fees'"),
                 "1.5") == 0, "fees read back as 1.5");
    check(int_of(db, "SELECT value IS NULL FROM cells WHERE tbl='requests' AND row='new'"
                     " AND col='business'") == 1, "an unknown cell is NULL");
    check(int_of(db, "SELECT value FROM cells WHERE tbl='requests' AND row='new'"
                     " AND col='total'") == 3, "requests/new/total is 3");
    check(int_of(db, "SELECT value FROM cells WHERE tbl='appeals' AND row='review'"
                     " AND col='total'") == 2, "appeals/review/total is 2");
    check(int_of(db, "SELECT count(*) FROM sections") == 2, "two sections");
    check(strcmp(text_of(db, "SELECT heading FROM sections WHERE ord=1"), "一、总体情况") == 0,
          "section heading kept in order");
    check(int_of(db, "SELECT items FROM published WHERE channel='total'") == 343,
          "first published statement wins");
    check(int_of(db, "SELECT line FROM findings WHERE code='missing'") == 40,
          "finding stored with its line");
    check(strcmp(text_of(db, "SELECT location FROM findings"), "requests") == 0,
          "finding location stored");
    check(strcmp(text_of(db, "SELECT bytes FROM originals"), "first version") == 0,
          "original bytes stored");
    check(strstr(text_of(db, "SELECT record_json FROM reports"), "\"licensing\":160") != NULL,
          "record_json is the canonical JSON");
    stored_report s;
    check(db_find_report(db, "a/report.txt", &s) && strcmp(s.content_hash, f.content_hash) == 0,
          "the stored hash is found by path");
    check(!db_find_report(db, "nope.txt", &s), "an unknown path is not found");
    record_free(r);

    r = sample(170);
    record_add_finding(r, "balance", "requests", 0, "不平衡");
    f = file_of("second version", "2024-02-01T00:00:00Z");
    check(db_store_report(db, r, &f, &registered, &d), "a changed record replaces the old");
    check(int_of(db, "SELECT count(*) FROM reports") == 1, "still one report");
    check(int_of(db, "SELECT count(*) FROM agencies") == 1, "still one agency");
    check(int_of(db, "SELECT value FROM cells WHERE row='licensing'") == 170,
          "licensing now 170");
    check(int_of(db, "SELECT count(*) FROM findings") == 2, "findings replaced, not added");
    check(int_of(db, "SELECT line FROM findings WHERE code='balance'") == -3,
          "a finding with no line has NULL line");
    check(db_find_report(db, "a/report.txt", &s) && strcmp(s.ingested_at, "2024-02-01T00:00:00Z") == 0, "replaced row has new time");
    record_free(r);

    r = sample(1);
    r->agency = NULL;
    d.out = NULL;
    check(!db_store_report(db, r, &f, &registered, &d), "a record without agency is refused");
    d.out = stderr;
    record_free(r);
    check(int_of(db, "SELECT value FROM cells WHERE row='licensing'") == 170,
          "refusal leaves the stored version");

    d.out = NULL;
    bool inserted = db_exec(db, "INSERT INTO reports (agency_id, year, source_path,"
                                " content_hash, form, charset, bytes, ingested_at, record_json)"
                                " VALUES (999, 2020, 'x', 'h', 'f', 'c', 0, 't', '{}')");
    d.out = stderr;
    check(!inserted, "a report with an unknown agency violates a foreign key");

    check(db_delete_report(db, "a/report.txt"), "delete succeeds");
    check(int_of(db, "SELECT count(*) FROM reports") == 0, "report gone");
    check(int_of(db, "SELECT count(*) FROM cells") + int_of(db, "SELECT count(*) FROM findings")
          + int_of(db, "SELECT count(*) FROM sections") + int_of(db, "SELECT count(*) FROM originals")
          + int_of(db, "SELECT count(*) FROM published") == 0, "cascade removed its rows");
    const char *has_index = "SELECT count(*) FROM sqlite_master WHERE name = 'cells_by_key'";
    check(db_bulk_begin(db) && int_of(db, has_index) == 0, "bulk load drops cells_by_key");
    check(db_bulk_end(db) && int_of(db, has_index) == 1, "and builds it again");
    db_bulk_begin(db);
    db_close(db);

    db = db_open(path, &d);
    check(db != NULL, "an existing database reopens");
    check(db && int_of(db, has_index) == 1, "a run stopped mid-bulk gets its index back on open");
    if (db) {
        check(int_of(db, "SELECT count(*) FROM agencies") == 1, "contents kept on reopen");
        db_exec(db, "PRAGMA user_version = 99");
        db_close(db);
    }
    diag quiet = { .out = NULL };
    db = db_open(path, &quiet);
    check(db == NULL && quiet.errors == 1, "a database from a newer version is refused");
    db_close(db);

    /* A version-1 file from before agencies.region_id: the column is added. */
    unlink(path);
    sqlite3 *old = NULL;
    sqlite3_open(path, &old);
    sqlite3_exec(old, "CREATE TABLE agencies (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
                      " slug TEXT NOT NULL UNIQUE, province TEXT, city TEXT, county TEXT,"
                      " registered INTEGER NOT NULL DEFAULT 1);"
                      " INSERT INTO agencies (name, slug) VALUES ('旧机构', 'old');"
                      " PRAGMA user_version = 1;", NULL, NULL, NULL);
    sqlite3_close(old);
    db = db_open(path, &d);
    check(db != NULL, "a version-1 file without agencies.region_id opens");
    if (db) {
        check(int_of(db, "SELECT count(*) FROM pragma_table_info('agencies')"
                         " WHERE name = 'region_id'") == 1, "region_id is added to it");
        check(int_of(db, "SELECT count(*) FROM agencies WHERE slug = 'old'") == 1,
              "its rows are kept");
        check(int_of(db, "SELECT count(*) FROM sqlite_master WHERE name = 'cells'") == 1,
              "the tables it lacked are created");
        db_close(db);
    }

    FILE *junk = fopen(path, "w");
    if (junk) { fputs("this is not a database, not at all, it is just text\n", junk); fclose(junk); }
    char wal[64], shm[64];
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(shm, sizeof shm, "%s-shm", path);
    unlink(wal);
    unlink(shm);
    quiet.errors = 0;
    db = db_open(path, &quiet);
    check(db == NULL && quiet.errors == 1, "a file that is not a database is refused");
    db_close(db);
    unlink(path);
    return check_done();
}
