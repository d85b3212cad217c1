"""A unit's actual values: its own series, the counties' sums for the city, running totals (§2, §6).

:class:`Actuals` indexes the observations once and answers, for a unit, an
indicator, a target's accumulation and a year, the actual value in the target's
terms, with its basis (reported, official, county sum) and notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from luoyang_analysis.catalogue.targets import Catalogue, Indicator
from luoyang_analysis.catalogue.units import CITY_CODE, Unit, county_codes
from luoyang_analysis.deliveries.contract import (
    ENERGY_INTENSITY,
    ENERGY_INTENSITY_YOY,
    ENERGY_REDUCTION,
)
from luoyang_analysis.gaps import energy
from luoyang_analysis.gaps.observations import clean_observations
from luoyang_analysis.gaps.progress import NAN, Thresholds
from luoyang_analysis.gaps.rules import base_year_of, cumulation_start, is_additive
from luoyang_analysis.gaps.workings import Actual, fmt


@dataclass
class Series:
    """One unit's values of one data indicator, by year, with where each came from."""

    values: dict[int, float] = field(default_factory=dict)
    basis: dict[int, str] = field(default_factory=dict)  # reported | official | county_sum
    county: dict[int, tuple[float, int]] = field(default_factory=dict)  # city: (sum, n)
    official: dict[int, float] = field(default_factory=dict)  # city: its own rows


class Actuals:
    """The observations of every unit, indexed, and the actual values computed from them."""

    def __init__(
        self,
        observations: pd.DataFrame,
        catalogue: Catalogue,
        units: Mapping[str, Unit],
        thresholds: Thresholds,
    ) -> None:
        self.units = units
        self.th = thresholds
        self.base_year = base_year_of(catalogue)
        obs = clean_observations(observations)
        self.index: dict[tuple[str, str], dict[int, float]] = {}
        for r in obs.itertuples(index=False):
            self.index.setdefault((r.unit_code, r.indicator_id), {})[int(r.year)] = float(r.value)
        self.unit_codes = sorted(set(obs["unit_code"]))
        self._series_cache: dict[tuple[str, str], Series] = {}

    def series(self, unit: str, data_id: str, additive: bool) -> Series:
        key = (unit, data_id)
        if key in self._series_cache:
            return self._series_cache[key]
        own = dict(self.index.get(key, {}))
        s = Series()
        if unit != CITY_CODE or not additive:
            s.values = own
            s.basis = {y: ("official" if unit == CITY_CODE else "reported") for y in own}
            s.official = own if unit == CITY_CODE else {}
        else:
            s.official = own
            years: set[int] = set(own)
            for code, did in self.index:
                if did == data_id and code != CITY_CODE:
                    years.update(self.index[(code, did)])
            for y in sorted(years):
                codes = county_codes(y, self.units)
                vals = [
                    self.index[(c, data_id)][y]
                    for c in codes
                    if y in self.index.get((c, data_id), {})
                ]
                if vals:
                    s.county[y] = (float(sum(vals)), len(vals))
                if y in own:
                    s.values[y], s.basis[y] = own[y], "official"
                elif y in s.county:
                    s.values[y], s.basis[y] = s.county[y][0], "county_sum"
        self._series_cache[key] = s
        return s

    # ------------------------------------------------------------------ actual values

    def data_id(self, ind: Indicator) -> str:
        return ind.data_indicator or ind.id

    def actual(
        self, ind: Indicator, accumulation: str, unit: str, year: int, counts: str | None = None
    ) -> Actual:
        """The actual value in the terms of a target's accumulation and ``counts`` (§2, §10.1).

        A running total of new ones leaves the base year's opening stock out; the
        stock is still given (``opening_stock``) for context.
        """
        if ind.id == ENERGY_REDUCTION:
            return self._reduction(unit, year)
        additive = is_additive(ind)
        s = self.series(unit, self.data_id(ind), additive)
        out = Actual()
        running = ind.entry == "flow" and accumulation in ("cumulative", "level")
        if running and counts == "new":
            out.opening_stock = s.values.get(self.base_year, NAN)
        if not running:
            if year not in s.values:
                out.notes.add(f"{year}年未报数", f"no value for {year}")
                return out
            window = [year]
            out.value = s.values[year]
        else:
            start = cumulation_start(ind, self.base_year, counts)
            if year < start:
                out.value = 0.0
                return out
            if year not in s.values:
                out.notes.add(f"{year}年未报数", f"no value for {year}")
                return out
            window = list(range(start, year + 1))
            missing = [y for y in window if y not in s.values]
            out.value = float(sum(s.values.get(y, 0.0) for y in window))
            if missing:
                ys = "、".join(str(y) for y in missing)
                out.notes.add(
                    f"{ys}年未报数，累计时按0计",
                    f"no value for {', '.join(map(str, missing))}: counted as 0 in the running total",
                )
            if start > self.base_year:
                why_zh, why_en = (
                    ("目标计新增数", "the target counts new ones")
                    if counts == "new"
                    else ("依目录假设", "per the catalogue's assumption")
                )
                out.notes.add(
                    f"累计自{start}年起（不含{self.base_year}年期初存量，{why_zh}）",
                    f"running total from {start} ({self.base_year} opening stock excluded, "
                    f"{why_en})",
                )
        if any(s.values.get(y, 0.0) < 0 for y in window):
            out.notes.add(
                "含负值（更正或减少）", "includes a negative value (a correction or a fall)"
            )
        bases = {s.basis[y] for y in window if y in s.basis}
        out.basis = "official+county_sum" if len(bases) > 1 else (bases.pop() if bases else "")
        if unit == CITY_CODE and additive:
            county_years = [y for y in window if y in s.county]
            if county_years:
                out.county_sum = float(sum(s.county[y][0] for y in county_years))
            if out.basis != "official":
                n_all = len(county_codes(year, self.units))
                n_rep = s.county[year][1] if year in s.county else 0
                out.notes.add(
                    f"市级无官方数的年份取各县（市、区）合计（{year}年{n_rep}/{n_all}个单位报数）",
                    f"no official city figure for some year(s): sum of the counties "
                    f"({n_rep} of {n_all} reporting in {year})",
                )
            for y in window:
                if y in s.official and y in s.county:
                    off, (cs, n) = s.official[y], s.county[y]
                    if abs(off - cs) > self.th.tolerance * max(1.0, abs(off)):
                        out.differs = True
                        out.notes.add(
                            f"{y}年各县合计{fmt(cs)}（{n}个单位）与市级官方数{fmt(off)}不一致，采用官方数",
                            f"{y}: county sum {fmt(cs)} ({n} units) differs from the official "
                            f"city figure {fmt(off)}; the official figure is used",
                        )
        return out

    def _energy(self, unit: str) -> tuple[dict[int, float], dict[int, float]]:
        levels = self.series(unit, ENERGY_INTENSITY, False).values
        yoy = self.series(unit, ENERGY_INTENSITY_YOY, False).values
        return levels, yoy

    def relative_levels(self, unit: str, upto: int) -> tuple[dict[int, float], str]:
        """The unit's energy intensity relative to the base year (:func:`.energy.relative_levels`)."""
        return energy.relative_levels(*self._energy(unit), self.base_year, upto)

    def _reduction(self, unit: str, year: int) -> Actual:
        basis = "official" if unit == CITY_CODE else "reported"
        return energy.reduction(*self._energy(unit), self.base_year, year, basis)
