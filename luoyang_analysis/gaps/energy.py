"""Energy intensity against the base year: the reduction target of 洛政办〔2017〕78号 (§2.4).

A unit reports energy intensity as a level, as a year-on-year rate of change in
percent, or both; the reduction is computed from levels where the base and the
current year have one, else chained from the rates.
"""

from __future__ import annotations

import math

from luoyang_analysis.gaps.progress import NAN, is_missing
from luoyang_analysis.gaps.workings import Actual, fmt

#: year -> value
Levels = dict[int, float]


def relative_levels(levels: Levels, yoy: Levels, b: int, upto: int) -> tuple[dict[int, float], str]:
    """Energy intensity relative to the base year ``b`` (b = 1), from levels or chained rates.

    The same source as the reduction itself (:func:`reduction`): levels when the
    base and the current year have one, else the chained rates. The second
    element says which: ``levels`` or ``yoy``.
    """
    if b in levels and upto in levels and levels[b] > 0:
        return {y: v / levels[b] for y, v in levels.items() if b <= y <= upto}, "levels"
    rel = {b: 1.0}
    y = b + 1
    while y <= upto and y in yoy and (1 + yoy[y] / 100) > 0:
        rel[y] = rel[y - 1] * (1 + yoy[y] / 100)
        y += 1
    return rel, "yoy"


def reduction(levels: Levels, yoy: Levels, b: int, year: int, basis: str) -> Actual:
    """Achieved reduction of energy intensity against the base year ``b``, in percent (§2.4).

    From levels, 1 − level(year) / level(b); else chained from the year-on-year
    rates, 1 − ∏(1 + r/100); the base year against itself is 0. ``basis`` is what
    the value is called where there is one (``official`` for the city).
    """
    out = Actual()
    from_levels = from_yoy = NAN
    if b in levels and year in levels:
        if levels[b] > 0:
            from_levels = (1 - levels[year] / levels[b]) * 100
        else:
            out.notes.add(f"{b}年能耗水平为0或负数，无法计算降低率", f"{b} level is not positive")
    if year > b and all(y in yoy for y in range(b + 1, year + 1)):
        factors = [1 + yoy[y] / 100 for y in range(b + 1, year + 1)]
        if all(f > 0 for f in factors):
            from_yoy = (1 - math.prod(factors)) * 100
    if not is_missing(from_levels):
        out.value, out.basis = from_levels, basis
        out.notes.add(
            "由能耗水平计算：1−当年水平÷2016年水平", "from levels: 1 − level / 2016 level"
        )
        if not is_missing(from_yoy) and abs(from_yoy - from_levels) > 0.05:
            out.notes.add(
                f"同比变化率连乘得{fmt(from_yoy)}%，与水平计算不一致",
                f"chained year-on-year rates give {fmt(from_yoy)}%, which differs",
            )
    elif not is_missing(from_yoy):
        out.value, out.basis = from_yoy, basis
        out.notes.add(
            "由同比变化率连乘计算：1−∏(1+r/100)",
            "chained from year-on-year rates: 1 − ∏(1 + r/100)",
        )
    elif year == b and (b in levels or any(y > b for y in yoy)):
        # The base year against itself: no reduction, by definition.
        out.value, out.basis = 0.0, basis
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
