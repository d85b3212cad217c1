"""The gap engine: how far each unit stands from every target of 洛政办〔2017〕78号, and why.

For every (unit, year, quantitative indicator) :func:`compute_gaps` gives the
target assessed (or aimed at), the actual value accumulated or derived as the
catalogue says, the gap still missing, the completion rate, a status with
Chinese and English labels, the expected value on the path between milestones
and the pace per year still required to reach the next milestone. Every formula
and edge case is written out in ``docs/methodology.md``; the section names used
in comments below (§) refer to it.

Conventions (§1):

- values (target, actual, gap, expected, pace) are in the indicator's own unit
  of measure: counts, 亿元, and percent numbers for shares and reductions
  (20 = 20 %), exactly as entered under the data contract of :mod:`.data`;
- ``completion_rate``, ``contribution_share`` and ``progress_ratio`` are
  fractions (1.0 = 100 %);
- every number is a float and NaN where undefined; years are nullable integers.

The trajectory status of level indicators follows the Open SDG / Statistics
Canada progress measure (:func:`open_sdg_progress`), re-implemented from its
documentation (open-sdg ``docs/progress-methodology.md``) and checked against
the rules of its reference implementation (sdg-build ``sdg/ProgressMeasure.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from luoyang_analysis import i18n
from luoyang_analysis.catalogue.targets import Catalogue, Indicator, Target, default_catalogue
from luoyang_analysis.catalogue.units import CITY_CODE, Unit, default_units
from luoyang_analysis.deliveries.allocations import ALLOCATION_COLUMNS, read_allocations
from luoyang_analysis.deliveries.contract import (
    ENERGY_INTENSITY,
    ENERGY_INTENSITY_YOY,
    ENERGY_REDUCTION,
    data_indicators,
)
from luoyang_analysis.exceptions import DataError, ParameterError

# --------------------------------------------------------------------------- vocabulary

STATUSES = (
    "achieved",
    "not_achieved",
    "on_track",
    "needs_acceleration",
    "limited_progress",
    "deterioration",
    "no_target",
    "no_data",
)
#: status -> (Chinese label, English label), the two columns of the gap table; text from i18n.
STATUS_LABELS: dict[str, tuple[str, str]] = {
    s: (i18n.text(f"status.{s}", "zh"), i18n.text(f"status.{s}", "en")) for s in STATUSES
}

#: The categories of the Open SDG progress measure, as :func:`open_sdg_progress` returns them.
OPEN_SDG_STATUSES = (
    "target_achieved",
    "on_track",
    "progress_needs_acceleration",
    "limited_progress",
    "deterioration",
)
#: Open SDG category -> status of this engine.
OPEN_SDG_TO_STATUS = {
    "target_achieved": "achieved",
    "on_track": "on_track",
    "progress_needs_acceleration": "needs_acceleration",
    "limited_progress": "limited_progress",
    "deterioration": "deterioration",
}

#: target_kind: what the row's target is.
TARGET_KINDS = {
    "milestone": "the row's year has a target in the text; it is assessed",
    "interim": "no target in the text for this year; the next milestone is aimed at",
    "standing": "after the last milestone of a cumulative or level target (not a deadline), "
    "which still applies",
    "base": "the base year 2016 (opening stock or base level); no target",
    "contribution": "a county's share of a city count or amount target, without a county status",
    "none": "no target applies in this year (a yearly target of other years only)",
}
#: target_source: where the row's target value comes from.
TARGET_SOURCES = {
    "catalogue": "the city target of the text (city rows)",
    "allocation": "the analyst's allocation file",
    "city_target": "the city's rate or share target, applied to the county as to the city",
    "city_total": "the city's count or amount target; the county row shows its contribution",
}

#: Measures whose expected path between milestones is linear; all others are geometric.
LINEAR_PATH_MEASURES = frozenset({"count", "deadline"})
#: Indicators whose count target applies to every unit (catalogue assumption: each reports once a year).
PER_UNIT_TARGETS = frozenset({"techup.progress_reports"})

#: Columns of :func:`compute_gaps`, in order.
GAP_COLUMNS = [
    "indicator_id",
    "plan",
    "plan_name_zh",
    "name_zh",
    "name_en",
    "unit_of_measure",
    "unit_of_measure_en",
    "measure",
    "unit_code",
    "unit_name_zh",
    "unit_name_en",
    "year",
    "target_year",
    "target_value",
    "target_kind",
    "target_source",
    "comparison",
    "accumulation",
    "base_year",
    "deadline",
    "actual_value",
    "actual_basis",
    "county_sum_value",
    "city_sum_differs",
    "gap",
    "completion_rate",
    "contribution_share",
    "status",
    "status_zh",
    "status_en",
    "progress_ratio",
    "expected_value",
    "expected_basis",
    "required_annual_pace",
    "responsible_units",
    "note",
    "note_en",
]
_FLOAT_COLUMNS = (
    "target_value",
    "actual_value",
    "county_sum_value",
    "gap",
    "completion_rate",
    "contribution_share",
    "progress_ratio",
    "expected_value",
    "required_annual_pace",
)
_YEAR_COLUMNS = ("year", "target_year", "base_year")

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

NAN = float("nan")


@dataclass(frozen=True)
class Thresholds:
    """Thresholds of the progress ratio R, with the Open SDG defaults (§4).

    R >= on_track: on track; R >= needs_acceleration: needs acceleration;
    R >= limited_progress: limited progress; below: deterioration.
    ``zero_replacement`` stands in for a zero base or target value (Open SDG
    rule); ``tolerance`` absorbs floating-point error when comparing an actual
    value with a target (0.1 + 0.2 meets 0.3).
    """

    on_track: float = 0.95
    needs_acceleration: float = 0.6
    limited_progress: float = 0.0
    zero_replacement: float = 0.001
    tolerance: float = 1e-9

    def __post_init__(self) -> None:
        if not self.on_track >= self.needs_acceleration >= self.limited_progress:
            raise ParameterError(
                "thresholds must satisfy on_track >= needs_acceleration >= limited_progress, "
                f"got {self.on_track}, {self.needs_acceleration}, {self.limited_progress}."
            )
        if self.zero_replacement <= 0 or self.tolerance < 0:
            raise ParameterError("zero_replacement must be > 0 and tolerance >= 0.")


DEFAULT_THRESHOLDS = Thresholds()


def _isnan(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _sign(direction: str) -> int:
    if direction in ("increase", "positive"):
        return 1
    if direction in ("decrease", "negative"):
        return -1
    raise ParameterError(
        f"direction {direction!r}: use increase/decrease (or Open SDG's positive/negative)."
    )


# --------------------------------------------------------------------------- Open SDG


@dataclass(frozen=True)
class OpenSdgAssessment:
    """What :func:`open_sdg_assess` found: the category and every number behind it."""

    status: str | None
    ratio: float = NAN
    observed_cagr: float = NAN
    required_cagr: float = NAN
    base_year: int | None = None
    base_value: float = NAN
    current_year: int | None = None
    current_value: float = NAN
    reason: str = ""


def _cagr(value: float, base: float, years: float) -> float:
    return (value / base) ** (1.0 / years) - 1.0


def ratio_status(ratio: float, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> str:
    """The Open SDG category of a progress ratio R (§4): thresholds 0.95, 0.6 and 0 by default."""
    if ratio >= thresholds.on_track:
        return "on_track"
    if ratio >= thresholds.needs_acceleration:
        return "progress_needs_acceleration"
    if ratio >= thresholds.limited_progress:
        return "limited_progress"
    return "deterioration"


def open_sdg_assess(
    years: Sequence[int],
    values: Sequence[float],
    base_year: int,
    target_year: int,
    target: float,
    direction: str,
    thresholds: Thresholds | None = None,
) -> OpenSdgAssessment:
    """The Open SDG progress measure for a quantitative target, with its workings (§4).

    ``current`` is the latest year with a value. Rules, in the order applied:
    missing values are dropped; without data the series cannot be assessed; a
    base year without a value moves to the first later year with one; a current
    value that meets the target is ``target_achieved`` whatever the trend; a
    zero base or target is replaced by 0.001; base and current of opposite sign,
    fewer than two years, or a target year not after the base year cannot be
    assessed; otherwise R = s·d·CAGR_observed / |CAGR_required| (d = +1 for
    increase, s = −1 when the values are negative) is compared with the thresholds.
    """
    th = thresholds or DEFAULT_THRESHOLDS
    d = _sign(direction)
    pairs: dict[int, float] = {}
    for y, v in zip(years, values, strict=True):
        if _isnan(v) or v is pd.NA:
            continue
        y = int(y)
        if y in pairs:
            raise ParameterError(f"open_sdg_progress: year {y} is given twice.")
        pairs[y] = float(v)
    if not pairs:
        return OpenSdgAssessment(None, reason="no data")
    base_year = int(base_year)
    if base_year not in pairs:
        later = [y for y in pairs if y > base_year]
        if not later:
            return OpenSdgAssessment(None, reason=f"no value in or after the base year {base_year}")
        base_year = min(later)
    current_year = max(pairs)
    current = pairs[current_year]
    base = pairs[base_year]
    target = float(target)
    out = {
        "base_year": base_year,
        "base_value": base,
        "current_year": current_year,
        "current_value": current,
    }
    if (d > 0 and current >= target) or (d < 0 and current <= target):
        return OpenSdgAssessment("target_achieved", **out)
    notes = []
    if target == 0:
        target = th.zero_replacement
        notes.append(f"target 0 replaced by {th.zero_replacement:g}")
    if base == 0:
        base = th.zero_replacement
        notes.append(f"base value 0 replaced by {th.zero_replacement:g}")
    if (base > 0 > current) or (base < 0 < current) or (base > 0 > target) or (base < 0 < target):
        return OpenSdgAssessment(
            None, reason="base, current and target values must all have the same sign", **out
        )
    if current_year - base_year < 1:
        return OpenSdgAssessment(None, reason="fewer than two years of data", **out)
    if target_year <= base_year:
        return OpenSdgAssessment(None, reason="target year is not after the base year", **out)
    s = -1 if base < 0 else 1
    observed = _cagr(current, base, current_year - base_year)
    required = _cagr(target, base, target_year - base_year)
    if required == 0:
        ratio = math.copysign(math.inf, s * d * observed) if observed else 0.0
    else:
        ratio = s * d * observed / abs(required)
    return OpenSdgAssessment(
        ratio_status(ratio, th),
        ratio=ratio,
        observed_cagr=observed,
        required_cagr=required,
        reason="; ".join(notes),
        **out,
    )


def open_sdg_progress(
    years: Sequence[int],
    values: Sequence[float],
    base_year: int,
    target_year: int,
    target: float,
    direction: str,
    thresholds: Thresholds | None = None,
) -> str | None:
    """The Open SDG progress category of a series against a quantitative target.

    Returns one of ``target_achieved``, ``on_track``, ``progress_needs_acceleration``,
    ``limited_progress``, ``deterioration``, or ``None`` where the series cannot
    be assessed (see :func:`open_sdg_assess` for the rules). ``direction`` is
    ``increase``/``decrease`` (or Open SDG's ``positive``/``negative``).
    """
    return open_sdg_assess(
        years, values, base_year, target_year, target, direction, thresholds
    ).status


def linear_progress_ratio(
    base_year: int,
    base_value: float,
    year: int,
    value: float,
    target_year: int,
    target: float,
    direction: str,
) -> float:
    """Linear analogue of the Open SDG ratio, for running totals (§4.2).

    R = d·[(value − base)/(year − base_year)] / |(target − base)/(target_year − base_year)|:
    the average yearly gain since the base year over the yearly gain needed
    from the base year to reach the target on time. NaN if year <= base_year.
    """
    d = _sign(direction)
    if year <= base_year or target_year <= base_year:
        return NAN
    observed = (value - base_value) / (year - base_year)
    required = (target - base_value) / (target_year - base_year)
    if required == 0:
        return math.copysign(math.inf, d * observed) if observed else 0.0
    return d * observed / abs(required)


# --------------------------------------------------------------------------- comparisons


def is_met(
    actual: float,
    target: float,
    comparison: str,
    direction: str = "increase",
    tolerance: float = DEFAULT_THRESHOLDS.tolerance,
) -> bool:
    """Whether ``actual`` meets ``target`` (§3).

    at_least: actual >= target; at_most: actual <= target; exactly: |actual − target|
    <= tolerance; by_date: as at_least (or at_most for a decreasing indicator),
    the value reported for the target's year standing for the state at the deadline.
    """
    if _isnan(actual) or _isnan(target):
        return False
    if comparison == "exactly":
        return abs(actual - target) <= tolerance
    if comparison == "at_most" or (comparison == "by_date" and _sign(direction) < 0):
        return actual <= target + tolerance
    if comparison in ("at_least", "by_date"):
        return actual >= target - tolerance
    raise ParameterError(f"comparison {comparison!r} has no quantitative meaning.")


def completion_rate(
    actual: float,
    target: float,
    comparison: str,
    direction: str = "increase",
    binary: bool = False,
    tolerance: float = DEFAULT_THRESHOLDS.tolerance,
) -> float:
    """The completion rate as a fraction (§3).

    at_least, exactly, by_date (increasing): actual / target, not capped (1.2 is
    20 % beyond the target; for a reduction it is achieved / targeted reduction).
    at_most: target / actual (NaN when actual <= 0). Yes/no targets: 1.0 if met,
    else 0.0. NaN when the target is 0 or a value is missing.
    """
    if _isnan(actual) or _isnan(target):
        return NAN
    if binary:
        return 1.0 if is_met(actual, target, comparison, direction, tolerance) else 0.0
    decreasing = comparison == "at_most" or (comparison == "by_date" and _sign(direction) < 0)
    if decreasing:
        return target / actual if actual > 0 else NAN
    return actual / target if target != 0 else NAN


def gap_value(
    actual: float,
    target: float,
    comparison: str,
    direction: str = "increase",
    tolerance: float = DEFAULT_THRESHOLDS.tolerance,
) -> float:
    """What is still missing, in the indicator's unit (§3).

    at_least / by_date: max(target − actual, 0); at_most: max(actual − target, 0);
    exactly: target − actual, signed (negative: beyond the fixed number).
    """
    if _isnan(actual) or _isnan(target):
        return NAN
    if comparison == "exactly":
        g = target - actual
        return 0.0 if abs(g) <= tolerance else g
    if comparison == "at_most" or (comparison == "by_date" and _sign(direction) < 0):
        g = actual - target
    else:
        g = target - actual
    return g if g > tolerance else 0.0


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


def _split_outside_brackets(text: str, seps: str) -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(depth - 1, 0)
        if ch in seps and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def responsible_unit_list(text: str) -> list[str]:
    """Split a 责任单位 line into departments.

    "市工业和信息化委、发展改革委、环保局，各县（市、区）人民政府" gives 市工业和信息化委,
    市发展改革委, 市环保局, 各县（市、区）人民政府: the 市 of the first name of a
    list distributes over the names after it, as in the text; separators inside
    brackets do not split.
    """
    out: list[str] = []
    for group in _split_outside_brackets(str(text or ""), "，,"):
        names = _split_outside_brackets(group, "、")
        city = bool(names) and names[0].startswith("市")
        for i, name in enumerate(names):
            if i and city and not name.startswith(("市", "各")):
                name = "市" + name
            if name not in out:
                out.append(name)
    return out


def by_department(gaps: pd.DataFrame) -> pd.DataFrame:
    """One row per gap row and responsible department (column ``department``), for grouping."""
    frame = gaps.copy()
    frame["department"] = frame["responsible_units"].map(responsible_unit_list)
    return frame.explode("department", ignore_index=True)


# --------------------------------------------------------------------------- observations


def _clean_observations(observations: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("unit_code", "year", "indicator_id", "value") if c not in observations]
    if missing:
        raise ParameterError(
            f"observations lack column(s) {', '.join(missing)}; "
            "expected unit_code, year, indicator_id, value."
        )
    obs = pd.DataFrame(
        {
            "unit_code": observations["unit_code"].astype(str).str.strip(),
            "year": pd.to_numeric(observations["year"], errors="raise").astype(int),
            "indicator_id": observations["indicator_id"].astype(str).str.strip(),
            "value": pd.to_numeric(observations["value"], errors="coerce").astype(float),
        }
    )
    obs = obs[obs["value"].notna()]
    dup = obs.duplicated(["unit_code", "year", "indicator_id"], keep=False)
    if dup.any():
        rows = obs[dup].drop_duplicates(["unit_code", "year", "indicator_id"])
        raise DataError(
            f"{r.unit_code} {r.year} {r.indicator_id} is given more than once"
            for r in rows.itertuples()
        )
    return obs


def county_codes(year: int, units: Mapping[str, Unit] | None = None) -> list[str]:
    """The county-level units whose values add up to the city in ``year`` (no functional zones)."""
    units = units if units is not None else default_units()
    return sorted(
        u.code
        for u in units.values()
        if not u.is_city and u.kind != "functional_zone" and u.valid_in(year)
    )


def aggregate_counties(
    observations: pd.DataFrame,
    catalogue: Catalogue | None = None,
    units: Mapping[str, Unit] | None = None,
) -> pd.DataFrame:
    """Sum of the counties' values per additive data indicator and year (§6).

    Columns ``indicator_id, year, county_sum, n_counties`` (units reporting).
    Only indicators whose values add up (:func:`is_additive`) and only the
    county-level units of that year count; the city's own rows are left out.
    """
    catalogue = catalogue or default_catalogue()
    obs = _clean_observations(observations)
    additive = {
        did
        for did, di in data_indicators(catalogue).items()
        if is_additive(catalogue.indicators[di.target_indicator_id])
    }
    obs = obs[obs["indicator_id"].isin(additive)]
    keep = [
        code in set(county_codes(int(year), units))
        for code, year in zip(obs["unit_code"], obs["year"], strict=True)
    ]
    obs = obs[keep]
    out = (
        obs.groupby(["indicator_id", "year"], sort=True)["value"]
        .agg(county_sum="sum", n_counties="count")
        .reset_index()
    )
    out["county_sum"] = out["county_sum"].astype(float)
    return out


# --------------------------------------------------------------------------- allocations


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
                "difference": total - city if not (_isnan(total) or _isnan(city)) else NAN,
                "units_allocated": n,
                "problem": problem,
                "message": message,
            }
        )

    alloc = alloc.assign(
        indicator_id=alloc["indicator_id"].map(lambda i: _allocation_target_id(i, catalogue))
    )
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


# --------------------------------------------------------------------------- engine


@dataclass
class _Notes:
    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, zh: str, en: str) -> None:
        if (zh, en) not in self.items:
            self.items.append((zh, en))

    def extend(self, other: _Notes) -> None:
        for zh, en in other.items:
            self.add(zh, en)

    @property
    def zh(self) -> str:
        return "；".join(z for z, _ in self.items)

    @property
    def en(self) -> str:
        return "; ".join(e for _, e in self.items)


@dataclass
class _Series:
    """One unit's values of one data indicator, by year, with where each came from."""

    values: dict[int, float] = field(default_factory=dict)
    basis: dict[int, str] = field(default_factory=dict)  # reported | official | county_sum
    county: dict[int, tuple[float, int]] = field(default_factory=dict)  # city: (sum, n)
    official: dict[int, float] = field(default_factory=dict)  # city: its own rows


@dataclass
class _Actual:
    value: float = NAN
    basis: str = ""
    county_sum: float = NAN
    differs: bool = False
    notes: _Notes = field(default_factory=_Notes)


@dataclass(frozen=True)
class _UTarget:
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


def _fmt(x: float) -> str:
    if _isnan(x):
        return "—"
    return f"{x:.4g}" if abs(x) < 1e4 else f"{x:,.0f}"


class _Engine:
    def __init__(
        self,
        observations: pd.DataFrame,
        catalogue: Catalogue | None,
        allocations: pd.DataFrame | None,
        thresholds: Thresholds | None,
        units: Mapping[str, Unit] | None,
    ) -> None:
        self.catalogue = catalogue or default_catalogue()
        self.th = thresholds or DEFAULT_THRESHOLDS
        self.units = units if units is not None else default_units()
        self.base_year = base_year_of(self.catalogue)
        obs = _clean_observations(observations)
        self.index: dict[tuple[str, str], dict[int, float]] = {}
        for r in obs.itertuples(index=False):
            self.index.setdefault((r.unit_code, r.indicator_id), {})[int(r.year)] = float(r.value)
        self.unit_codes = sorted(set(obs["unit_code"]))
        alloc = _clean_allocations(allocations)
        alloc = alloc.assign(
            indicator_id=alloc["indicator_id"].map(
                lambda i: _allocation_target_id(i, self.catalogue)
            )
        )
        alloc = alloc[alloc["unit_code"] != CITY_CODE].drop_duplicates(
            ["unit_code", "indicator_id", "year"]
        )
        self.alloc = {
            (r.unit_code, r.indicator_id, int(r.year)): float(r.target_value)
            for r in alloc.itertuples(index=False)
        }
        self.alloc_problems = {
            (r.indicator_id, int(r.year)): (r.allocated_sum, r.city_target)
            for r in check_allocations(alloc, self.catalogue).itertuples()
            if r.problem == "sum_differs"
        }
        self._series_cache: dict[tuple[str, str], _Series] = {}

    # ------------------------------------------------------------------ series

    def series(self, unit: str, data_id: str, additive: bool) -> _Series:
        key = (unit, data_id)
        if key in self._series_cache:
            return self._series_cache[key]
        own = dict(self.index.get(key, {}))
        s = _Series()
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

    def _data_id(self, ind: Indicator) -> str:
        return ind.data_indicator or ind.id

    def actual(self, ind: Indicator, accumulation: str, unit: str, year: int) -> _Actual:
        """The actual value in the terms of a target's accumulation (§2)."""
        if ind.id == ENERGY_REDUCTION:
            return self._reduction(unit, year)
        additive = is_additive(ind)
        s = self.series(unit, self._data_id(ind), additive)
        out = _Actual()
        running = ind.entry == "flow" and accumulation in ("cumulative", "level")
        if not running:
            if year not in s.values:
                out.notes.add(f"{year}年未报数", f"no value for {year}")
                return out
            window = [year]
            out.value = s.values[year]
        else:
            start = cumulation_start(ind, self.base_year)
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
                out.notes.add(
                    f"累计自{start}年起（不含{self.base_year}年期初存量，依目录假设）",
                    f"running total from {start} ({self.base_year} opening stock excluded, "
                    "per the catalogue's assumption)",
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
                            f"{y}年各县合计{_fmt(cs)}（{n}个单位）与市级官方数{_fmt(off)}不一致，采用官方数",
                            f"{y}: county sum {_fmt(cs)} ({n} units) differs from the official "
                            f"city figure {_fmt(off)}; the official figure is used",
                        )
        return out

    def _energy(self, unit: str) -> tuple[dict[int, float], dict[int, float]]:
        levels = self.series(unit, ENERGY_INTENSITY, False).values
        yoy = self.series(unit, ENERGY_INTENSITY_YOY, False).values
        return levels, yoy

    def _relative_levels(self, unit: str, upto: int) -> tuple[dict[int, float], str]:
        """Energy intensity relative to the base year (base = 1), from levels or chained rates."""
        b = self.base_year
        levels, yoy = self._energy(unit)
        # The same source as the reduction itself (:meth:`_reduction`): levels when the
        # base and the current year have one, else the chained rates.
        if b in levels and upto in levels and levels[b] > 0:
            return {y: v / levels[b] for y, v in levels.items() if b <= y <= upto}, "levels"
        rel = {b: 1.0}
        y = b + 1
        while y <= upto and y in yoy and (1 + yoy[y] / 100) > 0:
            rel[y] = rel[y - 1] * (1 + yoy[y] / 100)
            y += 1
        return rel, "yoy"

    def _reduction(self, unit: str, year: int) -> _Actual:
        """Achieved reduction against the base year, in percent (§2.4)."""
        out = _Actual()
        b = self.base_year
        levels, yoy = self._energy(unit)
        from_levels = from_yoy = NAN
        if b in levels and year in levels:
            if levels[b] > 0:
                from_levels = (1 - levels[year] / levels[b]) * 100
            else:
                out.notes.add(
                    f"{b}年能耗水平为0或负数，无法计算降低率", f"{b} level is not positive"
                )
        if year > b and all(y in yoy for y in range(b + 1, year + 1)):
            factors = [1 + yoy[y] / 100 for y in range(b + 1, year + 1)]
            if all(f > 0 for f in factors):
                from_yoy = (1 - math.prod(factors)) * 100
        if not _isnan(from_levels):
            out.value, out.basis = from_levels, "official" if unit == CITY_CODE else "reported"
            out.notes.add(
                "由能耗水平计算：1−当年水平÷2016年水平", "from levels: 1 − level / 2016 level"
            )
            if not _isnan(from_yoy) and abs(from_yoy - from_levels) > 0.05:
                out.notes.add(
                    f"同比变化率连乘得{_fmt(from_yoy)}%，与水平计算不一致",
                    f"chained year-on-year rates give {_fmt(from_yoy)}%, which differs",
                )
        elif not _isnan(from_yoy):
            out.value, out.basis = from_yoy, "official" if unit == CITY_CODE else "reported"
            out.notes.add(
                "由同比变化率连乘计算：1−∏(1+r/100)",
                "chained from year-on-year rates: 1 − ∏(1 + r/100)",
            )
        elif year == b and (b in levels or any(y > b for y in yoy)):
            # The base year against itself: no reduction, by definition.
            out.value, out.basis = 0.0, "official" if unit == CITY_CODE else "reported"
        else:
            lacking = [y for y in (b, year) if y not in levels]
            gaps_yoy = [y for y in range(b + 1, year + 1) if y not in yoy]
            zh = "缺" + "、".join(f"{y}年" for y in lacking) + "能耗水平" if lacking else ""
            en = "no " + " and ".join(map(str, lacking)) + " level" if lacking else ""
            if year > b:
                zh += ("，且" if zh else "") + (
                    "缺" + "、".join(f"{y}年" for y in gaps_yoy) + "同比变化率"
                    if gaps_yoy
                    else "同比变化率无效（≤−100%）"
                )
                en += ("; " if en else "") + (
                    "no year-on-year rate for " + ", ".join(map(str, gaps_yoy))
                    if gaps_yoy
                    else "a year-on-year rate is -100% or below"
                )
            out.notes.add(zh + "，无法计算降低率", en + ": the reduction cannot be computed")
        return out

    # ------------------------------------------------------------------ targets

    def unit_targets(self, ind: Indicator, unit: str) -> list[_UTarget]:
        out = []
        for t in ind.targets:
            if not t.is_quantitative:
                continue
            if unit == CITY_CODE:
                out.append(_UTarget(t, t.value, "catalogue"))
            elif (unit, ind.id, t.year) in self.alloc:
                out.append(_UTarget(t, self.alloc[(unit, ind.id, t.year)], "allocation"))
            elif applies_to_each_unit(ind):
                out.append(_UTarget(t, t.value, "city_target"))
            else:
                out.append(_UTarget(t, t.value, "city_total"))
        return out

    def _path_points(
        self, ind: Indicator, uts: list[_UTarget], ref: _UTarget, unit: str
    ) -> list[tuple[int, float]]:
        """Milestones before ``ref`` in ``ref``'s terms, with the path start (§2.5)."""
        b = self.base_year
        pts: list[tuple[int, float]] = []
        if ref.accumulation == "yearly":
            return [
                (u.year, u.value) for u in uts if u.year < ref.year and u.accumulation == "yearly"
            ]
        if ref.accumulation == "against_base":
            pts.append((ref.target.base_year or b, 0.0))
        elif ind.entry == "flow":
            start = cumulation_start(ind, b)
            base_val = 0.0 if start > b else self.actual(ind, ref.accumulation, unit, b).value
            if _isnan(base_val):
                base_val = 0.0  # a missing opening stock counts as 0 (§2.2)
            pts.append((b, base_val))
        else:
            v = self.actual(ind, ref.accumulation, unit, b).value
            if not _isnan(v):
                pts.append((b, v))
        running_yearly = 0.0
        complete = True
        start = cumulation_start(ind, b)
        prev_year = start - 1
        for u in uts:
            if u.year >= ref.year:
                break
            if u.accumulation == ref.accumulation:
                pts.append((u.year, u.value))
            elif u.accumulation == "yearly" and ref.accumulation == "cumulative":
                complete = complete and u.year == prev_year + 1
                prev_year = u.year
                running_yearly += u.value
                if complete:
                    pts.append((u.year, running_yearly))
        return sorted(dict(pts).items())

    def expected(
        self, ind: Indicator, uts: list[_UTarget], ref: _UTarget, unit: str, year: int
    ) -> tuple[float, str, _Notes]:
        notes = _Notes()
        pts = [p for p in self._path_points(ind, uts, ref, unit) if p[0] < year]
        if not pts:
            notes.add(
                f"缺{self.base_year}年基数，无路径预期值",
                f"no {self.base_year} value: no expected value on the path",
            )
            return NAN, "", notes
        y0, v0 = pts[-1]
        m, t = ref.year, ref.value
        f = (year - y0) / (m - y0)
        linear = ind.measure in LINEAR_PATH_MEASURES
        if ref.accumulation == "against_base":
            r0, r1 = 1 - v0 / 100, 1 - t / 100
            if r0 > 0 and r1 > 0:
                value = (1 - r0 * (r1 / r0) ** f) * 100
                shape = "geometric"
            else:
                value, shape = v0 + (t - v0) * f, "linear"
        elif not linear and v0 > 0 and t > 0:
            value, shape = v0 * (t / v0) ** f, "geometric"
        else:
            if not linear:
                notes.add("起点为0，改用线性路径", "start value is 0: linear path used")
            value, shape = v0 + (t - v0) * f, "linear"
        shape_zh = "线性" if shape == "linear" else "几何（等比）"
        notes.add(
            f"文件未给出{year}年目标；预期值为{y0}年（{_fmt(v0)}）至{m}年目标（{_fmt(t)}）之间的{shape_zh}插值",
            f"no target in the text for {year}: expected value on the {shape} path from "
            f"{y0} ({_fmt(v0)}) to the {m} milestone ({_fmt(t)})",
        )
        return value, f"{shape}_path", notes

    def trajectory(
        self, ind: Indicator, ref: _UTarget, unit: str, year: int, actual: float
    ) -> tuple[str, float, _Notes]:
        """Status of an interim year (§4): Open SDG for levels, its linear analogue for running totals."""
        notes = _Notes()
        d = ind.direction
        b = self.base_year
        if ind.entry == "flow" and ref.accumulation in ("cumulative", "level"):
            start = cumulation_start(ind, b)
            base_val = 0.0 if start > b else self.actual(ind, ref.accumulation, unit, b).value
            if _isnan(base_val):
                base_val = 0.0
            ratio = linear_progress_ratio(b, base_val, year, actual, ref.year, ref.value, d)
            notes.add(
                f"进度比R＝{b}年以来年均增量÷按期完成{ref.year}年目标所需年均增量＝{_fmt(ratio)}",
                f"R = mean yearly gain since {b} / yearly gain needed for the {ref.year} "
                f"milestone = {_fmt(ratio)}",
            )
            return OPEN_SDG_TO_STATUS[ratio_status(ratio, self.th)], ratio, notes
        if ind.id == ENERGY_REDUCTION:
            rel, how = self._relative_levels(unit, year)
            years, values = list(rel), list(rel.values())
            res = open_sdg_assess(
                years,
                values,
                ref.target.base_year or b,
                ref.year,
                1 - ref.value / 100,
                "decrease",
                self.th,
            )
            base_note = (
                "能耗水平（2016年＝1）"
                if how == "levels"
                else "由同比变化率连乘的能耗水平（2016年＝1）"
            )
            notes.add(
                f"Open SDG方法：{base_note}的年均变化率与所需变化率之比",
                "Open SDG method on the energy-intensity level (2016 = 1)",
            )
        else:
            s = self.series(unit, self._data_id(ind), is_additive(ind))
            pts = {y: v for y, v in s.values.items() if y <= year}
            res = open_sdg_assess(
                list(pts),
                list(pts.values()),
                ref.target.base_year or b,
                ref.year,
                ref.value,
                d,
                self.th,
            )
            notes.add(
                "Open SDG方法：观测年均增长率÷按期达标所需年均增长率",
                "Open SDG method: observed CAGR / CAGR required to reach the milestone on time",
            )
        if res.status is None:
            notes.add(f"无法评估趋势：{res.reason}", f"trend cannot be assessed: {res.reason}")
            return "no_data", NAN, notes
        if res.base_year is not None and res.base_year != (ref.target.base_year or b):
            notes.add(
                f"{b}年无数，以{res.base_year}年为基年", f"no {b} value: base year {res.base_year}"
            )
        if res.reason:
            notes.add(res.reason, res.reason)
        if res.status != "target_achieved":
            notes.add(f"R＝{_fmt(res.ratio)}", f"R = {_fmt(res.ratio)}")
        return OPEN_SDG_TO_STATUS[res.status], res.ratio, notes

    # ------------------------------------------------------------------ rows

    def select(
        self, uts: list[_UTarget], year: int
    ) -> tuple[str, _UTarget | None, _UTarget | None]:
        """(target_kind, the target assessed or aimed at, the next target after ``year``)."""
        at = next((u for u in uts if u.year == year), None)
        nxt = next((u for u in uts if u.year > year), None)
        prev = [u for u in uts if u.year < year]
        if at is not None:
            return "milestone", at, nxt
        if nxt is not None:
            if nxt.accumulation == "yearly":
                if prev and prev[-1].accumulation == "yearly":
                    return "interim", nxt, nxt
                return "none", None, nxt
            if year <= self.base_year:
                return "base", nxt, nxt
            return "interim", nxt, nxt
        last = uts[-1]
        if last.accumulation in ("cumulative", "level", "against_base") and (
            last.target.comparison != "by_date"
        ):
            return "standing", last, None
        return "none", None, None

    def row(self, ind: Indicator, unit: str, year: int) -> dict:
        th = self.th
        uts = self.unit_targets(ind, unit)
        kind, ref, nxt = self.select(uts, year)
        notes = _Notes()
        plan = self.catalogue.plans.get(ind.plan)
        u = self.units.get(unit)
        shown = ref or nxt or uts[-1]
        acc = (ref or nxt or uts[-1]).accumulation
        act = self.actual(ind, acc, unit, year)
        rec = {
            "indicator_id": ind.id,
            "plan": ind.plan,
            "plan_name_zh": plan.name_zh if plan else "",
            "name_zh": ind.name_zh,
            "name_en": ind.name_en,
            "unit_of_measure": ind.unit_zh,
            "unit_of_measure_en": ind.unit_en,
            "measure": ind.measure,
            "unit_code": unit,
            "unit_name_zh": u.name_zh if u else "",
            "unit_name_en": u.name_en if u else "",
            "year": year,
            "target_year": ref.year if ref else None,
            "target_value": ref.value if ref else NAN,
            "target_kind": kind,
            "target_source": ref.source if ref else "",
            "comparison": shown.target.comparison,
            "accumulation": acc,
            "base_year": shown.target.base_year,
            "deadline": (ref.target.deadline.isoformat() if ref and ref.target.deadline else ""),
            "actual_value": act.value,
            "actual_basis": act.basis,
            "county_sum_value": act.county_sum,
            "city_sum_differs": bool(act.differs),
            "gap": NAN,
            "completion_rate": NAN,
            "contribution_share": NAN,
            "status": "no_target",
            "progress_ratio": NAN,
            "expected_value": NAN,
            "expected_basis": "",
            "required_annual_pace": NAN,
            "responsible_units": shown.target.responsible_units,
        }
        have = not _isnan(act.value)
        if ref is not None and ref.source == "city_total" and kind != "none":
            rec["target_kind"] = kind = "contribution"
            rec["status"] = "no_target" if have else "no_data"
            if have and ref.value:
                rec["contribution_share"] = act.value / ref.value
            notes.add(
                "县级无分解目标：显示本单位对全市目标的贡献（占全市目标的比例），不评定县级状态",
                "no county allocation: the row shows the county's contribution to the city "
                "target (its share of it), without a county status",
            )
        elif kind == "none":
            if nxt is not None:
                notes.add(
                    f"本年无目标；下一目标为{nxt.year}年（当年数）",
                    f"no target in this year; the next is for {nxt.year} (that year's figure)",
                )
            elif uts[-1].target.comparison == "by_date":
                notes.add(
                    f"本年无目标；该指标最后目标为{uts[-1].year}年的期限目标（一次性，其后不再适用）",
                    f"no target in this year; the last was a deadline in {uts[-1].year} (a one-off)",
                )
            else:
                notes.add(
                    f"本年无目标；该指标最后目标年为{uts[-1].year}年（当年数，其后不再适用）",
                    f"no target in this year; the last was for {uts[-1].year} (that year's figure only)",
                )
        else:
            t = ref.target
            binary = is_binary(ind, t)
            rec["gap"] = gap_value(act.value, ref.value, t.comparison, ind.direction, th.tolerance)
            rec["completion_rate"] = completion_rate(
                act.value, ref.value, t.comparison, ind.direction, binary, th.tolerance
            )
            met = have and is_met(act.value, ref.value, t.comparison, ind.direction, th.tolerance)
            if kind in ("milestone", "standing"):
                rec["expected_value"], rec["expected_basis"] = ref.value, "target"
            if not have:
                rec["status"] = "no_data"
            elif kind == "base":
                rec["status"] = "no_target"
                notes.add(
                    f"{self.base_year}年为基年（期初存量或基数），无目标；差距对照{ref.year}年目标",
                    f"{self.base_year} is the base year (opening stock or base level), with no "
                    f"target; the gap is to the {ref.year} milestone",
                )
            elif kind in ("milestone", "standing"):
                rec["status"] = "achieved" if met else "not_achieved"
            else:  # interim
                if met:
                    rec["status"] = "achieved"
                    notes.add(
                        f"已提前达到{ref.year}年目标", f"already meets the {ref.year} milestone"
                    )
                else:
                    status, ratio, tnotes = self.trajectory(ind, ref, unit, year, act.value)
                    rec["status"], rec["progress_ratio"] = status, ratio
                    notes.extend(tnotes)
            if kind == "interim":
                ev, basis, enotes = self.expected(ind, uts, ref, unit, year)
                rec["expected_value"], rec["expected_basis"] = ev, basis
                notes.extend(enotes)
            if kind == "standing":
                notes.add(
                    f"{ref.year}年为该指标最后目标年，其目标此后继续适用",
                    f"{ref.year} is the indicator's last milestone; its target still applies",
                )
            if have and not met and ref.accumulation != "yearly":
                earlier = self._met_earlier(ind, ref, unit, year)
                if earlier is not None:
                    notes.add(
                        f"曾于{earlier}年达到{_fmt(ref.value)}，其后回落",
                        f"met {_fmt(ref.value)} in {earlier}, lost since",
                    )
            if t.comparison == "by_date" and t.deadline:
                notes.add(
                    f"期限{t.deadline.isoformat()}：以{t.year}年报送数视为截至期限的状态",
                    f"deadline {t.deadline.isoformat()}: the value reported for {t.year} is "
                    "taken as the state at the deadline",
                )
            if t.comparison == "exactly" and have and act.value > ref.value + th.tolerance:
                notes.add("超过规定的固定数目", "beyond the fixed number")
            if binary:
                notes.add("是/否型目标：达到1即完成", "yes/no target: met at 1")
            if ref.source == "city_target":
                notes.add(
                    "县级无分解目标：比例类目标按全市目标适用",
                    "no county allocation: the city's rate target applies to the county",
                )
            if ref.source == "allocation" and (ind.id, ref.year) in self.alloc_problems:
                total, city = self.alloc_problems[(ind.id, ref.year)]
                notes.add(
                    f"各县分解合计{_fmt(total)}，与全市目标{_fmt(city)}不符",
                    f"the counties' allocations sum to {_fmt(total)}, not the city's {_fmt(city)}",
                )
        # Pace to the next milestone (§2.6).
        if (
            nxt is not None
            and kind in ("milestone", "interim", "base")
            and (nxt.source != "city_total")
        ):
            a_next = act if nxt is ref else self.actual(ind, nxt.accumulation, unit, year)
            if not _isnan(a_next.value):
                c = nxt.target.comparison
                if is_met(a_next.value, nxt.value, c, ind.direction, th.tolerance):
                    rec["required_annual_pace"] = 0.0
                else:
                    rec["required_annual_pace"] = (nxt.value - a_next.value) / (nxt.year - year)
        notes.extend(act.notes)
        rec["status_zh"], rec["status_en"] = STATUS_LABELS[rec["status"]]
        rec["note"], rec["note_en"] = notes.zh, notes.en
        return rec

    def _met_earlier(self, ind: Indicator, ref: _UTarget, unit: str, year: int) -> int | None:
        """The first year before ``year`` in which the unit met ``ref``'s value (§3.7)."""
        t = ref.target
        for y in range(self.base_year, year):
            a = self.actual(ind, ref.accumulation, unit, y).value
            if not _isnan(a) and is_met(
                a, ref.value, t.comparison, ind.direction, self.th.tolerance
            ):
                return y
        return None

    def frame(self, unit: str, year: int) -> pd.DataFrame:
        rows = [
            self.row(ind, unit, year)
            for ind in self.catalogue.indicators.values()
            if ind.is_quantitative and any(t.is_quantitative for t in ind.targets)
        ]
        return _as_frame(rows)


def _as_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=GAP_COLUMNS)
    for col in _FLOAT_COLUMNS:
        frame[col] = frame[col].astype(float)
    for col in _YEAR_COLUMNS:
        frame[col] = pd.array(
            [None if _isnan(v) else int(v) for v in frame[col].astype(object)], dtype="Int64"
        )
    frame["city_sum_differs"] = frame["city_sum_differs"].astype(bool)
    return frame


def compute_gaps(
    observations: pd.DataFrame,
    unit_code: str,
    year: int,
    catalogue: Catalogue | None = None,
    allocations: pd.DataFrame | None = None,
    thresholds: Thresholds | None = None,
    units: Mapping[str, Unit] | None = None,
) -> pd.DataFrame:
    """The gap table of one unit and year: one row per quantitative indicator (§1).

    ``observations``: long rows ``unit_code, year, indicator_id, value`` with the
    data indicator ids of :func:`luoyang_analysis.data.data_indicators`.
    ``allocations``: county targets ``unit_code, indicator_id, year, target_value``
    (see :func:`load_allocations`). ``units``: the registry (default: packaged).
    Qualitative targets are left out. Columns: :data:`GAP_COLUMNS`.
    """
    engine = _Engine(observations, catalogue, allocations, thresholds, units)
    return engine.frame(str(unit_code).strip(), int(year))


def _unit_codes_in(engine: _Engine, year: int) -> list[str]:
    return [CITY_CODE] + [
        c
        for c in engine.unit_codes
        if c != CITY_CODE and (c not in engine.units or engine.units[c].valid_in(year))
    ]


def compute_all(
    observations: pd.DataFrame,
    year: int,
    catalogue: Catalogue | None = None,
    allocations: pd.DataFrame | None = None,
    thresholds: Thresholds | None = None,
    units: Mapping[str, Unit] | None = None,
) -> pd.DataFrame:
    """The gap tables of the city and of every unit in ``observations``, for one year.

    The city comes first, then units by code. A registered unit that did not
    exist in ``year`` (偃师市 after 2020) is left out; unregistered codes are kept.
    """
    return compute_years(observations, [year], catalogue, allocations, thresholds, units)


def compute_years(
    observations: pd.DataFrame,
    years: Iterable[int],
    catalogue: Catalogue | None = None,
    allocations: pd.DataFrame | None = None,
    thresholds: Thresholds | None = None,
    units: Mapping[str, Unit] | None = None,
) -> pd.DataFrame:
    """:func:`compute_all` for several years, stacked (the year is a column); one engine for all."""
    engine = _Engine(observations, catalogue, allocations, thresholds, units)
    frames = [engine.frame(c, int(y)) for y in years for c in _unit_codes_in(engine, int(y))]
    return pd.concat(frames, ignore_index=True) if frames else _as_frame([])


def compute_unit_years(
    observations: pd.DataFrame,
    unit_code: str,
    years: Iterable[int],
    catalogue: Catalogue | None = None,
    allocations: pd.DataFrame | None = None,
    thresholds: Thresholds | None = None,
    units: Mapping[str, Unit] | None = None,
) -> pd.DataFrame:
    """:func:`compute_gaps` of one unit for several years, stacked: a unit's path over time."""
    engine = _Engine(observations, catalogue, allocations, thresholds, units)
    frames = [engine.frame(str(unit_code).strip(), int(y)) for y in years]
    return pd.concat(frames, ignore_index=True) if frames else _as_frame([])
