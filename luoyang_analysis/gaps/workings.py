"""The workings behind a gap row: notes in both languages, an actual value with its basis, a unit's target."""

from __future__ import annotations

from dataclasses import dataclass, field

from luoyang_analysis.catalogue.targets import Target
from luoyang_analysis.gaps.progress import NAN, is_missing


@dataclass
class Notes:
    """The notes of a row, each in Chinese and English, in the order added, without repeats."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, zh: str, en: str) -> None:
        if (zh, en) not in self.items:
            self.items.append((zh, en))

    def extend(self, other: Notes) -> None:
        for zh, en in other.items:
            self.add(zh, en)

    @property
    def zh(self) -> str:
        return "；".join(z for z, _ in self.items)

    @property
    def en(self) -> str:
        return "; ".join(e for _, e in self.items)


@dataclass
class Actual:
    """An actual value in the terms of a target, where it came from and what to say about it (§2)."""

    value: float = NAN
    basis: str = ""
    county_sum: float = NAN
    differs: bool = False
    opening_stock: float = NAN  # the base year's stock, left out of a running total of new ones
    notes: Notes = field(default_factory=Notes)
    #: "" exact; ``at_least`` a lower bound (years missing from a running total, or a figure
    #: given as 「≥」/「超过」); ``approx`` (「近」/「约」); ``not_published`` (未公开, no value).
    qualifier: str = ""
    #: years of a running total without a value (not counted: the total is a lower bound)
    missing_years: list[int] = field(default_factory=list)
    #: the row's own year has no value: only a total that already meets the target says anything
    year_missing: bool = False
    #: the delivery's source references and notes of the values used, in year order, no repeats
    sources: list[str] = field(default_factory=list)
    data_notes: list[str] = field(default_factory=list)
    #: figures of the row contradict each other (a stock below the flows reported before it)
    contradiction: bool = False
    #: why the figure delivered cannot be compared with the target ("" when it can)
    not_comparable: str = ""
    not_comparable_en: str = ""

    @property
    def lower_bound(self) -> bool:
        return self.qualifier == "at_least"


@dataclass(frozen=True)
class UnitTarget:
    """A target as it applies to one unit."""

    target: Target
    value: float
    source: str  # catalogue | allocation | city_target | city_total

    @property
    def year(self) -> int:
        return self.target.year

    @property
    def accumulation(self) -> str:
        return self.target.accumulation


def year_ranges(years: list[int], sep: str = "、") -> str:
    """2017, 2018, 2019, 2020, 2022 -> "2017–2020、2022": runs of consecutive years as ranges."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return sep.join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def fmt(x: float) -> str:
    """A number for a note: four significant digits, or whole with thousands separators."""
    if is_missing(x):
        return "—"
    return f"{x:.4g}" if abs(x) < 1e4 else f"{x:,.0f}"
