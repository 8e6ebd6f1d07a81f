#!/usr/bin/env python3
"""convert.py: the records of an ingested site-gen database as Hugo content,
so that bench/hugo.sh can build the same portal with Hugo.

    convert.py DB CONTENT_DIR                 every page's content file
    convert.py DB CONTENT_DIR --report PATH   only the report ingested from
                                              PATH (its source_path), as
                                              after that one file changed

One content file per shown report (report_pages), agency, year and region,
each with JSON front matter (the quickest kind for Hugo to read and for this
script to write).  A report's file holds everything its page shows: every
cell of its tables (an unknown cell is left out, so the templates test for
it with isset and never show it as 0), the cells filled by a rule, its
sections, findings and the published counts its prose states.  Lists and
totals (an agency's years, a year's table, a region's sums, the home page's
counts) are left to Hugo's templates, which work them out from these pages
as a Hugo site would.  An agency's peers need the kind of agency, which
only the database's agency_kinds view knows, so they are listed here by
slug, with the same rule as site-gen's agency pages.  Python's sqlite3 has
no Chinese collation, so names sort by their bytes.
"""
import json
import os
import sqlite3
import sys

PEERS = 8
# Findings that are notes about the registry, not problems in the data.
REGISTRY_NOTES = ("unregistered", "unplaced")


def write(path, front):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(front, ensure_ascii=False, separators=(",", ":"))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\n")


def region_urls(db):
    """{(level, name, province or None): url} of every region page."""
    urls = {}
    for level, name, parent, slug in db.execute(
            "SELECT r.level, r.name, up.name, r.slug FROM regions r"
            " LEFT JOIN regions up ON up.id = r.parent_id"):
        urls[(level, name, parent)] = "/regions/%s/" % slug
    return urls


def place(urls, province, city):
    """{"province": {"name", "url"}, "city": {...}} as the pages link an agency's place."""
    out = {}
    if province:
        out["province"] = {"name": province, "url": urls.get(("province", province, None), "")}
    if city:
        out["city"] = {"name": city, "url": urls.get(("city", city, province), "")}
    return out


def cells_of(db, report_id):
    """{"active": {"licensing": {"value": 160}}, ...}; unknown cells left out."""
    cells = {"active": {}, "requests": {}, "appeals": {}}
    for tbl, row, col, value in db.execute(
            "SELECT tbl, row, col, value FROM cells WHERE report_id = ?", (report_id,)):
        if value is not None:
            cells.setdefault(tbl, {}).setdefault(row, {})[col] = value
    return cells


def report_front(db, urls, r):
    rid = r["id"]
    deduced = {}
    for tbl, row, col in db.execute("SELECT tbl, row, col FROM deduced WHERE report_id = ?", (rid,)):
        deduced.setdefault(tbl, {}).setdefault(row, {})[col] = True
    findings = [{"code": c, "location": loc, "message": m, "line": line or 0}
                for c, loc, m, line in db.execute(
                    "SELECT code, location, message, line FROM findings"
                    " WHERE report_id = ? ORDER BY id", (rid,))]
    sections = [{"number": n, "heading": h, "body": b}
                for n, h, b in db.execute(
                    "SELECT number, heading, body FROM sections WHERE report_id = ? ORDER BY ord",
                    (rid,))]
    published = [{"label": l, "items": i} for l, i in db.execute(
        "SELECT label, items FROM published WHERE report_id = ? ORDER BY line, channel", (rid,))]
    return {
        "title": "%s %d 年度报告" % (r["name"], r["year"]),
        "year": r["year"],
        "agency": {"name": r["name"], "slug": r["slug"], "url": "/agencies/%s/" % r["slug"]},
        "region": place(urls, r["province"], r["city"]),
        "order": order_key(r["province"], r["city"], r["name"]),
        "published_on": r["published_on"] or "",
        "added_on": (r["ingested_at"] or "")[:10],
        "ingested_at": r["ingested_at"] or "",
        "original_ext": "gbk.txt" if r["charset"] == "GB18030" else "txt",
        "findings": findings,
        "data_findings": sum(1 for f in findings if f["code"] not in REGISTRY_NOTES),
        "cells": cells_of(db, rid),
        "deduced": deduced,
        "sections": sections,
        "channels": published,
    }


def order_key(province, city, name):
    """How year pages list reports: by place, those with no province last."""
    return "%d/%s/%s/%s" % (province is None, province or "", city or "", name)


REPORT_SQL = (
    "SELECT r.id, r.year, r.source_path, r.published_on, r.ingested_at, r.charset,"
    " a.name, a.slug, a.province, a.city"
    " FROM report_pages r JOIN agencies a ON a.id = r.agency_id")


def write_reports(db, urls, out, source=None):
    sql, args = REPORT_SQL, ()
    if source is not None:
        sql, args = sql + " WHERE r.source_path = ?", (source,)
    n = 0
    for r in db.execute(sql, args).fetchall():
        write(os.path.join(out, "agencies", r["slug"], "%d.md" % r["year"]), report_front(db, urls, r))
        n += 1
    return n


def peer_kinds(db):
    db.executescript(
        "DROP TABLE IF EXISTS temp.peer_kinds;"
        " CREATE TEMP TABLE peer_kinds AS"
        " SELECT k.agency_id, k.kind, k.name, a.region_id, coalesce(g.parent_id, g.id) AS province"
        " FROM agency_kinds k JOIN agencies a ON a.id = k.agency_id JOIN regions g ON g.id = a.region_id;"
        " CREATE INDEX temp.peer_kinds_by_agency ON peer_kinds(agency_id);"
        " CREATE INDEX temp.peer_kinds_by_kind ON peer_kinds(kind, province);")


PEERS_SQL = (
    "WITH me AS (SELECT kind, name AS kind_name, region_id AS region, province,"
    "   (SELECT max(year) FROM report_pages WHERE agency_id = ?1) AS year"
    "   FROM temp.peer_kinds WHERE agency_id = ?1)"
    " SELECT a.slug, a.id = ?1, k.region_id = me.region, me.year, me.kind_name"
    " FROM me JOIN temp.peer_kinds k ON k.kind = me.kind AND k.province = me.province"
    " JOIN agencies a ON a.id = k.agency_id"
    " JOIN report_pages r ON r.agency_id = a.id AND r.year = me.year"
    " ORDER BY a.id = ?1 DESC, k.region_id = me.region DESC, a.name LIMIT ?2")


def peers(db, agency_id):
    """Same kind, same city (else province), a report in the agency's latest year;
    None when the agency has none.  The agency itself comes first."""
    rows = db.execute(PEERS_SQL, (agency_id, PEERS + 1)).fetchall()
    if len(rows) < 2:
        return None
    same_city = any(not self and city for _, self, city, _, _ in rows)
    slugs = [slug for slug, self, city, _, _ in rows if self or city or not same_city]
    if len(slugs) < 2:
        return None
    return {"year": rows[0][3], "kind": rows[0][4], "same_city": same_city, "slugs": slugs}


def write_agencies(db, urls, out):
    peer_kinds(db)
    n = 0
    for a in db.execute("SELECT id, name, slug, province, city, county, registered FROM agencies").fetchall():
        front = {
            "title": a["name"], "layout": "agency",
            "agency": {"name": a["name"], "slug": a["slug"], "url": "/agencies/%s/" % a["slug"],
                       "county": a["county"] or "", "registered": bool(a["registered"])},
            "province": a["province"] or "", "city": a["city"] or "",
            "region": place(urls, a["province"], a["city"]),
        }
        p = peers(db, a["id"]) if a["province"] else None
        if p:
            front["peers"] = p
        write(os.path.join(out, "agencies", a["slug"], "_index.md"), front)
        n += 1
    return n


def write_years(db, out):
    years = [y for (y,) in db.execute("SELECT DISTINCT year FROM report_pages ORDER BY year")]
    (metrics,) = db.execute("SELECT count(*) FROM metrics").fetchone()
    for y in years:
        write(os.path.join(out, "years", "%d.md" % y), {"title": "%d 年" % y, "year": y, "metric_count": metrics})
    return len(years)


def write_regions(db, out):
    n = 0
    for slug, level, name, parent, parent_slug in db.execute(
            "SELECT r.slug, r.level, r.name, up.name, up.slug FROM regions r"
            " LEFT JOIN regions up ON up.id = r.parent_id").fetchall():
        front = {"title": name, "name": name, "slug": slug, "is_city": level == "city",
                 "province": parent if level == "city" else name}
        if parent:
            front["parent"] = {"name": parent, "url": "/regions/%s/" % parent_slug}
        write(os.path.join(out, "regions", "%s.md" % slug), front)
        n += 1
    return n


def write_sections(out):
    """The home page, the agencies index, and the two folders that have no page of their own."""
    write(os.path.join(out, "_index.md"), {"title": "home"})
    write(os.path.join(out, "agencies", "_index.md"), {"title": "机构"})
    for folder in ("years", "regions"):
        write(os.path.join(out, folder, "_index.md"), {"title": folder, "_build": {"render": "never"}})


def main(argv):
    if len(argv) not in (3, 5) or (len(argv) == 5 and argv[3] != "--report"):
        print("usage: convert.py DB CONTENT_DIR [--report SOURCE_PATH]", file=sys.stderr)
        return 2
    db = sqlite3.connect("file:%s?mode=ro" % argv[1], uri=True)
    db.row_factory = sqlite3.Row
    urls = region_urls(db)
    out = argv[2]
    if len(argv) == 5:
        n = write_reports(db, urls, out, argv[4])
        if n != 1:
            print("convert.py: %s: no shown report ingested from it" % argv[4], file=sys.stderr)
            return 1
        return 0
    write_sections(out)
    write_reports(db, urls, out)
    write_agencies(db, urls, out)
    write_years(db, out)
    write_regions(db, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
