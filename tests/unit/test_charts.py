"""The data each chart plots (lines' points, the heatmap's array), not its pixels.

Expected values come from the source text (the targets) or from the small
hand-made tables below (the actuals and statuses), worked out by hand.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

from luoyang_analysis.catalogue.targets import default_catalogue
from luoyang_analysis.presentation import charts
from tests.helpers import gap_table

XINAN, SONG, CITY = "410323", "410325", "410300"
NAN = math.nan


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def visible(fig) -> list:
    return [ax for ax in fig.axes if ax.get_visible()]


def test_target_paths_plot_the_milestones_of_the_text():
    fig = charts.target_paths(default_catalogue(), "smart", "zh")
    # 洛政办〔2017〕78号, the smart plan's goals:
    #   2017年，培育 4 个智能工厂、7 个智能车间，建设 4 个服务型制造示范企业（平台），
    #          两化融合管理体系贯标企业达到 7 家、对标企业达到 67 家。
    #   2018年，… 7 个、14 个、7 个、14 家、140 家。    2020年，… 14 个、34 个、14 个、34 家、335 家。
    # Indicators with one target year (cloud platforms 2017, solution providers and the cluster
    # 2020) or one value every year (the yearly seminar) are left out: five charts remain.
    axes = visible(fig)
    assert [ax.lines[0].get_ydata().tolist() for ax in axes] == [
        [4, 7, 14],
        [7, 14, 34],
        [4, 7, 14],
        [7, 14, 34],
        [67, 140, 335],
    ]
    assert all(ax.lines[0].get_xdata().tolist() == [2017, 2018, 2020] for ax in axes)
    assert axes[0].get_title().startswith("智能工厂")
    assert len(fig.axes) == 6  # a 2 × 3 grid, the sixth cell hidden


def history_rows() -> list[dict]:
    """新安县's smart factories 2016–2019 and two rows that must not be drawn."""

    def row(year, actual, expected, kind="milestone", ind="smart.smart_factories", plan="smart"):
        return {
            "unit_code": XINAN,
            "year": year,
            "plan": plan,
            "indicator_id": ind,
            "target_kind": kind,
            "actual_value": actual,
            "expected_value": expected,
        }

    return [
        row(2016, 1.0, NAN, kind="none"),
        row(2017, 3.0, 2.0),
        row(2018, 5.0, 4.0),
        row(2019, 9.0, 5.0, kind="interim"),  # after the report's year: not drawn
        # a contribution only in 2018: no chart of its own
        row(2018, 2.0, NAN, kind="contribution", ind="smart.smart_workshops"),
        # another plan
        row(2018, 1.0, NAN, ind="capacity.coal_mines_closed", plan="capacity"),
    ]


def test_indicator_paths_plot_actual_expected_and_targets_up_to_the_year():
    fig = charts.indicator_paths(
        gap_table(history_rows()), default_catalogue(), "smart", 2018, "zh"
    )
    axes = visible(fig)
    assert len(axes) == 1  # only smart factories has an assessed target in 2018
    ax = axes[0]
    actual, expected = ax.lines
    # actual: every year up to 2018 (2016 included, though it has no target), 2019 left out
    assert actual.get_xdata().tolist() == [2016, 2017, 2018]
    assert actual.get_ydata().tolist() == [1.0, 3.0, 5.0]
    # expected path: only the years that have one (2017, 2018)
    assert expected.get_xdata().tolist() == [2017, 2018]
    assert expected.get_ydata().tolist() == [2.0, 4.0]
    # the text's milestones: 2017年 4 个, 2018年 7 个, 2020年 14 个 智能工厂
    targets = ax.collections[0].get_offsets()
    assert np.asarray(targets).tolist() == [[2017, 4], [2018, 7], [2020, 14]]


def test_indicator_paths_without_assessed_targets_draws_nothing():
    rows = [r for r in history_rows() if r["target_kind"] == "contribution"]
    assert charts.indicator_paths(gap_table(rows), default_catalogue(), "smart", 2018) is None


def heatmap_rows() -> list[dict]:
    def row(unit, name, status, kind="milestone"):
        zh = {XINAN: "新安县", SONG: "嵩县", CITY: "洛阳市"}[unit]
        return {
            "unit_code": unit,
            "unit_name_zh": zh,
            "name_zh": name,
            "target_kind": kind,
            "status": status,
        }

    return [
        row(XINAN, "甲", "achieved"),
        row(SONG, "甲", "not_achieved"),
        row(XINAN, "乙", "on_track"),
        # 嵩县 has no row for 乙: its cell shows no data
        row(CITY, "甲", "deterioration"),  # the city is not a column
        row(XINAN, "丙", "no_target", kind="contribution"),  # not assessed: no row 丙
    ]


def test_status_heatmap_array_codes_each_county_and_indicator():
    fig = charts.status_heatmap(gap_table(heatmap_rows()), "zh")
    ax = fig.axes[0]
    # Codes in the legend's order: achieved 0, on_track 1, needs_acceleration 2,
    # limited_progress 3, deterioration 4, not_achieved 5, no_data 6.
    # Rows 甲, 乙 (first seen first); columns 新安县, 嵩县.
    #   甲: 新安县 achieved 0, 嵩县 not_achieved 5;  乙: 新安县 on_track 1, 嵩县 missing -> no_data 6
    assert np.asarray(ax.images[0].get_array()).tolist() == [[0, 5], [1, 6]]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["甲", "乙"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["新安县", "嵩县"]
    # The legend names the statuses present among the counties, in that order.
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["已完成", "进度正常", "未完成"]


def test_status_heatmap_of_the_city_alone_draws_nothing():
    rows = [r for r in heatmap_rows() if r["unit_code"] == CITY]
    assert charts.status_heatmap(gap_table(rows)) is None
