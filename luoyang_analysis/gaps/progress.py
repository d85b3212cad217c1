"""The Open SDG progress measure and the comparisons of an actual value with a target (§3, §4).

Pure functions on numbers: no catalogue, no observations. The trajectory status
follows the Open SDG / Statistics Canada progress measure, re-implemented from
its documentation (open-sdg ``docs/progress-methodology.md``) and checked against
the rules of its reference implementation (sdg-build ``sdg/ProgressMeasure.py``).
Completion rates are fractions (1.0 = 100 %); every number is a float and NaN
where undefined.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from luoyang_analysis.exceptions import ParameterError

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


def is_missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def direction_sign(direction: str) -> int:
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
    d = direction_sign(direction)
    pairs: dict[int, float] = {}
    for y, v in zip(years, values, strict=True):
        if is_missing(v) or v is pd.NA:
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
    d = direction_sign(direction)
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
    if is_missing(actual) or is_missing(target):
        return False
    if comparison == "exactly":
        return abs(actual - target) <= tolerance
    if comparison == "at_most" or (comparison == "by_date" and direction_sign(direction) < 0):
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
    if is_missing(actual) or is_missing(target):
        return NAN
    if binary:
        return 1.0 if is_met(actual, target, comparison, direction, tolerance) else 0.0
    decreasing = comparison == "at_most" or (
        comparison == "by_date" and direction_sign(direction) < 0
    )
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
    if is_missing(actual) or is_missing(target):
        return NAN
    if comparison == "exactly":
        g = target - actual
        return 0.0 if abs(g) <= tolerance else g
    if comparison == "at_most" or (comparison == "by_date" and direction_sign(direction) < 0):
        g = actual - target
    else:
        g = target - actual
    return g if g > tolerance else 0.0
