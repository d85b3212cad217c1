"""Names in the reports: the appendix, the links to it, the digests, summary.xlsx's sheets.

The delivery is tests/register_fixtures.py; every expected figure is worked out
there or in the comments here from the rows written by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from luoyang_analysis import digests, provenance
from luoyang_analysis.batch import runner, summaries
from luoyang_analysis.deliveries import processed
from luoyang_analysis.presentation import sections
from tests.register_fixtures import E1, E5, RETIREMENTS, write_delivery

REPO = Path(__file__).resolve().parents[2]
LINK = re.compile(r'<a class="names-link" href="#([\w-]+)">([^<]*)</a>')


@pytest.fixture
def delivery(root):
    return write_delivery(root / "data" / "raw" / "2019-03-15")


def test_county_report_links_its_count_to_the_names_in_its_appendix(delivery):
    ctx = sections.setup("410381", 2017)
    # 偃师 reports 5 workshops for 2017; its actual cell links to the workshop names.
    assert LINK.findall(sections.plan_section(ctx, "smart")) == [
        ("names-smart-smart_workshops", "5 个")
    ]
    appendix = sections.names_section(ctx)
    assert appendix.startswith('<section class="names-appendix"><h2>附录：计数背后的名单</h2>')
    # The anchor the link points to, with the 4 workshops named in 偃师 in 2017
    # (E1 一号车间, E2 装配车间, E3 贴片车间, E6 聚合车间; E5's is in 孟津).
    assert '<h3 id="names-smart-smart_workshops">智能车间' in appendix
    section = appendix.split('id="names-smart-smart_workshops"')[1].split("<h3")[0]
    assert "名单计数 4 个" in section and "报送 5，名单计数 4" in section
    assert section.count("豫工信装〔2017〕101号</td><td>2017-11-20</td>") == 4
    assert "粉磨车间" not in section  # 孟津's workshop
    assert "（示例数据）" in section  # the fixture's names are marked fictional


def test_city_report_lists_every_countys_names(delivery):
    ctx = sections.setup("410300", 2017)
    appendix = sections.names_section(ctx)
    section = appendix.split('id="names-smart-smart_workshops"')[1].split("<h3")[0]
    # 2017 workshops: 4 in 偃师 and E5's 粉磨车间 in 孟津 = 5 named for the city.
    assert "名单计数 5 个" in section and "粉磨车间" in section


def test_handed_observations_find_the_database_beside_them_without_hashing(
    root, delivery, monkeypatch
):
    processed.build(delivery)

    def no_hashing(*_a, **_k):
        raise AssertionError("a notebook hashed a file")

    monkeypatch.setattr(provenance, "sha256_file", no_hashing)
    monkeypatch.setattr(digests, "sha256_file", no_hashing)
    ctx = sections.setup("410381", 2017, observations="data/processed/2019-03-15/observations.csv")
    assert "smart.smart_workshops" in ctx.names.sections


def test_a_delivery_without_registers_has_no_appendix_and_no_links(root):
    d = root / "data" / "raw" / "2019-03-15"
    d.mkdir(parents=True)
    (d / "a.csv").write_text(
        "unit_code,year,indicator_id,value\n410381,2017,smart.smart_workshops,5\n",
        encoding="utf-8",
    )
    ctx = sections.setup("410381", 2017)
    assert sections.names_section(ctx) == ""
    assert not LINK.findall(sections.plan_section(ctx, "smart"))


def _digests(delivery) -> dict[str, str]:
    obs, manifest = processed.load(delivery)
    jobs = runner.plan(
        obs, manifest, delivery, [2018], ["410381", "410322", "410300"], include_overviews=False
    )
    return {j.unit_code: j.digest for j in jobs}


def test_a_register_change_rebuilds_the_reports_whose_names_it_changes(root, delivery):
    (root / "notebooks").symlink_to(REPO / "notebooks")
    before = _digests(delivery)
    assert _digests(delivery) == before  # nothing changed: every report current
    # E5 is in 孟津 (410322): its 2018 transformers 2 -> 3 change 孟津's names and the
    # city's (every county's), not 偃师's (410381). The observations stay as they were.
    more = RETIREMENTS.replace(f"{E5},变压器,2,", f"{E5},变压器,3,")
    (delivery / "retirements.csv").write_text(more, encoding="utf-8")
    after = _digests(delivery)
    assert after["410381"] == before["410381"]
    assert after["410322"] != before["410322"] and after["410300"] != before["410300"]


def test_summary_workbook_has_a_sheet_per_register_with_numbers_as_numbers(root, delivery):
    obs, manifest = processed.load(delivery)
    [path] = summaries.write_summary_workbook(obs, manifest, 2017, "zh", delivery)
    wb = load_workbook(path)
    for kind in ("enterprises", "recognitions", "projects", "retirements", "discrepancies"):
        assert kind in wb.sheetnames
    head = [c.value for c in wb["projects"][1]]
    p1 = {h: c.value for h, c in zip(head, wb["projects"][2], strict=True)}
    # P1 as written in the fixture: 1000 total, 600 equipment, 800 invested in 2017 (万元).
    assert (p1["project_id"], p1["total_investment"], p1["equipment"]) == ("P1", 1000, 600)
    assert isinstance(p1["total_investment"], float | int) and p1["invested_2017"] == 800
    assert p1["selected_year"] == 2017 and isinstance(p1["selected_year"], int)
    assert p1["start_date"].date() == dt.date(2017, 3, 1)  # a date cell, not text
    assert p1["uscc"] == E1 and p1["county_code"] == "410381"  # codes stay text
    head = [c.value for c in wb["retirements"][1]]
    first = {h: c.value for h, c in zip(head, wb["retirements"][2], strict=True)}
    assert first["quantity"] == 5 and isinstance(first["quantity"], int)  # E1's 5 transformers
    head = [c.value for c in wb["discrepancies"][1]]
    gap = {h: c.value for h, c in zip(head, wb["discrepancies"][2], strict=True)}
    # 偃师 2017 workshops: reported 5, named 4.
    assert (gap["unit_code"], gap["reported"], gap["named"]) == ("410381", 5, 4)
    # Written again only when its inputs change: here nothing did.
    assert summaries.write_summary_workbook(obs, manifest, 2017, "zh", delivery) == []


def test_summary_workbook_without_registers_has_no_register_sheets(root, delivery):
    obs, manifest = processed.load(delivery)
    data = summaries.summary_workbook_bytes(
        summaries.gaps.compute_all(obs, 2017), manifest, 2017, None, obs
    )
    assert "enterprises" not in load_workbook(io.BytesIO(data)).sheetnames


def test_two_builds_of_the_same_files_differ_only_in_duckdbs_file_header(root, delivery, tmp_path):
    """DuckDB stamps a random 16-byte identifier into each new file's main header (so that a
    write-ahead log matches its database; duckdb/duckdb PR 18823), and the header's checksum
    with it: the same tables, not the same bytes. Hence the rule: never rewritten while the raw files stay the
    same (test_registers.test_database_rewritten_only_when_a_raw_file_changes)."""
    import duckdb

    from luoyang_analysis.deliveries import registers

    obs, _ = processed.load(delivery)
    regs = registers.load_registers(delivery)
    a = registers.write_database(tmp_path / "a" / registers.DATABASE_NAME, obs, regs)
    b = registers.write_database(tmp_path / "b" / registers.DATABASE_NAME, obs, regs)
    x, y = a.read_bytes(), b.read_bytes()
    assert len(x) == len(y)
    # The main header is DuckDB's first block of 4096 bytes; beyond it, every byte is equal.
    assert x[4096:] == y[4096:]
    tables = ("observations", "enterprises", "recognitions", "projects", "retirements")
    for table in tables:
        rows = []
        for path in (a, b):
            con = duckdb.connect(str(path), read_only=True)
            rows.append(con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall())
            con.close()
        assert rows[0] == rows[1] and rows[0], table


# ---------------------------------------------------------------- key-project investment

# Two key projects (category 重点), amounts in 万元:
# P4 of E1 (偃师 410381), on the list from 2017: 30000 in 2017, 20000 in 2018;
# P5 of E5 (孟津 410322), on the list from 2018: 5000 in 2017 (before it was on the
# list: not counted), 15000 in 2018.
KEY_PROJECTS = (
    f"P4,甲重点技改,{E1},410381,重点,2017,90000,50000,,,2017-01-10,,,在建,30000,20000\n"
    f"P5,戊重点技改,{E5},410322,重点,2018,40000,20000,,,2017-06-01,,,在建,5000,15000\n"
)
# Reported 亿元: 偃师 2018 2 (= 20000 万元: equal); the city 2018 4.2 (named 2 + 1.5 = 3.5);
# 孟津 2017 0.5 (named 0: P5 was not yet on the list); 偃师 2019 9 (no key-project
# investment registered for 2019 anywhere: not compared).
KEY_OBSERVATIONS = (
    "410381,2018,techup.key_project_investment,2,,\n"
    "410300,2018,techup.key_project_investment,4.2,,\n"
    "410322,2017,techup.key_project_investment,0.5,,\n"
    "410381,2019,techup.key_project_investment,9,,\n"
)


def test_key_project_investment_from_the_project_register(delivery):
    from luoyang_analysis.gaps import registers as named
    from tests.register_fixtures import OBSERVATIONS, PROJECTS

    write_delivery(
        delivery, projects=PROJECTS + KEY_PROJECTS, observations=OBSERVATIONS + KEY_OBSERVATIONS
    )
    derived = named.key_project_investment(delivery)
    got = {(r.unit_code, r.year): (r.projects, r.invested) for r in derived.itertuples()}
    # 偃师: 30000 万元 = 3 亿元 (2017), 20000 = 2 (2018); 孟津: 0 (2017), 15000 = 1.5 (2018);
    # the city: 3 (2017), 2 + 1.5 = 3.5 (2018).
    assert got == {
        ("410381", 2017): (1, 3.0),
        ("410381", 2018): (1, 2.0),
        ("410322", 2017): (0, 0.0),
        ("410322", 2018): (1, 1.5),
        ("410300", 2017): (1, 3.0),
        ("410300", 2018): (2, 3.5),
    }
    obs, _ = processed.load(delivery)
    table = named.discrepancies(obs, delivery)
    key = table[table["indicator_id"] == "techup.key_project_investment"]
    assert key[["unit_code", "year", "reported", "named"]].values.tolist() == [
        ["410300", 2018, 4.2, 3.5],
        ["410322", 2017, 0.5, 0.0],
    ]
    city = key.iloc[0]["message"]
    assert city.startswith(
        "410300 2018 techup.key_project_investment: reported 4.2, key projects 3.5"
    )
    assert "甲重点技改（P4, 20000 万元）" in city and "戊重点技改（P5, 15000 万元）" in city


def test_reported_investment_equal_at_its_precision_is_no_discrepancy():
    from luoyang_analysis.gaps.registers import _same_as_reported

    # 12.26 亿元 derived: reported 12.3 (one decimal) agrees, 12 (whole) agrees, 12.2 does not.
    assert _same_as_reported(12.26, 12.3) and _same_as_reported(12.26, 12)
    assert not _same_as_reported(12.26, 12.2)
    # Half up, as 四舍五入: 2.5 reported as 3 agrees (banker's rounding would make it 2),
    # as 2 it does not; 3.5 against a reported 4.2 (one decimal) does not.
    assert _same_as_reported(2.5, 3) and not _same_as_reported(2.5, 2)
    assert not _same_as_reported(3.5, 4.2)
