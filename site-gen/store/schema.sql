-- schema.sql: the portal's database.
--
-- One row per agency (from content/agencies.csv, or created for a report
-- whose agency is not registered), one per report file, and one per value
-- of the four statistical tables, keyed by table / row / column with the
-- same English keys as the canonical JSON (record.c).  A value the report
-- leaves blank or that could not be read is NULL, never 0.  The prose is
-- kept by section for pages and search; every finding is kept with the
-- report it concerns.  Pages are rendered from this database alone.
--
-- PRAGMA user_version is the schema version; db.c migrates older files.

PRAGMA user_version = 1;

CREATE TABLE IF NOT EXISTS agencies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,       -- 红寺堡区卫生健康局
    slug        TEXT NOT NULL UNIQUE,       -- URL-safe: [a-z0-9-]+
    province    TEXT,                       -- 宁夏回族自治区; NULL when unknown
    city        TEXT,                       -- 吴忠市
    county      TEXT,                       -- 红寺堡区
    registered  INTEGER NOT NULL DEFAULT 1, -- 0: only seen in a report
    region_id   INTEGER REFERENCES regions(id), -- its city (else province); NULL when unknown
    division    TEXT,                       -- GB/T 2260 code of its county (else city, province); NULL when unknown
    placed_by   TEXT,                       -- registry, name, prose; NULL when not placed (place.c)
    place_note  TEXT                        -- why it is not (fully) placed and what agencies.csv should say
);

-- Provinces and cities that agencies belong to, with the slugs of their
-- pages (content/regions.csv, or made up for a region not listed there).
CREATE TABLE IF NOT EXISTS regions (
    id         INTEGER PRIMARY KEY,
    level      TEXT NOT NULL CHECK (level IN ('province', 'city')),
    name       TEXT NOT NULL,               -- 吴忠市
    parent_id  INTEGER REFERENCES regions(id),  -- a city's province; NULL for a province
    slug       TEXT NOT NULL UNIQUE,        -- 640300 (the code), or ningxia-wuzhong
    code       TEXT,                        -- GB/T 2260 code; NULL for a region not in the tree
    UNIQUE (level, name, parent_id)
);

-- The official division tree (GB/T 2260) that agencies are placed in:
-- every province, city and county, from content/regions.csv.  Regions
-- (above) are the provinces and cities of it that hold agencies.
CREATE TABLE IF NOT EXISTS divisions (
    code    TEXT PRIMARY KEY,               -- 330723
    name    TEXT NOT NULL,                  -- 武义县
    level   TEXT NOT NULL CHECK (level IN ('province', 'city', 'county')),
    parent  TEXT,                           -- 330700; NULL for a province
    slug    TEXT NOT NULL                   -- its pages' address when it is a region
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS reports (
    id            INTEGER PRIMARY KEY,
    agency_id     INTEGER NOT NULL REFERENCES agencies(id),
    year          INTEGER NOT NULL,
    source_path   TEXT NOT NULL UNIQUE,     -- relative to the ingested folder
    content_hash  TEXT NOT NULL,            -- of the file's bytes; unchanged files are skipped
    form          TEXT NOT NULL,            -- pdf_text, word_text, markdown, html
    charset       TEXT NOT NULL,            -- UTF-8, GB18030
    title         TEXT,
    bytes         INTEGER NOT NULL,
    ingested_at   TEXT NOT NULL,            -- UTC, ISO 8601
    record_json   TEXT NOT NULL             -- the canonical record, as `site-gen parse` prints it
);
CREATE INDEX IF NOT EXISTS reports_by_agency_year ON reports(agency_id, year);

-- When two files claim the same agency and year, both are kept and both
-- get a 'duplicate' finding; the one whose source_path sorts first is the
-- one the portal shows.
CREATE VIEW IF NOT EXISTS report_pages AS
    SELECT r.* FROM reports r
    WHERE r.source_path = (SELECT min(source_path) FROM reports x
                           WHERE x.agency_id = r.agency_id AND x.year = r.year);

-- The report file as it was ingested, so the portal can offer it for
-- download without reading content/ again.
CREATE TABLE IF NOT EXISTS originals (
    report_id  INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
    bytes      BLOB NOT NULL
);

CREATE TABLE IF NOT EXISTS cells (
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    tbl        TEXT NOT NULL,               -- active, requests, appeals
    row        TEXT NOT NULL,               -- licensing, new, review, ...
    col        TEXT NOT NULL,               -- issued/repealed/in_force/value, natural..total, upheld..total
    value      REAL,                        -- NULL: blank or unreadable
    PRIMARY KEY (report_id, tbl, row, col)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cells_by_key ON cells(tbl, row, col);

-- Cells the report left blank or lost, filled because the tables' own
-- rules allow only one value (record.h, deduce.c): which, and by which
-- rule.  The value itself is in cells.
CREATE TABLE IF NOT EXISTS deduced (
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    tbl        TEXT NOT NULL,
    row        TEXT NOT NULL,
    col        TEXT NOT NULL,
    rule       TEXT NOT NULL,               -- lost_column, row_total, processed_sum, balance, appeals_total
    PRIMARY KEY (report_id, tbl, row, col)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS sections (
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    ord        INTEGER NOT NULL,            -- order in the report, from 0
    number     INTEGER NOT NULL,            -- 1..6 for 一..六, 0 for the preamble
    heading    TEXT NOT NULL,
    body       TEXT NOT NULL,
    line       INTEGER NOT NULL,
    PRIMARY KEY (report_id, ord)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS published (
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    channel    TEXT NOT NULL,               -- total, website, wechat, ...
    label      TEXT NOT NULL,               -- as the report names it
    items      REAL NOT NULL,
    line       INTEGER NOT NULL,
    PRIMARY KEY (report_id, channel)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS findings (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    code       TEXT NOT NULL,               -- balance, processed_sum, ..., duplicate, unregistered
    location   TEXT NOT NULL,               -- active, requests, appeals, narrative, document
    message    TEXT NOT NULL,               -- Chinese, for readers
    line       INTEGER                      -- source line, NULL when not tied to one
);
CREATE INDEX IF NOT EXISTS findings_by_report ON findings(report_id);
