"""Comparing two deliveries of the same statistics: what changed, appeared or disappeared."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from luoyang_analysis.deliveries.processed import read_and_validate, resolve_data

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
