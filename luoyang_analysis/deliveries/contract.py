"""The data contract: which indicators statistics are entered for, and how.

Observations are long rows ``unit_code, year, indicator_id, value`` (plus optional
``source`` and ``note``, and the columns that say what a figure is:
``qualifier``, ``source_kind``, ``as_of``, ``base_year``, ``period``; see
:mod:`qualifiers`). The indicators are those of the catalogue with a
quantitative target, except that the energy-intensity reduction is computed from
its level ``green.energy_intensity`` (吨标准煤/万元, 2016 the base year) or,
instead, from published year-on-year rates ``green.energy_intensity_yoy`` (%),
which are chained.

Counting rules (``entry`` in the catalogue):

- ``flow``: the number newly achieved in that year; a 2016 value is the opening
  stock. The gap engine sums flows where a target is cumulative.
- ``level``: the year's level: a stock (trademarks in force), a share in percent
  (20 for 20%), an amount, a ratio.
"""

from __future__ import annotations

from dataclasses import dataclass

from luoyang_analysis.catalogue.targets import Catalogue, default_catalogue

ENERGY_INTENSITY = "green.energy_intensity"
ENERGY_INTENSITY_YOY = "green.energy_intensity_yoy"
ENERGY_REDUCTION = "green.energy_intensity_reduction"

#: The columns a long-form header must name.
REQUIRED_COLUMNS = ("unit_code", "year", "indicator_id", "value")
#: The classic columns of an observation (what the bundled sample writes).
OBSERVATION_COLUMNS = REQUIRED_COLUMNS + ("source", "note")
#: Optional columns saying what a figure is (blank: an exact yearly figure of unknown source kind).
DESCRIPTION_COLUMNS = ("qualifier", "source_kind", "as_of", "base_year", "period")
#: Every column a long-form row may carry, in the order processed data writes them.
LONG_FORM_COLUMNS = OBSERVATION_COLUMNS + DESCRIPTION_COLUMNS
FIRST_YEAR, LAST_YEAR = 2016, 2030
#: The earliest base year or period start accepted (the 十二五 years before the programme).
EARLIEST_BASE_YEAR = 2000

RULES = {
    "flow": (
        "填当年新增数；2016年填期初存量。累计目标由程序累加。",
        "Enter the number newly achieved in that year; 2016 is the opening stock. Cumulative targets are summed by the program.",
    ),
    "level": (
        "填当年末水平（存量、百分比按百分数填写如20表示20%、金额、比值）。",
        "Enter the year's level (a stock; a share in percent, 20 for 20%; an amount; a ratio).",
    ),
    "intensity": (
        "填当年规模以上单位工业增加值能耗水平（吨标准煤/万元），2016年为基年，必填。",
        "Enter the year's energy use per unit of industrial value added (tce per 10,000 yuan); 2016, the base year, is required.",
    ),
    "yoy": (
        "或填统计公报公布的同比变化率（%，下降为负数），程序逐年连乘。",
        "Or enter the year-on-year change as published (%, a fall is negative); the program chains the rates.",
    ),
    "reduction": (
        "公布的降低率（%），须在 base_year 列填其基年（如比2015年下降填2015），或在 period 列填期间。",
        "A published reduction (%), with its base year in base_year (2015 for a fall against 2015) or its period in period.",
    ),
}


@dataclass(frozen=True)
class DataIndicator:
    """An indicator statistics are entered for."""

    id: str
    target_indicator_id: str
    plan: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    entry: str  # "flow", "level", "intensity" or "yoy"
    measure: str

    @property
    def rule_zh(self) -> str:
        return RULES[self.entry][0]

    @property
    def rule_en(self) -> str:
        return RULES[self.entry][1]

    @property
    def is_percent(self) -> bool:
        return self.unit_zh == "%"


def data_indicators(catalogue: Catalogue | None = None) -> dict[str, DataIndicator]:
    """Every indicator a data file may contain, keyed by its id, in catalogue order."""
    catalogue = catalogue or default_catalogue()
    out: dict[str, DataIndicator] = {}
    for ind in catalogue.indicators.values():
        if not ind.is_quantitative:
            continue
        if ind.id == ENERGY_REDUCTION:
            out[ENERGY_INTENSITY] = DataIndicator(
                ENERGY_INTENSITY,
                ind.id,
                ind.plan,
                "规模以上单位工业增加值能耗",
                "Energy use per unit of industrial value added (above designated size)",
                "吨标准煤/万元",
                "tce per 10,000 yuan",
                "intensity",
                "level",
            )
            out[ENERGY_INTENSITY_YOY] = DataIndicator(
                ENERGY_INTENSITY_YOY,
                ind.id,
                ind.plan,
                "规模以上单位工业增加值能耗同比变化率",
                "Year-on-year change of energy use per unit of industrial value added",
                "%",
                "%",
                "yoy",
                "share",
            )
            continue
        out[ind.id] = DataIndicator(
            ind.id,
            ind.id,
            ind.plan,
            ind.name_zh,
            ind.name_en,
            ind.unit_zh,
            ind.unit_en,
            ind.entry or "level",
            ind.measure,
        )
    return out


def reported_indicators(catalogue: Catalogue | None = None) -> dict[str, DataIndicator]:
    """Indicators accepted as published although the program computes them itself: the
    energy-intensity reduction as a bulletin states it (「十三五期间…下降40%」), kept with its
    base period so that the gap engine can say whether it is comparable with the target's."""
    catalogue = catalogue or default_catalogue()
    ind = catalogue.indicators.get(ENERGY_REDUCTION)
    if ind is None:
        return {}
    return {
        ENERGY_REDUCTION: DataIndicator(
            ENERGY_REDUCTION,
            ind.id,
            ind.plan,
            "规模以上单位工业增加值能耗降低率（公布数）",
            "Reduction of energy use per unit of industrial value added (as published)",
            "%",
            "%",
            "reduction",
            "share",
        )
    }


def accepted_indicators(catalogue: Catalogue | None = None) -> dict[str, DataIndicator]:
    """Every indicator id a delivery may hold: :func:`data_indicators`, then :func:`reported_indicators`."""
    return {**data_indicators(catalogue), **reported_indicators(catalogue)}
