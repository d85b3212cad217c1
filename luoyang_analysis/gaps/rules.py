"""How the engine treats an indicator of the catalogue: yes/no, per unit, additive, summed from when.

Each rule is written out in ``docs/methodology.md`` (§ as cited).
"""

from __future__ import annotations

from luoyang_analysis.catalogue.targets import Catalogue, Indicator, Target
from luoyang_analysis.deliveries.contract import ENERGY_REDUCTION

#: Measures whose expected path between milestones is linear; all others are geometric.
LINEAR_PATH_MEASURES = frozenset({"count", "deadline"})


def is_binary(indicator: Indicator, target: Target) -> bool:
    """A yes/no target: 'at least one' of a count (§3.5)."""
    return (
        target.value == 1
        and target.comparison in ("at_least", "by_date")
        and indicator.measure in ("count", "deadline")
    )


def applies_to_each_unit(indicator: Indicator) -> bool:
    """The catalogue says a target binds each county as the city (``applies_to``, §5, §10.4)."""
    return any(t.applies_to != "city" for t in indicator.targets if t.is_quantitative)


def is_additive(indicator: Indicator) -> bool:
    """Counties' values add up to the city's: flows, and stocks counted or in money (§6)."""
    if indicator.id == ENERGY_REDUCTION or indicator.unit_zh == "%":
        return False
    if any(t.applies_to == "every_unit_and_member" for t in indicator.targets):
        return False  # the city's own figure counts the member units' reports (§10.4)
    return indicator.entry == "flow" or indicator.measure in ("count", "amount")


def base_year_of(catalogue: Catalogue) -> int:
    return int(catalogue.document.get("base_year", 2016))


def milestone_years(catalogue: Catalogue) -> list[int]:
    """The years from the first to the last quantitative target of the text (2017–2020).

    A report can be asked for any of them, with or without a figure for it: a
    milestone year without data is exactly what a reader must be told about.
    """
    years = [t.year for i in catalogue.indicators.values() for t in i.targets if t.is_quantitative]
    return list(range(min(years), max(years) + 1)) if years else []


def cumulation_start(indicator: Indicator, base_year: int = 2016, counts: str | None = None) -> int:
    """First year summed for a cumulative target (§2.2, §10.1).

    A target that counts new ones (``counts: new``: 培育, 建设, 通过认定 …) sums from the
    first programme year, ``base_year + 1``: the base year's value is the opening
    stock, shown but not counted. A total held (``counts: held``: 达到) sums from the
    base year, the opening stock included. A target without ``counts`` (amounts)
    sums from the base year, except where an indicator has yearly targets and a
    cumulative one, whose running total starts with the first yearly target.
    """
    if counts == "new":
        return base_year + 1
    if counts == "held":
        return base_year
    quant = [t for t in indicator.targets if t.is_quantitative]
    accs = {t.accumulation for t in quant}
    if "yearly" in accs and "cumulative" in accs:
        return min(t.year for t in quant if t.accumulation == "yearly")
    return base_year
