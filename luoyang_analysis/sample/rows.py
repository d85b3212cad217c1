"""What the plan generators share: the row collector and the ways a designed figure is drawn.

Every draw comes from the one ``numpy`` generator handed down by
:func:`luoyang_analysis.sample.generator.generate`, so the order of the calls
decides the shipped bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from luoyang_analysis.catalogue.units import CITY_CODE
from luoyang_analysis.sample.story import (
    AHEAD,
    BEHIND,
    CITY_FLOW_ROWS,
    CITY_FLOWS,
    CITY_ONLY_FLOWS,
    CITY_ONLY_NOTES,
    COUNTIES,
    GAP_COUNTY,
    GAP_INDICATORS,
    GAP_YEAR,
    MISSING_NOTE,
    SOURCE,
    SPECIFIC_FLOWS,
    SPECIFIC_UNITS,
    WEIGHTS,
    YEARS,
)


class Rows:
    """Collects observation rows."""

    def __init__(self) -> None:
        self.rows: list[dict[str, object]] = []

    def add(
        self, code: str, year: int, indicator: str, value: float | None, note: str = ""
    ) -> None:
        self.rows.append(
            {
                "unit_code": code,
                "year": year,
                "indicator_id": indicator,
                "value": np.nan if value is None else float(value),
                "source": SOURCE,
                "note": note,
            }
        )


def split(
    total: float,
    codes: tuple[str, ...],
    weights: Iterable[float],
    rng: np.random.Generator,
    decimals: int = 0,
    noise: float = 0.35,
) -> dict[str, float]:
    """Share ``total`` among ``codes`` by noisy weights; the parts add up to it exactly."""
    scale = 10**decimals
    units_total = int(round(total * scale))
    w = np.asarray(list(weights), dtype=float) * rng.lognormal(0.0, noise, len(codes))
    if units_total == 0 or w.sum() == 0:
        return {c: 0.0 for c in codes}
    exact = units_total * w / w.sum()
    parts = np.floor(exact).astype(int)
    # Largest remainder, ties broken by position: deterministic.
    for i in np.argsort(-(exact - parts), kind="stable")[: units_total - parts.sum()]:
        parts[i] += 1
    return {c: float(p) / scale for c, p in zip(codes, parts, strict=True)}


def cumulative_share(path: tuple[float, ...], n: int, rng: np.random.Generator) -> list[int]:
    """Counts of ``n`` enterprises following a designed cumulative % path, never falling."""
    counts, last = [], 0
    for pct in path:
        k = int(round(n * min(100.0, max(0.0, pct + rng.normal(0.0, 3.0))) / 100))
        if pct >= 100:
            k = n
        k = min(n, max(last, k))
        if 0 < 100 * k < n:  # a share below 1% reads like a fraction typed as percent
            k = -(-n // 100)
        counts.append(k)
        last = k
    return counts


def k_of_n_shares(
    out: Rows,
    rng: np.random.Generator,
    ind: str,
    enterprises: Mapping[str, int],
    path_of: Callable[[str], tuple[float, ...]],
) -> None:
    """A share built as k of a unit's n enterprises on its designed path; the city pools them.

    ``path_of(code)`` is called just before the unit's counts are drawn, so a path
    that draws from ``rng`` itself keeps the order of the draws.
    """
    k_city = np.zeros(len(YEARS))
    n_city = 0
    for code, n in enterprises.items():
        counts = cumulative_share(path_of(code), n, rng)
        k_city += counts
        n_city += n
        for year, k in zip(YEARS, counts, strict=True):
            share_row(out, code, year, ind, pct(k, n))
    for i, year in enumerate(YEARS):
        out.add(CITY_CODE, year, ind, pct(k_city[i], n_city))


def pct(k: float, n: float) -> float:
    return round(100.0 * k / n, 1) if n else 0.0


def standing(code: str) -> str:
    return "ahead" if code == AHEAD else "behind" if code == BEHIND else "typical"


def share_row(out: Rows, code: str, year: int, ind: str, value: float) -> None:
    """A share, unless it is one of the deliberately unreported values."""
    if code == GAP_COUNTY and year == GAP_YEAR and ind in GAP_INDICATORS:
        out.add(code, year, ind, None, MISSING_NOTE)
    else:
        out.add(code, year, ind, value)


def specific(out: Rows, ind: str, by_year: Mapping[int, Mapping[str, int]]) -> None:
    """A flow placed by hand in the few units that report it (a row of 0 is a report of none)."""
    for code in SPECIFIC_UNITS[ind]:
        for year in YEARS:
            out.add(code, year, ind, by_year.get(year, {}).get(code, 0))


def specific_flows(out: Rows, plan: str) -> None:
    """Every hand-placed flow of ``plan`` ("green", "smart", ...)."""
    for ind, by_year in SPECIFIC_FLOWS.items():
        if ind.startswith(plan + "."):
            specific(out, ind, by_year)


def designed_flows(out: Rows, rng: np.random.Generator, plan: str) -> None:
    """The designed city totals of ``plan`` shared among counties, and its city-only flows."""
    for ind, (kind, flows) in CITY_FLOWS.items():
        if not ind.startswith(plan + "."):
            continue
        for year, total in zip(YEARS, flows, strict=True):
            parts = split(total, COUNTIES, WEIGHTS[kind], rng)
            for code in COUNTIES:
                out.add(code, year, ind, parts[code])
            if ind in CITY_FLOW_ROWS:
                out.add(CITY_CODE, year, ind, total)
    for ind, flows in CITY_ONLY_FLOWS.items():
        if not ind.startswith(plan + "."):
            continue
        for year, value in zip(YEARS, flows, strict=True):
            out.add(CITY_CODE, year, ind, value, CITY_ONLY_NOTES.get((ind, year), ""))


def format_value(value: float, decimals: int) -> str:
    """A value as written in the CSV and the README: fixed decimals, empty when missing."""
    if pd.isna(value):
        return ""
    if decimals == 0:
        return str(int(round(value)))
    return f"{value:.{decimals}f}"
