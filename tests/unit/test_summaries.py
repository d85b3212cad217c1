"""reports/<year>/summary.xlsx: one sheet per plan with every unit's gap rows, and a provenance sheet.

The workbook is built from a small hand-made gap table and opened again with
openpyxl; every expected cell is read off that table by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import math

import pytest
from openpyxl import load_workbook

from luoyang_analysis import __version__
from luoyang_analysis.batch.summaries import SUMMARY_COLUMNS, summary_workbook_bytes
from tests.helpers import gap_table

NAN = math.nan
SHA = "ab" * 32
MANIFEST = {
    "illustrative": True,
    "data": "data/raw/sample",
    "files": [{"path": "data/raw/sample/observations.csv", "sha256": SHA}],
}
# The plans' short names in targets.yaml, in its order: one sheet each, then the provenance.
SHEETS = ["化解过剩产能", "工业绿色化改造", "工业智能化改造", "企业技术改造", "来源 provenance"]

ROWS = [
    {
        "unit_code": "410323",
        "unit_name_zh": "新安县",
        "plan": "capacity",
        "indicator_id": "capacity.coal_mines_closed",
        "name_zh": "关闭煤矿",
        "year": 2018,
        "target_year": 2018,
        "target_value": 4.0,
        "target_kind": "milestone",
        "actual_value": 5.0,
        "gap": -1.0,
        "completion_rate": 1.25,
        "status": "achieved",
        "status_zh": "已完成",
        "responsible_units": "市煤炭局",
    },
    {
        "unit_code": "410300",
        "unit_name_zh": "洛阳市",
        "plan": "green",
        "indicator_id": "green.recycling_parks",
        "name_zh": "静脉产业园",
        "year": 2018,
        "target_kind": "milestone",
        "status": "no_data",
        "status_zh": "无数据",
    },
    {
        "unit_code": "410325",
        "unit_name_zh": "嵩县",
        "plan": "capacity",
        "indicator_id": "capacity.motors_retired",
        "name_zh": "淘汰电机",
        "year": 2018,
        "target_kind": "contribution",
        "actual_value": 3.0,
        "contribution_share": 0.0375,
        "status": "no_target",
        "status_zh": "无目标",
        "note": "示例：说明",
    },
]


@pytest.fixture
def workbook(monkeypatch):
    # 1514764800 s after 1970-01-01 UTC = 17532 days × 86400 = 2018-01-01 00:00:00 UTC
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1514764800")
    data = summary_workbook_bytes(gap_table(ROWS), MANIFEST, 2018)
    return load_workbook(io.BytesIO(data))


def values(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_one_sheet_per_plan_then_the_provenance(workbook):
    assert workbook.sheetnames == SHEETS


def test_each_plan_sheet_holds_that_plan_s_rows_in_the_summary_columns(workbook):
    capacity = values(workbook["化解过剩产能"])
    assert capacity[0] == SUMMARY_COLUMNS
    assert capacity[0][:3] == ["unit_code", "unit_name_zh", "indicator_id"]
    # The two capacity rows (1st and 3rd of the table), in the table's order.
    assert len(capacity) == 1 + 2
    got = [dict(zip(capacity[0], r, strict=True)) for r in capacity[1:]]
    assert got[0]["unit_code"] == "410323"  # kept as text, not the number 410323
    assert (got[0]["indicator_id"], got[0]["target_value"], got[0]["actual_value"]) == (
        "capacity.coal_mines_closed",
        4,
        5,
    )
    assert (got[0]["gap"], got[0]["completion_rate"], got[0]["status_zh"]) == (-1, 1.25, "已完成")
    assert got[0]["contribution_share"] is None  # NaN is an empty cell
    assert (got[1]["unit_name_zh"], got[1]["contribution_share"], got[1]["note"]) == (
        "嵩县",
        0.0375,
        "示例：说明",
    )
    # green: only the city's row; smart and techup: the header alone
    green = values(workbook["工业绿色化改造"])
    assert [r[0] for r in green[1:]] == ["410300"]
    assert values(workbook["工业智能化改造"]) == [SUMMARY_COLUMNS]
    assert values(workbook["企业技术改造"]) == [SUMMARY_COLUMNS]
    assert workbook["化解过剩产能"].freeze_panes == "C2"  # codes and names stay in view


def test_provenance_sheet_says_what_the_figures_came_from(workbook):
    rows = values(workbook["来源 provenance"])
    assert rows[0] == ["item", "value"]
    about = {item: value for item, value in rows[1:]}
    assert about["说明"] == "示例数据（非官方统计）"  # MANIFEST is illustrative
    assert about["year"] == 2018
    assert about["data"] == "data/raw/sample"
    assert about["package_version"] == __version__
    assert about["generated"] == "2018-01-01T00:00:00+00:00"
    assert about["sha256 data/raw/sample/observations.csv"] == SHA


def test_the_workbook_s_own_dates_do_not_follow_the_clock(workbook):
    # created: SOURCE_DATE_EPOCH 1514764800 = 2018-01-01 00:00 UTC (see the fixture);
    # modified: the notice's date 2017-08-29, fixed by files.fixed_zip_times (openpyxl would
    # write the time of saving there)
    assert workbook.properties.created == dt.datetime(2018, 1, 1)
    assert workbook.properties.modified == dt.datetime(2017, 8, 29)


def test_official_data_is_labelled_as_such(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1514764800")
    data = summary_workbook_bytes(gap_table(ROWS), {**MANIFEST, "illustrative": False}, 2018)
    about = dict(values(load_workbook(io.BytesIO(data))["来源 provenance"])[1:])
    assert about["说明"] == "正式数据"


def test_same_inputs_same_bytes(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1514764800")
    first = summary_workbook_bytes(gap_table(ROWS), MANIFEST, 2018)
    assert summary_workbook_bytes(gap_table(ROWS), MANIFEST, 2018) == first
