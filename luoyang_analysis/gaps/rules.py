"""How the engine treats an indicator of the catalogue: yes/no, per unit, additive, summed from when.

Each rule is written out in ``docs/methodology.md`` (§ as cited).
"""

from __future__ import annotations

from luoyang_analysis.catalogue.targets import Catalogue, Indicator, Target
from luoyang_analysis.deliveries.contract import ENERGY_REDUCTION

#: Measures whose expected path between milestones is linear; all others are geometric.
LINEAR_PATH_MEASURES = frozenset({"count", "deadline"})
#: Indicators whose count target applies to every unit (catalogue assumption: each reports once a year).
PER_UNIT_TARGETS = frozenset({"techup.progress_reports"})


def is_binary(indicator: Indicator, target: Target) -> bool:
    """A yes/no target: 'at least one' of a count (§3.5)."""
    return (
        target.value == 1
        and target.comparison in ("at_least", "by_date")
        and indicator.measure in ("count", "deadline")
    )


def applies_to_each_unit(indicator: Indicator) -> bool:
    """Rate and share targets (and per-unit counts) apply to a county as to the city (§5)."""
    return (
        indicator.measure in ("share", "ratio", "reduction")
        or indicator.unit_zh == "%"
        or indicator.id in PER_UNIT_TARGETS
    )


def is_additive(indicator: Indicator) -> bool:
    """Counties' values add up to the city's: flows, and stocks counted or in money (§6)."""
    if indicator.id == ENERGY_REDUCTION or indicator.unit_zh == "%":
        return False
    return indicator.entry == "flow" or indicator.measure in ("count", "amount")


def base_year_of(catalogue: Catalogue) -> int:
    return int(catalogue.document.get("base_year", 2016))


def cumulation_start(indicator: Indicator, base_year: int = 2016) -> int:
    """First year summed for a cumulative target (§2.2).

    The plan start, 2016, whose value is the opening stock; but where an
    indicator has yearly targets and a cumulative one (首台（套）), the running
    total starts with the first yearly target, as the catalogue's assumption says.
    """
    quant = [t for t in indicator.targets if t.is_quantitative]
    accs = {t.accumulation for t in quant}
    if "yearly" in accs and "cumulative" in accs:
        return min(t.year for t in quant if t.accumulation == "yearly")
    return base_year
