"""Thin data (issue 10): missing years stay missing, lower bounds, qualifiers, sources, coverage.

Every expected figure is worked out by hand in the comment beside it, from the
targets of 洛政办〔2017〕78号 (quoted) and the rows of the test.
"""

from __future__ import annotations

import math

import pandas as pd

from luoyang_analysis import gaps
from luoyang_analysis.catalogue.units import CITY_CODE
from luoyang_analysis.gaps import metrics
from luoyang_analysis.presentation import assessment

CITY = CITY_CODE
FIRST_SETS = "techup.first_sets_certified"
PARKS = "green.green_parks"


def frame(*rows) -> pd.DataFrame:
    """Delivery rows (unit, year, indicator, value, qualifier, source, note)."""
    cols = ["unit_code", "year", "indicator_id", "value", "qualifier", "source", "note"]
    return pd.DataFrame([r + ("",) * (len(cols) - len(r)) for r in rows], columns=cols)


def row(observations, indicator, year, unit=CITY) -> pd.Series:
    table = gaps.compute_gaps(observations, unit, year)
    return table[table["indicator_id"] == indicator].iloc[0]


# --------------------------------------------------------------------------- missing stays missing


ONLY_2021 = frame((CITY, 2021, FIRST_SETS, 5, "", "河南日报 2022-01", "新增省级“首台套”5项"))


def test_only_2021_first_sets_is_a_lower_bound_not_a_miss():
    # 2020年，力争累计50台（套）: a running total from 2017 (catalogue), standing in 2021.
    # Only 2021 is known: 5. 2017, 2018, 2019, 2020 have no figure, so the total is at least
    # 5 (not 5): 5 < 50 cannot say missed -> incomplete; the gap is unknown (at most 45), the
    # completion rate at least 5/50 = 0.1.
    r = row(ONLY_2021, FIRST_SETS, 2021)
    assert (r.target_kind, r.target_value) == ("standing", 50)
    assert (r.actual_value, r.actual_qualifier, r.status) == (5, "at_least", "incomplete")
    assert r.status_zh == "数据不全"
    assert r.missing_years == "2017–2020"
    assert math.isnan(r.gap) and r.completion_rate == 0.1
    assert math.isnan(r.required_annual_pace)
    assert "at least 5 of 50" in r.note_en and "2017–2020" in r.note
    assert "河南日报 2022-01" == r.actual_source and r.actual_data_note == "新增省级“首台套”5项"


def test_a_lower_bound_owes_nothing_to_any_department():
    # The four departments of 首台（套） (市工业和信息化委、质监局、科技局、财政局) must not be listed:
    # the only row is incomplete, not behind; the largest gaps hold nothing either.
    cur = gaps.compute_gaps(ONLY_2021, CITY, 2021)
    html = assessment.departments_html(cur, "zh") + assessment.largest_gaps_html(cur, 5, "zh")
    assert "质监局" not in html and "<table" not in html
    assert "数据不全" in html  # says that 1 target could not be judged for want of data


def test_known_years_that_reach_the_target_are_achieved_with_the_years_used():
    # 2017: 5 (≥5 that year), 2019: 48 -> 2020 running total since 2017 known from 2017, 2019,
    # 2020: 5 + 48 + 0 = 53 ≥ 50 whatever 2018 was (counts never fall): achieved, at least 53.
    o = frame(
        (CITY, 2017, FIRST_SETS, 5),
        (CITY, 2019, FIRST_SETS, 48),
        (CITY, 2020, FIRST_SETS, 0),
    )
    r = row(o, FIRST_SETS, 2020)
    assert (r.actual_value, r.actual_qualifier, r.status) == (53, "at_least", "achieved")
    assert r.missing_years == "2018"
    assert "2017, 2019–2020" in r.note_en  # the years used


def test_a_missing_year_of_its_own_is_no_data_unless_the_others_already_reach():
    # 绿色园区 2018年 1, 2020年 2 (cumulative from 2016). 2019 has no figure:
    # known 2016–2018 = 0 + 0 + 1 = 1 < 2 (the 2020 milestone aimed at) -> no data, no number.
    o = frame((CITY, 2016, PARKS, 0), (CITY, 2017, PARKS, 0), (CITY, 2018, PARKS, 1))
    r = row(o, PARKS, 2019)
    assert r.status == "no_data" and math.isnan(r.actual_value)
    # With 2 in 2018 the known years already reach 2 by 2019: achieved, at least 2.
    o2 = frame((CITY, 2016, PARKS, 0), (CITY, 2017, PARKS, 0), (CITY, 2018, PARKS, 2))
    r2 = row(o2, PARKS, 2019)
    assert (r2.status, r2.actual_value, r2.actual_qualifier) == ("achieved", 2, "at_least")


def test_a_figure_given_as_at_least_is_a_lower_bound():
    # 2017年，力争5台（套）以上: 「超过3」 in 2017 is ≥3: short of 5, undecided -> incomplete;
    # 「≥6」 meets 5 -> achieved.
    low = frame((CITY, 2017, FIRST_SETS, 3, "at_least"))
    assert row(low, FIRST_SETS, 2017).status == "incomplete"
    high = frame((CITY, 2017, FIRST_SETS, 6, "at_least"))
    r = row(high, FIRST_SETS, 2017)
    assert (r.status, r.actual_qualifier) == ("achieved", "at_least")


def test_an_approximate_figure_gets_a_status_marked_approximate():
    # 「约4」 in 2017 against ≥5: 4 < 5 -> not achieved, marked approximate.
    r = row(frame((CITY, 2017, FIRST_SETS, 4, "approx")), FIRST_SETS, 2017)
    assert (r.status, r.actual_qualifier) == ("not_achieved", "approx")
    assert "approximate" in r.note_en


def test_a_not_published_row_is_shown_as_such():
    # 2017 delivered as 未公开 with no value: no number, no status of its own beyond no data,
    # and the row says 未公开.
    o = frame((CITY, 2017, FIRST_SETS, float("nan"), "not_published", "市统计局", "未公开"))
    r = row(o, FIRST_SETS, 2017)
    assert (r.status, r.actual_qualifier) == ("no_data", "not_published")
    assert math.isnan(r.actual_value)
    assert "未公开" in r.note


# --------------------------------------------------------------------------- where a figure came from


def test_actual_basis_does_not_call_an_unnamed_source_official():
    # A city figure whose delivery has a source column but names no kind of source: unknown.
    r = row(ONLY_2021, FIRST_SETS, 2021)
    assert r.actual_basis == "unknown"
    kinds = ONLY_2021.assign(source_kind="media")
    # kinds as deliveries.qualifiers names them: the statistics bureau's figure is official
    # statistics, a newspaper's is press.
    assert row(kinds, FIRST_SETS, 2021).actual_basis == "press"
    assert row(kinds.assign(source_kind="statistics"), FIRST_SETS, 2021).actual_basis == (
        "official_statistics"
    )


# --------------------------------------------------------------------------- charts


def test_the_actual_line_breaks_at_missing_years_and_skips_lower_bounds():
    # 首台（套）: 2017 5, 2018 not reported, 2019 6 (yearly values; running totals from 2017).
    # Rows per year 2017–2020 (actual as the engine gives it for the 2020 target, cumulative):
    #   2017 5 (exact), 2018 none (no figure: NaN), 2019 at least 11 (2018 missing), 2020 none.
    # The line has 5 then NaN: nothing joins 2017 to 2019; 2019 is a hollow lower-bound mark.
    from luoyang_analysis.catalogue.targets import default_catalogue
    from luoyang_analysis.presentation import charts
    from tests.helpers import gap_table

    def r(year, actual, qualifier=""):
        return {
            "unit_code": CITY,
            "year": year,
            "plan": "techup",
            "indicator_id": FIRST_SETS,
            "target_kind": "milestone",
            "actual_value": actual,
            "actual_qualifier": qualifier,
        }

    history = gap_table(
        [r(2017, 5.0), r(2018, math.nan), r(2019, 11.0, "at_least"), r(2020, math.nan)]
    )
    fig = charts.indicator_paths(history, default_catalogue(), "techup", 2020, "zh")
    ax = next(a for a in fig.axes if a.get_visible() and a.lines)
    ys = ax.lines[0].get_ydata().tolist()
    assert ys[0] == 5.0 and all(math.isnan(y) for y in ys[1:])
    bounds = ax.collections[0].get_offsets()
    assert [list(map(float, p)) for p in bounds] == [[2019.0, 11.0]]


# --------------------------------------------------------------------------- coverage


def test_coverage_counts_what_could_be_judged_and_why_not():
    # The city in 2021 with only 5 首台（套）: every target with a status of its own in 2021
    # (standing targets after 2020) is counted; one of them is incomplete, none judged;
    # the rest have no data. The parts add up to the total.
    cur = gaps.compute_gaps(ONLY_2021, CITY, 2021)
    c = metrics.coverage(cur)
    total = len(metrics.assessed(cur))
    assert c["total"] == total and c["judged"] == 0 and c["incomplete"] == 1
    assert c["no_data"] == total - 1 and c["not_published"] == c["not_comparable"] == 0
    text = assessment.coverage_text(c, "zh")
    assert text == f"{total} 个目标中可评估 0 个；1 个数据不全（只知下限）；{total - 1} 个无数据"


def test_a_2017_report_with_one_assessed_target_says_so_first():
    # 2017: only 关闭退出煤矿 25 (≥25 in 2017: achieved). Every other 2017 target has no data.
    # The summary opens "N 个目标中可评估 1 个；N−1 个无数据"; largest gaps and departments say
    # they draw from the 1 assessed target and that it is not behind — not "nothing is behind".
    from luoyang_analysis.catalogue.targets import default_catalogue

    o = frame((CITY, 2017, "capacity.coal_mines_closed", 25))
    cur = gaps.compute_gaps(o, CITY, 2017)
    n = len(metrics.assessed(cur))
    html = assessment.coverage_html(cur, default_catalogue(), "zh")
    assert html.startswith(f'<p class="coverage"><strong>{n} 个目标中可评估 1 个；{n - 1} 个无数据')
    assert "洛阳市化解过剩产能攻坚方案：" in html  # by plan
    largest = assessment.largest_gaps_html(cur, 5, "zh")
    assert largest == "<p>可评估的 1 个目标中，没有滞后或未完成的目标。</p>"
    assert assessment.departments_html(cur, "zh") == largest


def test_nothing_assessed_says_so_instead_of_good_news():
    o = frame((CITY, 2017, "capacity.coal_mines_closed", float("nan"), "not_published"))
    cur = gaps.compute_gaps(o, CITY, 2017)
    for html in (assessment.largest_gaps_html(cur), assessment.departments_html(cur)):
        assert html.startswith("<p>没有可评估的目标（") and "1 个未公开" in html
        assert "没有滞后或未完成的目标" not in html


# --------------------------------------------------------------------------- stocks and bases

SMART = "smart.smart_factories"
HELD = "smart.integration_certified"
REDUCTION = "green.energy_intensity_reduction"


def stocks(*rows) -> pd.DataFrame:
    """Delivery rows (unit, year, indicator, value, as_of[, qualifier])."""
    cols = ["unit_code", "year", "indicator_id", "value", "as_of", "qualifier"]
    return pd.DataFrame([r + ("",) * (len(cols) - len(r)) for r in rows], columns=cols)


def test_a_year_end_stock_is_the_running_total_of_its_year():
    # 两化融合管理体系贯标企业「达到」7 家 in 2017 (counts held: the total held, 2016 stock
    # included). Only a stock: 8 held on 2017-12-31 -> A(2017) = 8 ≥ 7: achieved, exact.
    r = row(stocks((CITY, 2017, HELD, 8, "2017-12-31")), HELD, 2017)
    assert (r.actual_value, r.actual_qualifier, r.status) == (8, "", "achieved")
    assert r.missing_years == ""
    # 智能工厂「培育」4 个 by 2017 counts new ones: a stock includes those held before 2017,
    # so it is used only less the end-2016 stock: 8 − 3 = 5 ≥ 4, achieved. Without the
    # end-2016 stock nothing can be said: no data.
    o = stocks((CITY, 2016, SMART, 3, "2016-12-31"), (CITY, 2017, SMART, 8, "2017-12-31"))
    assert (row(o, SMART, 2017).actual_value, row(o, SMART, 2017).status) == (5, "achieved")
    assert row(stocks((CITY, 2017, SMART, 8, "2017-12-31")), SMART, 2017).status == "no_data"


def test_two_year_end_stocks_give_the_flow_between_them():
    # 首台（套） 2017年 5 (that year's certifications). Held: 3 at the end of 2016, 9 at the end
    # of 2017 -> the 2017 flow is 9 − 3 = 6 ≥ 5: achieved.
    o = stocks((CITY, 2016, FIRST_SETS, 3, "2016-12-31"), (CITY, 2017, FIRST_SETS, 9, "2017-12-31"))
    r = row(o, FIRST_SETS, 2017)
    assert (r.actual_value, r.status) == (6, "achieved")
    assert "difference of two year-end stocks" in r.note_en
    # 2020 累计50 since 2017: held 40 at the end of 2020 -> 40 − 3 (end of 2016) = 37 < 50,
    # exact (the stocks cover every year): not achieved, gap 13.
    o2 = stocks(
        (CITY, 2016, FIRST_SETS, 3, "2016-12-31"), (CITY, 2020, FIRST_SETS, 40, "2020-12-31")
    )
    r2 = row(o2, FIRST_SETS, 2020)
    assert (r2.actual_value, r2.actual_qualifier, r2.status, r2.gap) == (37, "", "not_achieved", 13)


def test_a_stock_during_the_year_is_a_lower_bound_of_its_year():
    # 贯标企业 34 家 by 2020 (held) stands in 2021. 40 held on 2021-07-12 -> at least 40 by
    # the end of 2021 ≥ 34: achieved. 20 held -> at least 20 < 34: incomplete, not missed.
    hi = row(stocks((CITY, 2021, HELD, 40, "2021-07-12")), HELD, 2021)
    assert (hi.actual_value, hi.actual_qualifier, hi.status) == (40, "at_least", "achieved")
    lo = row(stocks((CITY, 2021, HELD, 20, "2021-07-12")), HELD, 2021)
    assert (lo.actual_value, lo.status) == (20, "incomplete")


def test_a_stock_below_the_flows_reported_before_it_is_flagged():
    # 贯标企业 (held, from 2016): flows 2016 5, 2017 6, 2018 4 add up to 15 by the end of 2018;
    # a stock of 14 on 2018-12-31 says fewer: the figures contradict each other. The stock is
    # used (14 ≥ 14 in 2018: achieved) and the row is flagged.
    o = stocks(
        (CITY, 2016, HELD, 5, ""),
        (CITY, 2017, HELD, 6, ""),
        (CITY, 2018, HELD, 4, ""),
        (CITY, 2018, HELD, 14, "2018-12-31"),
    )
    r = row(o, HELD, 2018)
    assert (r.actual_value, r.status) == (14, "achieved") and bool(r.figures_contradict)
    assert "less than the 15 reported as flows" in r.note_en


def test_a_reduction_against_2015_is_not_comparable_with_the_reason():
    # 「十三五期间…单位工业增加值能耗下降40%」: 40 % against 2015 (period 2016–2020); the target
    # (2020年比2016年降低18%) is against 2016. No levels: not comparable, the reason given.
    o = frame((CITY, 2020, REDUCTION, 40)).assign(base_year="2015", period="2016-2020")
    r = row(o, REDUCTION, 2020)
    assert r.status == "not_comparable" and r.status_zh == "无可比数据"
    assert "against 2015 (2016-2020)" in r.note_en and "not comparable" in r.note_en
    assert math.isnan(r.gap) and math.isnan(r.completion_rate)
    # The same figure against 2016 is used as it stands: 40 ≥ 18, achieved.
    same = frame((CITY, 2020, REDUCTION, 40)).assign(base_year="2016", period="")
    assert row(same, REDUCTION, 2020).status == "achieved"
    # And it is counted as such in the coverage.
    assert metrics.coverage(gaps.compute_gaps(o, CITY, 2020))["not_comparable"] == 1
