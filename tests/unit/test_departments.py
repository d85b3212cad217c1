"""Department scorecards: names from the 责任单位 lines, ASCII slugs, one department's figures by hand."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from luoyang_analysis import gaps
from luoyang_analysis.exceptions import ParameterError
from luoyang_analysis.presentation import departments as d

SLUG = re.compile(r"^[a-z0-9-]+$")


def obs(rows):
    return pd.DataFrame(rows, columns=["unit_code", "year", "indicator_id", "value"])


def test_every_department_of_the_lines_with_an_ascii_slug_and_its_lines_verbatim():
    found = {x.name_zh: x for x in d.departments()}
    # The source's 责任单位 lines name these 15 city departments and the counties.
    assert set(found) == {
        "市工业和信息化委", "市发展改革委", "市环保局", "市财政局", "市科技局", "市质监局",
        "市统计局", "市煤炭局", "市商务局", "市安全监管局", "市水务局", "市住房城乡建设委",
        "市国土资源局", "市政府国资委", "市政府金融办", "各县（市、区）人民政府",
    }  # fmt: skip
    assert all(SLUG.match(x.slug) for x in found.values())
    assert len({x.slug for x in found.values()}) == len(found)
    # 「责任单位：市煤炭局」 is the only line naming the coal bureau (二（三）压减煤炭产能).
    assert found["市煤炭局"].lines == ("市煤炭局",)
    # 水务局 appears once, in 绿色化 二（一）, after 市 of the list's first name; kept verbatim.
    assert found["市水务局"].lines == (
        "市工业和信息化委、发展改革委、环保局、水务局，各县（市、区）人民政府",
    )
    assert (
        found["各县（市、区）人民政府"].is_counties
        and found["各县（市、区）人民政府"].slug == "counties"
    )


def test_a_name_outside_the_table_gets_a_deterministic_ascii_slug():
    a, b = d.slug_for("市工商局"), d.slug_for("市工商局")
    assert a == b and a.startswith("dept-") and SLUG.match(a)
    assert d.slug_for("市工商局") != d.slug_for("市委宣传部")
    assert d.slug_for("市煤炭局") == "coal"


@pytest.mark.parametrize("bad", ["../etc", "coal/../../x", "煤炭局", ""])
def test_an_unknown_slug_is_refused(bad):
    with pytest.raises(ParameterError, match="unknown department"):
        d.get_department(bad)


def test_the_coal_bureau_scorecard_worked_by_hand():
    # 市煤炭局 is responsible for 关闭退出煤矿 25处, 化解煤炭过剩产能 435万吨 and 复核验收 25处 (2017).
    rows = obs(
        [
            ("410300", 2017, "capacity.coal_mines_closed", 25),
            ("410300", 2017, "capacity.coal_capacity_cut", 438),
            ("410300", 2017, "capacity.coal_mines_verified", 24),
            ("410323", 2017, "capacity.coal_mines_closed", 6),
        ]
    )
    dept = d.get_department("coal")
    card = d.department_rows(gaps.compute_all(rows, 2017), dept)
    city = card[card["unit_code"] == "410300"].set_index("indicator_id")
    # mines closed: 25 of 25 -> achieved, gap 0, completion 25/25 = 100%
    assert city.loc["capacity.coal_mines_closed", "status"] == "achieved"
    assert city.loc["capacity.coal_mines_closed", "gap"] == 0
    # capacity cut: 438 against >= 435 -> achieved, completion 438/435 = 1.006896...
    assert city.loc["capacity.coal_capacity_cut", "completion_rate"] == pytest.approx(438 / 435)
    # verified by the end of October: 24 of 25 -> not achieved, gap 25 - 24 = 1, 24/25 = 96%
    v = city.loc["capacity.coal_mines_verified"]
    assert (v["status"], v["gap"], v["completion_rate"]) == ("not_achieved", 1, pytest.approx(0.96))
    # Xin'an county: 6 mines of the city's 25 -> a contribution of 6/25 = 24%, no county verdict
    xinan = card[
        (card["unit_code"] == "410323") & (card["indicator_id"] == "capacity.coal_mines_closed")
    ]
    assert xinan["target_kind"].item() == "contribution"
    assert xinan["contribution_share"].item() == pytest.approx(0.24)
    # Counts: 3 city targets, 1 behind (the inspection).
    assert d.department_counts(card) == {"targets": 3, "behind": 1}
    # The page shows the same figures: 96.0% and the gap of 1 处, Xin'an's 24%.
    html = "".join(
        [
            d.summary_html(card),
            d.city_html(card, d.default_catalogue()),
            d.counties_html(card),
            d.behind_html(card),
        ]
    )
    assert "96.0%" in html and "1 处" in html and ">24%<" in html
    assert "关闭煤矿复核验收" in d.behind_html(card)
    assert "关闭退出煤矿" not in d.behind_html(card)  # achieved: not listed as behind


def test_the_pace_still_needed_is_the_engines():
    # 绿色示范企业 (工业和信息化委…): 1 in 2017 (target 1), 2 more by 2018 -> 3 of 5 cumulative.
    # In 2018 the city is 2 short; the next milestone 10 in 2020 needs (10 - 3) / 2 = 3.5 a year.
    rows = obs(
        [
            ("410300", 2016, "green.demo_enterprises", 0),
            ("410300", 2017, "green.demo_enterprises", 1),
            ("410300", 2018, "green.demo_enterprises", 2),
        ]
    )
    card = d.department_rows(gaps.compute_all(rows, 2018), d.get_department("industry-it"))
    r = card[(card["unit_code"] == "410300") & (card["indicator_id"] == "green.demo_enterprises")]
    assert r["gap"].item() == 2 and r["status"].item() == "not_achieved"
    assert r["required_annual_pace"].item() == pytest.approx(3.5)
    assert "3.5" in d.behind_html(card)


def test_english_scorecard_uses_the_english_table():
    dept = d.get_department("coal")
    assert dept.name("en") == "Municipal Coal Industry Bureau"
    assert "Qualitative tasks" in d.qualitative_html(dept, d.default_catalogue(), "en")
