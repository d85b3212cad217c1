"""The gap engine reads the text as the catalogue says (issue 9): new versus held, the
alternative readings and their sensitivity, 基本, every unit and member, whose target.

Each expected value is worked out by hand from the quoted sentence and the input.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from luoyang_analysis import gaps
from luoyang_analysis.catalogue.units import CITY_CODE, counties_2017
from luoyang_analysis.gaps import metrics
from tests.helpers import obs, row

CITY = CITY_CODE
YANSHI = "410381"  # 偃师市
SONG = "410325"  # 嵩县


# --------------------------------------------------------------------------- new versus held


def test_a_new_count_leaves_the_opening_stock_out():
    # 「2017 年，培育 4 个智能工厂」 (counts: new): 3 factories recognised before 2017 (the 2016
    # stock) and 2 in 2017 give 2 of 4, not 5 of 4. Gap 4 − 2 = 2; completion 2/4 = 0.5.
    o = obs((CITY, "smart.smart_factories", {2016: 3, 2017: 2}))
    r = row(o, "smart.smart_factories", 2017)
    assert (r.actual_value, r.target_value, r.gap, r.completion_rate) == (2, 4, 2, 0.5)
    assert (r.status, r.status_zh) == ("not_achieved", "未完成")
    assert r.opening_stock == 3  # shown for context
    assert "opening stock excluded" in r.note_en


def test_a_held_count_counts_the_opening_stock():
    # 「两化融合管理体系贯标企业达到 7 家」 (counts: held): 5 held at the end of 2016 and 2
    # certified in 2017 hold 5 + 2 = 7 ≥ 7: achieved; no opening stock column (it is counted).
    o = obs((CITY, "smart.integration_certified", {2016: 5, 2017: 2}))
    r = row(o, "smart.integration_certified", 2017)
    assert (r.actual_value, r.status) == (7, "achieved")
    assert math.isnan(r.opening_stock)


# --------------------------------------------------------------------------- readings


def test_yearly_reading_of_the_smart_factory_series_is_flagged_where_it_flips():
    # 「培育 4 个」(2017) … 「培育 7 个」(2018): default running totals since 2017, alternative
    # `yearly` (each year's own figure). Flows 2017 4, 2018 4.
    o = obs((CITY, "smart.smart_factories", {2017: 4, 2018: 4}))
    # 2017: 4 ≥ 4 either way: not sensitive, the alternative named with the same status.
    r = row(o, "smart.smart_factories", 2017)
    assert (r.status, r.alt_reading, r.alt_status, bool(r.reading_sensitive)) == (
        "achieved",
        "yearly",
        "achieved",
        False,
    )
    # 2018: running total 4 + 4 = 8 ≥ 7 achieved; the year's own 4 < 7 not achieved: flagged.
    r = row(o, "smart.smart_factories", 2018)
    assert (r.status, r.alt_reading, r.alt_status) == ("achieved", "yearly", "not_achieved")
    assert (bool(r.reading_sensitive), r.alt_status_zh) == (True, "未完成")


def test_first_sets_with_those_certified_before_2017():
    # 「2020年，力争累计50台（套）通过省级认定」: default from 2017 (10 + 10 + 10 + 15 = 45 < 50,
    # not achieved); `with_earlier` counts the 2016 stock of 8 too: 8 + 45 = 53 ≥ 50, achieved.
    o = obs(
        (CITY, "techup.first_sets_certified", {2016: 8, 2017: 10, 2018: 10, 2019: 10, 2020: 15})
    )
    r = row(o, "techup.first_sets_certified", 2020)
    assert (r.actual_value, r.status) == (45, "not_achieved")
    assert (r.alt_reading, r.alt_status, bool(r.reading_sensitive)) == (
        "with_earlier",
        "achieved",
        True,
    )


def test_one_cloud_platform_in_all_or_one_of_each():
    # 「2017年，建设不低于1家…第三方云平台和供应链云平台」: 1 platform built in 2017 meets
    # "at least 1" (default) but not "one of each" (at least 2 in all): flagged.
    o = obs((CITY, "smart.cloud_platforms", {2016: 0, 2017: 1}))
    r = row(o, "smart.cloud_platforms", 2017)
    assert (r.status, r.alt_reading, r.alt_status) == ("achieved", "one_of_each", "not_achieved")
    assert bool(r.reading_sensitive)


def test_a_city_rate_applied_to_a_county_or_binding_the_city_only():
    # 技改投资占工业投资比重 2018 ≥ 25% (a city-wide share): 偃师市 reports 20 < 25, not
    # achieved against the city's target (参照全市目标); under `county_not_bound` the county
    # has no target of its own (no_target): the verdict depends on the reading.
    o = obs((YANSHI, "techup.investment_share", {2018: 20}))
    r = row(o, "techup.investment_share", 2018, unit=YANSHI)
    assert (r.target_source, r.status) == ("city_target", "not_achieved")
    assert (r.alt_reading, r.alt_status, bool(r.reading_sensitive)) == (
        "county_not_bound",
        "no_target",
        True,
    )


def test_a_target_without_alternatives_has_none():
    o = obs((CITY, "capacity.coal_mines_closed", {2017: 25}))
    r = row(o, "capacity.coal_mines_closed", 2017)
    assert (r.alt_reading, r.alt_status, bool(r.reading_sensitive)) == ("", "", False)


# --------------------------------------------------------------------------- 基本


@pytest.mark.parametrize(
    ("coverage", "status", "label"),
    [
        (96, "basically_achieved", "基本完成"),  # 96 ≥ 0.95 × 100 = 95, < 100
        (100, "achieved", "已完成"),  # the target itself
        (95, "basically_achieved", "基本完成"),  # the threshold itself: 95 ≥ 95
        (90, "not_achieved", "未完成"),  # 90 < 95
    ],
)
def test_basically_full_coverage(coverage, status, label):
    # 「2018年基本实现钢铁、有色、建材、化工等行业重点企业强制性清洁生产审核全覆盖。」
    ind = "green.mandatory_audit_coverage"
    r = row(obs((CITY, ind, {2018: coverage})), ind, 2018)
    assert (r.status, r.status_zh) == (status, label)
    assert r.status_en == {"basically_achieved": "Basically achieved"}.get(status, r.status_en)


def test_only_a_target_that_says_basically_can_be_basically_achieved():
    # 危化品生产企业搬迁改造 2017 ≥ 20% (no 基本): 19.5 ≥ 0.95 × 20 = 19 but < 20: not achieved.
    ind = "green.hazchem_relocation_share"
    r = row(obs((CITY, ind, {2017: 19.5})), ind, 2017)
    assert r.status == "not_achieved"


# --------------------------------------------------------------------------- corrections


def test_one_bulletin_in_2017_is_achieved():
    # 「领导小组每半年通报一次…」: issued in September 2017, one half-year left: 1 ≥ 1.
    ind = "techup.key_project_bulletins"
    assert row(obs((CITY, ind, {2017: 1})), ind, 2017).status == "achieved"
    # 2018: every half-year, 2 a year: 1 < 2 not achieved.
    assert row(obs((CITY, ind, {2018: 1})), ind, 2018).status == "not_achieved"


def test_six_benchmark_enterprises_are_not_a_failure():
    # 「按年度筛选 5 大技术改造标杆企业」: at least 5; 6 ≥ 5 achieved.
    ind = "techup.benchmark_enterprises"
    assert row(obs((CITY, ind, {2019: 6})), ind, 2019).status == "achieved"


PROGRESS = "techup.progress_reports"
COUNTIES = [u.code for u in counties_2017()]  # 15 in 2017
# 「各县（市、区）和领导小组成员单位每年向领导小组汇报一次」: the member units are the city units
# of the 责任单位 line: 工业和信息化委、发展改革委、科技局、财政局、统计局、环保局、国土资源局、
# 安全监管局、市政府国资委、市政府金融办 = 10. The city's own row gives how many reported.
MEMBERS = 10


def reports(missing: tuple[str, ...] = (), members: int | None = MEMBERS) -> pd.DataFrame:
    series = [(c, PROGRESS, {2018: 0 if c in missing else 1}) for c in COUNTIES]
    if members is not None:
        series.append((CITY, PROGRESS, {2018: members}))
    return obs(*series)


def test_every_county_and_member_unit_reported():
    # 15 counties + 10 member units = 25 of 25: achieved.
    r = row(reports(), PROGRESS, 2018)
    assert (r.target_value, r.actual_value, r.gap, r.status) == (25, 25, 0, "achieved")


def test_one_county_missing_fails_the_city_row_and_is_named():
    # 14 of 15 counties (嵩县 reported 0) + 10 members = 24 of 25: not achieved, 嵩县 named.
    r = row(reports(missing=(SONG,)), PROGRESS, 2018)
    assert (r.actual_value, r.gap, r.status) == (24, 1, "not_achieved")
    assert r.completion_rate == pytest.approx(24 / 25)
    assert "未汇报：嵩县" in r.note
    assert "did not report: Song County" in r.note_en
    # The county's own row: 0 < 1, not achieved against the figure every county must meet.
    c = row(reports(missing=(SONG,)), PROGRESS, 2018, unit=SONG)
    assert (c.target_source, c.status) == ("city_target", "not_achieved")


def test_a_member_unit_missing_fails_the_city_row():
    # 15 counties + 9 of 10 members = 24 of 25: not achieved; the data do not name the unit.
    r = row(reports(members=9), PROGRESS, 2018)
    assert (r.actual_value, r.status) == (24, "not_achieved")
    assert "9 of 10 member units" in r.note_en
    # No figure for the member units and every county reported: not known, no_data.
    r = row(reports(members=None), PROGRESS, 2018)
    assert r.status == "no_data"


# --------------------------------------------------------------------------- whose target


def test_county_rows_say_whose_target_and_the_summary_counts_them(tmp_path):
    # 偃师市: investment share 2018 (a city-wide rate, no allocation) is measured against the
    # city's target; an allocation file gives it 10% reduction of energy intensity by 2018.
    o = obs(
        (YANSHI, "techup.investment_share", {2018: 30}),
        (YANSHI, "green.energy_intensity", {2016: 1.0, 2018: 0.88}),
    )
    alloc = pd.DataFrame(
        {
            "unit_code": [YANSHI],
            "indicator_id": ["green.energy_intensity_reduction"],
            "year": [2018],
            "target_value": [10.0],
        }
    )
    frame = gaps.compute_gaps(o, YANSHI, 2018, allocations=alloc)
    share = frame[frame["indicator_id"] == "techup.investment_share"].iloc[0]
    red = frame[frame["indicator_id"] == "green.energy_intensity_reduction"].iloc[0]
    # 30 ≥ 25 against the city's target; (1 − 0.88)·100 = 12 ≥ 10 against its own.
    assert (share.target_source, share.status) == ("city_target", "achieved")
    # Under county_not_bound it would have no target: an achievement stays one, not flagged.
    assert (share.alt_status, bool(share.reading_sensitive)) == ("no_target", False)
    assert (red.target_source, red.target_value, red.status) == ("allocation", 10, "achieved")
    # The summary counts them apart: of these two rows, 1 its own, 1 against the city's.
    counts = metrics.reading_counts(frame.loc[[share.name, red.name]])
    assert (counts["own_targets"], counts["city_rate_targets"]) == (1, 1)
