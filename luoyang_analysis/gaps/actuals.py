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
from luoyang_analysis.deliveries.qualifiers import actual_basis
from luoyang_analysis.gaps import energy, stocks
from luoyang_analysis.gaps.observations import Detail, clean_observations, observation_details
from luoyang_analysis.gaps.progress import NAN, Thresholds, is_missing
from luoyang_analysis.gaps.rules import base_year_of, cumulation_start, is_additive
from luoyang_analysis.gaps.workings import Actual, fmt, year_ranges


@dataclass
class Series:
    """One unit's values of one data indicator, by year, with where each came from."""

    values: dict[int, float] = field(default_factory=dict)
    basis: dict[int, str] = field(default_factory=dict)  # see :meth:`Actuals.own_basis`
    county: dict[int, tuple[float, int]] = field(default_factory=dict)  # city: (sum, n)
    official: dict[int, float] = field(default_factory=dict)  # city: its own rows
    details: dict[int, list[Detail]] = field(default_factory=dict)  # what the rows used say
    unpublished: set[int] = field(default_factory=set)  # years delivered as 未公开 (no value)
    derived: set[int] = field(default_factory=set)  # flows computed from two year-end stocks

    def qualifier(self, year: int) -> str:
        """The year's value: "" exact, at_least if any row used is a lower bound, else approx."""
        quals = {d.qualifier for d in self.details.get(year, [])}
        return next((q for q in ("at_least", "approx") if q in quals), "")


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
        observations, self.stocks = stocks.split_stocks(observations, catalogue)
        obs = clean_observations(observations)
        self.index: dict[tuple[str, str], dict[int, float]] = {}
        for r in obs.itertuples(index=False):
            self.index.setdefault((r.unit_code, r.indicator_id), {})[int(r.year)] = float(r.value)
        self.details = observation_details(observations)
        # Frames without any source column (hand-built ones) say nothing about their rows' origin.
        self.sourced = any(c in observations.columns for c in ("source", "source_kind"))
        self.unit_codes = sorted(set(obs["unit_code"]) | {u for u, _ in self.stocks})
        self._series_cache: dict[tuple[str, str], Series] = {}

    def own_basis(self, unit: str, data_id: str, year: int) -> str:
        """What a unit's own figure is: the kind of its source where the delivery names one
        (:func:`luoyang_analysis.deliveries.qualifiers.actual_basis`: ``official_statistics``
        only for the statistics bureau).

        Without a kind, a city figure from a delivery with a source column is
        ``unknown`` (nothing says it is official); a county's is ``reported``; a
        frame without source columns keeps the city's figure as ``official``.
        """
        d = next(iter(self._detail(unit, data_id, year)), None)
        if d is not None and d.source_kind:
            return actual_basis(d.source_kind)
        if unit != CITY_CODE:
            return "reported"
        return "unknown" if self.sourced else "official"

    def _detail(self, unit: str, data_id: str, year: int) -> list[Detail]:
        d = self.details.get((unit, data_id, year))
        if d is None and year in self.stocks.get((unit, data_id), {}):
            d = self.stocks[(unit, data_id)][year].detail  # a flow derived from two stocks
        return [d] if d is not None else []

    def series(self, unit: str, data_id: str, additive: bool) -> Series:
        key = (unit, data_id)
        if key in self._series_cache:
            return self._series_cache[key]
        own = dict(self.index.get(key, {}))
        held = self.stocks.get(key, {})
        derived = stocks.derived_flows(held, own)
        for y, st in derived.items():
            own[y] = st.value - held[y - 1].value
        s = Series(derived=set(derived))
        s.unpublished = {
            y
            for (u, i, y), d in self.details.items()
            if (u, i) == key and d.qualifier == "not_published" and y not in own
        }
        if unit != CITY_CODE or not additive:
            s.values = own
            s.basis = {y: self.own_basis(unit, data_id, y) for y in own}
            s.details = {y: self._detail(unit, data_id, y) for y in own}
            s.official = own if unit == CITY_CODE else {}
        else:
            s.official = own
            years: set[int] = set(own)
            for code, did in self.index:
                if did == data_id and code != CITY_CODE:
                    years.update(self.index[(code, did)])
            for y in sorted(years):
                codes = county_codes(y, self.units)
                reporting = [c for c in codes if y in self.index.get((c, data_id), {})]
                if reporting:
                    total = float(sum(self.index[(c, data_id)][y] for c in reporting))
                    s.county[y] = (total, len(reporting))
                if y in own:
                    s.values[y], s.basis[y] = own[y], self.own_basis(unit, data_id, y)
                    s.details[y] = self._detail(unit, data_id, y)
                elif y in s.county:
                    s.values[y], s.basis[y] = s.county[y][0], "county_sum"
                    s.details[y] = [d for c in reporting for d in self._detail(c, data_id, y)]
            s.unpublished -= set(s.values)
        for y in s.unpublished:
            s.details[y] = self._detail(unit, data_id, y)
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
                _no_value(out, s, year)
                return out
            window = [year]
            out.value = s.values[year]
        else:
            start = cumulation_start(ind, self.base_year, counts)
            if year < start:
                out.value = 0.0
                return out
            held = self.stocks.get((unit, self.data_id(ind)), {})
            from_stock = stocks.running_total(held, s.values, start, self.base_year, year)
            if from_stock is not None:
                st = held[year]
                from_stock.basis = self.own_basis(unit, self.data_id(ind), year)
                if st.detail.qualifier in ("at_least", "approx") and not from_stock.lower_bound:
                    from_stock.qualifier = st.detail.qualifier
                _sources_of(from_stock, [st.detail])
                from_stock.opening_stock = out.opening_stock
                return from_stock
            window = [y for y in range(start, year + 1) if y in s.values]
            if year not in s.values:
                _no_value(out, s, year)
                out.year_missing = True
                if not window:
                    return out
            # Missing stays missing (§2.2): a year without a value is not counted as 0; the
            # total of the years reported is a lower bound, which can show a target met but
            # never one missed.
            out.missing_years = [y for y in range(start, year + 1) if y not in s.values]
            out.value = float(sum(s.values[y] for y in window))
            if out.missing_years:
                out.qualifier = "at_least"
                ys = year_ranges(out.missing_years)
                used = year_ranges(window)
                out.notes.add(
                    f"{ys}年未报数，不按0计；已报年份（{used}年）累计{fmt(out.value)}，为下限",
                    f"no value for {year_ranges(out.missing_years, ', ')}, not counted as 0: "
                    f"the years reported ({year_ranges(window, ', ')}) total {fmt(out.value)}, "
                    "a lower bound",
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
        _describe(out, s, window)
        if s.derived & set(window):
            ys = year_ranges(sorted(s.derived & set(window)))
            out.notes.add(
                f"{ys}年的数由相邻两年年末存量之差得出",
                f"{year_ranges(sorted(s.derived & set(window)), ', ')}: the flow is the "
                "difference of two year-end stocks",
            )
        if any(s.values.get(y, 0.0) < 0 for y in window):
            out.notes.add(
                "含负值（更正或减少）", "includes a negative value (a correction or a fall)"
            )
        bases = {s.basis[y] for y in window if y in s.basis}
        out.basis = "+".join(sorted(bases, key=lambda b: b == "county_sum"))
        if unit == CITY_CODE and additive:
            county_years = [y for y in window if y in s.county]
            if county_years:
                out.county_sum = float(sum(s.county[y][0] for y in county_years))
            if "county_sum" in bases:
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
        out = energy.reduction(*self._energy(unit), self.base_year, year, basis)
        published = self.index.get((unit, ENERGY_REDUCTION), {})
        if year not in published or not is_missing(out.value):
            return out  # computed from levels or rates where it can be
        d = self._detail(unit, ENERGY_REDUCTION, year)
        base = d[0].base() if d else None
        out = Actual(value=published[year], basis=self.own_basis(unit, ENERGY_REDUCTION, year))
        _sources_of(out, d)
        b, v = self.base_year, fmt(published[year])
        if base == b:
            out.notes.add(f"采用公布的降低率（比{b}年）", f"the published reduction against {b}")
        else:
            since = d[0].period if d and d[0].period else str(base)
            out.not_comparable = (
                f"公布的降低率{v}%以{base}年为基（{since}），目标以{b}年为基，二者不可比；"
                f"需{b}年与{year}年的能耗水平或逐年变化率"
            )
            out.not_comparable_en = (
                f"the published reduction of {v}% is against {base} ({since}), the target "
                f"against {b}: not comparable; the {b} and {year} levels or the yearly rates "
                "are needed"
            )
        return out


def _no_value(out: Actual, s: Series, year: int) -> None:
    """The year has no value: 未公开 when the delivery says so, else not reported."""
    if year in s.unpublished:
        out.qualifier = "not_published"
        out.notes.add(f"{year}年数据未公开", f"{year}: not published")
        _sources(out, s, [year])
    else:
        out.notes.add(f"{year}年未报数", f"no value for {year}")


def _describe(out: Actual, s: Series, window: list[int]) -> None:
    """The qualifiers, sources and notes of the values a total is made of."""
    quals = {s.qualifier(y) for y in window}
    if out.qualifier != "at_least":
        out.qualifier = next((q for q in ("at_least", "approx") if q in quals), out.qualifier)
    if "at_least" in quals:
        out.notes.add("所用数字含「≥/超过」下限值", "a value used is a lower bound (≥)")
    if "approx" in quals:
        out.notes.add(
            "所用数字含「近/约」近似值，状态为近似判断",
            "a value used is approximate: the status is approximate",
        )
    _sources(out, s, window)


def _sources(out: Actual, s: Series, years: list[int]) -> None:
    _sources_of(out, [d for y in years for d in s.details.get(y, [])])


def _sources_of(out: Actual, details: list[Detail]) -> None:
    for d in details:
        if d.source and d.source not in out.sources:
            out.sources.append(d.source)
        if d.note and d.note not in out.data_notes:
            out.data_notes.append(d.note)
