"""County allocations of the city's targets: an allocation file as the engine uses it, and its checks (§5).

An allocation file gives a county its own target (``unit_code, indicator_id,
year, target_value``); without one a county is assessed against the city's rate
targets and shown as a contribution to its count and amount targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from luoyang_analysis.catalogue.targets import Catalogue, default_catalogue
from luoyang_analysis.catalogue.units import CITY_CODE
from luoyang_analysis.deliveries.allocations import ALLOCATION_COLUMNS, read_allocations
from luoyang_analysis.deliveries.contract import data_indicators
from luoyang_analysis.exceptions import ParameterError
from luoyang_analysis.gaps.progress import NAN, is_missing
from luoyang_analysis.gaps.rules import applies_to_each_unit, is_additive

ALLOCATION_CHECK_COLUMNS = [
    "indicator_id",
    "year",
    "city_target",
    "allocated_sum",
    "difference",
    "units_allocated",
    "problem",
    "message",
]


def load_allocations(path: Path | str) -> pd.DataFrame:
    """Read an allocation CSV (``unit_code, indicator_id, year, target_value``; UTF-8)."""
    return _clean_allocations(read_allocations(path))


def _clean_allocations(allocations: pd.DataFrame | None) -> pd.DataFrame:
    if allocations is None or len(allocations) == 0:
        return pd.DataFrame(
            {
                "unit_code": pd.Series(dtype=str),
                "indicator_id": pd.Series(dtype=str),
                "year": pd.Series(dtype=int),
                "target_value": pd.Series(dtype=float),
            }
        )
    missing = [c for c in ALLOCATION_COLUMNS if c not in allocations.columns]
    if missing:
        raise ParameterError(f"allocations lack column(s) {', '.join(missing)}.")
    return pd.DataFrame(
        {
            "unit_code": allocations["unit_code"].astype(str).str.strip(),
            "indicator_id": allocations["indicator_id"].astype(str).str.strip(),
            "year": pd.to_numeric(allocations["year"]).astype(int),
            "target_value": pd.to_numeric(allocations["target_value"]).astype(float),
        }
    )


def _allocation_target_id(indicator_id: str, catalogue: Catalogue) -> str:
    """Allocations name the target indicator; a data id (energy intensity) is mapped to it."""
    if indicator_id in catalogue.indicators:
        return indicator_id
    di = data_indicators(catalogue).get(indicator_id)
    return di.target_indicator_id if di else indicator_id


def _by_target_indicator(alloc: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    return alloc.assign(
        indicator_id=alloc["indicator_id"].map(lambda i: _allocation_target_id(i, catalogue))
    )


def check_allocations(
    allocations: pd.DataFrame | None,
    catalogue: Catalogue | None = None,
    tolerance: float = 1e-6,
) -> pd.DataFrame:
    """Problems of an allocation file, one row each (empty frame: none) (§5).

    ``problem`` is ``sum_differs`` (the counties' allocations of a count or amount
    target do not add up to the city target), ``unknown_indicator``,
    ``no_city_target`` (no quantitative city target that year), ``city_unit``
    (the city's own target comes from the text and cannot be allocated) or
    ``duplicate``. Rate and share allocations are not summed.
    """
    catalogue = catalogue or default_catalogue()
    alloc = _clean_allocations(allocations)
    rows: list[dict] = []

    def add(ind_id, year, problem, message, city=NAN, total=NAN, n=0):
        rows.append(
            {
                "indicator_id": ind_id,
                "year": year,
                "city_target": city,
                "allocated_sum": total,
                "difference": total - city if not (is_missing(total) or is_missing(city)) else NAN,
                "units_allocated": n,
                "problem": problem,
                "message": message,
            }
        )

    alloc = _by_target_indicator(alloc, catalogue)
    for r in alloc[
        alloc.duplicated(["unit_code", "indicator_id", "year"], keep="first")
    ].itertuples():
        add(
            r.indicator_id,
            r.year,
            "duplicate",
            f"{r.unit_code} {r.indicator_id} {r.year} 重复 / given twice",
        )
    alloc = alloc.drop_duplicates(["unit_code", "indicator_id", "year"], keep="first")
    for r in alloc[alloc["unit_code"] == CITY_CODE].itertuples():
        add(
            r.indicator_id,
            r.year,
            "city_unit",
            "全市目标取自文件，不能分解给全市 / the city's target comes from the text; "
            "allocations are for counties",
        )
    alloc = alloc[alloc["unit_code"] != CITY_CODE]
    for (ind_id, year), grp in alloc.groupby(["indicator_id", "year"], sort=True):
        ind = catalogue.indicators.get(ind_id)
        if ind is None:
            add(ind_id, year, "unknown_indicator", f"未知指标 / unknown indicator {ind_id!r}")
            continue
        t = ind.target_for(int(year))
        if t is None or not t.is_quantitative:
            add(
                ind_id,
                year,
                "no_city_target",
                f"{year}年无全市定量目标 / no quantitative city target in {year}",
            )
            continue
        if applies_to_each_unit(ind) or not is_additive(ind):
            continue  # rates apply to each county as they are; they do not add up
        total = float(grp["target_value"].sum())
        if abs(total - t.value) > tolerance:
            add(
                ind_id,
                year,
                "sum_differs",
                f"各县分解合计{total:g}，全市目标{t.value:g} / "
                f"allocations sum to {total:g}, the city target is {t.value:g}",
                city=t.value,
                total=total,
                n=len(grp),
            )
    frame = pd.DataFrame(rows, columns=ALLOCATION_CHECK_COLUMNS)
    frame["year"] = frame["year"].astype("Int64")
    for col in ("city_target", "allocated_sum", "difference"):
        frame[col] = frame[col].astype(float)
    frame["units_allocated"] = frame["units_allocated"].astype(int)
    return frame


@dataclass(frozen=True)
class CountyTargets:
    """An allocation file as the engine looks it up: the counties' targets and the sums that differ."""

    #: (unit, target indicator, year) -> the county's target
    values: dict[tuple[str, str, int], float]
    #: (target indicator, year) -> (the counties' allocated sum, the city target), where they differ
    sum_differs: dict[tuple[str, int], tuple[float, float]]


def county_targets(allocations: pd.DataFrame | None, catalogue: Catalogue) -> CountyTargets:
    """The county targets of ``allocations``: city rows and repeated rows left out, first kept (§5)."""
    alloc = _by_target_indicator(_clean_allocations(allocations), catalogue)
    alloc = alloc[alloc["unit_code"] != CITY_CODE].drop_duplicates(
        ["unit_code", "indicator_id", "year"]
    )
    values = {
        (r.unit_code, r.indicator_id, int(r.year)): float(r.target_value)
        for r in alloc.itertuples(index=False)
    }
    differs = {
        (r.indicator_id, int(r.year)): (r.allocated_sum, r.city_target)
        for r in check_allocations(alloc, catalogue).itertuples()
        if r.problem == "sum_differs"
    }
    return CountyTargets(values, differs)
