"""What the reports and summary.xlsx say about readings, 基本 and whose target (issue 9).

A small hand-made gap table (the engine's columns; tests.helpers.gap_table); every
expected cell is read off it by hand.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from luoyang_analysis.batch.summaries import SUMMARY_COLUMNS, summary_workbook_bytes
from luoyang_analysis.catalogue.targets import default_catalogue
from luoyang_analysis.presentation import assessment, style
from tests.helpers import gap_table, html_rows

YANSHI = "410381"
BASE = {"unit_code": YANSHI, "unit_name_zh": "偃师市", "unit_name_en": "Yanshi City", "year": 2018}
ROWS = [
    # 1 a county rate against the city's target, flipped by county_not_bound
    {
        **BASE,
        "plan": "techup",
        "indicator_id": "techup.investment_share",
        "name_zh": "技改投资占比",
        "name_en": "Upgrading share",
        "unit_of_measure": "%",
        "unit_of_measure_en": "%",
        "target_year": 2018,
        "target_value": 25.0,
        "target_kind": "milestone",
        "target_source": "city_target",
        "comparison": "at_least",
        "actual_value": 20.0,
        "status": "not_achieved",
        "status_zh": "未完成",
        "alt_reading": "county_not_bound",
        "alt_status": "no_target",
        "alt_status_zh": "无目标",
        "reading_sensitive": True,
    },
    # 2 smart factories: 2 cultivated since 2017, the 2016 stock of 3 shown, not counted;
    #   an allocated target of 4
    {
        **BASE,
        "plan": "smart",
        "indicator_id": "smart.smart_factories",
        "name_zh": "智能工厂",
        "name_en": "Smart factories",
        "unit_of_measure": "个",
        "unit_of_measure_en": "factories",
        "target_year": 2018,
        "target_value": 4.0,
        "target_kind": "milestone",
        "target_source": "allocation",
        "comparison": "at_least",
        "actual_value": 2.0,
        "opening_stock": 3.0,
        "status": "not_achieved",
        "status_zh": "未完成",
        "alt_reading": "yearly",
        "alt_status": "not_achieved",
        "alt_status_zh": "未完成",
        "reading_sensitive": False,
    },
    # 3 basically achieved, no alternative
    {
        **BASE,
        "plan": "green",
        "indicator_id": "green.mandatory_audit_coverage",
        "name_zh": "强制性审核覆盖",
        "name_en": "Audit coverage",
        "unit_of_measure": "%",
        "unit_of_measure_en": "%",
        "target_year": 2018,
        "target_value": 100.0,
        "target_kind": "milestone",
        "target_source": "city_target",
        "comparison": "at_least",
        "actual_value": 96.0,
        "status": "basically_achieved",
        "status_zh": "基本完成",
    },
]


@pytest.fixture
def gaps():
    return gap_table(ROWS)


def test_the_plan_table_marks_a_verdict_that_depends_on_the_reading(gaps):
    cat = default_catalogue()
    cells = html_rows(assessment.plan_table_html(gaps, cat, "techup", "zh"))[1]
    # name, target, actual, gap, rate, status, pace, department
    # the name, then the status under the other reading; the status cell keeps its badge
    assert cells[0].endswith("※另一理解：无目标")
    assert "参照全市目标" in cells[1]  # row 1 is measured against the city's target
    assert cells[5] == "未完成"
    # Row 2 has an alternative that does not change its status: no mark.
    cells = html_rows(assessment.plan_table_html(gaps, cat, "smart", "zh"))[1]
    assert "※" not in "".join(cells)
    assert "参照全市目标" not in cells[1]  # its own allocated target
    assert cells[2] == "2 个期初存量 3 个（不计入）"  # the 2016 stock shown, not counted


def test_the_summary_lists_the_verdicts_that_depend_on_the_reading(gaps):
    html = assessment.readings_html(gaps, default_catalogue(), "zh")
    # Only row 1 is flipped; its reading described from the catalogue.
    assert html.count("<li>") == 1
    assert "技改投资占比（2018年目标）：按目录的理解为未完成，按另一理解为无目标" in html
    en = assessment.readings_html(gaps, default_catalogue(), "en")
    assert "Upgrading share (2018 target): Not achieved as the catalogue reads it" in en
    # Without a flipped row it says so.
    none = assessment.readings_html(gaps.drop(index=0), default_catalogue(), "zh")
    assert "没有随理解不同而改变的结论" in none


def test_the_summary_counts_basically_achieved_and_whose_targets(gaps):
    html = assessment.summary_html(gaps, "zh")
    # basically achieved: row 3 = 1; own (allocated): row 2 = 1; city's target: rows 1, 3 = 2
    assert "基本完成：1；本单位分解目标：1；参照全市目标：2" in html


def test_basically_achieved_has_labels_and_a_colour_of_its_own():
    assert assessment.status_label("basically_achieved", "zh") == "基本完成"
    assert assessment.status_label("basically_achieved", "en") == "Basically achieved"
    colour = style.status_colour("basically_achieved")
    assert colour not in (style.BLANK, style.status_colour("achieved"))


def test_summary_workbook_has_the_alternative_status(gaps, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1514764800")
    wb = load_workbook(io.BytesIO(summary_workbook_bytes(gaps, {}, 2018)))
    rows = list(wb["企业技术改造"].iter_rows(values_only=True))
    record = dict(zip(SUMMARY_COLUMNS, rows[1], strict=True))
    assert (record["alt_reading"], record["alt_status_zh"], record["reading_sensitive"]) == (
        "county_not_bound",
        "无目标",
        True,
    )
    assert record["target_source"] == "city_target"
