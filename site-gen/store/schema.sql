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
    form          TEXT NOT NULL,            -- pdf_text, word_text, portal_text, markdown, html
    charset       TEXT NOT NULL,            -- UTF-8, GB18030
    title         TEXT,
    bytes         INTEGER NOT NULL,
    ingested_at   TEXT NOT NULL,            -- UTC, ISO 8601
    published_on  TEXT,                     -- YYYY-MM-DD from the page's 发布日期; NULL when not given
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

-- Findings that are notes about the registry (content/agencies.csv), not
-- problems in a report's data: pages count and rank them apart.
CREATE VIEW IF NOT EXISTS registry_notes (code) AS VALUES ('unregistered'), ('unplaced');
CREATE VIEW IF NOT EXISTS data_findings AS
    SELECT * FROM findings WHERE code NOT IN (SELECT code FROM registry_notes);

-- ---- Metrics: what the comparison pages rank, defined once ----------
--
-- Every metric is a sum of cells of tables 二-四 ('num' parts), for a
-- share divided by the sum of other cells ('den' parts).  The catalogue
-- (slug, Chinese name, unit, kind, definition) is what /compare/
-- metrics.json and the methodology page list; metric_values gives each
-- shown report's value of each metric, metric_changes the value of the
-- agency's previous report beside it.  The values are computed, never
-- stored: a view is the definition.

CREATE VIEW IF NOT EXISTS metric_groups (grp, ord, name) AS VALUES
    ('active', 1, '主动公开：行政许可、处罚、强制、收费与规范性文件'),
    ('requests', 2, '依申请公开：收到和办结的申请'),
    ('outcomes', 3, '依申请公开：办理结果'),
    ('shares', 4, '依申请公开：办理结果所占比例'),
    ('appeals', 5, '行政复议和行政诉讼'),
    ('published', 6, '正文所述主动公开信息');

CREATE VIEW IF NOT EXISTS metrics (slug, ord, grp, name, short_name, unit, kind, definition) AS VALUES
    ('licensing', 1, 'active', '行政许可处理决定', '行政许可', '件', 'count',
     '表二第二十条第（五）项“行政许可”的本年处理决定数量。'),
    ('penalty', 2, 'active', '行政处罚处理决定', '行政处罚', '件', 'count',
     '表二第二十条第（六）项“行政处罚”的本年处理决定数量。'),
    ('coercion', 3, 'active', '行政强制处理决定', '行政强制', '件', 'count',
     '表二第二十条第（六）项“行政强制”的本年处理决定数量。'),
    ('fees', 4, 'active', '行政事业性收费金额', '行政事业性收费', '万元', 'amount',
     '表二第二十条第（八）项“行政事业性收费”的本年收费金额，单位万元。'),
    ('normative-docs-issued', 5, 'active', '行政规范性文件本年制发', '规范性文件制发', '件', 'count',
     '表二第二十条第（一）项“行政规范性文件”的本年制发件数。'),
    ('normative-docs-in-force', 6, 'active', '现行有效行政规范性文件', '规范性文件现行有效', '件', 'count',
     '表二第二十条第（一）项“行政规范性文件”的现行有效件数。'),
    ('new-requests', 7, 'requests', '本年新收申请', '新收申请', '件', 'count',
     '表三“一、本年新收政府信息公开申请数量”的总计列。'),
    ('new-natural', 8, 'requests', '本年新收申请：自然人', '新收：自然人', '件', 'count',
     '表三“一、本年新收政府信息公开申请数量”的“自然人”列。'),
    ('new-business', 9, 'requests', '本年新收申请：商业企业', '新收：商业企业', '件', 'count',
     '表三“一、本年新收政府信息公开申请数量”的“商业企业”列。'),
    ('new-research', 10, 'requests', '本年新收申请：科研机构', '新收：科研机构', '件', 'count',
     '表三“一、本年新收政府信息公开申请数量”的“科研机构”列。'),
    ('new-nonprofit', 11, 'requests', '本年新收申请：社会公益组织', '新收：社会公益组织', '件', 'count',
     '表三“一、本年新收政府信息公开申请数量”的“社会公益组织”列。'),
    ('new-legal', 12, 'requests', '本年新收申请：法律服务机构', '新收：法律服务机构', '件', 'count',
     '表三“一、本年新收政府信息公开申请数量”的“法律服务机构”列。'),
    ('new-other', 13, 'requests', '本年新收申请：其他', '新收：其他', '件', 'count',
     '表三“一、本年新收政府信息公开申请数量”的“其他”列。'),
    ('carried-in', 14, 'requests', '上年结转申请', '上年结转', '件', 'count',
     '表三“二、上年结转政府信息公开申请数量”的总计列。'),
    ('processed', 15, 'requests', '本年办理结果总计', '办理总计', '件', 'count',
     '表三“三、本年度办理结果（七）总计”的总计列。'),
    ('processed-natural', 16, 'requests', '本年办理结果总计：自然人', '办理：自然人', '件', 'count',
     '表三“三、本年度办理结果（七）总计”的“自然人”列。'),
    ('processed-business', 17, 'requests', '本年办理结果总计：商业企业', '办理：商业企业', '件', 'count',
     '表三“三、本年度办理结果（七）总计”的“商业企业”列。'),
    ('processed-research', 18, 'requests', '本年办理结果总计：科研机构', '办理：科研机构', '件', 'count',
     '表三“三、本年度办理结果（七）总计”的“科研机构”列。'),
    ('processed-nonprofit', 19, 'requests', '本年办理结果总计：社会公益组织', '办理：社会公益组织', '件', 'count',
     '表三“三、本年度办理结果（七）总计”的“社会公益组织”列。'),
    ('processed-legal', 20, 'requests', '本年办理结果总计：法律服务机构', '办理：法律服务机构', '件', 'count',
     '表三“三、本年度办理结果（七）总计”的“法律服务机构”列。'),
    ('processed-other', 21, 'requests', '本年办理结果总计：其他', '办理：其他', '件', 'count',
     '表三“三、本年度办理结果（七）总计”的“其他”列。'),
    ('carried-out', 22, 'requests', '结转下年度继续办理', '结转下年', '件', 'count',
     '表三“四、结转下年度继续办理”的总计列。'),
    ('granted', 23, 'outcomes', '予以公开', '予以公开', '件', 'count',
     '表三“（一）予以公开”的总计列。'),
    ('partial', 24, 'outcomes', '部分公开', '部分公开', '件', 'count',
     '表三“（二）部分公开”的总计列。'),
    ('denied', 25, 'outcomes', '不予公开（合计）', '不予公开', '件', 'count',
     '表三“（三）不予公开”8 项理由的总计列之和。'),
    ('denied-secret', 26, 'outcomes', '不予公开：属于国家秘密', '不予公开：属于国家秘密', '件', 'count',
     '表三“（三）不予公开 1.属于国家秘密”的总计列。'),
    ('denied-law', 27, 'outcomes', '不予公开：其他法律行政法规禁止公开', '不予公开：其他法律行政法规禁止公开', '件', 'count',
     '表三“（三）不予公开 2.其他法律行政法规禁止公开”的总计列。'),
    ('denied-safety', 28, 'outcomes', '不予公开：危及“三安全一稳定”', '不予公开：危及“三安全一稳定”', '件', 'count',
     '表三“（三）不予公开 3.危及“三安全一稳定””的总计列。'),
    ('denied-third-party', 29, 'outcomes', '不予公开：保护第三方合法权益', '不予公开：保护第三方合法权益', '件', 'count',
     '表三“（三）不予公开 4.保护第三方合法权益”的总计列。'),
    ('denied-internal', 30, 'outcomes', '不予公开：属于三类内部事务信息', '不予公开：属于三类内部事务信息', '件', 'count',
     '表三“（三）不予公开 5.属于三类内部事务信息”的总计列。'),
    ('denied-process', 31, 'outcomes', '不予公开：属于四类过程性信息', '不予公开：属于四类过程性信息', '件', 'count',
     '表三“（三）不予公开 6.属于四类过程性信息”的总计列。'),
    ('denied-enforcement', 32, 'outcomes', '不予公开：属于行政执法案卷', '不予公开：属于行政执法案卷', '件', 'count',
     '表三“（三）不予公开 7.属于行政执法案卷”的总计列。'),
    ('denied-query', 33, 'outcomes', '不予公开：属于行政查询事项', '不予公开：属于行政查询事项', '件', 'count',
     '表三“（三）不予公开 8.属于行政查询事项”的总计列。'),
    ('unable', 34, 'outcomes', '无法提供（合计）', '无法提供', '件', 'count',
     '表三“（四）无法提供”3 项的总计列之和。'),
    ('unable-not-held', 35, 'outcomes', '无法提供：本机关不掌握相关政府信息', '无法提供：本机关不掌握相关政府信息', '件', 'count',
     '表三“（四）无法提供 1.本机关不掌握相关政府信息”的总计列。'),
    ('unable-create', 36, 'outcomes', '无法提供：没有现成信息需要另行制作', '无法提供：没有现成信息需要另行制作', '件', 'count',
     '表三“（四）无法提供 2.没有现成信息需要另行制作”的总计列。'),
    ('unable-unclear', 37, 'outcomes', '无法提供：补正后申请内容仍不明确', '无法提供：补正后申请内容仍不明确', '件', 'count',
     '表三“（四）无法提供 3.补正后申请内容仍不明确”的总计列。'),
    ('rejected', 38, 'outcomes', '不予处理（合计）', '不予处理', '件', 'count',
     '表三“（五）不予处理”5 项的总计列之和。'),
    ('rejected-petition', 39, 'outcomes', '不予处理：信访举报投诉类申请', '不予处理：信访举报投诉类申请', '件', 'count',
     '表三“（五）不予处理 1.信访举报投诉类申请”的总计列。'),
    ('rejected-duplicate', 40, 'outcomes', '不予处理：重复申请', '不予处理：重复申请', '件', 'count',
     '表三“（五）不予处理 2.重复申请”的总计列。'),
    ('rejected-publication', 41, 'outcomes', '不予处理：要求提供公开出版物', '不予处理：要求提供公开出版物', '件', 'count',
     '表三“（五）不予处理 3.要求提供公开出版物”的总计列。'),
    ('rejected-excessive', 42, 'outcomes', '不予处理：无正当理由大量反复申请', '不予处理：无正当理由大量反复申请', '件', 'count',
     '表三“（五）不予处理 4.无正当理由大量反复申请”的总计列。'),
    ('rejected-confirm', 43, 'outcomes', '不予处理：要求行政机关确认或重新出具已获取信息', '不予处理：要求行政机关确认或重新出具已获取信息', '件', 'count',
     '表三“（五）不予处理 5.要求行政机关确认或重新出具已获取信息”的总计列。'),
    ('other-handling', 44, 'outcomes', '其他处理（合计）', '其他处理', '件', 'count',
     '表三“（六）其他处理”3 项的总计列之和。'),
    ('other-handling-no-correction', 45, 'outcomes', '其他处理：申请人逾期不补正', '其他处理：申请人逾期不补正', '件', 'count',
     '表三“（六）其他处理 1.”（申请人逾期不补正）的总计列。'),
    ('other-handling-no-fee', 46, 'outcomes', '其他处理：申请人逾期未缴纳费用', '其他处理：申请人逾期未缴纳费用', '件', 'count',
     '表三“（六）其他处理 2.”（申请人逾期未缴纳费用）的总计列。'),
    ('other-handling-other', 47, 'outcomes', '其他处理：其他', '其他处理：其他', '件', 'count',
     '表三“（六）其他处理 3.”（其他）的总计列。'),
    ('granted-share', 48, 'shares', '予以公开比例', '予以公开比例', '%', 'share',
     '表三“（一）予以公开”的总计列除以“（七）总计”的总计列（本年办理结果总计）；办理结果总计为 0 时不计算。'),
    ('partial-share', 49, 'shares', '部分公开比例', '部分公开比例', '%', 'share',
     '表三“（二）部分公开”的总计列除以“（七）总计”的总计列（本年办理结果总计）；办理结果总计为 0 时不计算。'),
    ('denied-share', 50, 'shares', '不予公开比例', '不予公开比例', '%', 'share',
     '表三“（三）不予公开”8 项理由的总计列之和除以“（七）总计”的总计列（本年办理结果总计）；办理结果总计为 0 时不计算。'),
    ('denied-secret-share', 51, 'shares', '不予公开比例：属于国家秘密', '不予公开：属于国家秘密比例', '%', 'share',
     '表三“（三）不予公开 1.属于国家秘密”的总计列除以“（七）总计”的总计列（本年办理结果总计）；办理结果总计为 0 时不计算。'),
    ('denied-law-share', 52, 'shares', '不予公开比例：其他法律行政法规禁止公开', '不予公开：其他法律行政法规禁止公开比例', '%', 'share',
     '表三“（三）不予公开 2.其他法律行政法规禁止公开”的总计列除以“（七）总计”的总计列（本年办理结果总计）；办理结果总计为 0 时不计算。'),
    ('denied-safety-share', 53, 'shares', '不予公开比例：危及“三安全一稳定”', '不予公开：危及“三安全一稳定”比例', '%', 'share',
     '表三“（三）不予公开 3.危及“三安全一稳定””的总计列除以“（七）总计”的总计列（本年办理结果总计）；办理结果总计为 0 时不计算。'),
    ('denied-third-party-share', 54, 'shares', '不予公开比例：保护第三方合法权益', '不予公开：保护第三方合法权益比例', '%', 'share',
     '表三“（三）不予公开 4.保护第三方合法权益”的总计列除以“（七）总计”的总计列（本年办理结果总计）；办理结果总计为 0 时不计算。'),
    ('denied-internal-share', 55, 'shares', '不予公开比例：属于三类内部事务信息', '不予公开：属于三类内部事务信息比例', '%', 'share',
     '表三“（三）不予公开 5.属于三类内部事务信息”的总计列除以“（七）总计”的总计列（本年办理结果总计）；办理结果总计为 0 时不计算。'),
    ('denied-process-share', 56, 'shares', '不予公开比例：属于四类过程性信息', '不予公开：属于四类过程性信息比例', '%', 'share',
     '表三“（三）不予公开 6.属于四类过程性信息”的总计列除以“（七）总计”的总计列（本年办理结果总计）；办理结果总计为 0 时不计算。'),
    ('denied-enforcement-share', 57, 'shares', '不予公开比例：属于行政执法案卷', '不予公开：属于行政执法案卷比例', '%', 'share',
     '表三“（三）不予公开 7.属于行政执法案卷”的总计列除以“（七）总计”的总计列（本年办理结果总计）；办理结果总计为 0 时不计算。'),
    ('denied-query-share', 58, 'shares', '不予公开比例：属于行政查询事项', '不予公开：属于行政查询事项比例', '%', 'share',
     '表三“（三）不予公开 8.属于行政查询事项”的总计列除以“（七）总计”的总计列（本年办理结果总计）；办理结果总计为 0 时不计算。'),
    ('unable-share', 59, 'shares', '无法提供比例', '无法提供比例', '%', 'share',
     '表三“（四）无法提供”3 项的总计列之和除以“（七）总计”的总计列（本年办理结果总计）；办理结果总计为 0 时不计算。'),
    ('rejected-share', 60, 'shares', '不予处理比例', '不予处理比例', '%', 'share',
     '表三“（五）不予处理”5 项的总计列之和除以“（七）总计”的总计列（本年办理结果总计）；办理结果总计为 0 时不计算。'),
    ('review-upheld', 61, 'appeals', '行政复议：结果维持', '行政复议：结果维持', '件', 'count',
     '表四“行政复议”的“结果维持”。'),
    ('review-corrected', 62, 'appeals', '行政复议：结果纠正', '行政复议：结果纠正', '件', 'count',
     '表四“行政复议”的“结果纠正”。'),
    ('review-other', 63, 'appeals', '行政复议：其他结果', '行政复议：其他结果', '件', 'count',
     '表四“行政复议”的“其他结果”。'),
    ('review-pending', 64, 'appeals', '行政复议：尚未审结', '行政复议：尚未审结', '件', 'count',
     '表四“行政复议”的“尚未审结”。'),
    ('review', 65, 'appeals', '行政复议总计', '行政复议总计', '件', 'count',
     '表四“行政复议”的“总计”。'),
    ('suit-direct-upheld', 66, 'appeals', '行政诉讼（未经复议直接起诉）：结果维持', '行政诉讼（未经复议直接起诉）：结果维持', '件', 'count',
     '表四“行政诉讼（未经复议直接起诉）”的“结果维持”。'),
    ('suit-direct-corrected', 67, 'appeals', '行政诉讼（未经复议直接起诉）：结果纠正', '行政诉讼（未经复议直接起诉）：结果纠正', '件', 'count',
     '表四“行政诉讼（未经复议直接起诉）”的“结果纠正”。'),
    ('suit-direct-other', 68, 'appeals', '行政诉讼（未经复议直接起诉）：其他结果', '行政诉讼（未经复议直接起诉）：其他结果', '件', 'count',
     '表四“行政诉讼（未经复议直接起诉）”的“其他结果”。'),
    ('suit-direct-pending', 69, 'appeals', '行政诉讼（未经复议直接起诉）：尚未审结', '行政诉讼（未经复议直接起诉）：尚未审结', '件', 'count',
     '表四“行政诉讼（未经复议直接起诉）”的“尚未审结”。'),
    ('suit-direct', 70, 'appeals', '行政诉讼（未经复议直接起诉）总计', '行政诉讼（未经复议直接起诉）总计', '件', 'count',
     '表四“行政诉讼（未经复议直接起诉）”的“总计”。'),
    ('suit-after-review-upheld', 71, 'appeals', '行政诉讼（复议后起诉）：结果维持', '行政诉讼（复议后起诉）：结果维持', '件', 'count',
     '表四“行政诉讼（复议后起诉）”的“结果维持”。'),
    ('suit-after-review-corrected', 72, 'appeals', '行政诉讼（复议后起诉）：结果纠正', '行政诉讼（复议后起诉）：结果纠正', '件', 'count',
     '表四“行政诉讼（复议后起诉）”的“结果纠正”。'),
    ('suit-after-review-other', 73, 'appeals', '行政诉讼（复议后起诉）：其他结果', '行政诉讼（复议后起诉）：其他结果', '件', 'count',
     '表四“行政诉讼（复议后起诉）”的“其他结果”。'),
    ('suit-after-review-pending', 74, 'appeals', '行政诉讼（复议后起诉）：尚未审结', '行政诉讼（复议后起诉）：尚未审结', '件', 'count',
     '表四“行政诉讼（复议后起诉）”的“尚未审结”。'),
    ('suit-after-review', 75, 'appeals', '行政诉讼（复议后起诉）总计', '行政诉讼（复议后起诉）总计', '件', 'count',
     '表四“行政诉讼（复议后起诉）”的“总计”。'),
    ('review-corrected-share', 76, 'appeals', '行政复议纠错率', '复议纠错率', '%', 'share',
     '表四行政复议“结果纠正”除以已审结的复议（结果维持、结果纠正、其他结果之和）；已审结为 0 时不计算。'),
    ('published', 77, 'published', '主动公开信息条数', '主动公开条数', '条', 'items',
     '报告正文写明的主动公开政府信息总条数（如“主动公开政府信息 343 条”）；正文未写明时为未知。');

CREATE VIEW IF NOT EXISTS metric_parts (metric, part, tbl, row, col) AS VALUES
    ('licensing', 'num', 'active', 'licensing', 'value'),
    ('penalty', 'num', 'active', 'penalty', 'value'),
    ('coercion', 'num', 'active', 'coercion', 'value'),
    ('fees', 'num', 'active', 'fees', 'value'),
    ('normative-docs-issued', 'num', 'active', 'normative_docs', 'issued'),
    ('normative-docs-in-force', 'num', 'active', 'normative_docs', 'in_force'),
    ('new-requests', 'num', 'requests', 'new', 'total'),
    ('new-natural', 'num', 'requests', 'new', 'natural'),
    ('new-business', 'num', 'requests', 'new', 'business'),
    ('new-research', 'num', 'requests', 'new', 'research'),
    ('new-nonprofit', 'num', 'requests', 'new', 'nonprofit'),
    ('new-legal', 'num', 'requests', 'new', 'legal'),
    ('new-other', 'num', 'requests', 'new', 'other'),
    ('carried-in', 'num', 'requests', 'carried_in', 'total'),
    ('processed', 'num', 'requests', 'processed_total', 'total'),
    ('processed-natural', 'num', 'requests', 'processed_total', 'natural'),
    ('processed-business', 'num', 'requests', 'processed_total', 'business'),
    ('processed-research', 'num', 'requests', 'processed_total', 'research'),
    ('processed-nonprofit', 'num', 'requests', 'processed_total', 'nonprofit'),
    ('processed-legal', 'num', 'requests', 'processed_total', 'legal'),
    ('processed-other', 'num', 'requests', 'processed_total', 'other'),
    ('carried-out', 'num', 'requests', 'carried_out', 'total'),
    ('granted', 'num', 'requests', 'granted', 'total'),
    ('partial', 'num', 'requests', 'partial', 'total'),
    ('denied', 'num', 'requests', 'denied_secret', 'total'),
    ('denied', 'num', 'requests', 'denied_law', 'total'),
    ('denied', 'num', 'requests', 'denied_safety', 'total'),
    ('denied', 'num', 'requests', 'denied_third_party', 'total'),
    ('denied', 'num', 'requests', 'denied_internal', 'total'),
    ('denied', 'num', 'requests', 'denied_process', 'total'),
    ('denied', 'num', 'requests', 'denied_enforcement', 'total'),
    ('denied', 'num', 'requests', 'denied_query', 'total'),
    ('denied-secret', 'num', 'requests', 'denied_secret', 'total'),
    ('denied-law', 'num', 'requests', 'denied_law', 'total'),
    ('denied-safety', 'num', 'requests', 'denied_safety', 'total'),
    ('denied-third-party', 'num', 'requests', 'denied_third_party', 'total'),
    ('denied-internal', 'num', 'requests', 'denied_internal', 'total'),
    ('denied-process', 'num', 'requests', 'denied_process', 'total'),
    ('denied-enforcement', 'num', 'requests', 'denied_enforcement', 'total'),
    ('denied-query', 'num', 'requests', 'denied_query', 'total'),
    ('unable', 'num', 'requests', 'unable_not_held', 'total'),
    ('unable', 'num', 'requests', 'unable_create', 'total'),
    ('unable', 'num', 'requests', 'unable_unclear', 'total'),
    ('unable-not-held', 'num', 'requests', 'unable_not_held', 'total'),
    ('unable-create', 'num', 'requests', 'unable_create', 'total'),
    ('unable-unclear', 'num', 'requests', 'unable_unclear', 'total'),
    ('rejected', 'num', 'requests', 'rejected_petition', 'total'),
    ('rejected', 'num', 'requests', 'rejected_duplicate', 'total'),
    ('rejected', 'num', 'requests', 'rejected_publication', 'total'),
    ('rejected', 'num', 'requests', 'rejected_excessive', 'total'),
    ('rejected', 'num', 'requests', 'rejected_confirm', 'total'),
    ('rejected-petition', 'num', 'requests', 'rejected_petition', 'total'),
    ('rejected-duplicate', 'num', 'requests', 'rejected_duplicate', 'total'),
    ('rejected-publication', 'num', 'requests', 'rejected_publication', 'total'),
    ('rejected-excessive', 'num', 'requests', 'rejected_excessive', 'total'),
    ('rejected-confirm', 'num', 'requests', 'rejected_confirm', 'total'),
    ('other-handling', 'num', 'requests', 'other_no_correction', 'total'),
    ('other-handling', 'num', 'requests', 'other_no_fee', 'total'),
    ('other-handling', 'num', 'requests', 'other_other', 'total'),
    ('other-handling-no-correction', 'num', 'requests', 'other_no_correction', 'total'),
    ('other-handling-no-fee', 'num', 'requests', 'other_no_fee', 'total'),
    ('other-handling-other', 'num', 'requests', 'other_other', 'total'),
    ('granted-share', 'num', 'requests', 'granted', 'total'),
    ('granted-share', 'den', 'requests', 'processed_total', 'total'),
    ('partial-share', 'num', 'requests', 'partial', 'total'),
    ('partial-share', 'den', 'requests', 'processed_total', 'total'),
    ('denied-share', 'num', 'requests', 'denied_secret', 'total'),
    ('denied-share', 'num', 'requests', 'denied_law', 'total'),
    ('denied-share', 'num', 'requests', 'denied_safety', 'total'),
    ('denied-share', 'num', 'requests', 'denied_third_party', 'total'),
    ('denied-share', 'num', 'requests', 'denied_internal', 'total'),
    ('denied-share', 'num', 'requests', 'denied_process', 'total'),
    ('denied-share', 'num', 'requests', 'denied_enforcement', 'total'),
    ('denied-share', 'num', 'requests', 'denied_query', 'total'),
    ('denied-share', 'den', 'requests', 'processed_total', 'total'),
    ('denied-secret-share', 'num', 'requests', 'denied_secret', 'total'),
    ('denied-secret-share', 'den', 'requests', 'processed_total', 'total'),
    ('denied-law-share', 'num', 'requests', 'denied_law', 'total'),
    ('denied-law-share', 'den', 'requests', 'processed_total', 'total'),
    ('denied-safety-share', 'num', 'requests', 'denied_safety', 'total'),
    ('denied-safety-share', 'den', 'requests', 'processed_total', 'total'),
    ('denied-third-party-share', 'num', 'requests', 'denied_third_party', 'total'),
    ('denied-third-party-share', 'den', 'requests', 'processed_total', 'total'),
    ('denied-internal-share', 'num', 'requests', 'denied_internal', 'total'),
    ('denied-internal-share', 'den', 'requests', 'processed_total', 'total'),
    ('denied-process-share', 'num', 'requests', 'denied_process', 'total'),
    ('denied-process-share', 'den', 'requests', 'processed_total', 'total'),
    ('denied-enforcement-share', 'num', 'requests', 'denied_enforcement', 'total'),
    ('denied-enforcement-share', 'den', 'requests', 'processed_total', 'total'),
    ('denied-query-share', 'num', 'requests', 'denied_query', 'total'),
    ('denied-query-share', 'den', 'requests', 'processed_total', 'total'),
    ('unable-share', 'num', 'requests', 'unable_not_held', 'total'),
    ('unable-share', 'num', 'requests', 'unable_create', 'total'),
    ('unable-share', 'num', 'requests', 'unable_unclear', 'total'),
    ('unable-share', 'den', 'requests', 'processed_total', 'total'),
    ('rejected-share', 'num', 'requests', 'rejected_petition', 'total'),
    ('rejected-share', 'num', 'requests', 'rejected_duplicate', 'total'),
    ('rejected-share', 'num', 'requests', 'rejected_publication', 'total'),
    ('rejected-share', 'num', 'requests', 'rejected_excessive', 'total'),
    ('rejected-share', 'num', 'requests', 'rejected_confirm', 'total'),
    ('rejected-share', 'den', 'requests', 'processed_total', 'total'),
    ('review-upheld', 'num', 'appeals', 'review', 'upheld'),
    ('review-corrected', 'num', 'appeals', 'review', 'corrected'),
    ('review-other', 'num', 'appeals', 'review', 'other'),
    ('review-pending', 'num', 'appeals', 'review', 'pending'),
    ('review', 'num', 'appeals', 'review', 'total'),
    ('suit-direct-upheld', 'num', 'appeals', 'suit_direct', 'upheld'),
    ('suit-direct-corrected', 'num', 'appeals', 'suit_direct', 'corrected'),
    ('suit-direct-other', 'num', 'appeals', 'suit_direct', 'other'),
    ('suit-direct-pending', 'num', 'appeals', 'suit_direct', 'pending'),
    ('suit-direct', 'num', 'appeals', 'suit_direct', 'total'),
    ('suit-after-review-upheld', 'num', 'appeals', 'suit_after_review', 'upheld'),
    ('suit-after-review-corrected', 'num', 'appeals', 'suit_after_review', 'corrected'),
    ('suit-after-review-other', 'num', 'appeals', 'suit_after_review', 'other'),
    ('suit-after-review-pending', 'num', 'appeals', 'suit_after_review', 'pending'),
    ('suit-after-review', 'num', 'appeals', 'suit_after_review', 'total'),
    ('review-corrected-share', 'num', 'appeals', 'review', 'corrected'),
    ('review-corrected-share', 'den', 'appeals', 'review', 'upheld'),
    ('review-corrected-share', 'den', 'appeals', 'review', 'corrected'),
    ('review-corrected-share', 'den', 'appeals', 'review', 'other');

-- One row per shown report and metric.  status: 'known'; 'unknown' when
-- a cell it needs is blank or unreadable (value NULL, never 0); 'none'
-- for a share whose denominator is 0 (nothing to divide: value NULL).
CREATE VIEW IF NOT EXISTS metric_values AS
    SELECT v.report_id, v.agency_id, v.year, v.metric, v.num, v.den,
           CASE WHEN v.known < v.parts THEN NULL
                WHEN m.kind = 'share' THEN CASE WHEN v.den > 0 THEN v.num / v.den END
                ELSE v.num END AS value,
           CASE WHEN v.known < v.parts THEN 'unknown'
                WHEN m.kind = 'share' AND NOT v.den > 0 THEN 'none'
                ELSE 'known' END AS status
    FROM (SELECT r.id AS report_id, r.agency_id, r.year, p.metric,
                 sum(CASE WHEN p.part = 'num' THEN c.value END) AS num,
                 sum(CASE WHEN p.part = 'den' THEN c.value END) AS den,
                 count(c.value) AS known, count(*) AS parts
          FROM report_pages r CROSS JOIN metric_parts p
          JOIN cells c ON c.report_id = r.id AND c.tbl = p.tbl AND c.row = p.row AND c.col = p.col
          GROUP BY r.id, p.metric) v
    JOIN metrics m ON m.slug = v.metric
    UNION ALL
    SELECT r.id, r.agency_id, r.year, 'published', p.items, NULL, p.items,
           CASE WHEN p.items IS NULL THEN 'unknown' ELSE 'known' END
    FROM report_pages r LEFT JOIN published p ON p.report_id = r.id AND p.channel = 'total';

-- Each value beside the agency's previous report (the latest earlier
-- year it reported): its year and value, and the change (for a share,
-- in fractions: 0.05 is five percentage points).
CREATE VIEW IF NOT EXISTS metric_changes AS
    SELECT report_id, agency_id, year, metric, num, den, value, status,
           lag(year) OVER w AS prev_year, lag(value) OVER w AS prev_value,
           lag(status) OVER w AS prev_status,
           value - lag(value) OVER w AS change
    FROM metric_values
    WINDOW w AS (PARTITION BY agency_id, metric ORDER BY year);

-- Shown reports whose tables hold no number but 0: notable when an
-- agency reports nothing at all for years on end.
CREATE VIEW IF NOT EXISTS zero_reports AS
    SELECT r.id AS report_id, r.agency_id, r.year FROM report_pages r
    WHERE EXISTS (SELECT 1 FROM cells c WHERE c.report_id = r.id AND c.value = 0)
      AND NOT EXISTS (SELECT 1 FROM cells c WHERE c.report_id = r.id AND c.value <> 0);

-- ---- Kinds of agency, for peers: the longest matching end of the name

CREATE VIEW IF NOT EXISTS agency_kind_names (suffix, kind, name) AS VALUES
    ('卫生健康局', 'health', '卫生健康部门'), ('卫生健康委员会', 'health', '卫生健康部门'),
    ('卫生健康委', 'health', '卫生健康部门'), ('卫生和计划生育局', 'health', '卫生健康部门'),
    ('教育局', 'education', '教育部门'), ('教育委员会', 'education', '教育部门'),
    ('教育厅', 'education', '教育部门'), ('教育和体育局', 'education', '教育部门'),
    ('公安局', 'police', '公安机关'), ('公安厅', 'police', '公安机关'),
    ('市场监督管理局', 'market', '市场监管部门'), ('市场监管局', 'market', '市场监管部门'),
    ('生态环境局', 'environment', '生态环境部门'), ('生态环境厅', 'environment', '生态环境部门'),
    ('自然资源局', 'land', '自然资源部门'), ('自然资源和规划局', 'land', '自然资源部门'),
    ('住房和城乡建设局', 'housing', '住房城乡建设部门'), ('住房和城乡建设厅', 'housing', '住房城乡建设部门'),
    ('交通运输局', 'transport', '交通运输部门'), ('交通运输厅', 'transport', '交通运输部门'),
    ('人力资源和社会保障局', 'hr', '人力资源社会保障部门'), ('人力资源和社会保障厅', 'hr', '人力资源社会保障部门'),
    ('民政局', 'civil', '民政部门'), ('民政厅', 'civil', '民政部门'),
    ('财政局', 'finance', '财政部门'), ('财政厅', 'finance', '财政部门'),
    ('税务局', 'tax', '税务机关'), ('司法局', 'justice', '司法行政部门'), ('司法厅', 'justice', '司法行政部门'),
    ('农业农村局', 'agriculture', '农业农村部门'), ('农业农村厅', 'agriculture', '农业农村部门'),
    ('水利局', 'water', '水利部门'), ('水务局', 'water', '水利部门'), ('水利厅', 'water', '水利部门'),
    ('文化和旅游局', 'culture', '文化旅游部门'), ('文化广电和旅游局', 'culture', '文化旅游部门'),
    ('文化和旅游厅', 'culture', '文化旅游部门'),
    ('应急管理局', 'emergency', '应急管理部门'), ('应急管理厅', 'emergency', '应急管理部门'),
    ('退役军人事务局', 'veterans', '退役军人事务部门'), ('医疗保障局', 'medical-insurance', '医疗保障部门'),
    ('发展和改革局', 'development', '发展改革部门'), ('发展和改革委员会', 'development', '发展改革部门'),
    ('统计局', 'statistics', '统计部门'), ('审计局', 'audit', '审计部门'), ('审计厅', 'audit', '审计部门'),
    ('城市管理局', 'urban', '城市管理部门'), ('综合行政执法局', 'urban', '城市管理部门'),
    ('林业局', 'forestry', '林业部门'), ('林业和草原局', 'forestry', '林业部门'),
    ('商务局', 'commerce', '商务部门'), ('科学技术局', 'science', '科技部门'), ('科技局', 'science', '科技部门'),
    ('工业和信息化局', 'industry', '工业和信息化部门'),
    ('人民政府', 'government', '人民政府'), ('人民政府办公室', 'government-office', '政府办公室'),
    ('镇人民政府', 'township', '乡镇人民政府'), ('乡人民政府', 'township', '乡镇人民政府'),
    ('街道办事处', 'subdistrict', '街道办事处');

CREATE VIEW IF NOT EXISTS agency_kinds AS
    SELECT a.id AS agency_id, k.kind, k.name
    FROM agencies a JOIN agency_kind_names k
      ON k.suffix = (SELECT x.suffix FROM agency_kind_names x
                     WHERE substr(a.name, -length(x.suffix)) = x.suffix
                     ORDER BY length(x.suffix) DESC LIMIT 1);
