"""The half-yearly key-project bulletin: periods, one county's projects by hand, no-data periods."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from luoyang_analysis.exceptions import ParameterError
from luoyang_analysis.presentation import bulletin as b

KEY = "techup.key_project_investment"
ROWS = pd.DataFrame(
    [
        ("410300", 2017, KEY, 101.2),
        ("410300", 2018, KEY, 124.0),
        ("410302", 2017, KEY, 4.2),
        ("410302", 2018, KEY, 5.4),
        ("410305", 2017, KEY, 16.1),
        ("410305", 2018, KEY, 15.5),
    ],
    columns=["unit_code", "year", "indicator_id", "value"],
)


def county(bul, code):
    return bul.counties.set_index("unit_code").loc[code]


@pytest.mark.parametrize("bad", ["2018", "2018H3", "18H1", "../2018H1", "2018h1x", "2017H1"])
def test_a_period_is_a_half_year_from_2017H2(bad):
    with pytest.raises(ParameterError):
        b.parse_period(bad)
    assert b.parse_period("2018H1") == b.Period(2018, 1)
    assert b.parse_period("2018H1").previous == b.Period(2017, 2)


def test_laocheng_in_the_second_half_of_2018_worked_by_hand():
    bul = b.compute(ROWS, "2018H2")
    r = county(bul, "410302")
    # Figures of 2018 (known at the year's end); the last bulletin (2018H1) saw 2017's.
    assert (bul.year, bul.previous_year, bul.target) == (2018, 2017, 120)
    assert r["invested"] == 5.4 and r["previous"] == 4.2
    assert r["change"] == pytest.approx(1.2)  # 5.4 - 4.2
    assert r["share"] == pytest.approx(0.045)  # 5.4 / 120 (the city's 2018 plan)
    # Ranking by investment: 涧西区 15.5 first, 老城区 5.4 second; the others reported nothing.
    assert int(county(bul, "410305")["rank"]) == 1 and int(r["rank"]) == 2
    text = "".join(b.sections(bul))
    assert (
        "老城区：重点项目（合计）当年完成投资5.4 亿元，占全市计划的4.5%；较上期增加1.2 亿元。"
        in text
    )
    # 涧西区 fell from 16.1 to 15.5: named among the delays; the city made 124 of 120 (103.3%).
    assert "完成投资较上期下降的有：涧西区。" in text
    assert "完成计划的103.3%" in text
    assert "一、总体情况" in text and "四、各县（市、区）排名" in text


def test_the_first_half_of_2018_reports_2017_and_says_nothing_new_came_in():
    bul = b.compute(ROWS, "2018H1")
    r = county(bul, "410302")
    assert (bul.year, bul.previous_year) == (2017, None)
    assert r["invested"] == 4.2 and r["share"] == pytest.approx(0.042)  # 4.2 / 100
    text = "".join(b.sections(bul))
    assert "2018年上半年没有新报送的数据" in text
    assert (
        "截至2017年末，全市重点项目当年完成投资101.2 亿元，计划100 亿元，完成计划的101.2%。" in text
    )


def test_a_period_without_data_says_so_plainly():
    text = "".join(b.sections(b.compute(ROWS, "2020H2")))
    assert "2020年下半年没有可用数据，本期不作通报。" in text
    assert "<table" not in text
    en = b.compute(ROWS, "2020H2")
    from dataclasses import replace

    assert "No figures are available" in "".join(b.sections(replace(en, lang="en")))


def test_a_register_plugs_in_through_key_projects():
    # Two projects of 老城区 in 2018: 30,000 + 24,000 万元 = 5.4 亿元; the first was due to be
    # completed on 2018-05-01 and is still under construction at the end of 2018: a delay.
    register = pd.DataFrame(
        {
            "project_id": ["P1", "P2"],
            "name": ["甲项目", "乙项目"],
            "county_code": ["410302", "410302"],
            "planned_completion": [dt.date(2018, 5, 1), None],
            "status": ["在建", "在建"],
            "invested_2017": [20_000, 22_000],
            "invested_2018": [30_000, 24_000],
        }
    )
    projects = b.key_projects(ROWS, 2018, register)
    assert list(projects["invested"]) == [3.0, 2.4]
    bul = b.compute(ROWS, "2018H2", register=register)
    r = county(bul, "410302")
    assert r["invested"] == pytest.approx(5.4) and r["projects"] == 2
    assert r["previous"] == pytest.approx(4.2)  # 2.0 + 2.2 亿元 in 2017
    text = "".join(b.sections(bul))
    assert "重点项目2个" in text and "未按计划日期竣工的项目：甲项目。" in text
