"""The half-yearly key-project bulletin: periods, one county's projects by hand, no-data periods."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from luoyang_analysis.exceptions import ParameterError
from luoyang_analysis.presentation import bulletin as b
from luoyang_analysis.presentation.bulletin_text import sections

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
    text = "".join(sections(bul))
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
    text = "".join(sections(bul))
    assert "2018年上半年没有新报送的数据" in text
    assert (
        "截至2017年末，全市重点项目当年完成投资101.2 亿元，计划100 亿元，完成计划的101.2%。" in text
    )


def test_a_period_without_data_says_so_plainly():
    text = "".join(sections(b.compute(ROWS, "2020H2")))
    assert "2020年下半年没有可用数据，本期不作通报。" in text
    assert "<table" not in text
    en = b.compute(ROWS, "2020H2")
    from dataclasses import replace

    assert "No figures are available" in "".join(sections(replace(en, lang="en")))


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
    text = "".join(sections(bul))
    assert "重点项目2个" in text and "未按计划日期竣工的项目：甲项目。" in text


def _project(pid, name, category="升级", status="在建", **cells):
    row = {"project_id": pid, "name": name, "county_code": "410302", "category": category}
    return {**row, "status": status, **cells}


D = dt.date
# 老城区's register as at the 2018H1 bulletin (the half-year 2018-01-01 … 2018-06-30):
LAOCHENG = pd.DataFrame(
    [
        # A: started 2017-05-10, planned 2018-03-31, still 在建 -> late (due in the half-year).
        _project(
            "A",
            "甲",
            start_date=D(2017, 5, 10),
            planned_completion=D(2018, 3, 31),
            invested_2017=12_000,
            planned_2017=15_000,
        ),  # fmt: skip
        # B: started 2017-03-01, completed 2018-04-20 (commissioned later) -> completed in H1;
        # it was planned for 2017-12-31, so it was late at the last bulletin (2017-12-31).
        _project(
            "B",
            "乙",
            status="竣工",
            start_date=D(2017, 3, 1),
            planned_completion=D(2017, 12, 31),
            completion_date=D(2018, 4, 20),
            commissioning_date=D(2018, 5, 2),
            invested_2017=8_000,
            planned_2017=8_000,
        ),  # fmt: skip
        # C: started 2018-02-01 -> started in H1, under way, due 2019.
        _project(
            "C",
            "丙",
            category="重点",
            start_date=D(2018, 2, 1),
            planned_completion=D(2019, 6, 30),
            planned_2018=5_000,
        ),  # fmt: skip
        # D: commissioned 2017-11-30 -> completed before the half-year: not listed.
        _project(
            "D",
            "丁",
            status="投产",
            start_date=D(2016, 9, 1),
            commissioning_date=D(2017, 11, 30),
            invested_2017=6_000,
            planned_2017=6_000,
        ),  # fmt: skip
        # E: terminated -> neither under way nor late, though its date has passed.
        _project(
            "E",
            "戊",
            status="终止",
            start_date=D(2017, 6, 1),
            planned_completion=D(2018, 1, 31),
            invested_2017=1_000,
            planned_2017=5_000,
        ),  # fmt: skip
        # F: category 其他 -> not a key project at all.
        _project(
            "F",
            "己",
            category="其他",
            start_date=D(2018, 3, 1),
            planned_completion=D(2018, 5, 1),
            invested_2017=9_000,
            planned_2017=9_000,
        ),  # fmt: skip
        # G: to start 2018-08-01 -> not started by 2018-06-30: not listed, not late.
        _project("G", "庚", start_date=D(2018, 8, 1), planned_completion=D(2019, 12, 31)),
    ]
)


def test_laocheng_projects_in_the_first_half_of_2018_worked_by_hand():
    bul = b.compute(ROWS, "2018H1", register=LAOCHENG)
    p = bul.progress.set_index("project_id")
    assert "F" not in p.index  # 其他 is not a key project
    # Listed: A, B (completed in the half-year), C; not D (done 2017-11-30), E (终止), G (not begun).
    assert sorted(p.index[p["listed"]]) == ["A", "B", "C"]
    assert p.loc["B", "finished"] == D(2018, 4, 20)  # 竣工 before 投产: the earlier date
    assert list(p["state"]) == ["under_way", "completed", "under_way", "completed",
                                "terminated", "not_started"]  # fmt: skip
    assert sorted(p.index[p["late"]]) == ["A"] and sorted(p.index[p["late_before"]]) == ["B"]
    r = county(bul, "410302")
    # started: C; completed: B; under way: A, C; late: A.
    assert (r["listed"], r["started"], r["completed"], r["under_way"], r["late"]) == (3, 1, 1, 2, 1)
    # The 2018H1 bulletin reports 2017's investment. Reported total 4.2 亿元 (ROWS) stays the
    # county's figure; the register names A, B, D, E with 2017 investment:
    # 12,000 + 8,000 + 6,000 + 1,000 = 27,000 万元 = 2.7 亿元; planned for 2017:
    # 15,000 + 8,000 + 6,000 + 5,000 = 34,000 万元 = 3.4 亿元 (F is not key, C has no 2017 plan);
    # 2.7 / 3.4 = 79.4% of plan.
    assert r["invested"] == 4.2 and r["reported"] and r["projects"] == 4
    assert r["named"] == pytest.approx(2.7) and r["planned"] == pytest.approx(3.4)
    assert r["plan_rate"] == pytest.approx(27_000 / 34_000)
    text = "".join(sections(bul))
    assert "老城区：重点项目（合计）当年完成投资4.2 亿元，占全市计划的4.2%。" in text
    assert "名录中当年有完成投资的重点项目4个，合计2.7 亿元。" in text
    assert (
        "本期纳入通报的重点项目3个，新开工1个、竣工（投产）1个，期末在建2个，未按计划日期竣工1个。"
        "2017年计划投资3.4 亿元，完成计划的79.4%。" in text
    )
    # Since the last bulletin (2017H2, end 2017-12-31): C started, B completed; A fell due
    # on 2018-03-31 (newly late); B, late then, was completed.
    assert "与上期相比：新开工1个，新竣工（投产）1个，新增滞后项目1个。" in text
    assert "上期末滞后的1个项目中，本期竣工（投产）1个。" in text
    assert "2017年完成投资低于名录计划的有：老城区（完成计划的79.4%）。" in text
    assert "未按计划日期竣工的项目：甲。" in text
    # The annex names A (late) and B (completed); C, a new start, is counted. 2018H1 says
    # no new yearly figures came in.
    assert "附件：2018年上半年各县（市、区）重点项目推进情况表" in text
    assert "<td>在建，滞后</td>" in text and "<td>已竣工（投产）</td>" in text
    assert "丁" not in text.split("附件")[1] and "2018年上半年没有新报送的数据" in text


def test_without_a_register_the_bulletin_has_no_project_lines():
    text = "".join(sections(b.compute(ROWS, "2018H1")))
    assert "附件" not in text and "本期纳入通报" not in text and "完成名录计划" not in text


def _annex_rows(text: str) -> list[list[str]]:
    import re

    annex = text.split('<div class="annex">')[1]
    body = annex.split("<tbody>")[1]
    return [
        [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body)
    ]


def test_the_annex_names_only_what_a_reader_acts_on_and_counts_the_rest():
    # 老城区's register above plus three projects on their dates (2018H1, figures of 2017):
    # H: invested 10,000 = planned 10,000, due 2019, started 2017 -> on track;
    # I: planned 4,000 for 2017, nothing reported -> not known: counted as unreported;
    # J of 西工区 (410303): invested 7,000 > planned 6,000, due 2019 -> on track.
    extra = [
        _project("H", "辛", start_date=D(2017, 4, 1), planned_completion=D(2019, 6, 30),
                 invested_2017=10_000, planned_2017=10_000),
        _project("I", "壬", start_date=D(2017, 4, 1), planned_completion=D(2019, 6, 30),
                 planned_2017=4_000),
        {**_project("J", "癸", start_date=D(2017, 8, 1), planned_completion=D(2019, 3, 31),
                    invested_2017=7_000, planned_2017=6_000), "county_code": "410303"},
    ]  # fmt: skip
    register = pd.concat([LAOCHENG, pd.DataFrame(extra)], ignore_index=True)
    text = "".join(sections(b.compute(ROWS, "2018H1", register=register)))
    rows = _annex_rows(text)
    # Named: A late (due 2018-03-31, 在建) and 12,000 < 15,000 planned for 2017;
    # B completed 2018-04-20, in the half-year (8,000 = 8,000 is not below plan);
    # C started 2018-02-01, in the half-year: counted, not named (new starts need nothing
    # from the reader). Then 老城区's others: C and H on track (2), C of them new (1);
    # I unreported (1).
    # 西工区 has nothing to name: its one line counts J.
    assert rows[0] == ["老城区"]  # each county once, as a heading row
    assert [r[:1] + r[3:5] for r in rows[1:3]] == [
        ["甲", "在建，滞后", "滞后、投资低于计划"],
        ["乙", "已竣工（投产）", "本期竣工（投产）"],
    ]
    assert rows[3:] == [
        ["其余2个项目按计划推进（其中本期新开工1个）；另1个项目有2017年计划投资但未报完成投资"],
        ["西工区"],
        ["其余1个项目按计划推进"],
    ]
    annex = text.split('<div class="annex">')[1]
    assert "辛" not in annex and "壬" not in annex and "癸" not in annex and "丙" not in annex
    assert "附表列出期末未按计划日期竣工、2017年完成投资低于名录计划" in annex
