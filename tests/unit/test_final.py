"""The final evaluation: every milestone judged once (on time, late, not met, not assessable)."""

from __future__ import annotations

import pandas as pd

from luoyang_analysis import gaps
from luoyang_analysis.presentation import final

YEARS = range(2016, 2021)


def outcomes(rows, unit="410300"):
    frame = pd.DataFrame(rows, columns=["unit_code", "year", "indicator_id", "value"])
    return final.milestone_outcomes(gaps.compute_unit_years(frame, unit, YEARS))


def test_the_key_project_investment_path_worked_by_hand():
    # 100个重点企业技术改造项目完成投资, yearly: ≥100 (2017), ≥120 (2018), none in 2019, ≥150 (2020).
    o = outcomes(
        [
            ("410300", 2016, "techup.key_project_investment", 82.0),
            ("410300", 2017, "techup.key_project_investment", 101.2),  # 101.2 >= 100: on time
            ("410300", 2018, "techup.key_project_investment", 124.0),  # 124 >= 120: on time
            ("410300", 2019, "techup.key_project_investment", 133.4),  # no milestone in 2019
            ("410300", 2020, "techup.key_project_investment", 146.3),  # 146.3 < 150: not met
        ]
    )
    path = o[o["indicator_id"] == "techup.key_project_investment"].set_index("milestone")
    assert list(path.index) == [2017, 2018, 2020]
    assert list(path["outcome"]) == ["on_time", "on_time", "not_met"]
    assert list(path["target_value"]) == [100, 120, 150]
    assert list(path["actual_at_milestone"]) == [101.2, 124.0, 146.3]
    # A target for one year's figure cannot be met later: the reason says so.
    assert path.loc[2020, "why"] == "why_yearly" and pd.isna(path.loc[2020, "met_in"])
    assert list(path["met_in"][:2]) == [2017, 2018]


def test_a_level_target_met_two_years_late():
    # 强制性清洁生产审核全覆盖 by 2018 (level, 100%): 98.2 in 2018 misses it, 99.4 in 2019
    # still does, 100.0 in 2020 meets it -> met late, in 2020.
    o = outcomes(
        [
            ("410300", 2016, "green.mandatory_audit_coverage", 43.8),
            ("410300", 2017, "green.mandatory_audit_coverage", 79.3),
            ("410300", 2018, "green.mandatory_audit_coverage", 98.2),
            ("410300", 2019, "green.mandatory_audit_coverage", 99.4),
            ("410300", 2020, "green.mandatory_audit_coverage", 100.0),
        ]
    )
    r = o[o["indicator_id"] == "green.mandatory_audit_coverage"].iloc[0]
    assert (r["milestone"], r["outcome"], r["met_in"]) == (2018, "late", 2020)
    assert (r["latest_year"], r["latest_value"]) == (2020, 100.0)


def test_a_cumulative_target_never_met_and_one_without_data():
    # 静脉产业园区, cumulative: 1 by 2017 (on time), 2 by 2018, 5 by 2020. Flows 1, 0, 0, 2:
    # running totals 1, 1, 1, 3 -> 2018 missed and reached in 2020 (3 >= 2): late;
    # 2020: 3 < 5 and no later year: not met.
    o = outcomes(
        [
            ("410300", 2016, "green.recycling_parks", 0),
            ("410300", 2017, "green.recycling_parks", 1),
            ("410300", 2018, "green.recycling_parks", 0),
            ("410300", 2019, "green.recycling_parks", 0),
            ("410300", 2020, "green.recycling_parks", 2),
        ]
    ).set_index(["indicator_id", "milestone"])
    parks = o.loc["green.recycling_parks"]
    assert list(parks["outcome"]) == ["on_time", "late", "not_met"]
    assert parks.loc[2018, "met_in"] == 2020 and parks.loc[2020, "why"] == "pending"
    # Nothing reported for smart factories: each milestone is not assessable.
    assert set(o.loc["smart.smart_factories", "outcome"]) == {"not_assessable"}
    assert final.outcome_counts(o.reset_index())["late"] == 1


def test_a_county_share_of_a_city_count_is_not_assessable():
    o = outcomes([("410323", 2017, "capacity.coal_mines_closed", 6)], unit="410323")
    r = o[o["indicator_id"] == "capacity.coal_mines_closed"].iloc[0]
    assert (r["outcome"], r["why"]) == ("not_assessable", "why_contribution")


AUDIT = (
    "green.mandatory_audit_coverage"  # 「2018年基本实现…强制性清洁生产审核全覆盖」: 100, basically
)


def audit_rows(values):
    return [("410300", y, AUDIT, v) for y, v in zip(YEARS, values, strict=True)]


def audit_path(values):
    return outcomes(audit_rows(values))


def test_a_basically_target_records_the_year_it_was_first_basically_achieved():
    # Same path as above: 98.2 in 2018 >= 0.95 × 100 = 95 -> 基本完成 in 2018 (its milestone);
    # the outcome stays judged against the full 100: late, met in 2020.
    o = audit_path([43.8, 79.3, 98.2, 99.4, 100.0])
    r = o[o["indicator_id"] == AUDIT].iloc[0]
    assert bool(r["basically"])
    assert (r["outcome"], r["met_in"], r["basically_in"]) == ("late", 2020, 2018)
    assert r["basically_value"] == 98.2
    assert final._why(r, "zh", "%") == "2018年基本完成（98.2%，≥95%），2020年全面完成"
    assert final._why(r, "en", "%") == (
        "basically achieved in 2018 (98.2%, ≥95%), fully achieved in 2020"
    )
    # A target without 基本 never gets the column: 技改投资 is not such a target.
    assert not o[o["indicator_id"] == "techup.key_project_investment"]["basically"].any()


def test_basically_reached_later_never_fully_and_below_the_share():
    # 2018: 90 < 95 (not basically), 2019: 96 >= 95 -> basically in 2019 at 96; 2020: 97 < 100
    # -> never fully: not met, and the reason keeps the last year of data.
    r = audit_path([40, 60, 90, 96, 97]).set_index("indicator_id").loc[AUDIT]
    assert (r["outcome"], r["basically_in"], r["basically_value"]) == ("not_met", 2019, 96.0)
    assert pd.isna(r["met_in"])
    assert final._why(r, "zh", "%") == "2019年基本完成（96%，≥95%）；数据截至2020年，尚未达到"
    # 94.9 < 95 every year from 2018: neither basically nor fully.
    r = audit_path([40, 60, 94.9, 94.9, 94.9]).set_index("indicator_id").loc[AUDIT]
    assert (r["outcome"], pd.isna(r["basically_in"])) == ("not_met", True)
    # 100 in 2018 itself: on time, basically in the same year, so only the outcome speaks.
    r = audit_path([40, 60, 100, 100, 100]).set_index("indicator_id").loc[AUDIT]
    assert (r["outcome"], r["basically_in"], final._why(r, "zh", "%")) == ("on_time", 2018, "")


def test_the_evaluation_shows_basically_in_its_table_summary_and_readings():
    from luoyang_analysis.catalogue.targets import default_catalogue
    from luoyang_analysis.catalogue.units import get_unit

    frame = pd.DataFrame(
        audit_rows([43.8, 79.3, 98.2, 99.4, 100.0]),
        columns=["unit_code", "year", "indicator_id", "value"],
    )
    history = gaps.compute_unit_years(frame, "410300", YEARS)
    o = final.milestone_outcomes(history)
    cat = default_catalogue()
    ev = final.Evaluation(get_unit("410300"), "zh", cat, history, o, 2020)
    html = "".join(final.sections(ev))
    assert "2018年基本完成（98.2%，≥95%），2020年全面完成" in html
    # One 基本 milestone in the catalogue (green.mandatory_audit_coverage 2018), basically
    # achieved in its year (98.2 >= 95): 1 of 1.
    assert "原文为“基本实现…”的目标节点1个，其中1个在目标年已基本完成或全面完成" in html
    assert "达到目标值的95%以上为基本完成" in html
