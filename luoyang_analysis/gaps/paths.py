"""Between milestones: the expected value on the path and the trajectory status (§2.5, §4).

For a year with no target of its own the engine aims at the next milestone:
the expected value lies on a linear or geometric path from the last known point
to that milestone, and the status compares the pace so far with the pace needed
(the Open SDG measure for levels, its linear analogue for running totals).
"""

from __future__ import annotations

from luoyang_analysis.catalogue.targets import Indicator
from luoyang_analysis.deliveries.contract import ENERGY_REDUCTION
from luoyang_analysis.gaps.actuals import Actuals
from luoyang_analysis.gaps.progress import (
    NAN,
    OPEN_SDG_TO_STATUS,
    is_met,
    is_missing,
    linear_progress_ratio,
    open_sdg_assess,
    ratio_status,
)
from luoyang_analysis.gaps.rules import LINEAR_PATH_MEASURES, cumulation_start, is_additive
from luoyang_analysis.gaps.workings import Notes, UnitTarget, fmt


def path_points(
    actuals: Actuals, ind: Indicator, uts: list[UnitTarget], ref: UnitTarget, unit: str
) -> list[tuple[int, float]]:
    """Milestones before ``ref`` in ``ref``'s terms, with the path start (§2.5)."""
    b = actuals.base_year
    pts: list[tuple[int, float]] = []
    if ref.accumulation == "yearly":
        return [(u.year, u.value) for u in uts if u.year < ref.year and u.accumulation == "yearly"]
    if ref.accumulation == "against_base":
        pts.append((ref.target.base_year or b, 0.0))
    elif ind.entry == "flow":
        start = cumulation_start(ind, b, ref.target.counts)
        base_val = (
            0.0
            if start > b
            else actuals.actual(ind, ref.accumulation, unit, b, ref.target.counts).value
        )
        if is_missing(base_val):
            base_val = 0.0  # a missing opening stock counts as 0 (§2.2)
        pts.append((b, base_val))
    else:
        v = actuals.actual(ind, ref.accumulation, unit, b, ref.target.counts).value
        if not is_missing(v):
            pts.append((b, v))
    running_yearly = 0.0
    complete = True
    start = cumulation_start(ind, b, ref.target.counts)
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
    actuals: Actuals, ind: Indicator, uts: list[UnitTarget], ref: UnitTarget, unit: str, year: int
) -> tuple[float, str, Notes]:
    """The expected value in ``year`` on the path from the last point before it to ``ref`` (§2.5).

    Geometric between positive values, linear for counts and deadlines or from
    0; for a reduction against the base year, geometric on what remains (1 − r).
    Returns (value, ``linear_path`` or ``geometric_path``, notes).
    """
    notes = Notes()
    pts = [p for p in path_points(actuals, ind, uts, ref, unit) if p[0] < year]
    if not pts:
        notes.add(
            f"缺{actuals.base_year}年基数，无路径预期值",
            f"no {actuals.base_year} value: no expected value on the path",
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
        f"文件未给出{year}年目标；预期值为{y0}年（{fmt(v0)}）至{m}年目标（{fmt(t)}）之间的{shape_zh}插值",
        f"no target in the text for {year}: expected value on the {shape} path from "
        f"{y0} ({fmt(v0)}) to the {m} milestone ({fmt(t)})",
    )
    return value, f"{shape}_path", notes


def trajectory(
    actuals: Actuals, ind: Indicator, ref: UnitTarget, unit: str, year: int, actual: float
) -> tuple[str, float, Notes]:
    """Status of an interim year (§4): Open SDG for levels, its linear analogue for running totals."""
    notes = Notes()
    d = ind.direction
    b = actuals.base_year
    if ind.entry == "flow" and ref.accumulation in ("cumulative", "level"):
        start = cumulation_start(ind, b, ref.target.counts)
        base_val = (
            0.0
            if start > b
            else actuals.actual(ind, ref.accumulation, unit, b, ref.target.counts).value
        )
        if is_missing(base_val):
            base_val = 0.0
        ratio = linear_progress_ratio(b, base_val, year, actual, ref.year, ref.value, d)
        notes.add(
            f"进度比R＝{b}年以来年均增量÷按期完成{ref.year}年目标所需年均增量＝{fmt(ratio)}",
            f"R = mean yearly gain since {b} / yearly gain needed for the {ref.year} "
            f"milestone = {fmt(ratio)}",
        )
        return OPEN_SDG_TO_STATUS[ratio_status(ratio, actuals.th)], ratio, notes
    if ind.id == ENERGY_REDUCTION:
        rel, how = actuals.relative_levels(unit, year)
        years, values = list(rel), list(rel.values())
        res = open_sdg_assess(
            years,
            values,
            ref.target.base_year or b,
            ref.year,
            1 - ref.value / 100,
            "decrease",
            actuals.th,
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
        s = actuals.series(unit, actuals.data_id(ind), is_additive(ind))
        pts = {y: v for y, v in s.values.items() if y <= year}
        res = open_sdg_assess(
            list(pts),
            list(pts.values()),
            ref.target.base_year or b,
            ref.year,
            ref.value,
            d,
            actuals.th,
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
        notes.add(f"R＝{fmt(res.ratio)}", f"R = {fmt(res.ratio)}")
    return OPEN_SDG_TO_STATUS[res.status], res.ratio, notes


# ------------------------------------------------------------------ rows


def met_earlier(
    actuals: Actuals, ind: Indicator, ref: UnitTarget, unit: str, year: int
) -> int | None:
    """The first year before ``year`` in which the unit met ``ref``'s value (§3.7)."""
    t = ref.target
    for y in range(actuals.base_year, year):
        a = actuals.actual(ind, ref.accumulation, unit, y, ref.target.counts).value
        if not is_missing(a) and is_met(
            a, ref.value, t.comparison, ind.direction, actuals.th.tolerance
        ):
            return y
    return None
