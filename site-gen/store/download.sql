-- download.sql: the database offered for download (/data/site.db).
--
-- What a journalist needs to compare agencies, in a file small enough to
-- fetch in seconds (about 3 kB a report): the agencies and regions, the
-- reports without their canonical JSON, every cell of the four tables,
-- which cells were deduced and how, every finding, the channel counts,
-- and the metrics' definitions.  The report files themselves are each
-- offered beside their page (original.*), and the prose is in
-- /data/sections.csv and each report's report.json, so neither is here.
--
-- A cell is keyed by report and by a small number for its place in the
-- tables (cell_keys), not by three words: that, in a table without rowid
-- and with no second index, is what keeps two and a half million cells in
-- about 25 MB.  The views cells and deduced give them back as the
-- portal's own database has them, so that the portal's views (metrics,
-- metric_values, metric_changes, report_pages, ...), copied after this
-- file by export.c, work here unchanged.
--
-- Run by db_export_data (export.c) on a new, empty file, with the portal's
-- database attached as src, in one transaction, so that the copy is one
-- consistent snapshot.

CREATE TABLE agencies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    slug        TEXT NOT NULL,              -- its page: /agencies/<slug>/
    province    TEXT,
    city        TEXT,
    county      TEXT,
    registered  INTEGER NOT NULL,           -- 0: only seen in a report
    region_id   INTEGER,                    -- regions.id of its city (else province)
    division    TEXT                        -- GB/T 2260 code of its county (else city, province)
);
INSERT INTO agencies SELECT id, name, slug, province, city, county, registered, region_id, division
    FROM src.agencies ORDER BY id;

CREATE TABLE regions (
    id         INTEGER PRIMARY KEY,
    level      TEXT NOT NULL,               -- province, city
    name       TEXT NOT NULL,
    parent_id  INTEGER,
    slug       TEXT NOT NULL,               -- its page: /regions/<slug>/
    code       TEXT                         -- GB/T 2260
);
INSERT INTO regions SELECT id, level, name, parent_id, slug, code FROM src.regions ORDER BY id;

CREATE TABLE reports (
    id            INTEGER PRIMARY KEY,
    agency_id     INTEGER NOT NULL,
    year          INTEGER NOT NULL,
    title         TEXT,
    form          TEXT NOT NULL,            -- pdf, docx, html, markdown, word_text, ...
    source_path   TEXT NOT NULL,
    published_on  TEXT,                     -- YYYY-MM-DD, from the file; NULL when not given
    ingested_at   TEXT NOT NULL             -- when the portal added it, UTC
);
INSERT INTO reports
    SELECT r.id, r.agency_id, r.year, r.title, r.form, r.source_path, r.published_on, r.ingested_at
    FROM src.reports r ORDER BY r.id;

CREATE TABLE cell_keys (
    key  INTEGER PRIMARY KEY,
    tbl  TEXT NOT NULL,                     -- active, requests, appeals
    row  TEXT NOT NULL,
    col  TEXT NOT NULL,
    UNIQUE (tbl, row, col)
);
INSERT INTO cell_keys(tbl, row, col) SELECT DISTINCT tbl, row, col FROM src.cells ORDER BY tbl, row, col;

CREATE TABLE deduction_rules (
    rule_id  INTEGER PRIMARY KEY,
    rule     TEXT NOT NULL UNIQUE           -- lost_column, row_total, processed_sum, balance, appeals_total
);
INSERT INTO deduction_rules(rule) SELECT DISTINCT rule FROM src.deduced ORDER BY rule;

CREATE TABLE cell_data (
    report_id  INTEGER NOT NULL,
    key        INTEGER NOT NULL,            -- cell_keys.key
    value      REAL,                        -- NULL: blank or unreadable, never 0
    rule_id    INTEGER,                     -- deduction_rules.rule_id when deduced, else NULL
    PRIMARY KEY (report_id, key)
) WITHOUT ROWID;
INSERT INTO cell_data
    SELECT c.report_id, k.key, c.value, x.rule_id
    FROM src.cells c JOIN cell_keys k ON k.tbl = c.tbl AND k.row = c.row AND k.col = c.col
    LEFT JOIN src.deduced d ON d.report_id = c.report_id AND d.tbl = c.tbl AND d.row = c.row
                           AND d.col = c.col
    LEFT JOIN deduction_rules x ON x.rule = d.rule
    ORDER BY c.report_id, k.key;

CREATE VIEW cells AS
    SELECT c.report_id, k.tbl, k.row, k.col, c.value FROM cell_data c JOIN cell_keys k ON k.key = c.key;
CREATE VIEW deduced AS
    SELECT c.report_id, k.tbl, k.row, k.col, x.rule
    FROM cell_data c JOIN cell_keys k ON k.key = c.key JOIN deduction_rules x ON x.rule_id = c.rule_id;

CREATE TABLE findings (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL,
    code       TEXT NOT NULL,
    location   TEXT NOT NULL,               -- active, requests, appeals, narrative, document
    message    TEXT NOT NULL,
    line       INTEGER
);
INSERT INTO findings SELECT id, report_id, code, location, message, line FROM src.findings ORDER BY id;

CREATE TABLE published (
    report_id  INTEGER NOT NULL,
    channel    TEXT NOT NULL,               -- total, website, wechat, ...
    label      TEXT NOT NULL,
    items      REAL NOT NULL,
    PRIMARY KEY (report_id, channel)
) WITHOUT ROWID;
INSERT INTO published SELECT report_id, channel, label, items FROM src.published;

