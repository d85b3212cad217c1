"""What the county and city reports show: status counts, the county ranking, the summary tables.

One small gap table, written by hand below (four counties and the city, 2018),
and every expected figure worked out from it by hand in the comments; never
copied from the program's output.
"""

from __future__ import annotations

import math

import pytest

from luoyang_analysis.catalogue.targets import default_catalogue
from luoyang_analysis.presentation import assessment
from tests.helpers import gap_table, html_rows

XINAN, LUOLONG, YANSHI, SONG, CITY = "410323", "410311", "410381", "410325", "410300"
UNITS = {
    XINAN: ("新安县", "Xin'an County"),
    LUOLONG: ("洛龙区", "Luolong District"),
    YANSHI: ("偃师市", "Yanshi City"),
    SONG: ("嵩县", "Song County"),
    CITY: ("洛阳市", "Luoyang City"),
}
NAN = math.nan


def row(unit, plan, ind, name, kind, status, rate=NAN, of=None, dept="") -> dict:
    """One gap row; ``of`` = (target, actual, unit zh, unit en) of an "at least" count."""
    zh, en = UNITS[unit]
    counted = {}
    if of:
        target, actual, unit_zh, unit_en = of
        counted = {
            "comparison": "at_least",
            "target_value": float(target),
            "actual_value": float(actual),
            "gap": float(target - actual),
            "unit_of_measure": unit_zh,
            "unit_of_measure_en": unit_en,
        }
    return {
        "unit_code": unit,
        "unit_name_zh": zh,
        "unit_name_en": en,
        "year": 2018,
        "target_year": 2018,
        "plan": plan,
        "indicator_id": f"{plan}.{ind}",
        "name_zh": name,
        "name_en": ind,
        "target_kind": kind,
        "status": status,
        "completion_rate": rate,
        "responsible_units": dept,
        **counted,
    }


# Numbered for the comments below. Assessed = target_kind milestone, interim or standing.
ROWS = [
    #  1 新安县: achieved, completion 125% (capped at 100% in the ranking)
    row(XINAN, "capacity", "coal_mines_closed", "关闭煤矿", "milestone", "achieved", 1.25),
    #  2 新安县: not achieved, 2 of 4 = 50%
    row(XINAN, "green", "demo_enterprises", "绿色示范企业", "milestone", "not_achieved", 0.5,
        of=(4, 2, "家", "enterprises"), dept="市工业和信息化委"),
    #  3 新安县: a contribution to a city target, not assessed
    row(XINAN, "techup", "key_project_investment", "重点项目投资", "contribution", "no_target"),
    #  4, 5 洛龙区: on track, 75% each
    row(LUOLONG, "smart", "smart_factories", "智能工厂", "interim", "on_track", 0.75),
    row(LUOLONG, "smart", "smart_workshops", "智能车间", "standing", "on_track", 0.75),
    #  6 偃师市: achieved, 100%
    row(YANSHI, "capacity", "coal_mines_closed", "关闭煤矿", "milestone", "achieved", 1.0),
    #  7 偃师市: on track, 62.5%
    row(YANSHI, "smart", "smart_workshops", "智能车间", "interim", "on_track", 0.625),
    #  8 偃师市: limited progress, 5 of 8 = 62.5%; a name that must be escaped
    row(YANSHI, "green", "recycling_parks", "静脉产业园<区>", "milestone", "limited_progress",
        0.625, of=(8, 5, "个", "parks"), dept="市环保局，各县（市、区）人民政府"),
    #  9 嵩县: needs acceleration, 4 of 10 = 40%
    row(SONG, "techup", "upgrade_projects", "技改项目", "milestone", "needs_acceleration", 0.4,
        of=(10, 4, "个", "projects"), dept="市工业和信息化委、发展改革委"),
    # 10 嵩县: deterioration, no completion rate
    row(SONG, "green", "energy_intensity", "能耗强度下降", "standing", "deterioration",
        dept="市发展改革委、工业和信息化委"),
    # 11 嵩县: no data
    row(SONG, "smart", "integration_certified", "贯标企业", "milestone", "no_data"),
    # 12 嵩县: no target this year, not assessed
    row(SONG, "techup", "benchmark_enterprises", "标杆企业", "none", "no_target"),
    # 13 the city: achieved; counted in the status counts, never in the county ranking
    row(CITY, "capacity", "coal_mines_closed", "关闭煤矿", "milestone", "achieved", 1.0),
]  # fmt: skip


@pytest.fixture
def gaps():
    return gap_table(ROWS)


def body(html: str) -> list[list[str]]:
    """The table's rows without its header row."""
    return html_rows(html)[1:]


# ----------------------------------------------------------------------------- status counts


def test_status_counts(gaps):
    # assessed: rows 1,2 + 4,5 + 6,7,8 + 9,10,11 + 13 = 11 (3 and 12 are not assessed)
    # achieved: 1, 6, 13 = 3;  on track: 4, 5, 7 = 3
    # behind: 2 not achieved, 8 limited progress, 9 needs acceleration, 10 deterioration = 4
    # no data: 11 = 1;  contributions: 3 = 1.  Check: 3 + 3 + 4 + 1 = 11.
    assert assessment.status_counts(gaps) == {
        "assessed": 11,
        "achieved": 3,
        "on_track": 3,
        "behind": 4,
        "no_data": 1,
        "contribution": 1,
    }


def test_assessed_keeps_milestone_interim_and_standing_rows(gaps):
    # rows 3 (contribution) and 12 (none) drop out: 13 - 2 = 11 rows
    assert len(assessment.assessed(gaps)) == 11
    assert set(assessment.assessed(gaps)["target_kind"]) == {"milestone", "interim", "standing"}


# ----------------------------------------------------------------------------- county ranking


def test_county_scores_rank_by_capped_mean_completion_then_achieved_then_code(gaps):
    scores = assessment.county_scores(gaps)
    # 新安县 410323: rates min(1.25, 1) = 1 and 0.5 -> (1 + 0.5) / 2 = 0.75; 1 achieved, 1 behind
    # 偃师市 410381: (1 + 0.625 + 0.625) / 3 = 2.25 / 3 = 0.75; 1 achieved, 1 behind (row 8)
    # 洛龙区 410311: (0.75 + 0.75) / 2 = 0.75; 0 achieved
    # 嵩县 410325: only row 9 has a rate -> 0.4; 0 achieved; 2 behind (rows 9, 10)
    # Three tie at 0.75: more achieved first (新安, 偃师 before 洛龙), then code (410323 < 410381).
    # The city (row 13) is not ranked.
    assert scores[["rank", "unit_code", "assessed", "achieved", "behind"]].values.tolist() == [
        [1, XINAN, 2, 1, 1],
        [2, YANSHI, 3, 1, 1],
        [3, LUOLONG, 2, 0, 0],
        [4, SONG, 3, 0, 2],
    ]
    assert scores["mean_completion"].tolist() == pytest.approx([0.75, 0.75, 0.75, 0.4])


def test_county_scores_of_a_table_without_counties_is_empty(gaps):
    assert assessment.county_scores(gaps[gaps["unit_code"] == CITY]).empty


def test_ranking_html_shows_the_ranking_as_rows(gaps):
    # rank, unit, assessed, achieved, behind, mean completion as a percentage with one decimal
    assert body(assessment.ranking_html(gaps, "zh")) == [
        ["1", "新安县", "2", "1", "1", "75.0%"],
        ["2", "偃师市", "3", "1", "1", "75.0%"],
        ["3", "洛龙区", "2", "0", "0", "75.0%"],
        ["4", "嵩县", "3", "0", "2", "40.0%"],
    ]
    en = body(assessment.ranking_html(gaps, "en"))
    assert [r[1] for r in en] == ["Xin'an County", "Yanshi City", "Luolong District", "Song County"]


# ----------------------------------------------------------------------------- summary tables


def test_summary_html_shows_the_counts(gaps):
    html = assessment.summary_html(gaps, "zh")
    # The five figures in order: assessed, achieved, on track, behind, no data (see status counts)
    figures = [
        int(part.split(">", 1)[1].split("<", 1)[0]) for part in html.split('class="kpi-n"')[1:]
    ]
    assert figures == [11, 3, 3, 4, 1]
    assert "：1</p>" in html  # one contribution (row 3)
    # Without the contribution row there is no contributions line.
    assert "</p>" not in assessment.summary_html(gaps.drop(index=2), "zh")


def test_by_plan_html_counts_each_plan(gaps):
    rows = body(assessment.by_plan_html(gaps, default_catalogue(), "zh"))
    # columns: plan, assessed, achieved, on track, behind, no data, contributions
    assert rows == [
        # capacity: rows 1, 6, 13, all achieved
        ["洛阳市化解过剩产能攻坚方案", "3", "3", "0", "0", "0", "0"],
        # green: rows 2 (not achieved), 8 (limited progress), 10 (deterioration): all behind
        ["洛阳市推进工业绿色化改造攻坚方案", "3", "0", "0", "3", "0", "0"],
        # smart: rows 4, 5, 7 on track, 11 no data
        ["洛阳市推进工业智能化改造攻坚方案", "4", "0", "3", "0", "1", "0"],
        # techup: row 9 behind; row 3 a contribution; row 12 not assessed
        ["洛阳市推进企业技术改造攻坚方案", "1", "0", "0", "1", "0", "1"],
    ]


def test_largest_gaps_html_lists_the_lowest_completion_first(gaps):
    html = assessment.largest_gaps_html(gaps, n=3, lang="zh")
    rows = body(html)
    # Behind rows: 9 (40%), 2 (50%), 8 (62.5%), 10 (no rate: last). The first three:
    assert [r[0] for r in rows] == ["技改项目", "绿色示范企业", "静脉产业园<区>"]
    # indicator, target (≥ value unit, then the year), actual, gap, completion
    assert rows[0][:5] == ["技改项目", "≥ 10 个2018年", "4 个", "6 个", "40.0%"]
    assert rows[1][:5] == ["绿色示范企业", "≥ 4 家2018年", "2 家", "2 家", "50.0%"]
    assert rows[2][4] == "62.5%"
    assert "静脉产业园&lt;区&gt;" in html and "<区>" not in html
    # n = 5 takes in row 10 as well, last since it has no completion rate
    assert [r[0] for r in body(assessment.largest_gaps_html(gaps, n=5))][-1] == "能耗强度下降"


def test_largest_gaps_and_departments_say_so_when_nothing_is_behind(gaps):
    achieved = gaps[gaps["status"] == "achieved"]
    for html in (
        assessment.largest_gaps_html(achieved, lang="zh"),
        assessment.departments_html(achieved, lang="zh"),
    ):
        assert html.startswith("<p>") and "<table" not in html


def test_departments_html_counts_open_targets_per_department(gaps):
    html = assessment.departments_html(gaps, "zh")
    # Open (behind) rows and their departments, the 市 of a list's first name carried over:
    #   2 绿色示范企业: 市工业和信息化委
    #   8 静脉产业园<区>: 市环保局 / 各县（市、区）人民政府
    #   9 技改项目: 市工业和信息化委, 市发展改革委
    #  10 能耗强度下降: 市发展改革委, 市工业和信息化委
    # Most targets first, then by name (各 U+5404 sorts before 市 U+5E02).
    assert body(html) == [
        ["市工业和信息化委", "3", "绿色示范企业、技改项目、能耗强度下降"],
        ["市发展改革委", "2", "技改项目、能耗强度下降"],
        ["各县（市、区）人民政府", "1", "静脉产业园<区>"],
        ["市环保局", "1", "静脉产业园<区>"],
    ]
    assert "<区>" not in html
