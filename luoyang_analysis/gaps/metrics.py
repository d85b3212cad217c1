"""Figures computed from gap tables: what is assessed, status counts, county ranking, contributions.

The reports show these (:mod:`luoyang_analysis.presentation.assessment` turns
them into HTML); they are computed here so that the published figures have one
definition and can be tested without any HTML.
"""

from __future__ import annotations

import pandas as pd

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.departments import responsible_unit_list
from luoyang_analysis.catalogue.units import CITY_CODE
from luoyang_analysis.gaps.engine import BEHIND, compute_unit_years

ASSESSED_KINDS = ("milestone", "interim", "standing")


def assessed(gaps: pd.DataFrame) -> pd.DataFrame:
    """Rows with a status of their own (milestone, interim or standing targets)."""
    return gaps[gaps["target_kind"].isin(ASSESSED_KINDS)]


#: Statuses that judge a target from its data (the rest say why it could not be judged).
JUDGED = ("achieved", "on_track", *BEHIND)
#: What :func:`coverage` counts, in the order of the sentence that reports it; the parts
#: add up to the total (``not_published`` is a part of ``no_data``).
COVERAGE_PARTS = ("judged", "incomplete", "not_comparable", "no_data")


def coverage(gaps: pd.DataFrame) -> dict[str, int]:
    """How many of the targets could be judged, and why the others could not (issue 10).

    ``total``: targets with a status of their own (:func:`assessed`); ``judged``: a
    status from the data; ``incomplete``: a lower bound short of the target;
    ``not_comparable``: figures on another base; ``no_data``: no figure, of which
    ``not_published`` were delivered as 未公开. The parts of :data:`COVERAGE_PARTS`
    add up to ``total``.
    """
    a = assessed(gaps)
    qualifier = a["actual_qualifier"] if "actual_qualifier" in a else pd.Series("", index=a.index)
    unpublished = (a["status"] == "no_data") & qualifier.eq("not_published")
    return {
        "total": len(a),
        "judged": int(a["status"].isin(JUDGED).sum()),
        "incomplete": int((a["status"] == "incomplete").sum()),
        "not_comparable": int((a["status"] == "not_comparable").sum()),
        "not_published": int(unpublished.sum()),
        "no_data": int((a["status"] == "no_data").sum()),
    }


def coverage_by_plan(gaps: pd.DataFrame, plans) -> list[tuple[str, dict[str, int]]]:
    """(plan id, :func:`coverage`) for each plan id of ``plans``, in that order."""
    return [(p, coverage(gaps[gaps["plan"] == p])) for p in plans]


def status_counts(gaps: pd.DataFrame) -> dict[str, int]:
    """Assessed rows, achieved, on track, behind, without data; and contribution rows."""
    a = assessed(gaps)
    return {
        "assessed": len(a),
        "achieved": int((a["status"] == "achieved").sum()),
        "on_track": int((a["status"] == "on_track").sum()),
        "behind": int(a["status"].isin(BEHIND).sum()),
        "no_data": int((a["status"] == "no_data").sum()),
        "contribution": int((gaps["target_kind"] == "contribution").sum()),
    }


def reading_counts(gaps: pd.DataFrame) -> dict[str, int]:
    """What the status counts leave aside (issue 9): targets 基本完成; a county's assessed
    targets of its own (allocated) and those against the city's target; verdicts that
    change with the reading of the text. A table without a column counts 0 of it."""
    a = assessed(gaps)

    def n(frame: pd.DataFrame, column: str, value) -> int:
        return int((frame[column] == value).sum()) if column in frame else 0

    return {
        "basically_achieved": n(a, "status", "basically_achieved"),
        "own_targets": n(a, "target_source", "allocation"),
        "city_rate_targets": n(a, "target_source", "city_target"),
        "reading_sensitive": n(gaps, "reading_sensitive", True),
    }


def by_department(gaps: pd.DataFrame) -> pd.DataFrame:
    """One row per gap row and responsible department (column ``department``), for grouping."""
    frame = gaps.copy()
    frame["department"] = frame["responsible_units"].map(responsible_unit_list)
    return frame.explode("department", ignore_index=True)


def county_figures(all_gaps: pd.DataFrame) -> bool:
    """Whether any county has a figure in these gap tables (else no ranking or map is drawn)."""
    counties = all_gaps[all_gaps["unit_code"] != CITY_CODE]
    return bool(counties["actual_value"].notna().any())


def county_scores(all_gaps: pd.DataFrame) -> pd.DataFrame:
    """Per county: assessed targets, achieved, behind, mean completion (capped at 100%); ranked."""
    a = assessed(all_gaps[all_gaps["unit_code"] != CITY_CODE])
    rows = []
    for code, grp in a.groupby("unit_code"):
        # A lower bound's completion rate (incomplete) would pull a county down for a gap in data.
        judged = grp[~grp["status"].isin(("incomplete", "not_comparable"))]
        rates = judged["completion_rate"].dropna().clip(upper=1.0)
        rows.append(
            {
                "unit_code": code,
                "unit_name_zh": grp["unit_name_zh"].iloc[0],
                "unit_name_en": grp["unit_name_en"].iloc[0],
                "assessed": len(grp),
                "achieved": int((grp["status"] == "achieved").sum()),
                "behind": int(grp["status"].isin(BEHIND).sum()),
                "mean_completion": float(rates.mean()) if len(rates) else float("nan"),
            }
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame = frame.sort_values(
        ["mean_completion", "achieved", "unit_code"], ascending=[False, False, True]
    ).reset_index(drop=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame


def contributions_table(all_gaps: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Count indicators × counties: each county's actual as a share of the city target (fractions)."""
    c = all_gaps[(all_gaps["target_kind"] == "contribution") & (all_gaps["unit_code"] != CITY_CODE)]
    name = i18n.column("name", lang)
    unit = i18n.column("unit_name", lang)
    if c.empty:
        return pd.DataFrame()
    return c.pivot_table(
        index=name, columns=unit, values="contribution_share", aggfunc="first", sort=False
    )


def unit_history(observations: pd.DataFrame, unit_code: str, years) -> pd.DataFrame:
    """One unit's gap rows for several years, stacked: the data of its path charts."""
    return compute_unit_years(observations, unit_code, years)
