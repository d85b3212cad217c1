"""Statuses that a revised delivery changes: the gap engine run on two deliveries and compared."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from luoyang_analysis.deliveries.processed import read_and_validate, resolve_data
from luoyang_analysis.gaps.engine import compute_years


def status_changes(old: Path | str, new: Path | str) -> pd.DataFrame:
    """Assessed statuses that differ between two deliveries, per unit, indicator and year.

    Columns ``unit_code, indicator_id, year, old_status, new_status, old_completion_rate,
    new_completion_rate``; years are those present in either delivery.
    """
    a, _ = read_and_validate(resolve_data(old))
    b, _ = read_and_validate(resolve_data(new))
    years = sorted(set(a["year"]) | set(b["year"]))
    cols = ["unit_code", "indicator_id", "year", "status", "completion_rate"]
    ga = compute_years(a, years)[cols]
    gb = compute_years(b, years)[cols]
    merged = ga.merge(
        gb, on=["unit_code", "indicator_id", "year"], how="outer", suffixes=("_old", "_new")
    )
    changed = merged[merged["status_old"].fillna("") != merged["status_new"].fillna("")]
    out = changed.rename(
        columns={
            "status_old": "old_status",
            "status_new": "new_status",
            "completion_rate_old": "old_completion_rate",
            "completion_rate_new": "new_completion_rate",
        }
    )
    return out.sort_values(["unit_code", "indicator_id", "year"]).reset_index(drop=True)
