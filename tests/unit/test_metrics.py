"""The figures the reports publish, computed from gap tables: status counts and the county ranking.

Gap tables are built by hand here (only the columns the figures read), so each
expected value can be worked out on paper.
"""

from __future__ import annotations

import math

import pandas as pd

from luoyang_analysis.gaps import metrics

NAN = float("nan")
CITY, A, B, C, D = "410300", "410302", "410303", "410304", "410305"

ROWS = [
    # unit, target_kind, status, completion_rate
    (A, "milestone", "achieved", 1.2),
    (A, "interim", "on_track", 0.8),
    (A, "standing", "not_achieved", 0.5),
    (A, "contribution", "no_target", NAN),
    (B, "milestone", "achieved", 1.0),
    (B, "interim", "deterioration", 0.5),
    (B, "milestone", "no_data", NAN),
    (C, "milestone", "not_achieved", 0.75),
    (C, "interim", "needs_acceleration", 0.75),
    (C, "base", "no_target", 0.1),
    (D, "milestone", "achieved", 1.0),
    (D, "interim", "limited_progress", 0.5),
    (CITY, "milestone", "achieved", 1.0),
]


def gap_table() -> pd.DataFrame:
    frame = pd.DataFrame(ROWS, columns=["unit_code", "target_kind", "status", "completion_rate"])
    frame["unit_name_zh"] = "县" + frame["unit_code"]
    frame["unit_name_en"] = "County " + frame["unit_code"]
    return frame


def test_status_counts():
    # Assessed rows (milestone, interim, standing): A 3 + B 3 + C 2 + D 2 + city 1 = 11.
    # Achieved: A, B, D, city = 4; on track: A = 1; behind (not achieved, needs acceleration,
    # limited progress, deterioration): A, B, C, C, D = 5; no data: B = 1; contribution rows: 1.
    assert metrics.status_counts(gap_table()) == {
        "assessed": 11,
        "achieved": 4,
        "on_track": 1,
        "behind": 5,
        "no_data": 1,
        "contribution": 1,
    }


def test_county_ranking():
    scores = metrics.county_scores(gap_table())
    # Means of the completion rates capped at 1, missing ones left out; the city is not ranked:
    # A (1 + 0.8 + 0.5)/3 = 0.7667; B (1 + 0.5)/2 = 0.75; C (0.75 + 0.75)/2 = 0.75 (the base
    # row is not assessed); D (1 + 0.5)/2 = 0.75. Ties go to more achieved (B, D: 1; C: 0),
    # then to the lower code (B before D).
    assert list(scores["unit_code"]) == [A, B, D, C]
    assert list(scores["rank"]) == [1, 2, 3, 4]
    assert math.isclose(scores["mean_completion"][0], 2.3 / 3)
    assert list(scores["mean_completion"][1:]) == [0.75, 0.75, 0.75]
    assert list(scores["assessed"]) == [3, 3, 2, 2]
    assert list(scores["achieved"]) == [1, 1, 1, 0]
    assert list(scores["behind"]) == [1, 1, 1, 2]


def test_contributions_table():
    frame = pd.DataFrame(
        {
            "unit_code": [A, B, CITY],
            "unit_name_zh": ["甲", "乙", "全市"],
            "unit_name_en": ["A", "B", "City"],
            "name_zh": ["智能工厂"] * 3,
            "name_en": ["Smart factories"] * 3,
            "target_kind": ["contribution", "contribution", "milestone"],
            "contribution_share": [0.25, 0.5, NAN],
        }
    )
    # One row per indicator, one column per county; the city's own row is not a contribution.
    table = metrics.contributions_table(frame, "en")
    assert list(table.columns) == ["A", "B"]
    assert table.loc["Smart factories"].tolist() == [0.25, 0.5]
