"""Comparing two deliveries of the same statistics: what changed, appeared or disappeared."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .processed import read_and_validate, resolve_data

KEY = ["unit_code", "indicator_id", "year"]


def diff(old: Path | str, new: Path | str) -> pd.DataFrame:
    """One row per cell that differs: ``unit_code, indicator_id, year, old_value, new_value, change``.

    ``change`` is ``changed``, ``added`` (only in the new delivery) or ``removed``.
    Both deliveries are validated first; raw files are only read.
    """
    a, _ = read_and_validate(resolve_data(old))
    b, _ = read_and_validate(resolve_data(new))
    merged = a[KEY + ["value"]].merge(
        b[KEY + ["value"]], on=KEY, how="outer", suffixes=("_old", "_new")
    )
    merged = merged.rename(columns={"value_old": "old_value", "value_new": "new_value"})
    change = pd.Series("changed", index=merged.index)
    change[merged["old_value"].isna()] = "added"
    change[merged["new_value"].isna()] = "removed"
    merged["change"] = change
    same = merged["old_value"].eq(merged["new_value"])
    out = merged[~same].sort_values(KEY).reset_index(drop=True)
    return out[KEY + ["old_value", "new_value", "change"]]


def status_changes(old: Path | str, new: Path | str) -> pd.DataFrame:
    """Assessed statuses that differ between two deliveries, per unit, indicator and year.

    Columns ``unit_code, indicator_id, year, old_status, new_status, old_completion_rate,
    new_completion_rate``; years are those present in either delivery.
    """
    from . import gaps

    a, _ = read_and_validate(resolve_data(old))
    b, _ = read_and_validate(resolve_data(new))
    years = sorted(set(a["year"]) | set(b["year"]))
    cols = ["unit_code", "indicator_id", "year", "status", "completion_rate"]
    ga = gaps.compute_years(a, years)[cols]
    gb = gaps.compute_years(b, years)[cols]
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
