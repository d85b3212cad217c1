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


def fmt(x: float) -> str:
    """A number for a note: four significant digits, or whole with thousands separators."""
    if is_missing(x):
        return "—"
    return f"{x:.4g}" if abs(x) < 1e4 else f"{x:,.0f}"
