"""The 扶持资金测算 report lists what a reader acts on; the workbook lists every item.

A small fixture, assessed as at 2019-12-31 with the text's parameters and the report's
top N set to 2, worked by hand below.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.policy import default_policy
from luoyang_analysis.gaps import subsidies as calc
from luoyang_analysis.presentation import subsidies
from luoyang_analysis.presentation.subsidies_workbook import workbook_bytes
from tests.unit.test_subsidies import project, projects

NO_DATES = {"completion_date": "", "commissioning_date": ""}
IN_2020 = {"completion_date": "2020-03-31", "commissioning_date": "2020-04-30"}
# Qualifying spending × 30%, capped at 1000:
#   410381: PA1 400 in production 2018 → due 120;
#           PA2 900 → pipeline 270 in 2020; PA3 1000 → pipeline 300, no date yet;
#   410322: PB1 4000 → 1200 capped to 1000, pipeline 2020; PB2 500 → 150, pipeline 2020;
#           PB3 200 → 60, pipeline, no date;
#           PC1–PC4 totals 480, 300, 450, 100 < 500 → excluded (below the threshold);
#           PF1 特别重大 → flagged (一事一议), not under the 30% rule.
ROWS = [
    project("PA1", "600", "400", county="410381"),
    project("PA2", "1000", "900", county="410381", **IN_2020),
    project("PA3", "2000", "1000", county="410381", **NO_DATES),
    project("PB1", "5000", "4000", county="410322", **IN_2020),
    project("PB2", "800", "500", county="410322", **IN_2020),
    project("PB3", "700", "200", county="410322", **NO_DATES),
    project("PC1", "480", "400", county="410322"),
    project("PC2", "300", "200", county="410322"),
    project("PC3", "450", "300", county="410322"),
    project("PC4", "100", "50", county="410322"),
    project("PF1", "120000", "60000", county="410322", special_major="是"),
]


@pytest.fixture()
def est(monkeypatch) -> subsidies.Estimate:
    monkeypatch.setattr(subsidies, "LARGEST", 2)
    settings = default_policy().settings()
    rows = calc.assess(projects(*ROWS), None, settings, dt.date(2019, 12, 31))
    return subsidies.Estimate(2019, "zh", settings, rows)


def cells(html: str) -> list[list[str]]:
    """The body rows of the tables in ``html`` as lists of cell texts."""
    body = "".join(re.findall(r"<tbody>(.*?)</tbody>", html, re.S))
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)]


def workbook(est) -> dict[str, list[tuple]]:
    wb = load_workbook(io.BytesIO(workbook_bytes(est)))
    return {ws.title: list(ws.iter_rows(min_row=2, values_only=True)) for ws in wb}


def test_pipeline_is_summed_per_county_and_year(est):
    frame = calc.pipeline_by_county_year(est.entitlements).set_index("county_code")
    # 410322: 2020 PB1 1000 + PB2 150 = 1150; no date PB3 60; 1210 in 3 items.
    # 410381: 2020 PA2 270; no date PA3 300; 570 in 2 items (PA1 is due).
    assert list(frame.columns) == [2020, "undated", "pipeline", "n_pipeline"]
    assert tuple(frame.loc["410322"]) == (1150, 60, 1210, 3)
    assert tuple(frame.loc["410381"]) == (270, 300, 570, 2)


def test_the_report_shows_the_top_n_where_the_workbook_lists_every_item(est):
    html = subsidies.pipeline_section(est)
    summary, top = html.split("<h3>", 1)
    assert cells(summary) == [
        ["410322 孟津县", "1,150.00", "60.00", "1,210.00", "3"],
        ["410381 偃师市", "270.00", "300.00", "570.00", "2"],
    ]
    # Top 2 of the 5 pipeline items: PB1 1000, then PA3 300 (PA2 270, PB2 150, PB3 60 left out).
    assert [row[0] for row in cells(top)] == ["PB1", "PA3"]
    assert "储备共 5 项，下表列金额最大的 2 项" in top
    sheet = workbook(est)["明细"]
    # Every row of the assessment: 10 projects under the 30% rule and PF1 under 一事一议.
    assert len(sheet) == 11
    # r[7]: the status, after the enterprise's code and name.
    assert sorted(r[1] for r in sheet if r[7] == "储备") == ["PA2", "PA3", "PB1", "PB2", "PB3"]


def test_largest_due_says_how_many_there_are(est):
    html = subsidies.largest_section(est)
    # Only PA1 is due: one of one shown.
    assert "应付共 1 项，下表列金额最大的 1 项" in html
    assert [row[0] for row in cells(html)] == ["PA1"]


def test_left_out_items_are_grouped_by_reason_with_a_count_and_three_examples(est):
    rows = cells(subsidies.excluded_section(est))
    # Two groups: PF1 alone under 一事一议; PC1–PC4 (4) below the threshold under the 30% rule,
    # the first 3 as examples.
    by_reason = {row[1]: row for row in rows}
    below = by_reason[i18n.text("subsidies.why_below_investment", "zh")]
    assert below[2] == "4"
    assert [e.split()[0] for e in below[3].split("；")] == ["PC1", "PC2", "PC3"]
    flagged = by_reason[i18n.text("subsidies.why_undecided", "zh")]
    assert (flagged[2], flagged[3]) == ("1", "PF1 项目PF1")
    assert len(rows) == 2


def test_the_report_names_the_workbook_and_its_sheets(est):
    html = subsidies.summary_section(est)
    assert "subsidies.xlsx" in html
    named = re.findall(r"「(.+?)」", html.split("subsidies.xlsx", 1)[1].split("</p>", 1)[0])
    assert set(named) <= set(workbook(est))
    assert {"明细", "按政策", "按县区", "按年度", "参数"} <= set(named)


def test_the_parameters_sheet_says_so_when_nothing_differs(est):
    assert workbook(est)["参数"] == [("全部参数按原文。", None, None)]
    what_if = default_policy().settings(["equipment.rate=0.25"])
    changed = subsidies.Estimate(2019, "zh", what_if, est.entitlements)
    # The text's 30% against this run's 25%.
    assert workbook(changed)["参数"] == [("equipment.rate", "0.3", "0.25")]


# ------------------------------------------------------------------ a county's section


def test_the_pipeline_table_says_not_set_where_a_project_has_no_completion_date(est):
    # Top 2 of the pipeline: PB1 (2020) and PA3 (no completion date: year not set).
    top = cells(subsidies.pipeline_section(est).split("<h3>", 1)[1])
    assert [(row[0], row[-2]) for row in top] == [("PB1", "2020"), ("PA3", "未定")]


def test_a_county_section_keeps_to_its_totals_its_largest_items_and_its_left_out_groups(est):
    html = subsidies.county_section(est.entitlements, "410322", "zh", dt.date(2019, 12, 31))
    parts = dict(part.split("</h3>", 1) for part in html.split("<h3>")[1:])
    # By year, due and pipeline only: 2020 PB1 1000 + PB2 150 = 1150 in 2 items; no date PB3 60
    # in 1 item; nothing due (PC1–PC4 excluded, PF1 flagged).
    assert cells(parts["按应付年份"]) == [
        ["2020", "0.00", "1,150.00", "0", "2"],
        ["未定", "0.00", "60.00", "0", "1"],
    ]
    assert "<p>无。</p>" in parts["金额最大的应付项目和销售"]
    # Top 2 of the 30% rule's 3 pipeline items: PB1 1000, PB2 150 (PB3 60 left out).
    rule = default_policy().rule("equipment").name("zh")
    assert (
        "储备共 3 项，下表每项政策列金额最大的至多 2 项（共 2 项）"
        in parts["金额最大的储备项目和销售"]
    )
    assert [row[0] for row in cells(parts[rule])] == ["PB1", "PB2"]
    # Left out, grouped: PC1–PC4 below the threshold (4), PF1 一事一议 (1).
    left = {row[1]: row[2] for row in cells(parts["未计入合计的项目及原因"])}
    assert left == {
        i18n.text("subsidies.why_below_investment", "zh"): "4",
        i18n.text("subsidies.why_undecided", "zh"): "1",
    }
    # No other county's items; the workbook's sheet and the filter to use.
    assert "PA" not in html
    assert "工作表「明细」中按「县（市、区）」列筛选「410322 孟津县」" in html
