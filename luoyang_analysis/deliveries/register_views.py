"""The database's views: the counting rules for names, written once, in SQL.

Every count that is derived from names comes from these views, in the
database file, in ``luoyang sql`` and in the reports alike:

- ``named_items``: one row per counted item — a list entry the first year its
  key is listed (the key is the enterprise on 家 lists, the enterprise and item on
  个/台（套）/件 lists), a 五十百 project in its selection year (标杆 counts the
  enterprise once), a ledger line in the year it was retired (its quantity);
- ``named_counts``: per unit (county, and the city 410300 as the sum of every
  named item), year and indicator, ``new`` (newly named that year; 2016 holds
  everything named up to 2016, the opening stock) and ``held`` (named up to the
  year's end);
- ``upgrading_share``: enterprises above designated size in the year with a
  project started since 2016, over all enterprises above designated size;
- ``dismantling`` and ``dismantling_share``: each retirement of the deadline's
  year against the 10月底前 dismantling deadline, and the share (by quantity) met;
- ``key_project_items`` and ``key_project_investment``: the investment completed in a
  year by the projects of category 重点 on that year's rolling list (selected that year
  or before, or with no selection year), in 亿元, per unit and year, for the years
  whose investment the register holds for any key project.
"""

from __future__ import annotations

CITY = "410300"
BASE_YEAR = 2016
KEY_CATEGORY = "重点"
KEY_INDICATOR = "techup.key_project_investment"
WAN_PER_YI = 10000  # the register holds 万元, the target 亿元


def views_sql(last_year: int, dismantling_deadline: str) -> list[str]:
    """CREATE VIEW statements; ``dismantling_deadline`` is an ISO date from the catalogue."""
    deadline_year = int(dismantling_deadline[:4])
    return [
        """
CREATE VIEW named_items AS
WITH rec AS (
    SELECT l.indicator_id, e.county_code AS unit_code, r.uscc, e.name AS enterprise,
           CASE WHEN l.per = 'item' THEN coalesce(r.item, '') ELSE '' END AS item_key,
           r.item, r.year, r.doc_number, r.doc_date, r.list AS register_list, r.level,
           'recognitions' AS register, r._file, r._row, 1 AS quantity,
           row_number() OVER (
               PARTITION BY r.list, r.uscc,
                            CASE WHEN l.per = 'item' THEN coalesce(r.item, '') ELSE '' END
               ORDER BY r.year, r.doc_date, r._file, r._row) AS nth
    FROM recognitions r JOIN lists l USING (list) JOIN enterprises e USING (uscc)
),
proj AS (
    SELECT c.indicator_id, p.county_code AS unit_code, p.uscc, e.name AS enterprise,
           CASE WHEN c.per = 'item' THEN p.project_id ELSE '' END AS item_key,
           p.name AS item, p.selected_year AS year, p.project_id AS doc_number,
           p.start_date AS doc_date, p.category AS register_list, NULL AS level,
           'projects' AS register, p._file, p._row, 1 AS quantity,
           row_number() OVER (
               PARTITION BY p.category, p.uscc,
                            CASE WHEN c.per = 'item' THEN p.project_id ELSE '' END
               ORDER BY p.selected_year, p._file, p._row) AS nth
    FROM projects p JOIN categories c USING (category) JOIN enterprises e USING (uscc)
    WHERE c.indicator_id IS NOT NULL AND p.selected_year IS NOT NULL
)
SELECT indicator_id, unit_code, uscc, enterprise, item, year, doc_number, doc_date,
       register_list, level, register, quantity, _file, _row FROM rec WHERE nth = 1
UNION ALL
SELECT indicator_id, unit_code, uscc, enterprise, item, year, doc_number, doc_date,
       register_list, level, register, quantity, _file, _row FROM proj WHERE nth = 1
UNION ALL
SELECT q.indicator_id, e.county_code, t.uscc, e.name, t.capacity, year(t.retirement_date),
       t.doc_number, t.retirement_date, t.equipment, NULL, 'retirements', t.quantity,
       t._file, t._row
FROM retirements t JOIN equipment q USING (equipment) JOIN enterprises e USING (uscc)
""",
        f"""
CREATE VIEW named_counts AS
WITH items AS (
    SELECT indicator_id, unit_code, greatest(year, {BASE_YEAR}) AS year, quantity
    FROM named_items
    UNION ALL
    SELECT indicator_id, '{CITY}', greatest(year, {BASE_YEAR}), quantity FROM named_items
    WHERE unit_code <> '{CITY}'
),
grid AS (
    SELECT DISTINCT i.indicator_id, i.unit_code, y.year
    FROM items i CROSS JOIN range({BASE_YEAR}, {last_year} + 1) y(year)
),
flows AS (
    SELECT g.indicator_id, g.unit_code, g.year, coalesce(sum(i.quantity), 0) AS new
    FROM grid g LEFT JOIN items i USING (indicator_id, unit_code, year)
    GROUP BY ALL
)
SELECT unit_code, year, indicator_id, CAST(new AS BIGINT) AS new,
       CAST(sum(new) OVER (PARTITION BY indicator_id, unit_code ORDER BY year) AS BIGINT) AS held
FROM flows
""",
        f"""
CREATE VIEW upgrading_share AS
WITH years AS (SELECT year FROM range({BASE_YEAR}, {last_year} + 1) y(year)),
above AS (
    SELECT e.uscc, e.county_code, y.year FROM enterprises e JOIN years y
      ON e.above_size_from <= y.year AND y.year <= coalesce(e.above_size_to, 9999)
),
flagged AS (
    SELECT a.county_code, a.year, EXISTS (
        SELECT 1 FROM projects p WHERE p.uscc = a.uscc AND p.status <> '终止'
          AND year(p.start_date) BETWEEN {BASE_YEAR} AND a.year) AS upgrading
    FROM above a
),
units AS (
    SELECT county_code AS unit_code, year, upgrading FROM flagged
    UNION ALL SELECT '{CITY}', year, upgrading FROM flagged WHERE county_code <> '{CITY}'
)
SELECT unit_code, year, 'techup.enterprises_upgrading_share' AS indicator_id,
       CAST(count(*) FILTER (WHERE upgrading) AS BIGINT) AS enterprises_upgrading,
       CAST(count(*) AS BIGINT) AS enterprises_above_size,
       round(100.0 * count(*) FILTER (WHERE upgrading) / count(*), 1) AS share
FROM units GROUP BY unit_code, year
""",
        f"""
CREATE VIEW dismantling AS
SELECT e.county_code AS unit_code, t.uscc, e.name AS enterprise, t.equipment, t.quantity,
       t.capacity, t.retirement_date, t.dismantling_date, DATE '{dismantling_deadline}' AS deadline,
       coalesce(t.dismantling_date <= DATE '{dismantling_deadline}', false) AS met,
       t.doc_number, t._file, t._row
FROM retirements t JOIN enterprises e USING (uscc)
WHERE year(t.retirement_date) = {deadline_year}
""",
        f"""
CREATE VIEW dismantling_share AS
WITH d AS (
    SELECT unit_code, quantity, met FROM dismantling
    UNION ALL SELECT '{CITY}', quantity, met FROM dismantling WHERE unit_code <> '{CITY}'
)
SELECT unit_code, {deadline_year} AS year, 'capacity.equipment_dismantled' AS indicator_id,
       CAST(sum(quantity) FILTER (WHERE met) AS BIGINT) AS dismantled_in_time,
       CAST(sum(quantity) AS BIGINT) AS retired,
       round(100.0 * coalesce(sum(quantity) FILTER (WHERE met), 0) / sum(quantity), 1) AS share
FROM d GROUP BY unit_code
""",
        f"""
CREATE VIEW key_project_items AS
WITH inv AS (
    UNPIVOT (SELECT * FROM projects WHERE category = '{KEY_CATEGORY}')
    ON COLUMNS('^invested_[0-9]{{4}}$') INTO NAME col VALUE invested
)
SELECT county_code AS unit_code, CAST(right(col, 4) AS INTEGER) AS year, project_id, name,
       uscc, selected_year, invested AS invested_wan, _file, _row
FROM inv
WHERE selected_year IS NULL OR selected_year <= CAST(right(col, 4) AS INTEGER)
""",
        f"""
CREATE VIEW key_project_investment AS
WITH covered AS (SELECT DISTINCT year FROM key_project_items),
units AS (
    SELECT DISTINCT unit_code FROM key_project_items
    UNION SELECT '{CITY}'
),
items AS (
    SELECT unit_code, year, invested_wan FROM key_project_items
    UNION ALL SELECT '{CITY}', year, invested_wan FROM key_project_items
    WHERE unit_code <> '{CITY}'
)
SELECT u.unit_code, c.year, '{KEY_INDICATOR}' AS indicator_id,
       CAST(count(i.invested_wan) AS BIGINT) AS projects,
       coalesce(sum(i.invested_wan), 0) / {WAN_PER_YI} AS invested
FROM units u CROSS JOIN covered c
LEFT JOIN items i ON i.unit_code = u.unit_code AND i.year = c.year
GROUP BY u.unit_code, c.year
""",
    ]
